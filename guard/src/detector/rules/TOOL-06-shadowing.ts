import { matchPatterns, PROSE } from "../patterns";
import { DetectorRule } from "../types";

/** References that shadow or redirect other tools (TOOL-06), and orders to slip another tool into the model's plan. */
export const PATTERNS: readonly RegExp[] = [
  /\b(?:instead of|rather than|in place of)\s(?:using\s|calling\s)?(?:the\s|any\s)?(?:other\s)?['"`]?[\w.-]{1,60}['"`]?\s(?:tool|function|server)s?\b/i,
  /\b(?:other|all other|existing|original|built-in)\s(?:\w{1,20}\s)?(?:tools?|functions?|servers?)\s(?:are|is)\s(?:buggy|broken|deprecated|outdated|unsafe|insecure|disabled|not (?:safe|available|working))\b/i,
  /\b(?:ignore|avoid|never use|do not use|don't use)\s(?:all\s|any\s|the\s)?(?:other|competing|similar|alternative)\s(?:\w{1,20}\s)?(?:tools?|functions?|servers?)\b/i,
  /\b(?:has been|was|is now|have been)\s(?:replaced|superseded|deprecated in favou?r of|moved to)\b[^.\n]{0,40}\b(?:tool|function)\b/i,
  /\b(?:when|whenever|if)\s(?:the\s)?(?:user\s)?(?:calls?|uses?|invokes?|requests?)\s(?:the\s)?['"`]?[\w.-]{1,60}['"`]?\s(?:tool|function)\b[^.\n]{0,80}\b(?:must|should|always|instead|also|first)\b/i,
  /\b(?:use|call) this tool\s(?:instead|no matter|for (?:all|every|any)|whenever|always)\b/i,
  /\b(?:no longer available|has been removed|is no longer supported)\b[^.\n]{0,60}\b(?:use|call)\b/i,
  /\bthis tool (?:also )?(?:changes|modifies|overrides|affects) (?:the )?behaviou?r of\b/i,
  /\b(?:add|include|insert|append|put)\s['"`]?\w{1,30}_[\w.-]{1,40}['"`]?\s(?:in|into|to)\s(?:the\s|your\s)?(?:final\s)?(?:plan|list of (?:tool )?calls)\b/i,
];

const rule: DetectorRule = {
  id: "TOOL-06-shadowing",
  control: "TOOL-06",
  severity: "high",
  description: "Shadows or redirects other tools",
  remediation:
    "A tool should describe itself, not steer calls to or away from other tools; a definition that does is a cross-server attack (shadowing) and should be refused.",
  check: (input) => matchPatterns(input, PROSE, PATTERNS),
};
export default rule;
