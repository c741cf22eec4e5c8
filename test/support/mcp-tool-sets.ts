/**
 * What the tests of the hand-written tool sets (the blind sets and the training data) check the same way: each
 * document's tool against the published MCP 2025-06-18 schema, families, and a README's own section. They read the
 * files only and never import the detector, so the sets stay blind.
 */
import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";

const mcpSchema = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "guard", "schemas", "mcp-2025-06-18.schema.json"), "utf8")) as {
  definitions: Record<string, { properties: Record<string, unknown> }>;
};
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(mcpSchema, "mcp");
const validateTool = ajv.getSchema("mcp#/definitions/Tool");
if (validateTool === undefined) throw new Error("the MCP 2025-06-18 schema has no definitions/Tool");
const TOOL_FIELDS = Object.keys(mcpSchema.definitions.Tool.properties);
const ANNOTATION_FIELDS = Object.keys(mcpSchema.definitions.ToolAnnotations.properties);

/** A tool as the sets hold it. */
export interface SetTool {
  readonly name: string;
  readonly inputSchema: object;
  readonly annotations?: object;
  readonly [field: string]: unknown;
}

/** A document of a hand-written set, its tool typed as the test needs it. */
export interface SetDocument<T extends SetTool = SetTool> {
  readonly id: string;
  readonly family: string;
  readonly label: string;
  readonly attack?: string;
  readonly tool: T;
}

/** A hand-written set's file: its raw text (where escapes are checked), its fields, and its documents by label. */
export function readSetFile<T extends SetTool = SetTool>(file: string): {
  readonly raw: string;
  readonly set: { readonly source: unknown; readonly author?: unknown; readonly documents: SetDocument<T>[] };
  readonly docs: SetDocument<T>[];
  readonly poisoned: SetDocument<T>[];
  readonly benign: SetDocument<T>[];
} {
  const raw = fs.readFileSync(file, "utf8");
  const set = JSON.parse(raw) as { source: unknown; author?: unknown; documents: SetDocument<T>[] };
  const docs = set.documents;
  return { raw, set, docs, poisoned: docs.filter((doc) => doc.label === "poisoned"), benign: docs.filter((doc) => doc.label === "benign") };
}

/** Every document whose tool has a problem ({@link toolProblems}), with its id. */
export function setToolProblems(docs: readonly { readonly id: string; readonly tool: SetTool }[]): object[] {
  return docs.flatMap((doc) => {
    const found = toolProblems(doc.tool);
    return found ? [{ id: doc.id, ...found }] : [];
  });
}

/** A README section's class table: each row's class (a code span) and the number of poisoned documents it states. */
export function classTable(section: string): { readonly attack: string; readonly count: number }[] {
  return [...section.matchAll(/^\| `([a-z-]+)` \| (\d+) \|/gm)].map((match) => ({ attack: match[1], count: Number(match[2]) }));
}

