/**
 * The hand-written set E of the fifth blind set (`guard/model/blind5/e.json`), in the register of real MCP servers
 * (FastMCP docstrings, zod schemas, long Markdown descriptions), is well formed: every document's tool is a valid MCP
 * `Tool` of revision 2025-06-18 (the published JSON schema, no field the revision does not define, an inputSchema that
 * is itself a valid JSON Schema), ids and tool names are unique, labels and attacks agree, the class and label counts
 * are the stated numbers and the README's "## e.json" section states them too, families have one label, both labels
 * share the register, and the obfuscations are written as escapes. It reads the files only: it never runs or imports
 * the detector.
 */
import * as path from "path";
import { describeSetFile, evenClasses, SetDocument, SetTool } from "./support/mcp-tool-sets";

const ROOT = path.join(__dirname, "..");
const BLIND5 = path.join(ROOT, "guard", "model", "blind5");

/** A tool as this set holds it: a description, and an inputSchema whose keywords tell the register. */
interface RegisterTool extends SetTool {
  readonly description: string;
  readonly inputSchema: { readonly properties: Record<string, unknown>; readonly title?: string; readonly $schema?: string; readonly additionalProperties?: unknown };
}

/** The fourteen classes of the task and how many poisoned documents each has. */
const CLASS_COUNTS = evenClasses(8);

const { raw: RAW, docs, poisoned, benign } = describeSetFile<RegisterTool>({
  file: path.join(BLIND5, "e.json"),
  readme: path.join(BLIND5, "README.md"),
  letter: "e",
  cited: ["invariantlabs.ai", "trailofbits.com", "cyberark.com", "elastic.co", "genai.owasp.org", "owasp.org/www-project-mcp-top-10", "arXiv:2505.11154", "embracethered.com", "unicode.org/reports/tr39"],
  author: "helper written-e, session 12, 2026-12-07, without reading the detector or any scanner's fixtures",
  classes: CLASS_COUNTS,
});

type Register = "fastmcp" | "zod" | "markdown";

/**
 * A tool's register: FastMCP (schema titled `<name>Arguments`, a docstring with an `Args:` section), zod (draft-07
 * `$schema`, no additional properties), or a hand-written schema with a Markdown description.
 */
function register(tool: RegisterTool): Register {
  if (tool.inputSchema.title === `${tool.name}Arguments`) return "fastmcp";
  if (tool.inputSchema.$schema === "http://json-schema.org/draft-07/schema#" && tool.inputSchema.additionalProperties === false) return "zod";
  return "markdown";
}

/** How many of a label's documents are in each register. */
function registerCounts(group: readonly SetDocument<RegisterTool>[]): Record<Register, number> {
  const out: Record<Register, number> = { fastmcp: 0, zod: 0, markdown: 0 };
  for (const doc of group) out[register(doc.tool)] += 1;
  return out;
}

const meanLength = (group: readonly SetDocument<RegisterTool>[]): number => group.reduce((sum, doc) => sum + doc.tool.description.length, 0) / group.length;
const paramCount = (doc: SetDocument<RegisterTool>): number => Object.keys(doc.tool.inputSchema.properties).length;

test("the real-server register: each label has at least a quarter of its tools in each of the three registers", () => {
  for (const group of [poisoned, benign]) {
    for (const count of Object.values(registerCounts(group))) expect(count).toBeGreaterThanOrEqual(group.length / 4);
  }
  expect(registerCounts(poisoned)).toEqual({ fastmcp: 43, zod: 35, markdown: 34 });
  expect(registerCounts(benign)).toEqual({ fastmcp: 42, zod: 38, markdown: 32 });
});

test("every FastMCP tool's docstring has an Args: section and every zod tool describes each parameter", () => {
  const fastmcp = docs.filter((doc) => register(doc.tool) === "fastmcp");
  expect(fastmcp.filter((doc) => !/\nArgs:\n/.test(doc.tool.description)).map((doc) => doc.id)).toEqual([]);
  const zod = docs.filter((doc) => register(doc.tool) === "zod");
  const undescribed = zod.filter((doc) => Object.values(doc.tool.inputSchema.properties).some((schema) => typeof (schema as { description?: unknown }).description !== "string"));
  expect(undescribed.map((doc) => doc.id)).toEqual([]);
});

test("both labels share the form: description length within 20% of each other and most tools with three to six parameters", () => {
  const ratio = meanLength(poisoned) / meanLength(benign);
  expect(ratio).toBeGreaterThan(0.8);
  expect(ratio).toBeLessThan(1.25);
  for (const group of [poisoned, benign]) {
    expect(group.filter((doc) => paramCount(doc) >= 3 && paramCount(doc) <= 6).length / group.length).toBeGreaterThan(0.8);
  }
});

test("invisible, tag and homoglyph characters are written as \\u escapes in the file, and the parsed texts hold them", () => {
  expect(RAW).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u0300-\u036f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]|[\u{e0000}-\u{e007f}]/u);
  expect(RAW).not.toMatch(/[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]/u);
  for (const escape of ["\\u200b", "\\u200d", "\\udb40\\udc20", "\\u043e"]) expect(RAW).toContain(escape);
  const parsed = JSON.stringify(docs);
  expect(parsed).toMatch(/\u200b/u);
  expect(parsed).toMatch(/[\u{e0000}-\u{e007f}]/u);
  expect(parsed).toMatch(/[a-z][\u0430\u0435\u043e\u0440\u0441]|[\u0430\u0435\u043e\u0440\u0441][a-z]/u);
});

