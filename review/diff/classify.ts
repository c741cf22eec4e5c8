/**
 * Classifies what changed on one entity: security-relevant changes (mapped to controls by the table and ranked
 * by its judges), recorded policy exceptions added or removed, noise, and changes the table does not map.
 *
 * For every changed leaf, in order: a reordering or reformatting is noise (except in `ORDERED_ARRAYS`); the deepest
 * mapped attribute on its path takes it; else a noise path does; else the mapping of the resource type itself
 * (path "") takes it as an unranked change; else it is unmapped. A new block or resource the table maps as a whole
 * is judged as a whole, plus every part of it that is weak in itself (`weakInItself`); any other new block is judged
 * attribute by attribute.
 */
import { EXCEPTIONS_ANNOTATION, EXCEPTIONS_KEY, RecordedException } from "../../policies/engine";
import { METADATA_KEY } from "../../policies/terraform";
import { Rule } from "../../policies/types";
import { ATTRIBUTE_CONTROLS, AttributeControl, NOISE_PATHS, ORDERED_ARRAYS } from "./attribute-controls";
import { judge, portRange, portText, weakInItself } from "./judges";
import { pathPattern, typePattern } from "./path-pattern";
import { addedTree, diffValues, displayPath, isRecord, matchPath } from "./structural";
import { DiffNode, Entity, EntityDiff, NoiseChange, SecurityChange, Segment, ValueChange } from "./types";

interface CompiledMapping {
  readonly mapping: AttributeControl;
  readonly index: number;
  readonly type: RegExp;
  readonly path: RegExp;
}

/** The control table and noise paths, compiled once. */
export class ControlTable {
  private readonly mappings: readonly CompiledMapping[];
  private readonly noise: readonly (readonly [RegExp, string])[];
  private readonly byType = new Map<string, readonly CompiledMapping[]>();

  constructor(mappings: readonly AttributeControl[] = ATTRIBUTE_CONTROLS, noise: readonly (readonly [string, string])[] = NOISE_PATHS) {
    this.mappings = mappings.map((mapping, index) => ({ mapping, index, type: typePattern(mapping.type), path: pathPattern(mapping.path) }));
    this.noise = noise.map(([path, reason]) => [pathPattern(path), reason] as const);
  }

  /** The first mapping of this type whose path matches exactly this path. */
  match(type: string, path: readonly Segment[]): CompiledMapping | undefined {
    let mappings = this.byType.get(type);
    if (!mappings) {
      mappings = this.mappings.filter((candidate) => candidate.type.test(type));
      this.byType.set(type, mappings);
    }
    const text = matchPath(path);
    return mappings.find((candidate) => candidate.path.test(text));
  }

  /** Why a path is noise: the reason of the first noise pattern matching the path or one of its ancestors. */
  noiseReason(path: readonly Segment[]): string | undefined {
    for (let length = path.length; length > 0; length--) {
      const text = matchPath(path.slice(0, length));
      const hit = this.noise.find(([pattern]) => pattern.test(text));
      if (hit) return hit[1];
    }
    return undefined;
  }
}

/** Where a kind of entity records accepted exceptions, as a match path. */
const EXCEPTIONS_PATH: Readonly<Record<Entity["kind"], string>> = {
  terraform: `${METADATA_KEY}.${EXCEPTIONS_KEY}`,
  kubernetes: `metadata.annotations.${EXCEPTIONS_ANNOTATION}`,
};

function recordedExceptions(kind: Entity["kind"], values: Readonly<Record<string, unknown>> | undefined): RecordedException[] {
  let list: unknown;
  if (kind === "terraform") {
    const metadata = values?.[METADATA_KEY];
    list = isRecord(metadata) ? metadata[EXCEPTIONS_KEY] : undefined;
  } else {
    const metadata = values?.["metadata"];
    const annotations = isRecord(metadata) ? metadata["annotations"] : undefined;
    const annotation = isRecord(annotations) ? annotations[EXCEPTIONS_ANNOTATION] : undefined;
    try {
      list = typeof annotation === "string" ? JSON.parse(annotation) : undefined;
    } catch {
      list = undefined;
    }
  }
  if (!Array.isArray(list)) return [];
  return list.filter((entry): entry is RecordedException => isRecord(entry) && typeof entry["rule"] === "string" && typeof entry["justification"] === "string");
}

