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

/** The first value (depth first) that breaks a limit, or undefined. Depth of a scalar at the root is 0. */
export function firstBoundViolation(root: JsonValue, limits: GuardLimits): BoundViolation | undefined {
  const stack: { value: JsonValue; pointer: string; depth: number }[] = [{ value: root, pointer: "", depth: 0 }];
  while (stack.length > 0) {
    const { value, pointer, depth } = stack.pop() as { value: JsonValue; pointer: string; depth: number };
    if (typeof value === "string") {
      if (value.length > limits.maxStringLength) return { rule: "IO-02-string-length", pointer, problem: `is longer than ${limits.maxStringLength} characters` };
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth >= limits.maxDepth) return { rule: "IO-03-depth", pointer, problem: `is nested deeper than ${limits.maxDepth} levels` };
    if (Array.isArray(value)) {
      if (value.length > limits.maxArrayItems) return { rule: "IO-02-array-items", pointer, problem: `has more than ${limits.maxArrayItems} items` };
      for (let index = value.length - 1; index >= 0; index--) stack.push({ value: value[index], pointer: `${pointer}/${index}`, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > limits.maxObjectProperties) return { rule: "IO-02-object-properties", pointer, problem: `has more than ${limits.maxObjectProperties} properties` };
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index];
      if (key.length > limits.maxStringLength) return { rule: "IO-02-string-length", pointer, problem: `has a key longer than ${limits.maxStringLength} characters` };
      stack.push({ value: (value as { readonly [key: string]: JsonValue })[key], pointer: `${pointer}/${pointerToken(key)}`, depth: depth + 1 });
    }
  }
  return undefined;
}
