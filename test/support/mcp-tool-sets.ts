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
