import { matchPatterns, PROSE, SELF_FIRST, SELF_FIRST_SENTENCE, SELF_FIRST_WITH_FIRST } from "../patterns";
import { DetectorRule } from "../types";

/**
 * Line jumping (TOOL-06): text that puts the tool, or its instructions, ahead of every request, including requests that
 * have nothing to do with the tool. A definition is in the model's context before any call, so "before using any other
 * tool", "for every request", "even without calling this tool" or "as the first step, before answering" take effect
 * without the tool ever running. Ordering inside the tool's own workflow ("call list_projects first to get the ID") is
 * `TOOL-06-usage-directive`'s, not this; so is a tool that says only that it must be called before any other (a connect
 * or sign-in tool: "Must be called before using any other tools.").
 *
 * Sources: Trail of Bits, "Jumping the line: How MCP servers can attack you before you ever use them" (2025-04-21);
 * Invariant Labs, "MCP Security Notification: Tool Poisoning Attacks" (2025-04-01).
 */
export const PATTERNS: readonly RegExp[] = [
  new RegExp(
    String.raw`(?!${SELF_FIRST})\b(?:before|prior to)\s(?:using|calling|invoking|running|executing|answering|responding to|replying to|handling|doing)\s(?:any|every|each|all)\s(?:other\s)?(?:tools?|functions?|requests?|questions?|tasks?|quer(?:y|ies)|actions?|commands?|prompts?|messages?)\b`,
    "i",
  ),
  /\bbefore\s(?:ask(?:ing)?|provid(?:e|ing)|giv(?:e|ing)|writ(?:e|ing)|produc(?:e|ing)|generat(?:e|ing))\s(?:any|clarifying|a single)\s(?:\w{1,20}\s)?(?:questions?|content|answers?|responses?|output|code|text)\b/i,
  /\b(?:for|on|with|at the (?:start|beginning) of)\s(?:every|each|all|any)\s(?:single\s)?(?:user\s)?(?:requests?|questions?|quer(?:y|ies)|prompts?|tasks?|messages?|conversations?|turns?|interactions?)\b[^.\n]{0,60}\b(?:must|always|first|call|use|consult|invoke|apply|follow)\b/i,
  /\b(?:always|must)\s(?:first\s)?(?:call|use|consult|run|invoke|check)\s(?:this|the \w{1,30})\s(?:tool|function)\b[^.\n]{0,40}\b(?:for|before|on|with)\s(?:every|each|all|any)\s(?:\w{1,20}\s)?(?:requests?|questions?|quer(?:y|ies)|prompts?|tasks?|messages?|responses?|answers?)\b/i,
  new RegExp(String.raw`(?!${SELF_FIRST_SENTENCE})\b(?:this|the)\s(?:tool|function)\s(?:must|should|has to|needs to)\s(?:always\s)?(?:be\s)?(?:called|used|invoked|run|consulted)\s(?:first|before)\b[^.\n]{0,40}\b(?:any|every|all|other)\b`, "i"),
  /\b(?:regardless|irrespective)\sof\s(?:what|which|whether)\s(?:the\s)?(?:user|request|task|question|query)\b/i,
  /\beven\s(?:without|when not|if you (?:do not|don't))\s(?:calling|call|using|use|invoking|invoke)\s(?:this|the)\s(?:tool|function)\b/i,
  /\bas\s(?:the|your)\s(?:very\s)?first\s(?:step|action|thing)\b[^.\n]{0,60}\b(?:before|every|any|always|regardless)\b/i,
  /\b(?:these|the following|this tool's|its)\s(?:instructions|rules|requirements)\s(?:apply|applies)\sto\s(?:all|every|any)\b/i,
  new RegExp(String.raw`\buse (?:it |this(?: tool)? )?before (?:all|any) other (?:[\w-]{1,20}\s)?(?:tools?|servers?)\b|(?!${SELF_FIRST_WITH_FIRST})\b(?:first|always),?\s(?:\w{1,20}\s){0,3}before any other tools?\b`, "i"),
];

const rule: DetectorRule = {
  id: "TOOL-06-line-jumping",
  control: "TOOL-06",
  severity: "critical",
  description: "Puts the tool or its instructions ahead of every request (line jumping)",
  remediation:
    "A definition reaches the model before any call, so an order that applies to every request or to other tools acts without the tool running. Refuse the definition; a tool's text may order steps inside its own workflow, not the model's whole session.",
  check: (input) => matchPatterns(input, PROSE, PATTERNS),
};
export default rule;
