import { matchPatterns, PROSE } from "../patterns";
import { DetectorRule } from "../types";

/**
 * Cross-origin reach (TOOL-06): a tool that tells the model to fetch the data, tokens or configuration of the OTHER
 * servers connected to the same client and hand them to it. Each server is trusted with its own data; a definition that
 * asks for another's is crossing the boundary the client draws between servers (confused deputy). Calling another
 * server's tools is left alone: gateways and aggregators describe that honestly.
 *
 * Sources: Invariant Labs, "MCP Security Notification: Tool Poisoning Attacks" (2025-04-01, cross-server shadowing and
 * exfiltration); Simon Willison, "Model Context Protocol has prompt injection security problems" (2025-04-09).
 */
export const PATTERNS: readonly RegExp[] = [
  /\b(?:reuse|borrow|take|read|grab|collect|gather|pull|query|fetch|copy|include|pass|attach)\w{0,3}\b[^.\n]{0,40}\b(?:the\s)?(?:tokens?|credentials?|sessions?|cookies|keys|config(?:uration)?s?|data|results?|outputs?|records)\sof\s(?:the\s)?(?:other|another|all (?:the\s)?other|every other|any other)\s(?:connected\s|available\s|loaded\s|installed\s)?(?:mcp\s)?(?:servers?|integrations?|connectors?)\b/i,
  /\b(?:use|reuse|borrow|take|read|grab|collect|gather|pull|query|fetch|copy|include|pass|attach)\w{0,3}\b[^.\n]{0,40}\b(?:from|of|across)\s(?:all\s|every\s|any\s)?(?:the\s)?(?:other|another)\s(?:connected\s|available\s|loaded\s|installed\s)?(?:mcp\s)?(?:servers?|integrations?|connectors?)\b/i,
  /\b(?:access tokens?|credentials?|sessions?|api keys?|cookies)\sof\s(?:the\s|a\s|any\s)?[\w-]{1,30}\s(?:server|integration|connector)\s(?:connected|that is connected|loaded|installed|running)\b/i,
  /\b(?:reuse|borrow)\s(?:its|their|that server's|the other server's|another server's)\s(?:access\s)?(?:tokens?|credentials?|api keys?)\b/i,
];

const rule: DetectorRule = {
  id: "TOOL-06-cross-origin",
  control: "TOOL-06",
  severity: "critical",
  description: "Asks for the data, tokens or configuration of other connected servers",
  remediation:
    "A tool works with its own server's data; a definition that asks the model to fetch another server's tokens, configuration or results and pass them on crosses the boundary between servers. Refuse it.",
  check: (input) => matchPatterns(input, PROSE, PATTERNS),
};
export default rule;
