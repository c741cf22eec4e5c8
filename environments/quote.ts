/**
 * The one way messages quote a value from the input. A message is printed into CI logs that many people read, so
 * it quotes a short value in full (escaped: no control character reaches a terminal) and a long one only by a
 * short prefix and its length; a value recognised as a secret is never quoted, only masked.
 */

/** Strings up to this many characters are quoted in full. */
export const MAX_QUOTED_LENGTH = 64;

/** How much of a longer string is quoted. */
const QUOTED_PREFIX_LENGTH = 24;

/** A secret this long shows its first characters, which name its kind (`ghp_`, `AKIA`, `eyJh`), never more. */
const MASK_PREFIX_FROM_LENGTH = 24;
const MASK_PREFIX_LENGTH = 4;

/** `"abc…"`: the first `length` characters of `value`, quoted, with an ellipsis. */
function prefixToken(value: string, length: number): string {
  return `${JSON.stringify(value.slice(0, length)).slice(0, -1)}…"`;
}

/** A string as messages show it: `"abc"`, or `"arn:aws:lambda:eu-west-1…" (90 characters)` when long. */
export function quote(value: string): string {
  if (value.length <= MAX_QUOTED_LENGTH) return JSON.stringify(value);
  return `${prefixToken(value, QUOTED_PREFIX_LENGTH)} (${value.length} characters)`;
}

/** The quoted tokens (`"..."`) under which {@link quote} can show `value` in a message. */
export function quotedForms(value: string): readonly string[] {
  const full = JSON.stringify(value);
  return value.length <= MAX_QUOTED_LENGTH ? [full] : [full, prefixToken(value, QUOTED_PREFIX_LENGTH)];
}

/** A secret as messages show it: its length and, when long, its first few characters: `"ghp_…" (40 characters)`. */
export function maskSecret(value: string): string {
  const shown = value.length >= MASK_PREFIX_FROM_LENGTH ? MASK_PREFIX_LENGTH : 0;
  return `${prefixToken(value, shown)} (${value.length} characters)`;
}

/** Describes a value of any type for a message: `string "abc"`, `number 42`, `a list`, `a mapping`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `string ${quote(value)}`;
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${String(value)}`;
}

/** Every quoted token (`"..."`, with JSON escapes) in a message, found in one pass. */
export function quotedTokens(text: string): string[] {
  const tokens: string[] = [];
  for (let start = text.indexOf('"'); start !== -1; start = text.indexOf('"', start + 1)) {
    let end = start + 1;
    while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
    if (end >= text.length) break;
    tokens.push(text.slice(start, end + 1));
    start = end;
  }
  return tokens;
}
