import { matchPatterns, PROSE } from "../patterns";
import { DetectorRule } from "../types";

/**
 * Privilege and safety-bypass framing (TOOL-06): text that tells the model to switch off every safeguard ("bypass all
 * access controls", "skip all validation"), to act without any ("execute ... without validation"), to take on an
 * administrator's role ("ACT AS: system administrator"), or to pretend to privileges ("simulate elevated privileges"),
 * and "trust all input" modes. The prompt-injection class of Cisco's mcp-scanner evaluation servers and the
 * jailbreak-mode write-ups; a tool that needs an administrator says which scope, it does not hand the model a role.
 */
export const PATTERNS: readonly RegExp[] = [
  /\b(?:bypass(?:es)?|disables?|skips?|circumvents?|ignores?|overrides?|turns? off)\s(?:all|any|every)\s(?:(?:previous|prior|existing|default|security|safety|access|content|permission|data|input)\s){0,2}(?:checks?|controls?|restrictions?|filters?|filtering|validations?|safeguards?|guardrails?|protections?|polic(?:y|ies)|limits?|rules)\b/i,
  /\b(?:execut(?:e|es|ing)|runs?|running|uses?|using|perform(?:s|ing)?|trust(?:s|ing)?)\b[^.\n]{0,60}\bwithout (?:any\s)?(?:security\s|safety\s)?(?:validation|restrictions?|security checks|safety checks|sanitization|filtering)\b/i,
  /\bact as\s?:?\s(?:a\s|an\s|the\s)?(?:system\s)?(?:administrator|admin|root|superuser|super user|unrestricted)\b/i,
  /\b(?:simulate|assume|escalate to|gain)\s(?:elevated|admin(?:istrator)?|root|superuser|unrestricted|unlimited)\s(?:privileges|access|permissions|rights|mode)\b/i,
  /\btrust all (?:user\s)?(?:input|commands|requests|queries|content)\b|\bjailbreak mode\b/i,
];

const rule: DetectorRule = {
  id: "TOOL-06-privilege-claim",
  control: "TOOL-06",
  severity: "high",
  description: "Tells the model to bypass safeguards, act without validation, or take on an administrator's privileges",
  remediation:
    "A definition describes its tool and the scopes it needs; it cannot switch off the model's safeguards, hand it a role or claim privileges for it. Refuse the definition.",
  check: (input) => matchPatterns(input, PROSE, PATTERNS),
};
export default rule;
