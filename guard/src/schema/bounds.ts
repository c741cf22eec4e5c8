/**
 * Structural bounds that hold whatever a schema says (IO-02, IO-03): string length, array items, object properties
 * and nesting depth, found with one iterative walk (no recursion, so a hostile depth cannot overflow the stack).
 */
import { GuardLimits, JsonValue } from "../config/types";
import { pointerToken } from "../pipeline/json-path";

export interface BoundViolation {
  /** Rule ID: `IO-02-string-length`, `IO-02-array-items`, `IO-02-object-properties` or `IO-03-depth`. */
  readonly rule: string;
  /** JSON Pointer of the offending value. */
  readonly pointer: string;
  /** What is wrong, with the limit, never the value. */
  readonly problem: string;
}

/** A value on the walk's stack: its parent's entry and its key there, so its JSON Pointer is built only when it breaks a limit. */
interface Visit {
  readonly value: JsonValue;
  readonly depth: number;
  readonly parent: Visit | undefined;
  readonly key: string | number;
}

/** The JSON Pointer of a visited value, from its chain of parents. */
function pointerOf(visit: Visit): string {
  const tokens: string[] = [];
  for (let at: Visit | undefined = visit; at?.parent !== undefined; at = at.parent) tokens.push(typeof at.key === "number" ? String(at.key) : pointerToken(at.key));
  return tokens.reverse().map((token) => `/${token}`).join("");
}

/** The first value (depth first) that breaks a limit, or undefined. Depth of a scalar at the root is 0. */
export function firstBoundViolation(root: JsonValue, limits: GuardLimits): BoundViolation | undefined {
  const stack: Visit[] = [{ value: root, depth: 0, parent: undefined, key: "" }];
  while (stack.length > 0) {
    const visit = stack.pop() as Visit;
    const { value, depth } = visit;
    if (typeof value === "string") {
      if (value.length > limits.maxStringLength) return { rule: "IO-02-string-length", pointer: pointerOf(visit), problem: `is longer than ${limits.maxStringLength} characters` };
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth >= limits.maxDepth) return { rule: "IO-03-depth", pointer: pointerOf(visit), problem: `is nested deeper than ${limits.maxDepth} levels` };
    if (Array.isArray(value)) {
      if (value.length > limits.maxArrayItems) return { rule: "IO-02-array-items", pointer: pointerOf(visit), problem: `has more than ${limits.maxArrayItems} items` };
      for (let index = value.length - 1; index >= 0; index--) stack.push({ value: value[index], depth: depth + 1, parent: visit, key: index });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > limits.maxObjectProperties) return { rule: "IO-02-object-properties", pointer: pointerOf(visit), problem: `has more than ${limits.maxObjectProperties} properties` };
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index];
      if (key.length > limits.maxStringLength) return { rule: "IO-02-string-length", pointer: pointerOf(visit), problem: `has a key longer than ${limits.maxStringLength} characters` };
      stack.push({ value: (value as { readonly [key: string]: JsonValue })[key], depth: depth + 1, parent: visit, key });
    }
  }
  return undefined;
}
