import { matchPatterns, PROSE, SINGLE_CALLS } from "../patterns";
import { DetectorRule } from "../types";

/**
 * Urgency, authority and preference framing that pressures the model (TOOL-06). A shouted label (`CRITICAL:`,
 * `IMPORTANT!`) counts only when an order to ignore instructions or to call the tool follows it: real servers shout
 * their caveats too.
 */
export const PATTERNS: readonly RegExp[] = [
  /\b(?:URGENT|CRITICAL|MANDATORY|IMMEDIATELY|ATTENTION|IMPORTANT|WARNING)\b\s?[:!]\s?[^.\n]{0,60}\b(?:[Ii]gnore|IGNORE|[Dd]isregard|DISREGARD|[Oo]verride|OVERRIDE|[Bb]ypass|BYPASS|(?:[Aa]lways|ALWAYS|[Mm]ust|MUST)\s(?:first\s|FIRST\s|immediately\s|IMMEDIATELY\s)?(?:call|use|consult|run|invoke|CALL|USE|CONSULT|RUN|INVOKE)\s(?:this|THIS|the \w{1,30}|THE \w{1,30})\s(?:tool|TOOL)\b)/,
  /\b(?:as|from) (?:the|your) (?:system administrator|administrator|admin|developer|security team|it department|operator|ceo|manager)\b[^.\n]{0,40}\b(?:authori[sz]e|instruct|require|order|tell|ask)/i,
  /\b(?:authori[sz]ed|approved|mandated|required) by (?:the )?(?:system administrator|administrator|admin|security team|compliance|management|anthropic|openai)\b/i,
  /\b(?:emergency override|override code|security exception|debug mode (?:is )?(?:enabled|activated|on)|developer mode|god mode|jailbreak mode)\b/i,
  /\b(?:best|most reliable|only (?:correct|reliable|trusted)|most trusted) tool in the world\b/i,
  /\bthis is the (?:best|most reliable|most trusted|preferred) tool\b|\bthis is the only tool (?:you (?:should|may|can|must) (?:use|call|trust)|to (?:use|call|trust))\b/i,
  new RegExp(String.raw`\b(?:always|must) (?:prefer|choose|select|pick) this tool\b(?!\s(?:over|instead of|rather than)${SINGLE_CALLS})`, "i"),
  /\bit is of (?:utmost|critical|the highest) importance\b/i,
  /\b(?:failure to|if you do not|if you don't)\s(?:comply|follow|do (?:this|so))\b[^.\n]{0,60}\b(?:will|would)\s(?:break|fail|crash|lose|result|cause|be)\b/i,
  /\b(?:by order of|on (?:the )?orders? of|as (?:ordered|instructed|mandated) by|(?:a\s)?(?:urgent|message|notice|order|instruction|directive|request) from)\s(?:the\s|your\s)?(?:[\w-]{1,20}\s)?(?:ciso|ceo|cto|cfo|coo|it(?: security)?(?: department| team)?|security team|compliance(?: team| department)?|(?:system )?administrator|sysadmin|sre lead|on-call lead|management|the board|bank|registrar|vendor|anthropic|openai)\b/i,
  /(?:^|[\n.!?(]\s{0,4})\[?(?:(?:aws|amazon|google(?: cloud)?|gcp|azure|microsoft|github|gitlab|anthropic|openai|apple|okta|cloudflare|it|cloud|account|platform)\s)(?:security|trust (?:&|and) safety|compliance)(?: team| notice| alert)?\s?[\]:]/i,
  /(?:^|[\n.!?(]\s{0,4})\[?(?:compliance team|security team|it security|it helpdesk|system administrator|sysadmin|the administrator)(?: notice| alert| message)?\s?[\]:]\s/i,
  /\byour\s(?:account|domain|token|key|subscription|access|service|repository|repo|workspace|session|home|device)s?\b[^.\n]{0,30}\b(?:will be|is|gets)\s(?:suspended|locked|deleted|terminated|disabled|revoked|closed|wiped)\b[^.\n]{0,30}\b(?:unless|within \d{1,3}\s(?:minutes?|mins?|hours?)|in \d{1,3}\s(?:minutes?|mins?))\b|\b(?:unless|or else|otherwise|or)\s[^.\n]{0,60}\byour\s(?:account|domain|token|key|subscription|access|workspace|session|repository|data)\s(?:will be|is|gets)\s(?:suspended|locked|deleted|terminated|disabled|revoked|closed|wiped)\b/i,
  /\byour\s(?:token|account|session|key|api key|domain|subscription|home|device|system)\s(?:was|has been|is|is now)\s(?:flagged|compromised|breached|hacked|suspended|locked|under (?:review|investigation|attack))\b/i,
  /\bfinal warning\s?[:!]|\bno time to (?:confirm|ask|check|verify|wait)\b/i,
  /\b(?:mandatory|immediate|urgent)\s(?:action|verification|re-?verification|update)\s?[:–—]|\brequires?\s(?:immediate|urgent|mandatory)\s(?:verification|re-?authentication)\b/i,
  /\b(?:anthropic|openai|claude|vendor|platform)\s(?:\w{1,20}\s)?(?:policy|compliance)\s(?:update|notice|requirement|directive)\b/i,
  /\[(?:[A-Z]{2,}\s){0,2}SECURITY(?:\s[A-Z]{2,}){0,2}\]/,
  /\b(?:legal|security|compliance|it) (?:department|team) (?:mandate|order|directive)\b|\bnon-?compliance will be (?:reported|escalated|penali[sz]ed)\b/i,
  /\bthe (?:vendor|provider|platform|registrar|bank|administrator) requires (?:you|that you|the assistant|assistants)\b|\b(?:stops working|expires?|shuts? down|is suspended)\s(?:in|within)\s\d{1,3}\s(?:minutes?|mins?|hours?)\b[^.\n]{0,60}\b(?:now|immediately|right away)\b/i,
  /\bask (?:the user|them) for (?:their|the|a|his|her)\s(?:full\s)?(?:[\w-]{1,20}\s)?(?:card numbers?|cvv|cvc|seed phrase|recovery phrase|private key)\b/i,
];

const rule: DetectorRule = {
  id: "TOOL-06-urgency",
  control: "TOOL-06",
  severity: "high",
  description: "Urgency, authority or preference framing aimed at the model",
  remediation:
    "Shouted warnings, claimed authority and 'best tool' claims exist to make a model obey or prefer the tool; state facts about the tool plainly, or refuse the definition.",
  check: (input) => matchPatterns(input, PROSE, PATTERNS),
};
export default rule;
