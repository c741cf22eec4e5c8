/**
 * Number formatting shared by the target checks and the report.
 */

/** Milliseconds as seconds with millisecond precision: `1.234 s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}