/** Exceptions added, removed or re-justified on one entity, under the controls of the rule each one accepts. */
function exceptionChanges(kind: Entity["kind"], before: Entity | undefined, after: Entity | undefined, rules: readonly Rule[]): SecurityChange[] {
  const was = new Map(recordedExceptions(kind, before?.values).map((exception) => [exception.rule, exception.justification]));
  const is = new Map(recordedExceptions(kind, after?.values).map((exception) => [exception.rule, exception.justification]));
  return [...new Set([...was.keys(), ...is.keys()])]
    .sort()
    .filter((rule) => was.get(rule) !== is.get(rule))
    .map((rule) => ({
      path: EXCEPTIONS_PATH[kind],
      phrase: `policy exception for rule ${rule}`,
      controls: rules.find((candidate) => candidate.id === rule)?.controls ?? [],
      effect: !was.has(rule) ? "weaker" : !is.has(rule) ? "stronger" : "changed",
      ...(was.has(rule) ? { before: was.get(rule) } : {}),
      ...(is.has(rule) ? { after: is.get(rule) } : {}),
      details: [],
    }));
}

function startsWithPath(text: string, prefix: string): boolean {
  return text === prefix || text.startsWith(`${prefix}.`) || text.startsWith(`${prefix}[`);
}

function lastKey(path: readonly Segment[]): string | undefined {
  const last = path[path.length - 1];
  return last !== undefined && "key" in last ? last.key : undefined;
}

function valueChange(node: DiffNode): ValueChange {
  return { path: displayPath(node.path), ...(node.before === undefined ? {} : { before: node.before }), ...(node.after === undefined ? {} : { after: node.after }) };
}

interface Group {
  readonly mapping: CompiledMapping;
  readonly node: DiffNode;
  /** An unranked catch-all of a resource type's mapping: always "changed". */
  readonly unranked: boolean;
  readonly details: ValueChange[];
}

/** Collects the classified changes of one entity while its diff tree is walked. */
class EntityClassifier {
  readonly groups = new Map<string, Group>();
  readonly other: ValueChange[] = [];
  readonly noise: NoiseChange[] = [];

  constructor(
    private readonly table: ControlTable,
    private readonly entity: Entity,
  ) {}

  /** Walks a node; `chain` holds its ancestors; `newBlock` is the outermost new block being judged attribute by attribute. */
  visit(node: DiffNode, chain: readonly DiffNode[], newBlock?: DiffNode): void {
    if (node.children.length > 0 && !(node.kind === "added" && node.path.length > 0 && this.table.match(this.entity.type, node.path) !== undefined)) {
      for (const child of node.children) this.visit(child, [...chain, node], newBlock);
      return;
    }
    this.leaf(node, chain, newBlock);
  }

  private leaf(node: DiffNode, chain: readonly DiffNode[], newBlock: DiffNode | undefined): void {
    const text = matchPath(node.path);
    if (startsWithPath(text, EXCEPTIONS_PATH[this.entity.kind])) return;
    if (node.kind === "reformatted" || (node.kind === "reordered" && !ORDERED_ARRAYS.includes(lastKey(node.path) ?? ""))) {
      this.noise.push({ path: displayPath(node.path), reason: node.kind === "reordered" ? "ordering" : "formatting" });
      return;
    }
    if (node.kind === "added" && this.judgeNewBlock(node, chain, newBlock)) return;
    const hit = [...chain, node]
      .reverse()
      .filter((candidate) => candidate.path.length > 0)
      .map((candidate) => ({ candidate, mapping: this.table.match(this.entity.type, candidate.path) }))
      .find((found) => found.mapping !== undefined);
    if (hit?.mapping) {
      this.group(hit.mapping, hit.mapping.mapping.judge === "ports" ? (parentOf(hit.candidate, chain) ?? hit.candidate) : hit.candidate, node, false);
      return;
    }
    const reason = this.table.noiseReason(node.path);
    if (reason !== undefined) {
      this.noise.push({ path: displayPath(node.path), reason });
      return;
    }
    const typeMapping = this.table.match(this.entity.type, []);
    if (typeMapping) {
      this.group(typeMapping, chain[0] ?? node, node, true);
      return;
    }
    const unmapped = newBlock ?? node;
    if (!this.other.some((change) => change.path === displayPath(unmapped.path))) this.other.push(valueChange(unmapped));
  }

  /**
   * Judges a new block: one the table maps as a whole counts as a whole, plus every part of it that is weak in
   * itself; any other is judged attribute by attribute. False when the value is no block.
   */
  private judgeNewBlock(node: DiffNode, chain: readonly DiffNode[], newBlock: DiffNode | undefined): boolean {
    const tree = addedTree(node.after, node.path);
    if (tree.children.length === 0) return false;
    const whole = node.path.length > 0 ? this.table.match(this.entity.type, node.path) : undefined;
    if (!whole) {
      this.visit(tree, chain, newBlock ?? node);
      return true;
    }
    this.group(whole, node, node, false);
    this.weakParts(tree, chain);
    return true;
  }

