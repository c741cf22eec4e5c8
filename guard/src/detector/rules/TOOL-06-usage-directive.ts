import { multilingualPattern } from "../multilingual";
import { matchPatterns, PROSE, SELF_FIRST } from "../patterns";
import { DetectorRule } from "../types";

/**
 * Usage directives to the model (TOOL-06), in English and in the languages of `../multilingual.ts`: "you must call",
 * "before using this tool, ...", "the assistant should", and a tool that says it must be called before any other.
 * Real servers use them for their own workflow ("You MUST pass confirm=true", "call resolve_library_id first"), so
 * they are reported for the reviewer, not blocking; the directives that take the model over are
 * `TOOL-06-directive`'s, and orders that reach beyond the tool `TOOL-06-line-jumping`'s and `TOOL-06-shadowing`'s.
 */
export const PATTERNS: readonly RegExp[] = [
  /\b(?:before|after|prior to|whenever|every time)\s(?:using|calling|invoking|executing|you use|you call|answering|responding)\b[^.\n]{0,60}\b(?:you\s)?(?:must|should|need to|have to|always|first)\b/i,
  /\byou\s(?:must|should|are required to|need to|have to)\s(?:always\s|first\s)?(?:call|use|invoke|run|execute|read|send|include|pass|add|append|ignore|forward|return)\b/i,
  /\b(?:assistant|ai|model|llm|agent|claude|chatgpt|gpt)\s(?:must|should|is required to|needs to)\s(?:always\s)?(?:call|use|invoke|run|read|send|include|pass|ignore|forward)\b/i,
  new RegExp(SELF_FIRST, "i"),
  multilingualPattern("usage"),
];

const rule: DetectorRule = {
  id: "TOOL-06-usage-directive",
  control: "TOOL-06",
  severity: "medium",
  description: "Tells the model how to use the tool",
  remediation:
    "Check that the quoted directive only orders steps of this tool's own workflow; if it reaches other tools, the user's data or every request, refuse the definition.",
  check: (input) => matchPatterns(input, PROSE, PATTERNS),
};
export default rule;
