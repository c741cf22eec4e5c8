/**
 * Read-only helpers for rules over Fluent Bit YAML configurations (the cluster's log shipper): sections' entries
 * with Fluent Bit's case-insensitive keys, its booleans, tag matching and the tail input's path globs.
 */
import { records } from "./kubernetes";

/** A Fluent Bit YAML section's entries with lower-case keys (Fluent Bit's keys are case-insensitive). */
export function fluentBitEntries(value: unknown): Record<string, unknown>[] {
  return records(value).map((entry) => Object.fromEntries(Object.entries(entry).map(([key, item]) => [key.toLowerCase(), item])));
}

/** Whether a Fluent Bit boolean is on. */
export function fluentBitOn(value: unknown): boolean {
  return value === true || ["on", "true", "yes", "1"].includes(String(value).toLowerCase());
}

/** Whether a Fluent Bit `match` pattern covers a tag pattern such as `kube.*`. */
export function matchCovers(match: unknown, tag: string): boolean {
  const pattern = String(match ?? "");
  if (pattern === "*" || pattern === tag) return true;
  return pattern.endsWith("*") && tag.startsWith(pattern.slice(0, -1));
}

/** Whether one of a tail input's comma-separated path globs (`*`, `?` within a path segment) names a file. */
export function pathGlobsMatch(globs: unknown, file: string): boolean {
  if (typeof globs !== "string" || globs.trim() === "") return false;
  return globs.split(",").some((glob) => {
    const pattern = glob.trim().replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]");
    return new RegExp(`^${pattern}$`).test(file);
  });
}
