import { matchPatterns, ALL_FIELDS, withoutCodeFences } from "../patterns";
import { DetectorRule } from "../types";

/**
 * Active or hiding HTML (TOOL-05): elements that run, embed or restyle content (`<script>`, `<iframe>`, `<object>`,
 * `<style>`, `<form>`, ...), `javascript:` and `data:` URLs, event handlers, and inline styles that hide text. A tag
 * must start a word (`Array<string>` is a type, not a tag) and not be quoted as code (`` `<object>` element``); "no
 * <style> tag" forbids one; a fenced code block is an example, shown as code when rendered; a `data:` URL whose payload
 * is an ellipsis (`data:image/png;base64,...`) names the format. Inert markup (`<div>`, `<b>`, comments) is
 * `TOOL-05-markup`'s, and a placeholder such as `<name>` is neither.
 */
const PATTERNS: readonly RegExp[] = [
  /(?=<)(?<![\w<`])(?<!\bno\s)<\/?(?:script|iframe|frame|frameset|object|embed|applet|style|link|meta|base|form|input|textarea|button|svg|math|template|noscript|portal)(?=[\s/>])[^<>\n]{0,200}>/i,
  /\b(?:javascript|vbscript):/i,
  /\bdata:[a-z]{1,20}\/[\w.+-]{1,40}[;,](?!(?:base64,)?(?:\.{3}|…))/i,
  /\bon(?:load|error|click|mouseover|focus)\s?=/i,
  /\bstyle\s?=\s?["'][^"'\n]{0,200}\b(?:display\s?:\s?none|visibility\s?:\s?hidden|font-size\s?:\s?0|opacity\s?:\s?0(?![.\d]))/i,
];

const rule: DetectorRule = {
  id: "TOOL-05-html",
  control: "TOOL-05",
  severity: "high",
  description: "Active or hiding HTML in the definition",
  remediation:
    "Tool text is shown to a model and sometimes rendered to people: scripts, embeds and hidden styles run code or hide text from reviewers. Refuse the definition, or use plain text.",
  check: (input) => matchPatterns(input, ALL_FIELDS, PATTERNS, withoutCodeFences),
};
export default rule;
