import { matchPatterns, ALL_FIELDS } from "../patterns";
import { DetectorRule } from "../types";

/**
 * Invisible, tag and bidirectional Unicode (TOOL-05): zero-width and other format characters, Unicode tag
 * characters (U+E0000..E007F, the "ASCII smuggling" block), variation selectors (except after a symbol or emoji, where
 * they choose its presentation, as in ⚠️), bidirectional embeddings, overrides
 * and isolates, and Hangul fillers, all of which hide or reorder text a reviewer reads; and text struck through with
 * overlay marks on every character, or letters under three or more stacked combining marks, which a reviewer reads as
 * deleted or noise while a model reads the letters. The zero-width non-joiner and joiner are not hidden where their
 * script needs them: the non-joiner between letters of Arabic-script and Indic words (Persian spells with it), the
 * joiner inside an emoji sequence (👨‍👩‍👧) or an Indic or Arabic-script word.
 */
/** The scripts whose words spell with the zero-width non-joiner (Persian, Urdu, the Indic scripts). */
const NON_JOINER_SCRIPTS = String.raw`\p{Script=Arabic}\p{Script=Syriac}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}`;

/** The scripts whose words spell with the zero-width joiner. */
const JOINER_SCRIPTS = String.raw`\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gujarati}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Script=Arabic}`;

const PATTERNS: readonly RegExp[] = [
  /[\u{E0000}-\u{E007F}]/u,
  /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u,
  /[\u00AD\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B\u2060-\u2064\u206A-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB]/u,
  new RegExp(String.raw`(?<![${NON_JOINER_SCRIPTS}\p{M}])\u200C|\u200C(?![${NON_JOINER_SCRIPTS}])`, "u"),
  new RegExp(String.raw`(?<![\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\uFE0F${JOINER_SCRIPTS}\p{M}])\u200D|\u200D(?![\p{Extended_Pictographic}\u2640\u2642\u2695\u2696\u2708\u2764${JOINER_SCRIPTS}])`, "u"),
  /(?:[^\s\u0334-\u0338][\u0334-\u0338]){3,}|[\p{Script=Latin}][\u0300-\u036F]{3,}/u,
  /(?<![\u00A9\u00AE\u203C-\u3299\u{1F000}-\u{1FAFF}])[\uFE00-\uFE0F]|[\u{E0100}-\u{E01EF}]/u,
  /[\u{F0000}-\u{FFFFD}\u{100000}-\u{10FFFD}\uE000-\uF8FF]/u,
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u,
];

const rule: DetectorRule = {
  id: "TOOL-05-hidden-unicode",
  control: "TOOL-05",
  severity: "critical",
  description: "Invisible, tag, private-use, control or bidirectional Unicode character",
  remediation:
    "These characters are invisible or reorder text, so a reviewer approves something other than what the model reads; the excerpt shows them as \\u{...}. Remove them.",
  check: (input) => matchPatterns(input, ALL_FIELDS, PATTERNS),
};
export default rule;
