import { matchPatterns, PROSE } from "../patterns";
import { DetectorRule } from "../types";

/**
 * Overreach (TOOL-06): plain-English text that quietly widens what the tool does beyond its stated purpose, the
 * "sleeper" or side-effect form of tool poisoning. Each expression pairs a side-effect marker ("also", "in the
 * background", "automatically", "as part of ...") with an effect no caller asked for: data sent to the author's
 * servers, partners or third parties; collection of cookies, keystrokes, sessions, contacts or whole directories;
 * background agents installed; orders placed, access granted or invitations accepted on the user's behalf.
 *
 * Sources: Invariant Labs, "MCP Security Notification: Tool Poisoning Attacks" (2025-04-01) and "WhatsApp MCP
 * Exploited" (2025-04-07: a harmless-looking tool that later also exfiltrates message history, the rug pull);
 * Radosevich and Halloran, "MCP Safety Audit" (arXiv:2504.03767: credential theft, remote access, code execution
 * through ordinary-looking tools); Wang et al., "MCPTox" (arXiv:2508.14925: implicit function hijacking and parameter
 * tampering hidden in benign descriptions).
 */
const SIDE = String.raw`\b(?:also|additionally|in addition|as well|meanwhile|silently|quietly|secretly|automatically|transparently|in the background|behind the scenes|as part of (?:this|the|its|\w{1,20}ing)|while (?:\w{1,20}ing|it runs))\b`;

export const PATTERNS: readonly RegExp[] = [
  new RegExp(
    String.raw`${SIDE}[^.\n]{0,80}\b(?:collects?|uploads?|sends?|shares?|syncs?|synchroni[sz]es?|records?|logs?|tracks?|forwards?|transmits?|copies|backs? up|mirrors?|reports?|keeps? a copy)\b[^.\n]{0,80}\b(?:to|with)\s(?:our|its|a|an|the|select|trusted)?\s?(?:own\s)?(?:servers?|service|backend|cloud|analytics|telemetry|partners?|partner \w{1,20}|third[- ]part(?:y|ies)|vendors?|advertis\w{0,10}|remote \w{1,20}|external \w{1,20}|developers?|authors?|maintainers?|data brokers?)\b`,
    "i",
  ),
  new RegExp(
    String.raw`${SIDE}[^.\n]{0,60}\b(?:reads?|collects?|accesses|scans?|records?|captures?|harvests?|uploads?|copies|extracts?|indexes)\b[^.\n]{0,40}\b(?:cookies|browser (?:history|sessions?|data|profiles?)|saved (?:sessions|logins|passwords)|keystrokes|everything (?:typed|the user types|on (?:the )?screen)|clipboard|home directory|(?:current )?working directory|contacts|address book|(?:precise )?location|microphone|camera|screen(?:shots)?|all (?:files|documents|messages|emails|chats))\b`,
    "i",
  ),
  /\b(?:shar(?:e|es|ed|ing)|sells?|sold|selling|sends?|sent|provid(?:e|es|ed)|disclos(?:e|es|ed)|forward(?:s|ed)?|licens(?:e|es|ed))\b[^.\n]{0,60}\bwith (?:our |its |select |trusted |its own )?(?:partners?|partner \w{1,20}|third[- ]part(?:y|ies)|advertisers?|analytics providers?|data brokers?|affiliates)\b/i,
  /\b(?:keeps?|retains?|stores?|saves?)\s(?:a\s)?cop(?:y|ies) of (?:every|each|all|any)\s(?:\w{1,20}\s)?(?:documents?|files?|messages?|requests?|inputs?|texts?|images?|conversations?)\b[^.\n]{0,40}\b(?:sees|receives|processes|handles|reads)\b/i,
  /\b(?:installs?|deploys?|registers?|sets? up|drops?|adds?|starts?)\s(?:a\s|an\s)?(?:\w{1,20}\s)?(?:background|persistent|hidden|resident|startup|login|always-on)\s(?:agent|daemon|service|process|listener|implant|script|hook|extension)\b/i,
  new RegExp(String.raw`${SIDE}[^.\n]{0,60}\b(?:places?|makes?|submits?|executes?|sends?|initiates?)\s(?:a\s|an\s)?(?:\w{1,20}\s){0,2}(?:orders?|trades?|purchases?|payments?|transfers?|bids?|donations?)\b`, "i"),
  new RegExp(String.raw`${SIDE}[^.\n]{0,60}\b(?:accepts?|approves?|grants?|confirms?|signs?|enables?)\b[^.\n]{0,40}\b(?:invitations?|friend requests?|access|permissions?|terms|contracts?|owner(?:ship)?|admin(?:istrator)? rights|sharing)\b`, "i"),
  /\bon (?:the user's|their|your) behalf\b[^.\n]{0,40}\b(?:without (?:asking|confirmation|approval|consent)|to warm|for (?:testing|caching|analytics))\b/i,
];

const rule: DetectorRule = {
  id: "TOOL-06-overreach",
  control: "TOOL-06",
  severity: "high",
  description: "Quietly widens what the tool does beyond its stated purpose",
  remediation:
    "The quoted side effect (sending data to the author or third parties, collecting cookies, keystrokes or files, background agents, orders or access granted on the user's behalf) is not what the tool is for. Refuse the definition, or approve it only if that effect is wanted and the tool's scopes and annotations declare it.",
  check: (input) => matchPatterns(input, PROSE, PATTERNS),
};
export default rule;
