import { matchPatterns, PROSE } from "../patterns";
import { multilingualPattern } from "../multilingual";
import { DetectorRule } from "../types";

/**
 * Directives that take over the model (TOOL-06), in English and in the languages of `../multilingual.ts`: orders to
 * ignore its instructions, pseudo-tags and shouted labels that frame text as system instructions or overrides
 * ("[SYSTEM DIRECTIVE]:", "OVERRIDE:", a line opening "SYSTEM:"), requests for its system prompt,
 * messages that speak as the user, chat-template tokens. Ordinary usage guidance ("you must pass confirm=true", "call
 * list_projects first") is `TOOL-06-usage-directive`'s; an order that puts the tool before every request is
 * `TOOL-06-line-jumping`'s.
 */
export const PATTERNS: readonly RegExp[] = [
  /\b(?:ignore|disregard|forget|override|bypass)\s(?:all\s|any\s|the\s|your\s)?(?:(?:previous|prior|above|earlier|other|existing|system|safety|security)\s){0,2}(?:instructions?|prompts?|rules|guidelines|tool descriptions?|safeguards|restrictions|checks)\b/i,
  /(?<![\w/])<\/?(?:important|information|instructions?|system|secret|hidden|admin)>(?!\/)/i,
  /\[(?:important|system|instructions?|admin)\]/i,
  /\b(?:reveal|print|show|output|repeat|leak|override|replace|ignore|disregard|rewrite)\s(?:the\s|your\s|its\s)?(?:system prompt|system message|hidden instructions)\b|\b(?:text|contents?|copy|wording) of (?:your|the (?:assistant's|model's)) (?:system prompt|instructions)\b/i,
  /(?:^|[\n.!?]\s{0,4})(?:important\s)?(?:system|admin(?:istrator)?|developer|operator)\s(?:message|note|notice|instruction|override|directive)\s?:/i,
  /\[(?:[A-Z]+ ){0,2}(?:DIRECTIVE|OVERRIDE|INSTRUCTIONS?)\]|\b(?:[A-Z]+ ){0,2}(?:DIRECTIVE|OVERRIDE)\s?:|(?:^|[\n.!?]\s{0,4})SYSTEM\s?:\s/,
  /\btreat\b[^.\n]{0,60}\bas\s(?:new\s|additional\s|further\s|the\s)?(?:instructions?|commands?|orders)\b/i,
  /\b(?:your\s)?(?:new|updated|real|true|actual)\sinstructions?\s?(?::|are\b|follow\b)|\byour (?:real|true|actual) (?:task|goal|purpose)\b/i,
  /\bthis is an important message from (?:the )?user\b/i,
  /\b(?:before you can solve|before you can (?:complete|answer)|after you do that)\b/i,
  /<\|(?:assistant|user|system|im_start|im_end)\|>/i,
  multilingualPattern("directive"),
];

const rule: DetectorRule = {
  id: "TOOL-06-directive",
  control: "TOOL-06",
  severity: "critical",
  description: "Directive to the model hidden in the definition",
  remediation:
    "A tool's text should say what the tool does, not tell the model what to do; remove the instruction, or refuse the server if it came from upstream.",
  check: (input) => matchPatterns(input, PROSE, PATTERNS),
};
export default rule;
