/**
 * The hand-written set D of the fourth blind set (`guard/model/blind4/d.json`), in the register of security scanners'
 * test fixtures, is well formed: every document's tool is a valid MCP `Tool` of revision 2025-06-18 (the published
 * JSON schema, no field the revision does not define, an inputSchema that is itself a valid JSON Schema), ids and tool
 * names are unique, labels and attacks agree, the class counts are the ones stated here and in the README's
 * "## d.json" section, families have one label, and the fixture register holds for both labels alike (short
 * descriptions, small schemas), so the classifier cannot learn the label from length. It reads the files only: it
 * never runs or imports the detector.
 */
import * as fs from "fs";
import * as path from "path";
import { attackCounts, categoryCounts, classTable, familyProblems, readmeSection, readSetFile, SetDocument, SetTool, setToolProblems } from "./support/mcp-tool-sets";

const ROOT = path.join(__dirname, "..");
const BLIND4 = path.join(ROOT, "guard", "model", "blind4");
const README = fs.readFileSync(path.join(BLIND4, "README.md"), "utf8");

interface Tool extends SetTool {
  readonly description: string;
  readonly inputSchema: { readonly properties?: Record<string, unknown> };
}

const { raw: RAW, set, docs, poisoned, benign } = readSetFile<Tool>(path.join(BLIND4, "d.json"));

/** The number of poisoned documents per attack class, as written. */
const EXPECTED_CLASSES: Record<string, number> = {
  "instruction-override": 13,
  "hidden-instruction": 13,
  concealment: 13,
  "file-exfiltration": 13,
  "data-exfiltration": 13,
  "command-injection": 12,
  "injection-payload": 12,
  "tool-shadowing": 12,
  "cross-tool": 12,
  "preference-manipulation": 13,
  "authority-urgency": 13,
  "privilege-escalation": 12,
  "resource-abuse": 12,
  obfuscated: 13,
};

const section = readmeSection(README, "d.json");
/** The section's class table: class name and the number of poisoned documents it states. */
const classRows = classTable(section);
/** The section's benign category table: the count column of every row after the "| category | benign |" header. */
const categories = categoryCounts(section);

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

test("the file cites the public write-ups, names its author and holds 352 documents, half poisoned", () => {
  expect(typeof set.source).toBe("string");
  for (const cited of ["invariantlabs.ai", "trailofbits.com", "cyberark.com", "genai.owasp.org", "owasp.org/www-project-mcp-top-10", "arXiv:2505.11154", "unicode.org/reports/tr39"]) {
    expect(set.source).toContain(cited);
  }
  expect(set.author).toBe("helper written-d, session 11, 2026-12-07, without reading the detector");
  expect(docs.length).toBe(352);
  expect(poisoned.length).toBe(176);
  expect(benign.length).toBe(176);
});

test("documents have only the format's fields, and ids are unique d001.. numbers in order", () => {
  for (const doc of docs) {
    expect(Object.keys(doc).filter((field) => !["id", "family", "label", "attack", "tool"].includes(field))).toEqual([]);
  }
  expect(docs.map((doc) => doc.id)).toEqual(docs.map((_, index) => `d${String(index + 1).padStart(3, "0")}`));
});

test("tool names are unique within the file and use the portable character set", () => {
  const names = docs.map((doc) => doc.tool.name);
  expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  expect(names.filter((name) => !/^[A-Za-z0-9_.-]{1,64}$/.test(name))).toEqual([]);
});

test("every poisoned document names one of the 14 classes with the stated counts, and no benign one names any", () => {
  expect(attackCounts(poisoned)).toEqual(EXPECTED_CLASSES);
  expect(benign.filter((doc) => doc.attack !== undefined)).toEqual([]);
  expect(docs.filter((doc) => doc.label !== "poisoned" && doc.label !== "benign")).toEqual([]);
});

test("the README section's class table, totals and benign category counts are the file's", () => {
  expect(Object.fromEntries(classRows.map(({ attack, count }) => [attack, count]))).toEqual(EXPECTED_CLASSES);
  expect(section).toContain(`holds ${docs.length} MCP tool definitions: ${poisoned.length} poisoned across ${classRows.length} attack classes and ${benign.length} benign`);
  expect(categories.length).toBeGreaterThanOrEqual(10);
  expect(categories.reduce((sum, count) => sum + count, 0)).toBe(benign.length);
});

test("every family has one to six documents, all with one label", () => {
  expect(familyProblems(docs)).toEqual([]);
});

test("every tool is a valid MCP 2025-06-18 Tool with no field the revision does not define", () => {
  expect(setToolProblems(docs)).toEqual([]);
});

test("the fixture register holds for both labels: short descriptions and small schemas of similar size", () => {
  const lengths = (group: readonly SetDocument<Tool>[]): number[] => group.map((doc) => doc.tool.description.length);
  const params = (group: readonly SetDocument<Tool>[]): number[] => group.map((doc) => Object.keys(doc.tool.inputSchema.properties ?? {}).length);
  expect(docs.filter((doc) => doc.tool.description.length > 200).map((doc) => doc.id)).toEqual([]);
  expect(docs.filter((doc) => Object.keys(doc.tool.inputSchema.properties ?? {}).length > 5).map((doc) => doc.id)).toEqual([]);
  const ratio = mean(lengths(poisoned)) / mean(lengths(benign));
  expect(ratio).toBeGreaterThan(0.8);
  expect(ratio).toBeLessThan(1.25);
  expect(Math.abs(mean(params(poisoned)) - mean(params(benign)))).toBeLessThan(0.5);
});

test("invisible, format and combining characters are written as \\u escapes in the file, and the parsed texts hold them", () => {
  expect(RAW).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u0300-\u036f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/u);
  expect(RAW).not.toMatch(/[\ufe00-\ufe0f\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]/u);
  for (const escape of ["\\u200b", "\\u202e", "\\u0336", "\\udb40"]) expect(RAW).toContain(escape);
  const parsed = JSON.stringify(docs);
  expect(parsed).toMatch(/\u200b/u);
  expect(parsed).toMatch(/\u202e/u);
  expect(parsed).toMatch(/[\u{e0020}-\u{e007e}]/u);
  expect(parsed).toMatch(/[\u{e0100}-\u{e01ef}]/u);
});

test("readmeSection finds its own section only (it is not vacuous)", () => {
  expect(() => readmeSection("# t\n\n## b.json\n\n| `x` | 1 |\n", "d.json")).toThrow('README.md has no "## d.json" section');
  expect(readmeSection("# t\n\n## d.json\n\nmine\n\n## e.json\n\ntheirs\n", "d.json")).not.toContain("theirs");
});
