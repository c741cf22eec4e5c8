/**
 * Pattern rules: a rule that reports the first match of any of its regular expressions in each field it reads.
 * Every expression must run in linear time: no nested or adjacent unbounded quantifiers over overlapping classes;
 * gaps between words are bounded (`[^.\n]{0,60}`). `test/detector-regex-safety.test.ts` feeds each one adversarial
 * input to hold that.
 */
import { excerpt } from "./excerpt";
import { FieldKind, RuleHit, ScanInput } from "./types";

/** The field kinds that carry prose: where a tool explains itself. */
export const PROSE: readonly FieldKind[] = ["description", "parameter-description"];

/** The field kinds that hold identifiers and labels, where no sentence belongs (TOOL-05 hidden instructions). */
export const LABELS: readonly FieldKind[] = ["name", "title", "parameter-name", "value"];

/** Every field kind. */
export const ALL_FIELDS: readonly FieldKind[] = ["name", "title", "description", "parameter-name", "parameter-description", "value"];

/** Longest text a pattern rule reads from one field; longer text is a TOOL-05 length finding. */
export const MAX_SCANNED_CHARS = 65_536;

/** Identifiers as words: `read_ssh_key` and `readSshKey` become `read ssh key`, so word patterns see names too. */
export function identifierWords(text: string): string {
  return text.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_.$-]+/g, " ");
}

/** Runs `patterns` over the fields of the given kinds; one hit per field, for the first pattern that matches. */
export function matchPatterns(input: ScanInput, kinds: readonly FieldKind[], patterns: readonly RegExp[]): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const field of input.fields) {
    if (!kinds.includes(field.kind)) continue;
    const raw = field.text.length > MAX_SCANNED_CHARS ? field.text.slice(0, MAX_SCANNED_CHARS) : field.text;
    const text = field.kind === "name" || field.kind === "parameter-name" ? identifierWords(raw) : raw;
    for (const pattern of patterns) {
      const match = pattern.exec(text);
      if (match) {
        hits.push({ field: field.path, detail: excerpt(text, match.index, match.index + match[0].length) });
        break;
      }
    }
  }
  return hits;
}
