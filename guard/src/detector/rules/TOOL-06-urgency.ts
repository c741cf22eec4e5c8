import { matchPatterns, PROSE } from "../patterns";
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
  /\b(?:always|must) (?:prefer|choose|select|pick) this tool\b/i,
  /\bit is of (?:utmost|critical|the highest) importance\b/i,
  /\b(?:failure to|if you do not|if you don't)\s(?:comply|follow|do (?:this|so))\b[^.\n]{0,60}\b(?:will|would)\s(?:break|fail|crash|lose|result|cause|be)\b/i,
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
