/**
 * Short, safe excerpts of definition text for findings: at most {@link EXCERPT_LENGTH} characters around a match, with
 * invisible, control and non-ASCII format characters written as `\u{...}` so a reviewer sees what is hidden and no
 * terminal or pull-request view renders it.
 */

/** Longest excerpt a finding quotes. */
export const EXCERPT_LENGTH = 80;

const UNSAFE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/gu;

/** The text with every control, format, private-use, unassigned and line/paragraph separator character escaped. */
export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE, (char) => `\\u{${char.codePointAt(0)!.toString(16).toUpperCase()}}`);
}

/** An escaped excerpt of `text` around `[start, end)`, quoted, with `…` where it was cut. */
export function excerpt(text: string, start: number, end: number): string {
  const room = Math.max(0, EXCERPT_LENGTH - (end - start));
  const from = Math.max(0, start - Math.floor(room / 2));
  const to = Math.min(text.length, Math.max(end, from + EXCERPT_LENGTH));
  const cut = text.slice(from, Math.min(to, from + EXCERPT_LENGTH));
  return `"${from > 0 ? "…" : ""}${escapeUnsafe(cut).replace(/\s+/g, " ")}${from + cut.length < text.length ? "…" : ""}"`;
}
