/**
 * The security diff of two synthesized outputs (base and head), grouped by control.
 *
 * Ground truth is the rule pack: it runs on both sides, and a finding head has and base has not (same rule,
 * location, resource and message; a Kubernetes object moved to another file keeps its base location) makes its
 * controls weaker; so does an exception head accepts and base did not.
 * The control table (`attribute-controls.ts`) explains every attribute change in a reviewer's words and ranks it;
 * a change it ranks weaker also makes its controls weaker, so a weakening no rule covers yet still shows.
 * A changed, added or removed resource is shown under the controls of the new findings it caused: the finding
 * names it, or it references (or is referenced by) the resource the finding names.
 */
import { CONTROLS } from "../../policies/catalog";
import { ALL_RULES } from "../../policies/rules";
import { AcceptedFinding, Artifacts, Finding, Rule } from "../../policies/types";
import { classifyEntity, ControlTable } from "./classify";
import { entitiesOf, pairEntities } from "./entities";
import { policyReport } from "./policy-reports";
import { ControlResource, ControlSection, Effect, Entity, EntityDiff, ExceptionChange, FindingChange, SecurityDiff } from "./types";

/** Options of {@link securityDiff}. */
export interface DiffOptions {
  /**
   * The rules run on both sides.
   * @default ALL_RULES
   */
  readonly rules?: readonly Rule[];
  /**
   * The control table and noise paths.
   * @default new ControlTable() (ATTRIBUTE_CONTROLS and NOISE_PATHS)
   */
  readonly table?: ControlTable;
}

function findingChange(finding: Finding): FindingChange {
  return {
    rule: finding.rule,
    severity: finding.severity,
    controls: [...finding.controls],
    location: finding.location,
    resource: finding.resource,
    message: finding.message,
  };
}

function exceptionChange(accepted: AcceptedFinding): ExceptionChange {
  return { ...findingChange(accepted), justification: accepted.justification };
}

const entityKey = (location: string, address: string) => `${location}\u0000${address}`;

/** How a finding is matched across sides; `baseLocation` maps a moved Kubernetes object back to its base file. */
type FindingKey = (finding: Finding) => string;

function findingKey(baseLocation: ReadonlyMap<string, string> = new Map()): FindingKey {
  return (finding) => {
    const location = baseLocation.get(entityKey(finding.location, finding.resource)) ?? finding.location;
    return [finding.rule, location, finding.resource, finding.message].join("\u0000");
  };
}

/** The findings of `from` that `than` does not have. */
function minus<T extends Finding>(from: readonly T[], fromKey: FindingKey, than: readonly T[], thanKey: FindingKey): T[] {
  const keys = new Set(than.map(thanKey));
  return from.filter((finding) => !keys.has(fromKey(finding)));
}

/** Whether Terraform values hold a `${<address>.<attribute>}` reference. */
function refersTo(values: unknown, address: string): boolean {
  return values !== undefined && JSON.stringify(values).includes(`\${${address}.`);
}

/** A classified entity with both of its sides, for linking findings to it. */
interface Classified {
  readonly diff: EntityDiff;
  readonly before?: Entity;
  readonly after?: Entity;
}

/**
 * Whether a finding is on, or caused by, a changed entity: the finding names it; or one references the other and
 * the entity's security changes concern one of the finding's controls (or, added or removed, it maps to none).
 * `side` holds the entities where the finding was raised.
 */
function causes(entity: Classified, finding: FindingChange, side: ReadonlyMap<string, Entity>): boolean {
  const { diff } = entity;
  if (diff.location !== finding.location) return false;
  if (diff.address === finding.resource) return true;
  const controls = diff.security.flatMap((change) => change.controls);
  const related = controls.some((id) => finding.controls.includes(id)) || (diff.status !== "changed" && controls.length === 0);
  if (!related || diff.kind !== "terraform") return false;
  const named = side.get(entityKey(finding.location, finding.resource));
  return refersTo(entity.before?.values, finding.resource) || refersTo(entity.after?.values, finding.resource) || refersTo(named?.values, diff.address);
}

const controlOrder = (id: string) => {
  const index = CONTROLS.findIndex((control) => control.id === id);
  return index < 0 ? CONTROLS.length : index;
};

function compareControls(a: string, b: string): number {
  return controlOrder(a) - controlOrder(b) || a.localeCompare(b);
}

function sectionEffect(weaker: boolean, effects: readonly Effect[]): Effect {
  if (weaker || effects.includes("weaker")) return "weaker";
  return effects.includes("changed") ? "changed" : "stronger";
}

interface FindingDelta {
  readonly findingsAdded: readonly FindingChange[];
  readonly findingsResolved: readonly FindingChange[];
  readonly exceptionsAdded: readonly ExceptionChange[];
  readonly exceptionsRemoved: readonly ExceptionChange[];
}

