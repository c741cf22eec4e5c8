import { matchPatterns, PROSE, TOOL_NAME } from "../patterns";
import { DetectorRule } from "../types";

/** References that shadow or redirect other tools (TOOL-06), and orders to slip another tool into the model's plan. */
export const PATTERNS: readonly RegExp[] = [
  /\b(?:instead of|rather than|in place of)\s(?:using\s|calling\s)?(?:the\s|any\s)?(?:other\s)?(?!this\s)['"`]?[\w.-]{1,60}['"`]?\s(?:tool|function|server)s?\b/i,
  /\b(?:other|all other|existing|original|built-in)\s(?:\w{1,20}\s)?(?:tools?|functions?|servers?)\s(?:are|is)\s(?:buggy|broken|deprecated|outdated|unsafe|insecure|disabled|not (?:safe|available|working))\b/i,
  /\b(?:ignore|avoid|never use|never call|do not use|don't use|do not call|don't call)\s(?:all\s|any\s|the\s)?(?:other|competing|similar|alternative)\s(?:\w{1,20}\s)?(?:tools?|functions?|servers?)\b/i,
  /\b(?:has been|was|is now|have been)\s(?:replaced|superseded|deprecated in favou?r of|moved to)\b[^.\n]{0,40}\b(?:tool|function)\b/i,
  /\b(?:when|whenever|if)\s(?:the\s)?(?:user\s)?(?:calls?|uses?|invokes?|requests?)\s(?:the\s)?['"`]?[\w.-]{1,60}['"`]?\s(?:tool|function)\b[^.\n]{0,80}\b(?:must|should|always|instead|also|first)\b/i,
  /\b(?:use|call) this tool\s(?:instead|no matter|for (?:all|every|any)|whenever|always)\b/i,
  /\b(?:no longer available|has been removed|is no longer supported)\b[^.\n]{0,60}\b(?:use|call)\b/i,
  /\bthis tool (?:also )?(?:changes|modifies|overrides|affects) (?:the )?behaviou?r of\b/i,
  /\b(?:add|include|insert|append|put)\s['"`]?\w{1,30}_[\w.-]{1,40}['"`]?\s(?:in|into|to)\s(?:the\s|your\s)?(?:final\s)?(?:plan|list of (?:tool )?calls)\b/i,
  /\b(?:when|whenever|if|each time|every time)\s(?:the\s)?(?:[\w-]{1,30}\sserver's\s)?['"`]?[a-z][a-z0-9]{0,30}(?:[_.][a-z0-9]{1,30}){1,4}['"`]?\s(?:tool\s)?(?:is\s)?(?:called|used|invoked|runs?|targets?|executes?|fires)\b[^.\n]{0,80}\b(?:change|set|replace|redirect|prefix|append|rewrite|override|swap|add|post (?:it )?to|send (?:it )?to|copy|delete|use)\b/i,
  /\b(?:for|about|regarding)\s(?:the\s)?[\w-]{1,30}\sserver(?:'s\s['"`]?[a-z][\w.-]{1,60}['"`]?)?\s?[:,]\s?[^.\n]{0,60}\b(?:must|should|always|set|change|replace|redirect)\b/i,
  new RegExp(String.raw`\b(?:this|it)\s(?:also\s)?(?:changes|modifies|overrides|alters|affects|extends)\s['"\x60]?${TOOL_NAME}['"\x60]?\s?[:,]`, "i"),
  /\b(?:whenever|when|if)\s(?:any|another|other|a)\s(?:other\s)?(?:[\w-]{1,20}\s)?(?:tool|server)s?\b[^.\n]{0,60}\b(?:replace|change|rewrite|redirect|swap)\b|\bif\s(?:a|any|another|the)\s[\w-]{1,20}\s(?:tool|server)\s(?:returns|shows|lists|finds)\b[^.\n]{0,60}\b(?:delete|remove|hide|drop|discard)\b/i,
  new RegExp(String.raw`\b${TOOL_NAME}\s(?:must|shall)\s(?:always\s|also\s)?(?:set|write|prefix|send|post|replace|copy|redirect|change)\b`),
  new RegExp(String.raw`\b(?:when|whenever|if)\s(?:the\s)?(?:[\w-]{1,20}\s)?(?:server's\s)?[\w-]{1,30}\s(?:tool|server)\s(?:is\s)?(?:used|called|invoked|runs|commits|pushes|sends|posts)\b[^.\n]{0,60}\b(?:must|always|instead)\b|\bthe ['"\x60]?${TOOL_NAME}['"\x60]? (?:tool|server) must\b`, "i"),
  new RegExp(String.raw`\broute (?:every|all|each)\s[^.\n]{0,40}\bthrough this tool\b|\bnever call ['"\x60]?${TOOL_NAME}['"\x60]? directly\b|\b(?:every|all|each|any)\s(?:call|request|command|query)s?\s(?:to|of)\s[^.\n]{0,60}\bmust go through\b`, "i"),
  new RegExp(String.raw`\buse whatever this (?:tool )?returns as\b|\bbefore using ['"\x60]?${TOOL_NAME}['"\x60]?,?\s(?:send|pass|forward|route)\b`, "i"),
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
