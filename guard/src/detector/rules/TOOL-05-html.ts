import { matchPatterns, ALL_FIELDS } from "../patterns";
import { DetectorRule } from "../types";

/**
 * HTML and active content (TOOL-05): tags, comments, `javascript:` and `data:` URLs, event handlers. A tag must start
 * a word (`Array<string>` is a type, not a tag).
 */
const PATTERNS: readonly RegExp[] = [
  /(?<![\w<])<\/?[A-Za-z][A-Za-z0-9-]{0,30}(?:\s[^<>\n]{0,200})?\/?>/,
  /<!--/,
  /\b(?:javascript|vbscript):/i,
  /\bdata:[a-z]{1,20}\/[\w.+-]{1,40}[;,]/i,
  /\bon(?:load|error|click|mouseover|focus)\s?=/i,
];

const rule: DetectorRule = {
  id: "TOOL-05-html",
  control: "TOOL-05",
  severity: "high",
  description: "HTML tag, comment or active content in the definition",
  remediation:
    "Tool text is shown to a model and sometimes rendered to people: tags hide text from reviewers and pseudo-tags like <IMPORTANT> are a known poisoning carrier. Use plain text.",
  check: (input) => matchPatterns(input, ALL_FIELDS, PATTERNS),
};
export default rule;
