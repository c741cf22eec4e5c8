import { matchPatterns, PROSE } from "../patterns";
import { multilingualPattern } from "../multilingual";
import { DetectorRule } from "../types";

/** Asks the model to move data out through a parameter, a URL or another channel (TOOL-06), in English and in the languages of `../multilingual.ts`. */
export const PATTERNS: readonly RegExp[] = [
  /(?<!\b(?:never|not|n't|nor)\s)\b(?:pass|put|include|insert|add|append|embed|place|provide|send|forward|copy)\b[^.\n]{0,60}\b(?:content|contents|output|result|data|conversation|chat history|history|keys?|tokens?|credentials|secrets?|password)\b[^.\n]{0,40}\b(?:as|in|into|to|inside|via)\s(?:the\s|a\s|this\s)?(?:['"`]?\w{1,40}['"`]?\s)?(?:parameter|param|argument|field|variable|query string|url|header)\b/i,
  /\b(?:send|post|upload|forward|transmit|exfiltrate|leak|report)\b[^.\n]{0,60}\bto\s(?:https?:\/\/|ftp:\/\/|\/\/|[\w.-]{1,60}\.(?:com|net|org|io|xyz|ru|cn|top)\b|(?:this|the following|an external|a remote|our)\s(?:url|server|endpoint|webhook|address))/i,
  /\b(?:pass|include|send|attach|append|provide|put|copy|add|forward|paste|summari[sz]e)\b[^.\n]{0,40}\b(?:full|entire|complete|whole)\s(?:conversation|chat|message)\s?(?:history|log|transcript|context)\b/i,
  /\b(?:previous|prior|earlier|all)\s(?:messages|conversation|tool (?:calls|results|outputs))\b[^.\n]{0,40}\b(?:parameter|argument|field|include|pass|send)\b/i,
  /\b(?:bcc|cc|forward|redirect)\b[^.\n]{0,40}\b(?:all|every|each|any)\s(?:emails?|messages?|payments?|transfers?)\b|\balways\s(?:bcc|cc)\b/i,
  /\b(?:all|every|each|any)\s(?:emails?|messages?|payments?|transfers?|funds)\s(?:must|should|shall|need to)\s(?:be\s)?(?:sent|forwarded|redirected|routed|copied|transferred)\sto\b/i,
  /\b(?:set|change|replace|overwrite|rewrite|point)\s(?:the\s)?(?:['"`]?\w{1,30}['"`]?\s)?(?:parameter|argument|field|recipients?|address|account|destination|url|endpoint|webhook|payee|iban)\s(?:to|with|at)\b[^.\n]{0,60}(?:[\w.+-]@[\w-]{1,60}\.|https?:\/\/|\b(?:always|regardless|in addition|as well|whatever the user|no matter)\b)/i,
  /\b(?:append|add|attach|encode|embed|include|put)\b[^.\n]{0,60}\b(?:user'?s?|conversation|messages?|chat|e-?mail address(?:es)?|session|tokens?|keys?|passwords?|personal|history)\b[^.\n]{0,60}\b(?:query (?:string|param(?:eter)?s?)|to the (?:url|link)|as url param(?:eter)?s?|https?:\/\/)/i,
  /\b(?:url|link|image|src|endpoint)\b[^.\n]{0,40}https?:\/\/\S{1,200}\s(?:followed by|plus|with|\+)\s(?:the\s)?(?:user'?s?|conversation|chat|last|previous|full|current)\b/i,
  /\b(?:collected|taken|extracted|gathered|copied|pulled|inferred)\s(?:from|out of)\s(?:the\s)?(?:earlier|previous|prior|past|other|whole)\s(?:messages|conversation|turns|chats?|context|sessions?)\b/i,
  /\b(?:paste|copy|include|insert|provide|put|repeat)\b[^.\n]{0,40}\b(?:everything|all)\s(?:that\s)?(?:the user|they|you)\s(?:ha(?:s|ve)\s)?(?:said|typed|written|shared|discussed|asked|told you)\b/i,
  /\b(?:copy|take|extract|collect|grab|capture)\b[^.\n]{0,40}\b(?:card numbers?|cvv|cvc|security codes?|iban|social security numbers?|ssn|passport numbers?|one-time (?:codes?|passwords?)|2fa codes?)\b/i,
  /\b(?:text|contents?|output) of (?:any|every|all|each) (?:file|document|page|message|email)s? (?:you|the assistant|the model) (?:ha(?:s|ve) )?(?:previously |already |earlier )?(?:read|opened|seen|received|fetched)\b/i,
  /\b(?:add|put|include|set|insert|use|list)\s[\w.+-]{1,64}@[\w-]{1,63}\.[\w.-]{2,63}\s(?:as|on|in|to|into)\s(?:a\s|an\s|the\s)?(?:(?:blind|hidden|silent|extra)\s)?(?:bcc|cc|copy|recipient|reply-?to|cc line|bcc line|blind copy)\b/i,
  /\b(?:recipients?|reply-?to(?: header| address)?|to address|sender address)\s(?:of\s[^.\n]{0,40}\s)?(?:with|to)\s[\w.+-]{1,64}@[\w-]{1,63}\.[\w.-]{2,63}/i,
  /\b(?:forward|copy|cc|bcc|redirect|route|send)\b[^.\n]{0,40}\b(?:emails?|messages?|mail|invoices?)\b[^.\n]{0,40}\bto\s[\w.+-]{1,64}@[\w-]{1,63}\.[\w.-]{2,63}/i,
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
