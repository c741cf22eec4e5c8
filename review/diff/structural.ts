/**
 * The structural diff of two JSON values, as a tree of {@link DiffNode}s. Meaning, not layout, decides what
 * changed: object key order is ignored, `null` equals an absent key (Terraform treats both as unset), a string
 * holding JSON (IAM policies, annotations) is compared as the JSON it holds, and array elements are matched by
 * identity (`name`, `Sid`, `rule_no`, ...) or by content before position, so an insertion or a reordering does not
 * show as a change of every later element.
 */
import { isDeepStrictEqual } from "util";
import { DiffNode, Segment } from "./types";

/** Object keys that identify an element of an array of blocks, tried in this order. */
const IDENTITY_KEYS = ["name", "Sid", "rule_no", "priority", "containerPort", "type", "key"] as const;

/** Whether a value is a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A value's JSON with object keys sorted and null-valued keys dropped: equal text means equal meaning. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((element) => canonicalJson(element ?? null)).join(",")}]`;
  if (isRecord(value)) {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => value[key] !== null && value[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The object or array a string holds as JSON, or undefined when it holds none. */
function parsedJson(value: unknown): unknown {
  if (typeof value !== "string" || !/^\s*[[{]/.test(value)) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === "object" && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function leaf(path: readonly Segment[], kind: DiffNode["kind"], before: unknown, after: unknown): DiffNode {
  return { path, kind, before, after, children: [] };
}

function isScalar(value: unknown): boolean {
  return typeof value !== "object" || value === null;
}

function sameMultiset(before: readonly unknown[], after: readonly unknown[]): boolean {
  if (before.length !== after.length) return false;
  const sort = (values: readonly unknown[]) => values.map(canonicalJson).sort().join("\n");
  return sort(before) === sort(after);
}

/** The key that identifies every element of both arrays, unique within each, if any. */
function identityKey(before: readonly unknown[], after: readonly unknown[]): string | undefined {
  return IDENTITY_KEYS.find((key) =>
    [before, after].every((elements) => {
      const ids = elements.map((element) => (isRecord(element) ? element[key] : undefined));
      return ids.every((id) => typeof id === "string" || typeof id === "number") && new Set(ids).size === ids.length;
    }),
  );
}

/** A pair of elements to compare, and the label of their path segment. */
interface ElementPair {
  readonly label: string;
  readonly before: unknown;
  readonly after: unknown;
}

function keyedPairs(before: readonly unknown[], after: readonly unknown[], key: string): ElementPair[] {
  const id = (element: unknown) => String((element as Record<string, unknown>)[key]);
  const beforeById = new Map(before.map((element) => [id(element), element]));
  const afterIds = new Set(after.map(id));
  return [
    ...after.map((element) => ({ label: `${key}=${id(element)}`, before: beforeById.get(id(element)), after: element })),
    ...before.filter((element) => !afterIds.has(id(element))).map((element) => ({ label: `${key}=${id(element)}`, before: element, after: undefined })),
  ];
}

/**
 * Pairs elements without an identity key: equal elements first, then what is left in order. Labels are head
 * positions, or base positions for elements only base has.
 */
function positionalPairs(before: readonly unknown[], after: readonly unknown[]): ElementPair[] {
  const unused = before.map((element, index) => ({ element, index, text: canonicalJson(element) }));
  const leftAfter: { element: unknown; index: number }[] = [];
  after.forEach((element, index) => {
    const text = canonicalJson(element);
    const match = unused.findIndex((candidate) => candidate.text === text);
    if (match >= 0) unused.splice(match, 1);
    else leftAfter.push({ element, index });
  });
  const pairs: ElementPair[] = leftAfter.map(({ element, index }, position) => ({ label: String(index), before: unused[position]?.element, after: element }));
  return [...pairs, ...unused.slice(leftAfter.length).map(({ element, index }) => ({ label: String(index), before: element, after: undefined }))];
}

function diffArrays(before: readonly unknown[], after: readonly unknown[], path: readonly Segment[]): DiffNode {
  if (sameMultiset(before, after)) return leaf(path, "reordered", before, after);
  if (before.every(isScalar) && after.every(isScalar)) return leaf(path, "changed", before, after);
  const key = identityKey(before, after);
  const pairs = key === undefined ? positionalPairs(before, after) : keyedPairs(before, after, key);
  const children = pairs.flatMap((pair) => diffValues(pair.before, pair.after, [...path, { element: pair.label }]) ?? []);
  if (children.length === 0) return leaf(path, "reordered", before, after);
  return { path, kind: "changed", before, after, children };
}

/** The structural diff of two values, or undefined when they mean the same. `path` is where they sit. */
export function diffValues(before: unknown, after: unknown, path: readonly Segment[] = []): DiffNode | undefined {
  const base = before ?? undefined;
  const head = after ?? undefined;
  // Identical values mean the same; the canonical JSON, which also spots equal meaning in another layout, is dearer.
  if (isDeepStrictEqual(base, head) || canonicalJson(base) === canonicalJson(head)) return undefined;
  if (base === undefined) return leaf(path, "added", base, head);
  if (head === undefined) return leaf(path, "removed", base, head);
  if (isRecord(base) && isRecord(head)) {
    const keys = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
    const children = keys.flatMap((key) => diffValues(base[key], head[key], [...path, { key }]) ?? []);
    return { path, kind: "changed", before: base, after: head, children };
  }
  if (Array.isArray(base) && Array.isArray(head)) return diffArrays(base, head, path);
  const [parsedBase, parsedHead] = [parsedJson(base), parsedJson(head)];
  if (parsedBase !== undefined && parsedHead !== undefined) {
    return diffValues(parsedBase, parsedHead, path) ?? leaf(path, "reformatted", base, head);
  }
  return leaf(path, "changed", base, head);
}

/**
 * The tree of a value that is new: a node per object key and per element of an array of blocks, each `added`,
 * so attributes deep inside a new block (a new container's capabilities) can be judged one by one.
 */
export function addedTree(value: unknown, path: readonly Segment[]): DiffNode {
  if (isRecord(value) && Object.keys(value).length > 0) {
    const children = Object.keys(value)
      .sort()
      .filter((key) => value[key] !== null && value[key] !== undefined)
      .map((key) => addedTree(value[key], [...path, { key }]));
    return { path, kind: "added", before: undefined, after: value, children };
  }
  if (Array.isArray(value) && value.length > 0 && !value.every(isScalar)) {
    const key = identityKey([], value);
    const label = (element: unknown, index: number) => (key === undefined ? String(index) : `${key}=${String((element as Record<string, unknown>)[key])}`);
    const children = value.map((element, index) => addedTree(element, [...path, { element: label(element, index) }]));
    return { path, kind: "added", before: undefined, after: value, children };
  }
  return leaf(path, "added", undefined, value);
}

/** How a path is shown: `rule[name=managed-sqli].override_action`; "" for the root. */
export function displayPath(path: readonly Segment[]): string {
  return path.map((segment, index) => ("key" in segment ? `${index === 0 ? "" : "."}${segment.key}` : `[${segment.element}]`)).join("");
}

/** How a path is matched against table patterns: array elements are all `[]`, e.g. `rule[].override_action`. */
export function matchPath(path: readonly Segment[]): string {
  return path.map((segment, index) => ("key" in segment ? `${index === 0 ? "" : "."}${segment.key}` : "[]")).join("");
}
