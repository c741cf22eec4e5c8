import { matchPatterns, ALL_FIELDS } from "../patterns";
import { DetectorRule } from "../types";

/** Markdown links and images (TOOL-05): a rendered image fetches its URL, a link hides its target. */
const PATTERNS: readonly RegExp[] = [
  /!?\[[^\]\n]{0,200}\]\(\s?[^)\s]{1,500}(?:\s"[^"\n]{0,100}")?\s?\)/,
  /^\s{0,3}\[[^\]\n]{1,100}\]:\s?\S{1,500}/m,
];

const rule: DetectorRule = {
  id: "TOOL-05-markdown-link",
  control: "TOOL-05",
  severity: "medium",
  description: "Markdown link or image in the definition",
  remediation:
    "A markdown image is fetched when rendered (an exfiltration channel: data in its URL) and a link hides where it points; write URLs out plainly if the tool must name one.",
  check: (input) => matchPatterns(input, ALL_FIELDS, PATTERNS),
};
export default rule;
