/**
 * The hand-written set G of the fifth blind set (`guard/model/blind5/g.json`; written as training data, kept blind: see its README), in the register of real MCP servers (FastMCP
 * docstrings with Args:/Returns: sections, TypeScript zod-style one-line descriptions with short parameter texts, long
 * multi-section Markdown descriptions, tools with a few parameters), is well formed: the shared checks of
 * `describeSetFile`, then its register: the three description styles are each a large share of the set and are spread
 * alike over both labels (the style says nothing about the label), tools have one to six parameters, most two to six,
 * and invisible characters are written as escapes. It reads the files only: it never runs or imports the detector.
 */
import * as fs from "fs";
import * as path from "path";
import { ATTACK_CLASSES, describeSetFile, evenClasses, SetTool } from "./support/mcp-tool-sets";

const BLIND5 = path.join(__dirname, "..", "guard", "model", "blind5");

/** The fifteen classes of the task and how many poisoned documents each has. */
const CLASS_COUNTS = evenClasses(8, [...ATTACK_CLASSES, "disclosed-overreach"]);

interface GTool extends SetTool {
  readonly description: string;
  readonly inputSchema: { readonly type: "object"; readonly properties: Record<string, { readonly description?: string }> };
}

const { raw: RAW, docs } = describeSetFile<GTool>({
  file: path.join(BLIND5, "g.json"),
  readme: path.join(BLIND5, "README.md"),
  letter: "g",
  cited: ["invariantlabs.ai", "trailofbits.com", "cyberark.com", "elastic.co", "genai.owasp.org", "unicode.org/reports/tr39"],
  author: "helper written-g, session 12, 2026-12-07, without reading the detector or any scanner's fixtures",
  classes: CLASS_COUNTS,
});

type Style = "docstring" | "markdown" | "one-line";

/** A description's style: a Python docstring with an `Args:` section, Markdown with headings, or a short zod-style text. */
function style(description: string): Style {
  if (/^Args:\n/m.test(description)) return "docstring";
  if (/^#{2,3} /m.test(description)) return "markdown";
  return "one-line";
}

test("style() tells the three registers apart (it is not vacuous)", () => {
  expect(style("Add two numbers.\n\nArgs:\n    a: First.\n\nReturns:\n    The sum.")).toBe("docstring");
  expect(style("## add\n\nAdd two numbers.\n\n### Parameters\n- `a`")).toBe("markdown");
  expect(style("Add two numbers.")).toBe("one-line");
});

describe("the real-server register", () => {
  const styles: Style[] = ["docstring", "markdown", "one-line"];

  test("each description style is at least a quarter of the set", () => {
    for (const kind of styles) expect(docs.filter((doc) => style(doc.tool.description) === kind).length).toBeGreaterThanOrEqual(docs.length / 4);
  });

  test("each style has about as many poisoned as benign documents, so the style does not give the label away", () => {
    for (const kind of styles) {
      const ofStyle = docs.filter((doc) => style(doc.tool.description) === kind);
      const poisoned = ofStyle.filter((doc) => doc.label === "poisoned").length;
      expect(Math.abs(2 * poisoned - ofStyle.length)).toBeLessThanOrEqual(ofStyle.length / 10);
    }
  });

  test("one-line descriptions are short and their parameters carry the documentation", () => {
    const oneLine = docs.filter((doc) => style(doc.tool.description) === "one-line");
    expect(oneLine.filter((doc) => doc.tool.description.length > 400)).toEqual([]);
    expect(oneLine.filter((doc) => doc.tool.description.length <= 200).length / oneLine.length).toBeGreaterThanOrEqual(0.9);
    for (const doc of oneLine) expect(Object.values(doc.tool.inputSchema.properties).some((property) => typeof property.description === "string")).toBe(true);
  });

  test("tools have one to six parameters and most have two to six", () => {
    const counts = docs.map((doc) => Object.keys(doc.tool.inputSchema.properties).length);
    expect(counts.filter((count) => count < 1 || count > 6)).toEqual([]);
    expect(counts.filter((count) => count >= 2).length / counts.length).toBeGreaterThan(0.85);
  });

  test("invisible and tag characters are written as \\u escapes in the file, and the parsed texts hold them", () => {
    expect(RAW).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]|[\u{e0000}-\u{e007f}]/u);
    for (const escape of ["\\u200b", "\\udb40\\udc41"]) expect(RAW).toContain(escape);
    const parsed = JSON.stringify(docs);
    expect(parsed).toMatch(/\u200b/u);
    expect(parsed).toMatch(/[\u{e0000}-\u{e007f}]/u);
  });

  test("every attack sits among honest content: each poisoned description still states the tool's purpose once its spans are removed", () => {
    const spans = JSON.parse(fs.readFileSync(path.join(BLIND5, "spans", "g.json"), "utf8")) as Record<string, string[]>;
    const bare = docs
      .filter((doc) => doc.label === "poisoned")
      .filter((doc) => (spans[doc.id] ?? []).reduce((text, span) => text.split(span).join(""), doc.tool.description).replace(/\s+/g, " ").trim().length < 15);
    expect(bare.map((doc) => doc.id)).toEqual([]);
  });
});
