import { matchPatterns, PROSE } from "../patterns";
import { multilingualPattern } from "../multilingual";
import { DetectorRule } from "../types";

/** Asks the model to hide what it does from the user (TOOL-06). */
export const PATTERNS: readonly RegExp[] = [
  /\b(?:do not|don't|dont|never|must not|should not)\s(?:tell|inform|notify|alert|mention|reveal|show|disclose|let)\b[^.\n]{0,40}\b(?:the\s)?(?:user|human|customer|operator|person)\b/i,
  /\bwithout\s(?:telling|informing|notifying|alerting|asking|showing|letting)\b[^.\n]{0,30}\b(?:the\s)?(?:user|human|customer|operator)\b/i,
  /\b(?:the\s)?(?:user|human)\s(?:must|should|need)\s?(?:not|never|n't)\s(?:know|see|notice|be told|find out|be informed)\b/i,
  /\b(?:keep|remain)\s(?:this|it|these instructions)\s(?:secret|hidden|confidential|between us)\b/i,
  /\b(?:silently|secretly|covertly|quietly|discreetly)\s(?:call|send|read|forward|include|add|append|copy|upload|run|execute|pass)\b/i,
  /\b(?:do not|don't|never)\s(?:mention|reveal|disclose)\s(?:this|these)\s(?:instructions?|step|note|requirement)\b/i,
  multilingualPattern("secrecy"),
];

const rule: DetectorRule = {
  id: "TOOL-06-secrecy",
  control: "TOOL-06",
  severity: "critical",
  description: "Asks the model to keep something from the user",
  remediation: "No legitimate tool needs the model to hide its actions from the user; treat the definition as poisoned and refuse it.",
  check: (input) => matchPatterns(input, PROSE, PATTERNS),
};
export default rule;