  /** Adds the parts of a new block (or resource) that are weak in themselves, each judged on its own. */
  weakParts(tree: DiffNode, chain: readonly DiffNode[]): void {
    const parts = new EntityClassifier(this.table, this.entity);
    for (const child of tree.children) parts.visit(child, [...chain, tree], tree);
    for (const [key, group] of parts.groups) {
      if (!group.unranked && group.node.path.length > tree.path.length && weakInItself(group.mapping.mapping.judge, group.node.after)) this.groups.set(key, group);
    }
  }

  private group(mapping: CompiledMapping, at: DiffNode, leaf: DiffNode, unranked: boolean): void {
    const key = `${mapping.index}\u0000${displayPath(at.path)}`;
    let group = this.groups.get(key);
    if (!group) {
      group = { mapping, node: at, unranked, details: [] };
      this.groups.set(key, group);
    }
    if (leaf !== at) group.details.push(valueChange(leaf));
  }

  /** The security changes found, in walk order. */
  security(): SecurityChange[] {
    return [...this.groups.values()].map(({ mapping, node, unranked, details }) => (mapping.mapping.judge === "ports" && !unranked ? portChange(mapping.mapping, node) : {
      path: displayPath(node.path),
      phrase: unranked ? `${mapping.mapping.phrase}: other attribute` : mapping.mapping.phrase,
      controls: mapping.mapping.controls,
      effect: unranked ? "changed" : judge(mapping.mapping.judge, node.before, node.after),
      ...(node.path.length === 0 || node.before === undefined ? {} : { before: node.before }),
      ...(node.path.length === 0 || node.after === undefined ? {} : { after: node.after }),
      details,
    }));
  }
}

/** The ancestor of a node one level up, when the chain holds it. */
function parentOf(node: DiffNode, chain: readonly DiffNode[]): DiffNode | undefined {
  return chain.find((candidate) => candidate.path.length === node.path.length - 1);
}

/** A change of a port range, judged on the block holding `from_port` and `to_port`, shown as two ranges. */
function portChange(mapping: AttributeControl, block: DiffNode): SecurityChange {
  const prefix = displayPath(block.path);
  return {
    path: `${prefix}${prefix === "" ? "" : "."}from_port..to_port`,
    phrase: mapping.phrase,
    controls: mapping.controls,
    effect: judge(mapping.judge, block.before, block.after),
    ...(block.before === undefined ? {} : { before: portText(portRange(block.before)) }),
    ...(block.after === undefined ? {} : { after: portText(portRange(block.after)) }),
    details: [],
  };
}

/**
 * The changes of a new or removed entity: its own mapping, and, when `judgeAttributes`, every attribute of a new one
 * that is weak in itself (a new resource's lists and ranges have no earlier state to grow from).
 */
function wholeEntity(table: ControlTable, entity: Entity, root: DiffNode, judgeAttributes: boolean): { security: SecurityChange[]; other: ValueChange[] } {
  const mapping = table.match(entity.type, []);
  const own: SecurityChange[] = mapping
    ? [{ path: "", phrase: mapping.mapping.phrase, controls: mapping.mapping.controls, effect: judge(mapping.mapping.judge, root.before, root.after), details: [] }]
    : [];
  const attributes = new EntityClassifier(table, entity);
  if (judgeAttributes) attributes.weakParts(addedTree(root.after, []), []);
  return { security: [...own, ...attributes.security()], other: mapping ? [] : [{ path: "" }] };
}

/**
 * Classifies the difference between an entity of base and its counterpart in head; undefined when nothing changed.
 * `newLocation`: the entity is new in a stack or file base does not have (a new environment), so its attributes
 * are not judged one by one.
 */
export function classifyEntity(
  before: Entity | undefined,
  after: Entity | undefined,
  rules: readonly Rule[],
  table: ControlTable = new ControlTable(),
  newLocation = false,
): EntityDiff | undefined {
  const entity = after ?? before;
  if (!entity) return undefined;
  const root = diffValues(before?.values, after?.values);
  const movedFrom = before && after && before.location !== after.location ? before.location : undefined;
  if (!root && movedFrom === undefined) return undefined;
  const exceptions = exceptionChanges(entity.kind, before, after, rules);
  const status = before === undefined ? "added" : after === undefined ? "removed" : "changed";
  const base = { kind: entity.kind, location: entity.location, address: entity.address, type: entity.type, status } as const;
  if (root && status !== "changed") {
    const whole = wholeEntity(table, entity, root, status === "added" && !newLocation);
    return { ...base, security: [...whole.security, ...exceptions], other: whole.other, noise: [] };
  }
  const classifier = new EntityClassifier(table, entity);
  if (root) classifier.visit(root, []);
  const noise: NoiseChange[] = movedFrom === undefined ? classifier.noise : [{ path: "", reason: `moved from ${movedFrom}` }, ...classifier.noise];
  return { ...base, security: [...classifier.security(), ...exceptions], other: classifier.other, noise };
}
