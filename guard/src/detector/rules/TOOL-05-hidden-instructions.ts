import { matchPatterns, LABELS } from "../patterns";
import { DetectorRule } from "../types";
import { PATTERNS as COERCION } from "./TOOL-06-coercion";
import { PATTERNS as DIRECTIVE } from "./TOOL-06-directive";
import { PATTERNS as EXFILTRATION } from "./TOOL-06-exfiltration";
import { PATTERNS as FAKE_NOTICE } from "./TOOL-06-fake-notice";
import { PATTERNS as LINE_JUMPING } from "./TOOL-06-line-jumping";
import { PATTERNS as MALICIOUS_COMMAND } from "./TOOL-06-malicious-command";
import { PATTERNS as OVERREACH } from "./TOOL-06-overreach";
import { PATTERNS as PERSISTENCE } from "./TOOL-06-persistence";
import { PATTERNS as PREFERENCE } from "./TOOL-06-preference";
import { PATTERNS as PRIVILEGE_CLAIM } from "./TOOL-06-privilege-claim";
import { PATTERNS as RESOURCE_ABUSE } from "./TOOL-06-resource-abuse";
import { PATTERNS as SECRECY } from "./TOOL-06-secrecy";
import { PATTERNS as SENSITIVE_READ } from "./TOOL-06-sensitive-read";
import { PATTERNS as SHADOWING } from "./TOOL-06-shadowing";
import { PATTERNS as URGENCY } from "./TOOL-06-urgency";
import { PATTERNS as USAGE_DIRECTIVE } from "./TOOL-06-usage-directive";

/**
 * Instructions hidden where only identifiers and labels belong (TOOL-05): tool and parameter names (read as words:
 * `ignore_previous_instructions`), titles, defaults, constants, enum values and examples. The TOOL-06 patterns are
 * applied there; TOOL-06 itself reads the descriptions. `INSTRUCTION_PATTERNS` is every TOOL-06 pattern, also applied to
 * decoded text (TOOL-05-encoded-instructions).
 */
export const INSTRUCTION_PATTERNS: readonly RegExp[] = [...DIRECTIVE, ...LINE_JUMPING, ...USAGE_DIRECTIVE, ...SECRECY, ...SENSITIVE_READ, ...EXFILTRATION, ...SHADOWING, ...URGENCY, ...FAKE_NOTICE, ...COERCION, ...PERSISTENCE, ...OVERREACH, ...PREFERENCE, ...MALICIOUS_COMMAND, ...PRIVILEGE_CLAIM, ...RESOURCE_ABUSE];

/**
 * Labels shorter than this are not read: no instruction fits in them, and most parameter names and enum values are
 * (`path`, `json`, `asc`), so skipping them halves the rule's time.
 */
const SHORTEST_INSTRUCTION = 8;

const rule: DetectorRule = {
  id: "TOOL-05-hidden-instructions",
  control: "TOOL-05",
  severity: "critical",
  description: "Instruction hidden in a name, title, default, enum value or example",
  remediation:
    "Names, titles and values are labels a reviewer skims but a model reads in full; an instruction there is poisoning. Refuse the definition.",
  check: (input) => matchPatterns({ ...input, fields: input.fields.filter((field) => field.text.length >= SHORTEST_INSTRUCTION) }, LABELS, INSTRUCTION_PATTERNS),
};
export default rule;
