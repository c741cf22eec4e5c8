/** Deep freezing, so a validated configuration cannot be changed after validation. */

/** Freezes `value` and every object and array reachable from it; returns `value`. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
