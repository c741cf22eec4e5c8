/**
 * The hand-written set C of the fourth blind set (`guard/model/blind4/c.json`), in the register of security scanners' test
 * fixtures, is well formed: every document's tool is a valid MCP `Tool` of revision 2025-06-18 (the published JSON
 * schema, no field the revision does not define, an inputSchema that is itself a valid JSON Schema), ids and tool names
 * are unique, labels and attacks agree, the class and label counts are the stated numbers and the README's "## c.json"
 * section states them too, families have one label, and the obfuscations are written as escapes. It reads the files
 * only: it never runs or imports the detector.
 */
import * as fs from "fs";
import * as path from "path";
import { attackCounts, categoryCounts, classTable, familyProblems, readmeSection, readSetFile, SetTool, setToolProblems } from "./support/mcp-tool-sets";

const ROOT = path.join(__dirname, "..");
const BLIND4 = path.join(ROOT, "guard", "model", "blind4");
const README = fs.readFileSync(path.join(BLIND4, "README.md"), "utf8");


const { raw: RAW, set, docs, poisoned, benign } = readSetFile<SetTool>(path.join(BLIND4, "c.json"));

/** The fourteen classes of the task and how many poisoned documents each has. */
const CLASS_COUNTS: Record<string, number> = {
  "instruction-override": 13,
  "hidden-instruction": 13,
  concealment: 13,
  "file-exfiltration": 13,
  "data-exfiltration": 13,
  "command-injection": 13,
  "injection-payload": 13,
  "tool-shadowing": 13,
  "cross-tool": 13,
  "preference-manipulation": 13,
  "authority-urgency": 13,
  "privilege-escalation": 13,
  "resource-abuse": 13,
  obfuscated: 13,
};

const section = readmeSection(README, "c.json");
/** The section's class table: class name and the number of poisoned documents it states. */
const classRows = classTable(section);
/** The section's benign category table: the count column of every row whose first cell is not a code span. */
const categories = categoryCounts(section);

test("the file cites the public write-ups and names its author", () => {
  expect(typeof set.source).toBe("string");
  for (const cited of ["invariantlabs.ai", "trailofbits.com", "cyberark.com", "genai.owasp.org", "owasp.org/www-project-mcp-top-10", "arXiv:2505.11154", "unicode.org/reports/tr39"]) {
    expect(set.source).toContain(cited);
  }
  expect(set.author).toBe("helper written-c, session 11, 2026-12-07, without reading the detector or any scanner's fixtures");
});

test("the file holds 364 documents, 182 poisoned and 182 benign", () => {
  expect(docs.length).toBe(364);
  expect(poisoned.length).toBe(182);
  expect(benign.length).toBe(182);
});

test("documents have only the format's fields, and ids are c001..c364 in order", () => {
  for (const doc of docs) {
    expect(Object.keys(doc).filter((field) => !["id", "family", "label", "attack", "tool"].includes(field))).toEqual([]);
  }
  expect(docs.map((doc) => doc.id)).toEqual(docs.map((_, index) => `c${String(index + 1).padStart(3, "0")}`));
});

test("tool names are unique within the file", () => {
  const names = docs.map((doc) => doc.tool.name);
  expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
});

test("every poisoned document names one of the fourteen classes, with the stated counts, and no benign one names any", () => {
  expect(attackCounts(poisoned)).toEqual(CLASS_COUNTS);
  expect(benign.filter((doc) => doc.attack !== undefined)).toEqual([]);
});

test("the README section states the file's totals, class counts and benign category counts", () => {
  expect(section).toContain(`holds ${docs.length} MCP tool definitions: ${poisoned.length} poisoned across ${classRows.length} attack classes and ${benign.length} benign`);
  expect(Object.fromEntries(classRows.map(({ attack, count }) => [attack, count]))).toEqual(CLASS_COUNTS);
  expect(categories.length).toBeGreaterThanOrEqual(10);
  expect(categories.reduce((sum, count) => sum + count, 0)).toBe(benign.length);
});

test("every family has one to six documents, all with one label", () => {
  expect(familyProblems(docs)).toEqual([]);
});

test("every tool is a valid MCP 2025-06-18 Tool with no field the revision does not define", () => {
  expect(setToolProblems(docs)).toEqual([]);
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
