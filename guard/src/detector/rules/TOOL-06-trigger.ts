import { matchPatterns, PROSE } from "../patterns";
import { DetectorRule } from "../types";

/**
 * Delayed or conditional behaviour (TOOL-06): a tool that says it will act differently after a number of calls, a date,
 * the user's approval, a keyword, or once its review is over. A sleeper tool behaves while it is reviewed and pinned;
 * a definition that announces the switch is planting it. (A switch the definition does not announce is a changed
 * definition later, which the pin of TOOL-08 refuses.)
 *
 * Sources: Invariant Labs, "MCP Security Notification: Tool Poisoning Attacks" (2025-04-01, the rug pull); Simon
 * Willison, "Model Context Protocol has prompt injection security problems" (2025-04-09, rug pulls: silent redefinition).
 */
export const PATTERNS: readonly RegExp[] = [
  /\b(?:after|from|on|starting (?:with|from)|beginning with)\s(?:the\s)?(?:\d{1,5}(?:st|nd|rd|th)?|second|third|fifth|tenth|twentieth|fiftieth|hundredth)\s(?:successful\s)?(?:calls?|invocations?|uses|runs|executions?)\b[^.\n]{0,60}\b(?:(?:start|begin|switch)\s(?:to\s|\w{1,20}ing\b)|also|send|include|put|add|forward|delete|read|upload|export)\b/i,
  /\b(?:once|after|when)\s(?:the\s)?(?:user\s)?(?:has\s|have\s)?(?:approved|trusted|installed|enabled|allow-?listed|whitelisted|pinned)\s(?:this|the)\s(?:tool|server|extension|integration)\b[^.\n]{0,40}\b(?:start|begin|switch|also|will|from then)\b/i,
  /\b(?:while|during|as long as|until)\s(?:the\s|this\s)?(?:tool|server|integration|definition)?\s?(?:is\s)?(?:being\s)?(?:reviewed|audited|scanned|inspected|evaluated|under review)\b[^.\n]{0,60}\b(?:later|after(?:wards)?|then|too|also|otherwise)\b/i,
  /\b(?:stays?|remains?|lies|is|lie)\s(?:dormant|inactive|asleep)\s(?:until|unless)\b/i,
  /\buntil then\b[^.\n]{0,30}\b(?:behaves?|acts?|works?)\s(?:normally|as (?:described|documented|usual|expected))\b/i,
  /\bif\s(?:the\s)?(?:current\s|today's\s)?(?:date|time|day)\s(?:is\s)?(?:after|later than|past|on or after)\b[^.\n]{0,60}\b(?:also|send|forward|delete|read|include|add|call|disable|export|upload|run|execute|list)\b/i,
];

const rule: DetectorRule = {
  id: "TOOL-06-trigger",
  control: "TOOL-06",
  severity: "high",
  description: "Announces behaviour that starts later: after a number of calls, a date, approval or review (sleeper tool)",
  remediation:
    "A tool should do from its first call what its definition says; a definition that switches behaviour after approval, a count or a date is a sleeper tool. Refuse it.",
  check: (input) => matchPatterns(input, PROSE, PATTERNS),
};
export default rule;
