import { decodedFields, describeEncodings } from "../decode";
import { excerpt } from "../excerpt";
import { DetectorRule, RuleHit } from "../types";
import { INSTRUCTION_PATTERNS } from "./TOOL-05-hidden-instructions";

/**
 * Instructions hidden in encoded form (TOOL-05): every field is searched for base64, hex, percent-encoded,
 * `\u`-escaped, HTML-entity, ROT13 and reversed text (`../decode.ts`, bounded in size and depth) and the TOOL-06
 * patterns run on what it decodes to. Models decode these forms readily, reviewers do not; encoding an instruction has
 * no purpose but to get it past review (OWASP LLM01:2025 names encoded payloads; Invariant Labs' tool-poisoning
 * write-up, 2025-04, shows instructions a reviewer does not see).
 */
const rule: DetectorRule = {
  id: "TOOL-05-encoded-instructions",
  control: "TOOL-05",
  severity: "critical",
  description: "Encoded text that decodes to an instruction to the model",
  remediation:
    "The decoded text is quoted: an instruction a reviewer cannot read but a model can decode is poisoning. Refuse the definition; an honest tool has no reason to encode its own text.",
  check: (input) => {
    const hits: RuleHit[] = [];
    for (const decoded of decodedFields(input.fields)) {
      if (hits.some((hit) => hit.field === decoded.field)) continue;
      for (const pattern of INSTRUCTION_PATTERNS) {
        const match = pattern.exec(decoded.text);
        if (match) {
          hits.push({ field: decoded.field, detail: `${describeEncodings(decoded.encodings)} text decoding to ${excerpt(decoded.text, match.index, match.index + match[0].length)}` });
          break;
        }
      }
    }
    return hits;
  },
};
export default rule;
