/**
 * The hand-written training data, set A (`guard/model/data/written/a.json`), is well formed: every document's tool is
 * a valid MCP `Tool` of revision 2025-06-18 (the published JSON schema, no field the revision does not define, an
 * inputSchema that is itself a valid JSON Schema), ids and tool names are unique, labels and attacks agree, the
 * README's "## a.json" section states the file's counts, and every family has one to six documents with one label.
 * It reads the files only: it never runs or imports the detector.
 */
import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const WRITTEN = path.join(ROOT, "guard", "model", "data", "written");
const RAW = fs.readFileSync(path.join(WRITTEN, "a.json"), "utf8");
const README = fs.readFileSync(path.join(WRITTEN, "README.md"), "utf8");
const mcpSchema = JSON.parse(fs.readFileSync(path.join(ROOT, "guard", "schemas", "mcp-2025-06-18.schema.json"), "utf8")) as {
  definitions: Record<string, { properties: Record<string, unknown> }>;
};

interface Document {
  readonly id: string;
  readonly family: string;
  readonly label: string;
  readonly attack?: string;
  readonly tool: Record<string, unknown> & { readonly name: string; readonly inputSchema: object; readonly annotations?: object };
}

const set = JSON.parse(RAW) as { source: unknown; author: unknown; documents: Document[] };
const docs = set.documents;
const poisoned = docs.filter((doc) => doc.label === "poisoned");
const benign = docs.filter((doc) => doc.label === "benign");

/** The README's own section for this file: from "## a.json" to the next second-level heading or the end. */
function readmeSection(readme: string, heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${heading}" section`);
  const rest = readme.slice(start + heading.length + 5);
  const next = rest.search(/^## /m);
  return next < 0 ? rest : rest.slice(0, next);
}
const section = readmeSection(README, "a.json");
/** The section's class table: class name and the number of poisoned documents it states. */
const classTable = [...section.matchAll(/^\| `([a-z-]+)` \| (\d+) \|/gm)].map((match) => ({ attack: match[1], count: Number(match[2]) }));
const classes = classTable.map((row) => row.attack);
/** The section's benign category table: the count column of every row after the "| category | benign |" header. */
const categoryCounts = [...section.matchAll(/^\| [^`|][^|]*\| (\d+) \|$/gm)].map((match) => Number(match[1]));

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(mcpSchema, "mcp");
const validateTool = ajv.getSchema("mcp#/definitions/Tool");
if (validateTool === undefined) throw new Error("the MCP 2025-06-18 schema has no definitions/Tool");

function toolErrors(tool: unknown): unknown[] {
  return validateTool?.(tool) === true ? [] : [...(validateTool?.errors ?? [])];
}

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
  expect(Object.fromEntries(classTable.map(({ attack, count }) => [attack, count]))).toEqual(inFile);
  for (const { count } of classTable) expect(count).toBeGreaterThanOrEqual(8);
});

test("the README section's totals and benign category counts are the file's", () => {
  expect(section).toContain(`holds ${docs.length} MCP tool definitions: ${poisoned.length} poisoned across ${classes.length} attack classes and ${benign.length} benign`);
  expect(categoryCounts.length).toBeGreaterThanOrEqual(10);
  expect(categoryCounts.reduce((sum, count) => sum + count, 0)).toBe(benign.length);
});

test("every family has one to six documents, all with one label", () => {
  const families = new Map<string, Document[]>();
  for (const doc of docs) families.set(doc.family, [...(families.get(doc.family) ?? []), doc]);
  const problems = [...families].flatMap(([family, members]) => {
    const labels = new Set(members.map((doc) => doc.label));
    return members.length >= 1 && members.length <= 6 && labels.size === 1 && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(family)
      ? []
      : [{ family, size: members.length, labels: [...labels] }];
  });
  expect(problems).toEqual([]);
});

test("every tool is a valid MCP 2025-06-18 Tool with no field the revision does not define", () => {
  const toolFields = Object.keys(mcpSchema.definitions.Tool.properties);
  const annotationFields = Object.keys(mcpSchema.definitions.ToolAnnotations.properties);
  const problems = docs.flatMap((doc) => {
    const errors = toolErrors(doc.tool);
    const extraFields = Object.keys(doc.tool).filter((field) => !toolFields.includes(field));
    const extraAnnotations = Object.keys(doc.tool.annotations ?? {}).filter((field) => !annotationFields.includes(field));
    const schemaValid = ajv.validateSchema(doc.tool.inputSchema) === true;
    return errors.length === 0 && extraFields.length === 0 && extraAnnotations.length === 0 && schemaValid
      ? []
      : [{ id: doc.id, errors, extraFields, extraAnnotations, schemaErrors: schemaValid ? [] : ajv.errors }];
  });
  expect(problems).toEqual([]);
});

test("invisible and format characters are written as \\u escapes in the file, and the parsed texts hold them", () => {
  expect(RAW).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/u);
  expect(RAW).toContain("\\u200b");
  expect(JSON.stringify(docs)).toMatch(/\u200b/u);
});

test("the checks reject what they should (they are not vacuous)", () => {
  expect(toolErrors({ name: "x", inputSchema: { type: "array" } })).not.toEqual([]);
  expect(toolErrors({ name: "x" })).not.toEqual([]);
  expect(toolErrors({ inputSchema: { type: "object" } })).not.toEqual([]);
  expect(toolErrors({ name: "x", inputSchema: { type: "object" }, annotations: { readOnlyHint: "yes" } })).not.toEqual([]);
  expect(toolErrors({ name: "x", inputSchema: { type: "object" } })).toEqual([]);
  expect(ajv.validateSchema({ type: "object", properties: { a: { type: "text" } } })).toBe(false);
  expect(() => readmeSection("# t\n\n## b.json\n\n| `x` | 1 |\n", "a.json")).toThrow('README.md has no "## a.json" section');
  expect(readmeSection("# t\n\n## a.json\n\nmine\n\n## b.json\n\ntheirs\n", "a.json")).not.toContain("theirs");
});