/** A README section's benign category table: the count of every two-column row whose first cell is not a code span. */
export function categoryCounts(section: string): number[] {
  return [...section.matchAll(/^\| [^`|-][^|]*\| (\d+) \|$/gm)].map((match) => Number(match[1]));
}

/** Poisoned documents per attack class, `(none)` for one that names none. */
export function attackCounts(docs: readonly { readonly attack?: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const doc of docs) out[doc.attack ?? "(none)"] = (out[doc.attack ?? "(none)"] ?? 0) + 1;
  return out;
}

/** The MCP schema's errors for a tool (none when it is a valid `Tool`). */
export function toolErrors(tool: unknown): unknown[] {
  return validateTool?.(tool) === true ? [] : [...(validateTool?.errors ?? [])];
}

/** Whether a value is itself a valid JSON Schema (an `inputSchema` must be). */
export function isJsonSchema(schema: unknown): boolean {
  return ajv.validateSchema(schema as object) === true;
}

/**
 * What is wrong with a set's tool: the schema's errors, fields or annotations the revision does not define, and an
 * inputSchema that is not a valid JSON Schema; `undefined` when nothing is.
 */
export function toolProblems(tool: SetTool): { errors: unknown[]; extraFields: string[]; extraAnnotations: string[]; schemaErrors: unknown[] } | undefined {
  const errors = toolErrors(tool);
  const extraFields = Object.keys(tool).filter((field) => !TOOL_FIELDS.includes(field));
  const extraAnnotations = Object.keys(tool.annotations ?? {}).filter((field) => !ANNOTATION_FIELDS.includes(field));
  const schemaValid = isJsonSchema(tool.inputSchema);
  if (errors.length === 0 && extraFields.length === 0 && extraAnnotations.length === 0 && schemaValid) return undefined;
  return { errors, extraFields, extraAnnotations, schemaErrors: schemaValid ? [] : [...(ajv.errors ?? [])] };
}

/** The families that are not a slug of one to six documents sharing one label. */
export function familyProblems(docs: readonly { readonly family: string; readonly label: string }[]): { family: string; size: number; labels: string[] }[] {
  const families = new Map<string, string[]>();
  for (const doc of docs) families.set(doc.family, [...(families.get(doc.family) ?? []), doc.label]);
  return [...families].flatMap(([family, labels]) => {
    const distinct = [...new Set(labels)];
    return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(family) && labels.length <= 6 && distinct.length === 1 ? [] : [{ family, size: labels.length, labels: distinct }];
  });
}

/** A README's own section for one file: from its second-level heading to the next one or the end. */
export function readmeSection(readme: string, heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${heading}" section`);
  const rest = readme.slice(start + heading.length + 5);
  const next = rest.search(/^## /m);
  return next < 0 ? rest : rest.slice(0, next);
}

/** What one hand-written set's file and its README section must state. */
export interface SetSpec {
  /** The set's file. */
  readonly file: string;
  /** The README whose `## <letter>.json` section documents the set. */
  readonly readme: string;
  /** The set's letter: its documents are numbered `<letter>001`... */
  readonly letter: string;
  /** The public write-ups the file's `source` must cite. */
  readonly cited: readonly string[];
  /** The file's `author`, verbatim. */
  readonly author: string;
  /** The number of poisoned documents per attack class; as many benign documents as poisoned ones. */
  readonly classes: Readonly<Record<string, number>>;
}

/**
 * Registers the tests every hand-written set shares: its citations and author, its totals, its document fields and
 * numbering, unique tool names, the class counts, the README section's totals, class and benign category tables,
 * families of one label, and valid MCP 2025-06-18 tools. Returns the file for the set's own tests (its register).
 */
export function describeSetFile<T extends SetTool = SetTool>(spec: SetSpec): ReturnType<typeof readSetFile<T>> {
  const file = readSetFile<T>(spec.file);
  const { set, docs, poisoned, benign } = file;
  const section = readmeSection(fs.readFileSync(spec.readme, "utf8"), `${spec.letter}.json`);
  const classRows = classTable(section);
  const categories = categoryCounts(section);
  const total = Object.values(spec.classes).reduce((sum, count) => sum + count, 0);
  describe(`${spec.letter}.json`, () => {
    test("the file cites the public write-ups and names its author", () => {
      expect(typeof set.source).toBe("string");
      for (const cited of spec.cited) expect(set.source).toContain(cited);
      expect(set.author).toBe(spec.author);
    });
    test(`the file holds ${2 * total} documents, ${total} poisoned and ${total} benign, and no other label`, () => {
      expect(docs.length).toBe(2 * total);
      expect(poisoned.length).toBe(total);
      expect(benign.length).toBe(total);
    });
    test(`documents have only the format's fields, and ids are ${spec.letter}001.. in order`, () => {
      for (const doc of docs) expect(Object.keys(doc).filter((field) => !["id", "family", "label", "attack", "tool"].includes(field))).toEqual([]);
      expect(docs.map((doc) => doc.id)).toEqual(docs.map((_, index) => `${spec.letter}${String(index + 1).padStart(3, "0")}`));
    });
    test("tool names are unique within the file", () => {
      const names = docs.map((doc) => doc.tool.name);
      expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
    });
    test("every poisoned document names one of the attack classes, with the stated counts, and no benign one names any", () => {
      expect(attackCounts(poisoned)).toEqual(spec.classes);
      expect(benign.filter((doc) => doc.attack !== undefined)).toEqual([]);
    });
    test("the README section states the file's totals, class counts and benign category counts", () => {
      expect(section).toContain(`holds ${docs.length} MCP tool definitions: ${poisoned.length} poisoned across ${classRows.length} attack classes and ${benign.length} benign`);
      expect(Object.fromEntries(classRows.map(({ attack, count }) => [attack, count]))).toEqual(spec.classes);
      expect(categories.length).toBeGreaterThanOrEqual(10);
      expect(categories.reduce((sum, count) => sum + count, 0)).toBe(benign.length);
    });
    test("every family has one to six documents, all with one label", () => {
      expect(familyProblems(docs)).toEqual([]);
    });
    test("every tool is a valid MCP 2025-06-18 Tool with no field the revision does not define", () => {
      expect(setToolProblems(docs)).toEqual([]);
    });
  });
  return file;
}

/** The fourteen attack classes the hand-written sets' tasks name, in the tasks' order. */
export const ATTACK_CLASSES: readonly string[] = [
  "instruction-override",
  "hidden-instruction",
  "concealment",
  "file-exfiltration",
  "data-exfiltration",
  "command-injection",
  "injection-payload",
  "tool-shadowing",
  "cross-tool",
  "preference-manipulation",
  "authority-urgency",
  "privilege-escalation",
  "resource-abuse",
  "obfuscated",
];

/** The same number of poisoned documents in each of the given classes. */
export function evenClasses(count: number, classes: readonly string[] = ATTACK_CLASSES): Record<string, number> {
  return Object.fromEntries(classes.map((attack) => [attack, count]));
}
