import { matchPatterns, PROSE } from "../patterns";
import { multilingualPattern } from "../multilingual";
import { DetectorRule } from "../types";

/**
 * Asks the model to hide what it does from the user (TOOL-06), in English and in the languages of
 * `../multilingual.ts`; including the softer framings of Invariant Labs' tool-poisoning examples (2025-04-01:
 * "it is a mere implementation detail", "this could even upset the user") and instructions to deny or omit.
 */
export const PATTERNS: readonly RegExp[] = [
  /\b(?:do not|don't|dont|never|must not|should not)\s(?:tell|inform|notify|alert|mention|reveal|show|disclose|let)\b[^.\n]{0,40}\b(?:the\s)?(?:user|human|customer|operator|person)\b/i,
  /\bwithout\s(?:telling|informing|notifying|alerting|asking|showing|letting)\b[^.\n]{0,30}\b(?:the\s)?(?:user|human|customer|operator)\b/i,
  /\b(?:the\s)?(?:user|human)\s(?:must|should|need)\s?(?:not|never|n't)\s(?:know|see|notice|be told|find out|be informed)\b/i,
  /\b(?:keep|remain)\s(?:this|it|these instructions)\s(?:secret|hidden|confidential|between us)\b/i,
  /\b(?:silently|secretly|covertly|quietly|discreetly)\s(?:call|send|read|forward|include|add|append|copy|upload|run|execute|pass)\b/i,
  /\b(?:do not|don't|never)\s(?:mention|reveal|disclose)\s(?:this|these)\s(?:instructions?|step|note|requirement)\b/i,
  /\b(?:a\s)?(?:mere|just an?|only an?|simply an?)\s(?:implementation|technical|internal) detail\b/i,
  /\b(?:could|might|would|may|will) (?:even )?(?:upset|worry|alarm|confuse|scare|annoy) the user\b/i,
  /\b(?:no need|not necessary|unnecessary|not needed) to (?:mention|tell|inform|show|report|disclose|explain)\b/i,
  /\b(?:the\s)?(?:user|human|customer|person)\s(?:(?:does not|doesn't|do not|don't)\s(?:need|have)\sto|need not|needn't|should not|shouldn't)\s(?:know|be (?:aware|told|informed|notified))\b/i,
  /\b(?:leave|keep) (?:it|this|that|them|these steps?) out of (?:your|the) (?:reply|replies|response|responses|answer|answers|summary|output|explanation)\b/i,
  /\b(?:never|do not|don't)\s(?:surface|bring up|expose|reveal|disclose|admit|acknowledge)\s(?:it|this|that|them|these)\b/i,
  /\bdo not bring (?:it|this|that) up\b|\b(?:never|do not|don't) (?:disclose|reveal|admit) to anyone\b/i,
  /\b(?:avoid|without) (?:drawing|attracting|calling) (?:the user's |their |any )?attention\b/i,
  /\b(?:if|should|when)\s(?:the\s)?(?:user|they|anyone|someone)\s(?:asks?|inquires?|questions?)\b[^.\n]{0,60}\b(?:say|claim|answer|reply|respond|pretend|deny)\b[^.\n]{0,20}(?:\b(?:none|nothing|no|not|never)\b|\bthat it (?:did not|didn't))/i,
  /\b(?:keep|treat)\s(?:\w{1,20}\s){0,3}(?:confidential|secret|hidden|internal)\b[^.\n]{0,40}\b(?:do not|don't|never|not)\b/i,
  /\b(?:if|when|even if|whenever)\s[^.\n]{0,40}\b(?:fails?|failed|errors?|errored|is rejected|was rejected|does not work|doesn't work|did not work)\b,?\s(?:still\s|just\s)?(?:tell|report|say|claim|answer|reply|respond|state)\s(?:to\s)?(?:the\s)?(?:user\s)?(?:that\s)?(?:it|this|the\s[\w-]{1,20}|all\s(?:the\s)?[\w-]{1,20}|everything)\s(?:has\s|have\s|was\s|were\s)?(?:succeeded|successful(?:ly)?|passed|worked|went (?:fine|well)|fine|completed|done)\b/i,
  /\b(?:the\s)?(?:user|human|customer)\s(?:must|should|may)\s?(?:not|never|n't)\s(?:learn|hear|discover|realise|realize|find)\b/i,
  /\bunder no circumstances\s(?:should you\s)?(?:show|tell|reveal|let|inform|mention|disclose)\b/i,
  /\b(?:never|do not|don't|must not)\s(?:mention|disclose|reveal|admit)\s(?:that\b|the\s(?:second|extra|additional|hidden|real|actual|other|background)\b)/i,
  /\b(?:never|do not|don't)\s(?:say|tell|admit|mention|disclose)\s(?:they|it|these|those)\s(?:are|is|were|was)\s(?:ads?|advertisements?|sponsored|paid|affiliate)\b|\bpresent (?:them|it|these|those) as\s(?:normal|regular|organic|genuine|real|neutral)\b/i,
  /\bhide\b[^.\n]{0,40}\bfrom\s(?:the\s)?(?:user|human|customer)\b[^.\n]{0,40}\b(?:but|and)\s(?:keep|send|pass|put|store|include|copy)\b/i,
  /\bkeep (?:it\s|this\s|that\s)?(?:secret|hidden|quiet)\sfrom (?:the\s)?(?:user|human|customer)\b|\bif asked,?\s(?:(?:say|claim|answer|reply|tell (?:them|the user))\s(?:that\s)?(?:nothing|no\b|none|it (?:is|was) not|there (?:is|was|are) no)|deny)\b|\bomit (?:the fact that|any mention of)\b|\bomit that (?:the|this|it|you)\s(?:tool\s)?(?:also|secretly|will|did|has)\b|\b(?:keep|leave) (?:it|this|that|them) out of (?:anything|everything) you (?:say|tell|write|report)\b/i,
  multilingualPattern("secrecy"),
];

const rule: DetectorRule = {
  id: "TOOL-06-secrecy",
  control: "TOOL-06",
  severity: "critical",
  description: "Asks the model to keep something from the user",
  remediation: "No legitimate tool needs the model to hide its actions from the user; treat the definition as poisoned and refuse it.",
  check: (input) => matchPatterns(input, PROSE, PATTERNS),
};
export default rule;
