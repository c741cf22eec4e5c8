/**
 * The blind evaluation sets (`guard/model/blind2/blind-set.json`, `guard/model/blind3/blind-set.json`) are well
 * formed: every document's tool is a valid MCP `Tool` of revision 2025-06-18 (the published JSON schema, no field the
 * revision does not define, an inputSchema that is itself a valid JSON Schema), ids are unique, labels are "poisoned"
 * or "benign", every poisoned document names one of its README's attack classes and no benign one names any. It reads
 * the files only: it never runs or imports the detector, so the sets stay blind.
 */
import * as fs from "fs";
import * as path from "path";
import { classTable, isJsonSchema, setToolProblems, toolErrors } from "./support/mcp-tool-sets";

const ROOT = path.join(__dirname, "..");

interface Document {
  readonly id: string;
  readonly label: string;
  readonly attack?: string;
  readonly tool: Record<string, unknown> & { readonly name: string; readonly inputSchema: object; readonly annotations?: object };
}

/** What each set must satisfy beyond the checks all sets share. */
interface BlindSetSpec {
  /** The folder under guard/model/ holding blind-set.json and README.md. */
  readonly folder: string;
  /** Strings the `source` field must contain: the public write-ups the set cites. */
  readonly cited: readonly string[];
  readonly minDocuments: number;
  readonly minClasses: number;
  /** Attack classes the README's table must list (the set's brief). */
  readonly requiredClasses: readonly string[];
}

const SETS: readonly BlindSetSpec[] = [
  {
    folder: "blind2",
    cited: ["invariantlabs.ai", "arXiv:2508.14925", "arXiv:2504.03767", "cyberark.com", "trailofbits.com", "elastic.co/security-labs", "genai.owasp.org"],
    minDocuments: 180,
    minClasses: 10,
    requiredClasses: [],
  },
  {
    folder: "blind3",
    cited: [
      "invariantlabs.ai",
      "arXiv:2508.14925",
      "arXiv:2504.03767",
      "cyberark.com",
      "trailofbits.com",
      "elastic.co/security-labs",
      "genai.owasp.org",
      "embracethered.com",
    ],
    minDocuments: 230,
    minClasses: 17,
    requiredClasses: [
      "hidden-instructions",
      "model-directive",
      "secrecy",
      "credential-harvest",
      "exfiltration",
      "tool-shadowing",
      "schema-poisoning",
      "encoded-payload",
      "multilingual",
      "authority-urgency",
      "fake-error",
      "overreach",
      "line-jumping",
      "sleeper-trigger",
      "cross-tool-reference",
      "cross-origin",
      "recipient-hijack",
    ],
  },
];

/** Invisible and format characters the READMEs promise are written as \uXXXX escapes in the files. */
const RAW_INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u00a0\u2028\u2029]/u;

describe.each(SETS)("guard/model/$folder", (spec) => {
  const dir = path.join(ROOT, "guard", "model", spec.folder);
  const raw = fs.readFileSync(path.join(dir, "blind-set.json"), "utf8");
  const readme = fs.readFileSync(path.join(dir, "README.md"), "utf8");
  const set = JSON.parse(raw) as { source: unknown; documents: Document[] };
  const docs = set.documents;
  const poisoned = docs.filter((doc) => doc.label === "poisoned");
  const benign = docs.filter((doc) => doc.label === "benign");
  /** The README's class table: class name and the number of poisoned documents it states. */
  const readmeTable = classTable(readme);
  const readmeClasses = readmeTable.map((row) => row.attack);

  test("the file has a source citing the public write-ups and enough documents, roughly half poisoned", () => {
    expect(typeof set.source).toBe("string");
    for (const cited of spec.cited) expect(set.source).toContain(cited);
    expect(docs.length).toBeGreaterThanOrEqual(spec.minDocuments);
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
    expect(readmeClasses.length).toBeGreaterThanOrEqual(spec.minClasses);
    for (const attack of spec.requiredClasses) expect(readmeClasses).toContain(attack);
    for (const doc of poisoned) expect(readmeClasses).toContain(doc.attack);
    for (const doc of benign) expect(doc.attack).toBeUndefined();
    for (const { attack, count } of readmeTable) {
      expect({ attack, count: poisoned.filter((doc) => doc.attack === attack).length }).toEqual({ attack, count });
      expect(count).toBeGreaterThanOrEqual(5);
    }
  });

  test("every tool is a valid MCP 2025-06-18 Tool with no field the revision does not define", () => {
    expect(setToolProblems(docs)).toEqual([]);
  });

  test("tool names are unique across the set, so a scan finding names one document", () => {
    const names = docs.map((doc) => doc.tool.name);
    expect(new Set(names).size).toBe(names.length);
  });

  test("invisible and format characters are written as \\uXXXX escapes, so the file can be reviewed", () => {
    const lines = raw.split("\n");
    expect(lines.flatMap((line, index) => (RAW_INVISIBLE.test(line) ? [index + 1] : []))).toEqual([]);
  });
});

test("the Tool check rejects what MCP rejects (it is not vacuous)", () => {
  expect(toolErrors({ name: "x", inputSchema: { type: "array" } })).not.toEqual([]);
  expect(toolErrors({ name: "x" })).not.toEqual([]);
  expect(toolErrors({ inputSchema: { type: "object" } })).not.toEqual([]);
  expect(toolErrors({ name: "x", inputSchema: { type: "object" }, annotations: { readOnlyHint: "yes" } })).not.toEqual([]);
  expect(toolErrors({ name: "x", inputSchema: { type: "object" } })).toEqual([]);
  expect(isJsonSchema({ type: "object", properties: { a: { type: "text" } } })).toBe(false);
});

test("the escape check finds a raw invisible character (it is not vacuous)", () => {
  expect(RAW_INVISIBLE.test('"a\u200bb"')).toBe(true);
  expect(RAW_INVISIBLE.test('"a\\u200bb"')).toBe(false);
});
