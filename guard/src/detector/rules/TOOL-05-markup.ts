import { matchPatterns, ALL_FIELDS } from "../patterns";
import { DetectorRule } from "../types";

/**
 * Inert HTML markup (TOOL-05): formatting and media elements and comments (a remote image in a rendered view is
 * `TOOL-05-markdown-link`'s concern as much as this one's). They do not run, but a rendered view shows other text
 * than the model reads (a comment disappears), so a reviewer should see them; what they contain is read by the
 * TOOL-06 rules like any other text. Placeholders such as `<name>` or `<repo>` are not elements; active content is
 * `TOOL-05-html`'s.
 */
const PATTERNS: readonly RegExp[] = [
  /(?<![\w<])<\/?(?:a|abbr|b|big|blockquote|body|br|center|code|details|div|em|font|h[1-6]|head|hr|html|i|img|image|kbd|li|mark|ol|p|pre|s|section|small|span|strong|sub|summary|sup|table|tbody|td|th|thead|tr|tt|u|ul|video|audio|source)(?=[\s/>])[^<>\n]{0,200}>/i,
  /<!--/,
];

const rule: DetectorRule = {
  id: "TOOL-05-markup",
  control: "TOOL-05",
  severity: "medium",
  description: "HTML markup or comment in the definition",
  remediation:
    "Rendered, the markup shows a reviewer other text than the model reads (comments vanish). Read the raw text; ask the server's authors for plain text.",
  check: (input) => matchPatterns(input, ALL_FIELDS, PATTERNS),
};
export default rule;
