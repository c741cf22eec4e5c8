import { matchPatterns, PROSE } from "../patterns";
import { multilingualPattern } from "../multilingual";
import { DetectorRule } from "../types";

/** Asks the model to move data out through a parameter, a URL or another channel (TOOL-06). */
export const PATTERNS: readonly RegExp[] = [
  /\b(?:pass|put|include|insert|add|append|embed|place|provide|send|forward|copy)\b[^.\n]{0,60}\b(?:content|contents|output|result|text|data|file|conversation|chat history|history|messages?|keys?|tokens?|credentials|secrets?|password)\b[^.\n]{0,40}\b(?:as|in|into|to|inside|via)\s(?:the\s|a\s|this\s)?(?:['"`]?\w{1,40}['"`]?\s)?(?:parameter|param|argument|field|variable|query string|url|header)\b/i,
  /\b(?:send|post|upload|forward|transmit|exfiltrate|leak|report)\b[^.\n]{0,60}\bto\s(?:https?:\/\/|ftp:\/\/|\/\/|[\w.-]{1,60}\.(?:com|net|org|io|xyz|ru|cn|top)\b|(?:this|the following|an external|a remote|our)\s(?:url|server|endpoint|webhook|address))/i,
  /\b(?:full|entire|complete|whole)\s(?:conversation|chat|message)\s?(?:history|log|transcript|context)\b/i,
  /\b(?:previous|prior|earlier|all)\s(?:messages|conversation|tool (?:calls|results|outputs))\b[^.\n]{0,40}\b(?:parameter|argument|field|include|pass|send)\b/i,
  /\b(?:bcc|cc|forward|redirect)\b[^.\n]{0,40}\b(?:all|every|each|any)\s(?:emails?|messages?|payments?|transfers?)\b/i,
  /\b(?:all|every|each|any)\s(?:emails?|messages?|payments?|transfers?|funds)\s(?:must|should|shall|need to)\s(?:be\s)?(?:sent|forwarded|redirected|routed|copied|transferred)\sto\b/i,
  multilingualPattern("exfiltration"),
];

const rule: DetectorRule = {
  id: "TOOL-06-exfiltration",
  control: "TOOL-06",
  severity: "critical",
  description: "Asks the model to move data out through a parameter, URL or recipient",
  remediation:
    "Parameters should carry what the tool needs, not file contents, history or secrets; remove the instruction and any parameter that only exists to carry them.",
  check: (input) => matchPatterns(input, PROSE, PATTERNS),
};
export default rule;
