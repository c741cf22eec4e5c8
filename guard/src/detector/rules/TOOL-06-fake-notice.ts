import { matchPatterns, PROSE } from "../patterns";
import { DetectorRule } from "../types";

/** Fake maintenance, error, policy and user notices (TOOL-06), and notices that discredit the tool descriptions the model has. */
export const PATTERNS: readonly RegExp[] = [
  /\b(?=(?:scheduled |emergency |system )?maintenance )(?<!\b(?:whether|when|if|while|enables?|disables?|toggles?|sets?)\s)(?:scheduled |emergency |system )?maintenance (?:mode|notice|in progress|now)\b|\bunder maintenance\b[^\n]{0,80}\b(?:requires?|must|set|switch|change|use)\b/i,
  /\b(?:safeguards|restrictions|protections|security checks|safety checks|safety rules|guardrails|confirmations|filters)\s(?:(?:and|&)\s[\w-]{1,20}\s)?(?:are|have been)\s(?:temporarily\s)?(?:disabled|lifted|suspended|removed|turned off)\b/i,
  /\b(?:tool descriptions?|instructions)\s(?:are|have been|were)\s(?:now\s)?(?:outdated|deprecated|compromised|declared|suspended|revoked|out of sync|not to be trusted|untrusted|wrong|incorrect)\b/i,
  /\btool descriptions?\s(?:contains?|ha(?:s|ve))\s(?:errors|mistakes)\b|\bregardless of (?:its|their|the(?: tool'?s)?) descriptions?\b/i,
  /\b(?:changed|modified|tampered with|rewritten)\s(?:all\s)?(?:the\s)?tool descriptions\b|\b(?:has|have) been (?:patched|fixed) and (?:is|are) now safe\b/i,
  /\b(?:new|updated) (?:security )?(?:protocol|policy)\s?:/i,
  /\b(?:this is a test environment|restrictions don't apply|restrictions do not apply)\b/i,
  /\b(?:the previous task has been completed|i am the user|new user query|signed,?\s+the user)\b/i,
  /\b(?:message|note|request|instruction) from (?:the )?(?:user|system|admin(?:istrator)?|developer)\s?:/i,
  /\b(?:the )?user has already (?:approved|confirmed|authori[sz]ed|consented to|agreed to)\b/i,
  /["']?error["']?\s?:\s?in order to (?:get|see|obtain) the result\b/i,
  /\b(?:to complete (?:authentication|verification)|for (?:security )?verification purposes?),?\s(?:you must|please)?\s?(?:call|run|execute|show|provide|send)\b/i,
];

const rule: DetectorRule = {
  id: "TOOL-06-fake-notice",
  control: "TOOL-06",
  severity: "high",
  description: "Fake maintenance, error, policy or user notice",
  remediation:
    "Definitions are static text; one that announces maintenance, lifted restrictions, a new policy or speaks as the user is trying to change the model's behaviour. Refuse it.",
  check: (input) => matchPatterns(input, PROSE, PATTERNS),
};
export default rule;
