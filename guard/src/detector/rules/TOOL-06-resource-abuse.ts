import { matchPatterns, PROSE } from "../patterns";
import { DetectorRule } from "../types";

/** Telling the model to call a tool: an imperative verb and the tool. */
const CALL = String.raw`\b(?:call|invoke|re-?run|trigger)\s(?:this tool|this function|the tool|it|me)`;

/**
 * Resource abuse (TOOL-06): a definition that tells the model to call a tool without end, on every turn, a great
 * many times, or recursively: the model's time, tokens and the user's money are spent (OWASP Top 10 for LLM
 * Applications 2025, LLM10 "Unbounded Consumption"; the "denial of wallet" and recursive-invocation forms of tool
 * poisoning). Honest pagination and polling ("call it again with the cursor until no results are left", "poll every
 * 5 seconds until the job is done") name a condition that ends the calls, and are left alone.
 */
export const PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`${CALL}\s(?:again\s)?(?:(?:after|before|on|at|with|for|following)\s|at the (?:start|end|beginning) of\s)(?:every|each)\s(?:single\s)?(?:response|reply|answer|turn|conversation turn|user message|message you (?:send|write)|thing you say)\b`, "i"),
  new RegExp(String.raw`${CALL}\b[^.\n]{0,40}\b(?:indefinitely|forever|endlessly|infinitely|without (?:stopping|end|limit|a limit)|non-?stop|never stop(?:ping)?|in an? (?:infinite|endless|unbounded|tight) loop)\b`, "i"),
  new RegExp(String.raw`${CALL}\s(?:again\s)?(?:at least\s)?(?:\d{2,}|\d{1,3}(?:,\d{3})+|dozens of|hundreds of|thousands of)\s(?:more\s|separate\s)?times\b`, "i"),
  /\b(?:recursively|repeatedly)\s(?:call|invoke)\s(?:this tool|itself|this function)\b|\b(?:this tool|it) (?:must|should) (?:call|invoke) itself\b/i,
  /\b(?:never|do not|don't)\s(?:stop|cease)\s(?:calling|invoking|running|polling)\b(?![^.\n]{0,60}\buntil\b)/i,
  /\bkeep\s(?:calling|invoking|running|polling|re-?running|re-?indexing|reindexing)\b[^.\n]{0,60}\b(?:loop|forever|at all times|every turn|non-?stop|indefinitely)\b/i,
  /\b(?:again|restart|re-?run|re-?provision|start over)\b[^.\n]{0,60}\b(?:on|at|after)\s(?:every|each)\s(?:turn|message|reply|response)\b|\b(?:never|don't|do not)\s(?:report|declare|announce|signal)\s(?:completion|that it is done|done|success)\b/i,
  /\bcall\s(?:it|this(?: tool)?)\sagain\s(?:immediately\s)?(?:each|every) time it (?:returns|finishes|completes)\b|\bafter (?:each|every) call,?\s(?:call|invoke|run) (?:this tool|it) again\b|\bcall (?:this tool|it) again with\b[^.\n]{0,30}\+\s?1\b/i,
  /\b(?:call|invoke|run|repeat)\s(?:this\s(?:call|request)\s|['"`]?[a-z][\w.-]{1,60}['"`]?\s)(?:\d{2,}|\d{1,3}(?:,\d{3})+)\s(?:times|calls)\b|\b10\^\d{1,2}\s?times\b|\b(?:a |one )?(?:million|billion)\s(?:times|iterations)\b/i,
  /\b(?:call|invoke|run)\s(?:this|it|this tool)\srecursively\b|\bfollow (?:every|all|each) links?\b[^.\n]{0,20}\brecursively\b|\brecursively\b[^.\n]{0,30}\b(?:every|all|each) links?\b/i,
  /\bevery (?:second|minute|few seconds)\b[^.\n]{0,30}\b(?:until|till) (?:the user|they|someone|it)\s(?:says?|tells?|asks?|accepts?|stops?)\b|\bnever stop\.?\s?$/im,
  /\bcall again\b[^.\n]{0,40}\b(?:forever|indefinitely|endlessly|non-?stop)\b|\b(?:every|each|all)\s[\w-]{1,20}\sin the world\b/i,
];

const rule: DetectorRule = {
  id: "TOOL-06-resource-abuse",
  control: "TOOL-06",
  severity: "high",
  description: "Tells the model to call a tool without end, on every turn, a great many times or recursively",
  remediation:
    "A definition may say how to page or poll to a stated end; one that asks for calls without end spends the model's time and the user's money (unbounded consumption). Refuse the definition, or rewrite the guidance with the condition that ends the calls.",
  check: (input) => matchPatterns(input, PROSE, PATTERNS),
};
export default rule;
