/**
 * The hand-written training data, set A (`guard/model/data/written/a.json`), is well formed: every document's tool is
 * a valid MCP `Tool` of revision 2025-06-18 (the published JSON schema, no field the revision does not define, an
 * inputSchema that is itself a valid JSON Schema), ids and tool names are unique, labels and attacks agree, the
 * README's "## a.json" section states the file's counts, and every family has one to six documents with one label.
 * It reads the files only: it never runs or imports the detector.
 */
import * as fs from "fs";
import * as path from "path";
import { categoryCounts, classTable, familyProblems, readmeSection, readSetFile, SetTool, setToolProblems } from "./support/mcp-tool-sets";

const ROOT = path.join(__dirname, "..");
const WRITTEN = path.join(ROOT, "guard", "model", "data", "written");
const README = fs.readFileSync(path.join(WRITTEN, "README.md"), "utf8");


const { raw: RAW, set, docs, poisoned, benign } = readSetFile<SetTool>(path.join(WRITTEN, "a.json"));

const section = readmeSection(README, "a.json");
/** The section's class table: class name and the number of poisoned documents it states. */
const classRows = classTable(section);
const classes = classRows.map((row) => row.attack);
/** The section's benign category table: the count column of every row after the "| category | benign |" header. */
const categories = categoryCounts(section);

test("the file cites the public write-ups, names its author and holds about 300 documents, roughly half poisoned", () => {
  expect(typeof set.source).toBe("string");
  for (const cited of ["invariantlabs.ai", "trailofbits.com", "cyberark.com", "elastic.co/security-labs", "genai.owasp.org", "arXiv:2508.14925"]) {
    expect(set.source).toContain(cited);
  }
  expect(set.author).toBe("helper written-a, session 10, 2026-12-07, without reading the detector");
  expect(docs.length).toBeGreaterThanOrEqual(280);
  expect(docs.length).toBeLessThanOrEqual(360);
  expect(poisoned.length + benign.length).toBe(docs.length);
  expect(poisoned.length / docs.length).toBeGreaterThan(0.45);
  expect(poisoned.length / docs.length).toBeLessThan(0.55);
});

test("documents have only the format's fields, and ids are unique a001.. numbers", () => {
  for (const doc of docs) {
    expect(Object.keys(doc).filter((field) => !["id", "family", "label", "attack", "tool"].includes(field))).toEqual([]);
  }
  const ids = docs.map((doc) => doc.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^a\d{3}$/);
});

test("tool names are unique within the file", () => {
  const names = docs.map((doc) => doc.tool.name);
  expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
});

test("every poisoned document names a class of the README section and no benign one names any", () => {
  expect(classes.length).toBe(14);
  expect(poisoned.filter((doc) => !classes.includes(doc.attack ?? ""))).toEqual([]);
  expect(benign.filter((doc) => doc.attack !== undefined)).toEqual([]);
});

test("the README section's class counts are the file's, with at least eight documents per class", () => {
  const inFile = Object.fromEntries(classes.map((attack) => [attack, poisoned.filter((doc) => doc.attack === attack).length]));
  expect(Object.fromEntries(classRows.map(({ attack, count }) => [attack, count]))).toEqual(inFile);
  for (const { count } of classRows) expect(count).toBeGreaterThanOrEqual(8);
});

test("the README section's totals and benign category counts are the file's", () => {
  expect(section).toContain(`holds ${docs.length} MCP tool definitions: ${poisoned.length} poisoned across ${classes.length} attack classes and ${benign.length} benign`);
  expect(categories.length).toBeGreaterThanOrEqual(10);
  expect(categories.reduce((sum, count) => sum + count, 0)).toBe(benign.length);
});

test("every family has one to six documents, all with one label", () => {
  const problems = familyProblems(docs);
  expect(problems).toEqual([]);
});

test("every tool is a valid MCP 2025-06-18 Tool with no field the revision does not define", () => {
  expect(setToolProblems(docs)).toEqual([]);
});

test("invisible and format characters are written as \\u escapes in the file, and the parsed texts hold them", () => {
  expect(RAW).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/u);
  expect(RAW).toContain("\\u200b");
  expect(JSON.stringify(docs)).toMatch(/\u200b/u);
});

test("readmeSection finds its own section only (it is not vacuous)", () => {
  expect(() => readmeSection("# t\n\n## b.json\n\n| `x` | 1 |\n", "a.json")).toThrow('README.md has no "## a.json" section');
  expect(readmeSection("# t\n\n## a.json\n\nmine\n\n## b.json\n\ntheirs\n", "a.json")).not.toContain("theirs");
});
