import { matchPatterns, PROSE } from "../patterns";
import { multilingualPattern } from "../multilingual";
import { DetectorRule } from "../types";

/** Directives addressed to the model rather than descriptions of the tool (TOOL-06), in English and in the languages of `../multilingual.ts`. */
export const PATTERNS: readonly RegExp[] = [
  /\b(?:ignore|disregard|forget|override|bypass)\s(?:all\s|any\s|the\s|your\s)?(?:previous|prior|above|earlier|other|existing|system|safety)?\s?(?:instructions?|prompts?|rules|guidelines|tool descriptions?|safeguards|restrictions|checks)\b/i,
  /<\/?(?:important|information|instructions?|system|secret|hidden|admin)>/i,
  /\[(?:important|system|instructions?|admin)\]/i,
  /\b(?:before|after|prior to|whenever|every time)\s(?:using|calling|invoking|executing|you use|you call|answering|responding)\b[^.\n]{0,60}\b(?:you\s)?(?:must|should|need to|have to|always|first)\b/i,
  /\byou\s(?:must|should|are required to|need to|have to)\s(?:always\s|first\s)?(?:call|use|invoke|run|execute|read|send|include|pass|add|append|ignore|forward|return)\b/i,
  /\b(?:assistant|ai|model|llm|agent|claude|chatgpt|gpt)\s(?:must|should|is required to|needs to)\s(?:always\s)?(?:call|use|invoke|run|read|send|include|pass|ignore|forward)\b/i,
  /\b(?:system prompt|system message|new instructions?|updated instructions?|your (?:real|true|actual) (?:task|instructions?|goal))\b/i,
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
