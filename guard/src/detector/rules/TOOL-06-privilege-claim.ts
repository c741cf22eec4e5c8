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
  /\bact as\s?:?\s(?:a\s|an\s|the\s)?(?:workspace\s|domain\s|org(?:anization)?\s|tenant\s)?(?:super[- ]?admin|super[- ]?user|owner)\b|--as(?:-group)?=system:(?:admin|masters)\b|\bsystem:masters\b/i,
  /\balter\s(?:role|user)\s[\w"]{1,40}\s(?:with\s)?superuser\b|\bgrant all privileges on \*\.\*/i,
  /\b(?:disable|turn off|switch off|stop|deactivate)\s(?:the\s|its\s)?(?:firewall|selinux|apparmor|antivirus|defender|edr|tamper protection|sandbox(?:ing)?|safe[_ ]?mode|safety checks|content filter(?:ing)?)\b[^.\n]{0,60}\b(?:first\b|before (?:running|using|calling)|so (?:that )?(?:this|the) tool|as (?:sandboxing|it|the sandbox) blocks|to let this tool)|\b(?:first|before (?:running|using|calling)(?: this(?: tool)?)?),?\s(?:\w{1,20}\s){0,2}(?:disable|turn off|switch off|deactivate)\s(?:the\s)?(?:firewall|selinux|apparmor|antivirus|defender|tamper protection|sandbox|safe[_ ]?mode|safety checks)\b/i,
  /\b(?:assistants?|models?|agents?|you)\s(?:must|should|may|can|are (?:allowed|permitted) to)\s(?:turn off|disable|skip|bypass)\s(?:the\s)?(?:content filter(?:ing)?|safety|guardrails|(?:every|all|any) confirmations?)\b/i,
  /--dangerously-skip-permissions\b|--disable-web-security\b|(?:^|\s)-v\s+\/:\/[\w/.-]{0,40}|--pid=host\b/i,
  /\b(?:use|take|read|enter|type|fill in)\s(?:the\s)?(?:password|passphrase|pin|one|credentials?)\s(?:saved|stored|kept|found)\sin\s(?:the\s)?user'?s\s(?:keychain|password manager|browser|vault)\b/i,
  /\bgrant\s(?:this|the)\s(?:app|tool|server|integration|agent|assistant|bot)\s(?:the\s)?(?:owner|admin(?:istrator)?|super[- ]?admin|full[_ ]access|root)\b|\bgrant\s(?:roles\/owner|owner|admin)\s(?:role\s)?to\s[\w.+-]{1,64}@/i,
  /\beven for (?:read|read-only|simple|every)\s(?:calls|requests|operations)\b/i,
  /\byou (?:have been|are|were) (?:now\s)?(?:granted|given)\s(?:full\s)?(?:root|admin|administrator|superuser|elevated|unrestricted)\b|\belevated mode\b|\bAdministratorAccess\b[^.\n]{0,30}\bto this\b|\battach\b[^.\n]{0,30}\bAdministratorAccess\b|\bto disable (?:its|the|all) (?:safety|security) checks\b/i,
];

const rule: DetectorRule = {
  id: "TOOL-06-privilege-claim",
  control: "TOOL-06",
  severity: "high",
  description: "Tells the model to bypass safeguards, act without validation, or take on an administrator's privileges",
  remediation:
    "A definition describes its tool and the scopes it needs; it cannot switch off the model's safeguards, hand it a role or claim privileges for it. Refuse the definition.",
  check: (input) => matchPatterns(input, [...PROSE, "value"], PATTERNS),
};
export default rule;
