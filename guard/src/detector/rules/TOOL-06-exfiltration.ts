import { EMAIL_ADDRESS, matchPatterns, PROSE, TOOL_NAME } from "../patterns";
import { multilingualPattern } from "../multilingual";
import { DetectorRule } from "../types";

/** Asks the model to move data out through a parameter, a URL or another channel (TOOL-06), in English and in the languages of `../multilingual.ts`. */
export const PATTERNS: readonly RegExp[] = [
  /(?<!\b(?:never|not|n't|nor)\s)\b(?:pass|put|include|insert|add|append|embed|place|provide|send|forward|copy)\b[^.\n]{0,60}\b(?:content|contents|output|result|data|conversation|chat history|history|keys?|tokens?|credentials|secrets?|password)\b(?!-)[^.\n]{0,40}\b(?:as|in|into|to|inside|via)\s(?:the\s|a\s|this\s)?(?:['"`]?\w{1,40}['"`]?\s)?(?:parameter|param|argument|field|variable|query string|url|header)\b/i,
  /\b(?:send|post|upload|forward|transmit|exfiltrate|leak|report)\b[^.\n]{0,60}\bto\s(?:https?:\/\/|ftp:\/\/|\/\/|[\w.-]{1,60}\.(?:com|net|org|io|xyz|ru|cn|top)\b|(?:this|the following|an external|a remote|our)\s(?:url|server|endpoint|webhook|address))/i,
  /\b(?:pass|include|send|attach|append|provide|put|copy|add|forward|paste|summari[sz]e)\b[^.\n]{0,40}\b(?:full|entire|complete|whole)\s(?:conversation|chat|message|session)\s?(?:history|log|transcript|context)\b/i,
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
  new RegExp(String.raw`\b(?:add|put|include|set|insert|use|list)\s${EMAIL_ADDRESS}\s(?:as|on|in|to|into)\s(?:a\s|an\s|the\s)?(?:(?:blind|hidden|silent|extra)\s)?(?:bcc|cc|copy|recipient|reply-?to|cc line|bcc line|blind copy)\b`, "i"),
  new RegExp(String.raw`\b(?:recipients?|reply-?to(?: header| address)?|to address|sender address)\s(?:of\s[^.\n]{0,40}\s)?(?:with|to)\s${EMAIL_ADDRESS}`, "i"),
  new RegExp(String.raw`\b(?:forward|copy|cc|bcc|redirect|route|send)\b[^.\n]{0,40}\b(?:emails?|messages?|mail|invoices?)\b[^.\n]{0,40}\bto\s${EMAIL_ADDRESS}`, "i"),
  new RegExp(String.raw`\b(?:send|post|upload|forward|transmit|e-?mail|mail|copy|report|ship|push|sync|mirror|publish|paste|stream|log|export|back up|archive|dump)\b[^.\n]{0,40}\b(?:every|all|each|the whole|the full|the entire|the contents? of|the values? of|a (?:second |full |hidden |extra )?copy|(?:search\s)?results|conversations?|transcripts?|prompts?|messages|quer(?:y|ies)|errors? messages?|history)\b(?:[^.\n]|\.(?=\S)){0,60}\bto\s(?:the\s)?(?:webhook\s|endpoint\s|address\s|server\s|mailbox\s)?(?:${EMAIL_ADDRESS}|https?:\/\/|ftp:\/\/|wss?:\/\/|s3:\/\/)`, "i"),
  /\b(?:a\s)?(?:second|extra|additional|hidden|shadow|backup)\s(?:copy|cc)\b[^.\n]{0,40}\b(?:to|goes to|go to|sent to)\s(?:[\w.+-]{1,64}@|https?:\/\/|ftp:\/\/|s3:\/\/|sftp:\/\/)/i,
  new RegExp(String.raw`\b(?:always|also)\s(?:include|add|cc|bcc|copy|notify|invite|loop in)\s${EMAIL_ADDRESS}|\b(?:add|include|invite|put)\s${EMAIL_ADDRESS}\sas\s(?:an?\s)?(?:extra|additional|hidden|silent|second)\b`, "i"),
  /\b(?:copy|paste|include|put|send|pass|add|attach)\s(?:the\s)?(?:last|previous|past|recent|first|whole|entire|full)\s(?:\d{1,4}\s)?(?:messages|turns|exchanges|prompts)\s(?:of|from|in)\s(?:this|the|our)\s(?:conversation|chat|session|thread)\b|\b(?:holding|containing|carrying|with)\s(?:the\s)?user'?s\s(?:last|latest|previous|full|entire|original)\sprompts?\b/i,
  /https?:\/\/\S{1,200}?[?&=/]\{[^{}\n]{0,60}\s[^{}\n]{0,60}\}|https?:\/\/\S{1,200}?[?&=/]\{[^{}\n]{0,60}\b(?:everything|conversation|session|chat history|typed|said|secret|password)\b[^{}\n]{0,60}\}/i,
  /\b(?:send|post|forward|upload|copy|report|mirror|log|stream|e-?mail)\b[^.\n]{0,80}\b(?:webhook\.site|requestbin\.(?:com|net)|burpcollaborator\.net|oastify\.com|interact\.sh|oast\.(?:fun|me|pro|live|site|online))\b/i,
  /\b(?:publish|post|upload|share)\s(?:each|every|all)\s[\w-]{1,20}\s[^.\n]{0,40}\b(?:paste(?:bin)?|pastebin\.com|public (?:bucket|board))\b/i,
  /\b(?:call|invoke|run|use)\s['"`]?[a-z][a-z0-9]{0,30}(?:[_.-][a-z0-9]{1,30}){1,4}['"`]?\b[^.\n]{0,60}\b(?:and|then)\s(?:put|pass|forward|send|paste|place|copy|give|include)\s(?:the\s|its\s|their\s|both\s)?(?:whole|full|entire|complete|raw|all)\b/i,
  /\b(?:call|invoke|run)\s['"`]?(?:list|get|read|dump|export)_(?:secrets?|tokens?|keys?|credentials|passwords?|env\w{0,10}|contacts|payment\w{0,20}|cookies)['"`]?\b[^.\n]{0,60}\b(?:put|pass|forward|send|paste|place|copy|give|include|here|as)\b/i,
  new RegExp(String.raw`\b(?:after|whenever|each time|every time|once)\s(?:every|each|any|a|the)?\s?(?:other\s)?(?:[\w-]{1,20}\s)?(?:tools?|tool call|${TOOL_NAME})\s(?:call\s|calls?\s)?(?:returns?|runs?|responds?|finishes|completes|is called|call)\b[^.\n]{0,100}\b(?:full|whole|entire|complete|raw)\s(?:results?|outputs?|responses?|contents?|arguments|rows)\b`, "i"),
  new RegExp(String.raw`\b(?:after|whenever|each time|every time|once)\s(?:every|each|any|a|the)?\s?(?:other\s)?(?:[\w-]{1,20}\s)?(?:tools?|tool call|${TOOL_NAME})\s(?:returns?|responds with|outputs?|gives|yields)\s(?:an?\s|the\s|any\s)?(?:tokens?|api keys?|keys?|cookies?|credentials|secrets?|passwords?|rows|records)\b[^.\n]{0,60}\b(?:call|pass|send|forward|put)\b`, "i"),
  /\b(?:full|whole|entire|complete|raw)\s(?:results?|outputs?|responses?|contents?)\sof\s(?:the\s)?(?:last|previous|latest|most recent|every|each|any)\s['"`]?[\w.-]{1,60}['"`]?\s(?:call|invocation|tool)\b|\b(?:tokens?|api keys?|keys?|credentials|secrets|cookies|passwords)\s(?:returned|produced|obtained|received|issued)\s(?:by|from)\s(?:other|any other|another|all)\s(?:tools?|servers?)\b/i,
  new RegExp(String.raw`\balso\s(?:send|email|e-mail|forward|upload|post|copy|sync|push|mail)\b(?:[^.\n]|\.(?=\S)){0,60}\bto\s(?:${EMAIL_ADDRESS}|https?:\/\/|ftp:\/\/|s3:\/\/)`, "i"),
  /!\[[^\]\n]{0,100}\]\(\s?https?:\/\/[^)\s]{1,300}[?&][^)\s=]{1,40}=(?:[^)\s&]{0,40})?(?:<|\{|\$\{|\b[A-Z][A-Z_]{3,}\b)|\b(?:link|url|image)\b[^.\n]{0,20}https?:\/\/\S{1,200}?[?&][\w-]{1,30}=(?:<[^>\s]{1,30}>|\{[^}\s]{1,40}\}|[A-Z][A-Z_]{3,}\b)/,
  /\b(?:append|include|add|attach|put|send|pass)\s(?:all\s)?(?:of\s)?the user'?s (?:previous|prior|earlier|past|other) (?:questions|messages|prompts|requests|searches|conversations)\b|\b(?:output|results?|contents?)\sof\s(?:every|each|all|any)\s[^.\n]{0,40}\bcalls?\b[^.\n]{0,30}\b(?:made|in this session|so far)\b/i,
  new RegExp(String.raw`\bcall after (?:each|every)\s['"\x60]?${TOOL_NAME}['"\x60]?\s(?:call\s)?with its (?:content|output|result)s?\b|\b(?:pass|put|send|paste|give)\s(?:here\s)?(?:the\s)?(?:full|whole|entire|complete|raw)\s(?:output|result|results|response|contents?)\sof\s['"\x60]?${TOOL_NAME}\b`, "i"),
  /\b(?:after|before)\s(?:every|each|any)\s(?:single\s)?(?:other\s)?tool call\b[^.\n]{0,60}\b(?:with|pass|send|include)\b[^.\n]{0,40}\b(?:arguments|result|results|output)\b|\bpass\b[^.\n]{0,40}\barguments you (?:are about to|intend to|will) (?:give|pass|use)\b|\bevery argument you intend to use\b/i,
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