function controlSection(id: string, delta: FindingDelta, entities: readonly Classified[], baseEntities: ReadonlyMap<string, Entity>, headEntities: ReadonlyMap<string, Entity>): ControlSection {
  const concerns = (change: { readonly controls: readonly string[] }) => change.controls.includes(id);
  const findingsAdded = delta.findingsAdded.filter(concerns);
  const findingsResolved = delta.findingsResolved.filter(concerns);
  const exceptionsAdded = delta.exceptionsAdded.filter(concerns);
  const exceptionsRemoved = delta.exceptionsRemoved.filter(concerns);
  const rulesCaused = (entity: Classified, findings: readonly FindingChange[], side: ReadonlyMap<string, Entity>) =>
    [...new Set(findings.filter((finding) => causes(entity, finding, side)).map((finding) => finding.rule))].sort();
  const resources: ControlResource[] = entities.flatMap((entity) => {
    const { diff } = entity;
    const changes = diff.security.filter(concerns);
    const added = rulesCaused(entity, findingsAdded, headEntities);
    const resolved = rulesCaused(entity, findingsResolved, baseEntities);
    if (changes.length === 0 && added.length === 0 && resolved.length === 0) return [];
    return [{ kind: diff.kind, location: diff.location, address: diff.address, type: diff.type, status: diff.status, changes, findingsAdded: added, findingsResolved: resolved }];
  });
  const effects = resources.flatMap((resource) => resource.changes.map((change) => change.effect));
  const weaker = findingsAdded.length > 0 || exceptionsAdded.length > 0;
  const title = CONTROLS.find((control) => control.id === id)?.title ?? "";
  return { id, title, effect: sectionEffect(weaker, effects), findingsAdded, findingsResolved, exceptionsAdded, exceptionsRemoved, resources };
}

function byLocationAndAddress(a: EntityDiff, b: EntityDiff): number {
  return a.kind.localeCompare(b.kind) || a.location.localeCompare(b.location) || a.address.localeCompare(b.address);
}

/** Compares two synthesized outputs: what changed, under which controls, and whether any control got weaker. */
export function securityDiff(base: Artifacts, head: Artifacts, options: DiffOptions = {}): SecurityDiff {
  const rules = options.rules ?? ALL_RULES;
  const table = options.table ?? new ControlTable();
  const [baseList, headList] = [entitiesOf(base), entitiesOf(head)];
  const pairs = pairEntities(baseList, headList);
  const moved = pairs.flatMap(({ before, after }) => (before && after && before.location !== after.location ? [[entityKey(after.location, after.address), before.location] as const] : []));
  const [baseKey, headKey] = [findingKey(), findingKey(new Map(moved))];
  const [before, after] = [policyReport(base, rules), policyReport(head, rules)];
  const delta: FindingDelta = {
    findingsAdded: minus(after.findings, headKey, before.findings, baseKey).map(findingChange),
    findingsResolved: minus(before.findings, baseKey, after.findings, headKey).map(findingChange),
    exceptionsAdded: minus(after.accepted, headKey, before.accepted, baseKey).map(exceptionChange),
    exceptionsRemoved: minus(before.accepted, baseKey, after.accepted, headKey).map(exceptionChange),
  };
  const baseLocations = new Set(baseList.map((entity) => `${entity.kind}\u0000${entity.location}`));
  const entities: Classified[] = pairs
    .flatMap((pair) => {
      const newLocation = pair.after !== undefined && !baseLocations.has(`${pair.after.kind}\u0000${pair.after.location}`);
      const diff = classifyEntity(pair.before, pair.after, rules, table, newLocation);
      return diff ? [{ diff, before: pair.before, after: pair.after }] : [];
    })
    .sort((a, b) => byLocationAndAddress(a.diff, b.diff));
  const index = (list: readonly Entity[]) => new Map(list.map((entity) => [entityKey(entity.location, entity.address), entity]));
  const [baseEntities, headEntities] = [index(baseList), index(headList)];
  const ids = new Set([
    ...[...delta.findingsAdded, ...delta.findingsResolved, ...delta.exceptionsAdded, ...delta.exceptionsRemoved].flatMap((finding) => finding.controls),
    ...entities.flatMap(({ diff }) => diff.security.flatMap((change) => change.controls)),
  ]);
  const controls = [...ids].sort(compareControls).map((id) => controlSection(id, delta, entities, baseEntities, headEntities));
  const unmappedWeaker = entities.some(({ diff }) => diff.security.some((change) => change.controls.length === 0 && change.effect === "weaker"));
  const findingsMoved = [delta.findingsAdded, delta.findingsResolved, delta.exceptionsAdded, delta.exceptionsRemoved].some((list) => list.length > 0);
  return {
    weaker: unmappedWeaker || controls.some((section) => section.effect === "weaker"),
    securityChanged: findingsMoved || entities.some(({ diff }) => diff.security.length > 0 || diff.other.length > 0),
    ...delta,
    controls,
    entities: entities.map(({ diff }) => diff),
  };
}
