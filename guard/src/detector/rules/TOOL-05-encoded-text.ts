import { decodedFields, describeEncodings } from "../decode";
import { excerpt } from "../excerpt";
import { DetectorRule, RuleHit } from "../types";
import { INSTRUCTION_PATTERNS } from "./TOOL-05-hidden-instructions";

/** Words a decoded text needs to count as prose: short decoded data (`hello world`, `café au lait`) is fine. */
export const MIN_PROSE_WORDS = 6;

const WORD = /\p{L}{2,}/gu;

/**
 * Sentences hidden in encoded form (TOOL-05) that no pattern recognises as an instruction: base64, hex, escapes, ROT13
 * or reversed text that decodes to prose of at least {@link MIN_PROSE_WORDS} words. Binary data (images, digests,
 * tokens) does not decode to prose and is not reported; TOOL-05-encoded-instructions reports decoded instructions.
 */
const rule: DetectorRule = {
  id: "TOOL-05-encoded-text",
  control: "TOOL-05",
  severity: "high",
  description: "Encoded text that decodes to hidden prose",
  remediation:
    "Read the decoded excerpt: a tool's text is for people and models alike, so prose hidden in base64, hex or escapes is written for the model only. Ask the server's author to write it plainly, or refuse the definition.",
  check: (input) => {
    const hits: RuleHit[] = [];
    for (const decoded of decodedFields(input.fields)) {
      if (hits.some((hit) => hit.field === decoded.field) || (decoded.hidden.match(WORD)?.length ?? 0) < MIN_PROSE_WORDS) continue;
      if (INSTRUCTION_PATTERNS.some((pattern) => pattern.test(decoded.text))) continue;
      hits.push({ field: decoded.field, detail: `${describeEncodings(decoded.encodings)} text decoding to ${excerpt(decoded.hidden, 0, Math.min(decoded.hidden.length, 80))}` });
    }
    return hits;
  },
};
export default rule;
