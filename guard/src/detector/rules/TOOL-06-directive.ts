import { matchPatterns, PROSE } from "../patterns";
import { multilingualPattern } from "../multilingual";
import { DetectorRule } from "../types";

/**
 * Directives that take over the model (TOOL-06), in English and in the languages of `../multilingual.ts`: orders to
 * ignore its instructions, pseudo-tags and shouted labels that frame text as system instructions or overrides
 * ("[SYSTEM DIRECTIVE]:", "OVERRIDE:", a line opening "SYSTEM:", "[IMPORTANT]" unless usage guidance follows it: "To
 * search by name, ...", "If ...", "ALWAYS use when you have IDs"), requests for its system prompt,
 * messages that speak as the user, chat-template tokens. Ordinary usage guidance ("you must pass confirm=true", "call
 * list_projects first") is `TOOL-06-usage-directive`'s; an order that puts the tool before every request is
 * `TOOL-06-line-jumping`'s.
 */
export const PATTERNS: readonly RegExp[] = [
  /\b(?:ignore|disregard|forget|override|bypass)\s(?:all\s|any\s|the\s|your\s)?(?:(?:previous|prior|above|earlier|other|existing|system|safety|security)\s){0,2}(?:instructions?|prompts?|rules|guidelines|tool descriptions?|safeguards|restrictions|checks)\b/i,
  /(?<![\w/])<\/?(?:important|information|instructions?|system|secret|hidden|admin)>(?!\/)/i,
  /\[(?:system|instructions?|admin)\]|\[important\](?!:?\s{1,3}(?:(?:to|for|if|when)\s|always use (?:it |this )?when\b))/i,
  /\b(?:reveal|print|show|output|repeat|leak|override|replace|ignore|disregard|rewrite)\s(?:the\s|your\s|its\s)?(?:system prompt|system message|hidden instructions)\b|\b(?:text|contents?|copy|wording) of (?:your|the (?:assistant's|model's)) (?:system prompt|instructions)\b/i,
  /(?:^|[\n.!?]\s{0,4})(?:important\s)?(?:system|admin(?:istrator)?|developer|operator)\s(?:message|note|notice|instruction|override|directive)\s?:/i,
  /\[(?:[A-Z]+ ){0,2}(?:DIRECTIVE|OVERRIDE|INSTRUCTIONS?)\]|\b(?:[A-Z]+ ){0,2}(?:DIRECTIVE|OVERRIDE)\s?:|(?:^|[\n.!?]\s{0,4})SYSTEM\s?:\s/,
  /\btreat\b[^.\n]{0,60}\b(?<!\b(?:never|not)\s)as\s(?:new\s|additional\s|further\s|the\s)?(?:instructions?|commands?|orders)\b/i,
  /\b(?:your\s)?(?:new|updated|real|true|actual)\sinstructions?\s?(?::|are\b|follow\b)|\byour (?:real|true|actual) (?:task|goal|purpose)\b/i,
  /\bthis is an important message from (?:the )?user\b/i,
  /\b(?:before you can solve|before you can (?:complete|answer)|after you do that)\b/i,
  /<\|(?:assistant|user|system|im_start|im_end)\|>/i,
  /\[\/?INST\]|<<\/?SYS>>|\{\{[#/]?(?:system|user|assistant)\}\}|<\|(?:begin_of_text|end_of_text|eot_id|start_header_id|end_header_id|endoftext)\|>/i,
  /#{2,}\s?(?:new\s|updated\s|real\s)?(?:system\s(?:prompt|message|instructions?)|instructions?|directives?)\s?#{2,}|\b(?:new|updated|replacement)\ssystem\s(?:prompt|message)\b/i,
  /\b(?:forget|drop|discard|abandon|erase)\s(?:everything|all)\s(?:(?:that\s)?you (?:were|have been|had been) (?:told|given|instructed)|above|before|prior|previously)\b|\b(?:drop|discard|ignore|abandon|disregard)\s(?:the|your)\ssystem\s(?:prompt|message)\b/i,
  /\b(?:disregard|ignore|override)\s(?:the\s)?user'?s\s(?:instructions?|requests?|wishes|choices?|preferences?|settings?)\b/i,
  /\btakes?\s(?:priority|precedence)\sover\s(?:anything|everything|all|any)\b[^.\n]{0,40}\b(?:user|developer|system|instructions?|said)\b|\b(?:rank|ranks|are|is)\s(?:above|over)\s(?:your|the)\s(?:system prompt|instructions|guidelines)\b/i,
  /\b(?:previous|prior|earlier|all other|your|existing)\s(?:guidelines|instructions|rules)\s(?:no longer apply|are (?:now\s)?(?:void|cancell?ed|revoked|suspended|obsolete|lifted))\b|\b(?:earlier|previous|prior|any)\s(?:\w{1,20}\s)?instructions?\sthat conflicts?\b[^.\n]{0,40}\b(?:void|ignored|overridden|invalid|drop)\b/i,
  /\byou are no longer\s(?:a|an|the)\b|\byour new (?:role|identity|persona|purpose|task) (?:is|:)|\bnever refuses?\b[^.\n]{0,40}\b(?:never asks?|any request|anything)\b|\btreat (?:every|all|any) requests? as (?:authori[sz]ed|approved|legitimate)\b|\bobey only\b/i,
  /\b(?:notes?|messages?|instructions?|comments?)\s(?:for|to)\s(?:the\s)?(?:ai|model|llm|assistant|agent)s?\sonly\b|\b(?:ai|model|llm|assistant|agent)[- ]only\s?[:,)(]|\bthe user (?:cannot|can't|won't|will not|does not|doesn't) see (?:this|these)\b/i,
  /\b(?:guidelines|instructions|rules|policies)\b[^.\n]{0,60}\bno longer apply\b|\binstructions\b[^.\n]{0,60}\b(?:are|is) (?:now )?(?:void|null and void|invalid|revoked|suspended)\b|\bsupersedes?\s(?:your|all your|any of your)\s(?:prior|previous|earlier|existing|other)\b/i,
  /\bstop following\s(?:the\s)?(?:user'?s|your|system|previous|operator'?s|developer'?s)\b|\bobey any instructions?\b|\b(?:carry (?:it|them|this) out|execute (?:it|them)) as (?:commands|instructions)\b|\btreat\b[^.\n]{0,60}\bas (?:coming from|sent by|from) the system\b/i,
  /<!--\s{0,3}(?:ai|assistant|model|llm|agent|claude|gpt|system|note to (?:the )?(?:ai|assistant|model))\s?:|\[\[\s?(?:ai|assistant|model|llm|agent|system)[_\s-]?(?:note|instructions?|directive|msg|message)?\s?:/i,
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
