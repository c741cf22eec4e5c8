/**
 * The second blind evaluation set (`guard/model/blind2/blind-set.json`) is well formed: every document's tool is a
 * valid MCP `Tool` of revision 2025-06-18 (the published JSON schema, no field the revision does not define, an
 * inputSchema that is itself a valid JSON Schema), ids are unique, labels are "poisoned" or "benign", every poisoned
 * document names one of the README's attack classes and no benign one names any. It reads the file only: it never
 * runs or imports the detector, so the set stays blind.
 */
import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const SET_FILE = path.join(ROOT, "guard", "model", "blind2", "blind-set.json");
const README = fs.readFileSync(path.join(ROOT, "guard", "model", "blind2", "README.md"), "utf8");
const mcpSchema = JSON.parse(fs.readFileSync(path.join(ROOT, "guard", "schemas", "mcp-2025-06-18.schema.json"), "utf8")) as {
  definitions: Record<string, { properties: Record<string, unknown> }>;
};

interface Document {
  readonly id: string;
  readonly label: string;
  readonly attack?: string;
  readonly tool: Record<string, unknown> & { readonly name: string; readonly inputSchema: object; readonly annotations?: object };
}

const set = JSON.parse(fs.readFileSync(SET_FILE, "utf8")) as { source: unknown; documents: Document[] };
const docs = set.documents;
const poisoned = docs.filter((doc) => doc.label === "poisoned");
const benign = docs.filter((doc) => doc.label === "benign");
/** The README's class table: class name and the number of poisoned documents it states. */
const readmeTable = [...README.matchAll(/^\| `([a-z-]+)` \| (\d+) \|/gm)].map((match) => ({ attack: match[1], count: Number(match[2]) }));
const readmeClasses = readmeTable.map((row) => row.attack);

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(mcpSchema, "mcp");
const validateTool = ajv.getSchema("mcp#/definitions/Tool");
if (validateTool === undefined) throw new Error("the MCP 2025-06-18 schema has no definitions/Tool");

function toolErrors(tool: unknown): unknown[] {
  return validateTool?.(tool) === true ? [] : [...(validateTool?.errors ?? [])];
}

test("the file has a source citing the public write-ups and about 200 documents, roughly half poisoned", () => {
  expect(typeof set.source).toBe("string");
  for (const cited of ["invariantlabs.ai", "arXiv:2508.14925", "arXiv:2504.03767", "cyberark.com", "trailofbits.com", "elastic.co/security-labs", "genai.owasp.org"]) {
    expect(set.source).toContain(cited);
  }
  expect(docs.length).toBeGreaterThanOrEqual(180);
  expect(poisoned.length + benign.length).toBe(docs.length);
  expect(poisoned.length / docs.length).toBeGreaterThan(0.4);
  expect(poisoned.length / docs.length).toBeLessThan(0.6);
});

test("ids are unique, in evaluate.ts's alphabet, and say nothing about the label", () => {
  const ids = docs.map((doc) => doc.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^t\d{3}$/);
});

test("every poisoned document names a README attack class, the README counts are the file's, every class has at least five, benign ones name none", () => {
  expect(readmeClasses.length).toBeGreaterThanOrEqual(10);
  for (const doc of poisoned) expect(readmeClasses).toContain(doc.attack);
  for (const doc of benign) expect(doc.attack).toBeUndefined();
  for (const { attack, count } of readmeTable) {
    expect({ attack, count: poisoned.filter((doc) => doc.attack === attack).length }).toEqual({ attack, count });
    expect(count).toBeGreaterThanOrEqual(5);
  }
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

test("tool names are unique across the set, so a scan finding names one document", () => {
  const names = docs.map((doc) => doc.tool.name);
  expect(new Set(names).size).toBe(names.length);
});

test("the Tool check rejects what MCP rejects (it is not vacuous)", () => {
  expect(toolErrors({ name: "x", inputSchema: { type: "array" } })).not.toEqual([]);
  expect(toolErrors({ name: "x" })).not.toEqual([]);
  expect(toolErrors({ inputSchema: { type: "object" } })).not.toEqual([]);
  expect(toolErrors({ name: "x", inputSchema: { type: "object" }, annotations: { readOnlyHint: "yes" } })).not.toEqual([]);
  expect(toolErrors({ name: "x", inputSchema: { type: "object" } })).toEqual([]);
  expect(ajv.validateSchema({ type: "object", properties: { a: { type: "text" } } })).toBe(false);
});
