import { excerpt } from "../excerpt";
import { foldLookAlikes } from "../look-alike";
import { MAX_SCANNED_CHARS } from "../patterns";
import { DetectorRule, RuleHit } from "../types";
import { INSTRUCTION_PATTERNS } from "./TOOL-05-hidden-instructions";

/**
 * Instructions disguised with look-alike characters (TOOL-05): every field's disguised words (small capitals,
 * enclosed or fullwidth letters, Cyrillic or Greek homoglyphs among Latin letters, struck-through letters, leetspeak:
 * `../look-alike.ts`) are folded to the letters a model reads, and the TOOL-06 patterns run on the folded text. A
 * finding needs a pattern that matches the folded text and not the text as written: the disguise is what hid the
 * instruction from the other rules.
 */
const rule: DetectorRule = {
  id: "TOOL-05-look-alike",
  control: "TOOL-05",
  severity: "critical",
  description: "Instruction disguised with look-alike characters",
  remediation:
    "The excerpt shows the text as a model reads it: writing an instruction in look-alike letters has no purpose but to get it past a reviewer's or a filter's keywords. Refuse the definition.",
  check: (input) => {
    const hits: RuleHit[] = [];
    for (const field of input.fields) {
      const text = field.text.length > MAX_SCANNED_CHARS ? field.text.slice(0, MAX_SCANNED_CHARS) : field.text;
      const folded = foldLookAlikes(text);
      if (folded === undefined) continue;
      for (const pattern of INSTRUCTION_PATTERNS) {
        const match = pattern.exec(folded.text);
        if (match && !pattern.test(text)) {
          hits.push({ field: field.path, detail: `look-alike text reading ${excerpt(folded.text, match.index, match.index + match[0].length)}` });
          break;
        }
      }
    }
    return hits;
  },
};
export default rule;
