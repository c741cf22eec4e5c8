/**
 * The hand-written set C of the fourth blind set (`guard/model/blind4/c.json`), in the register of security scanners' test
 * fixtures, is well formed: every document's tool is a valid MCP `Tool` of revision 2025-06-18 (the published JSON
 * schema, no field the revision does not define, an inputSchema that is itself a valid JSON Schema), ids and tool names
 * are unique, labels and attacks agree, the class and label counts are the stated numbers and the README's "## c.json"
 * section states them too, families have one label, and the obfuscations are written as escapes. It reads the files
 * only: it never runs or imports the detector.
 */
import * as path from "path";
import { describeSetFile, evenClasses, readmeSection, SetTool } from "./support/mcp-tool-sets";

const ROOT = path.join(__dirname, "..");
const BLIND4 = path.join(ROOT, "guard", "model", "blind4");

/** The fourteen classes of the task and how many poisoned documents each has. */
const CLASS_COUNTS = evenClasses(13);

const { raw: RAW, docs } = describeSetFile<SetTool>({
  file: path.join(BLIND4, "c.json"),
  readme: path.join(BLIND4, "README.md"),
  letter: "c",
  cited: ["invariantlabs.ai", "trailofbits.com", "cyberark.com", "genai.owasp.org", "owasp.org/www-project-mcp-top-10", "arXiv:2505.11154", "unicode.org/reports/tr39"],
  author: "helper written-c, session 11, 2026-12-07, without reading the detector or any scanner's fixtures",
  classes: CLASS_COUNTS,
});

test("the fixture register: most descriptions are one or two short sentences", () => {
  const short = docs.filter((doc) => typeof doc.tool.description === "string" && doc.tool.description.length <= 240);
  expect(short.length / docs.length).toBeGreaterThan(0.9);
});

test("invisible, combining and tag characters are written as \\u escapes in the file, and the parsed texts hold them", () => {
  expect(RAW).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u0300-\u036f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]|[\u{e0000}-\u{e007f}]/u);
  for (const escape of ["\\u200b", "\\u200d", "\\u0336", "\\udb40\\udc41", "\\u043e"]) expect(RAW).toContain(escape);
  const parsed = JSON.stringify(docs);
  expect(parsed).toMatch(/\u200b/u);
  expect(parsed).toMatch(/[\u{e0000}-\u{e007f}]/u);
});

test("readmeSection finds its own section only (it is not vacuous)", () => {
  expect(() => readmeSection("# t\n\n## d.json\n\n| `x` | 1 |\n", "c.json")).toThrow('README.md has no "## c.json" section');
  expect(readmeSection("# t\n\n## c.json\n\nmine\n\n## d.json\n\ntheirs\n", "c.json")).not.toContain("theirs");
});
