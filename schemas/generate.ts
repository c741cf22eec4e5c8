/**
 * Generates the published JSON Schema of an environment file, `schemas/environment.schema.json`, from what the
 * validator itself is built on: the `EnvironmentConfig` type of `environments/schema.ts` (structure, the literal
 * values a field allows, and each field's doc comment as its description, through ts-json-schema-generator) and the
 * defaults tables of `environments/defaults.ts` (a defaulted key shows its `default` and is not `required`). Never
 * edit the JSON by hand: `npm run schema` writes it, and `test/environment-schema.test.ts` fails when the committed
 * file differs from what this generates.
 */
import * as fs from "fs";
import * as path from "path";
import { createGenerator } from "ts-json-schema-generator";
import { DefaultTable, ENVIRONMENT_DEFAULTS, MCP_SERVER_DEFAULTS } from "../environments/defaults";
import { isMapping } from "../environments/readers";

/** The repository root (this file is `schemas/generate.ts`, or `dist/schemas/generate.js` once built). */
const ROOT = path.resolve(__dirname, __dirname.split(path.sep).includes("dist") ? "../.." : "..");

/** Where the schema is published, relative to the repository root. */
export const ENVIRONMENT_SCHEMA_FILE = path.join("schemas", "environment.schema.json");

type JsonSchema = Record<string, unknown> & {
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  $ref?: string;
  description?: string;
  default?: unknown;
};

/** The definition a schema names through `$ref` (`#/definitions/<name>`), or the schema itself. */
function resolve(schema: JsonSchema, definitions: Record<string, JsonSchema>): JsonSchema {
  return schema.$ref === undefined ? schema : definitions[decodeURIComponent(schema.$ref.replace("#/definitions/", ""))];
}

/**
 * Doc comments write `@default` in words ("@default none", "@default quota.cpu"), which the generator turns into a
 * `default` no editor should insert: each goes back into the description, as the doc comment says it.
 */
function wordsDefaultsToDescriptions(node: unknown): void {
  if (Array.isArray(node)) node.forEach(wordsDefaultsToDescriptions);
  if (!isMapping(node)) return;
  const schema = node as JsonSchema;
  if (Object.hasOwn(schema, "default")) {
    const words = typeof schema.default === "string" ? schema.default : JSON.stringify(schema.default);
    schema.description = `${schema.description ?? ""} Default: ${words}.`.trim();
    delete schema.default;
  }
  Object.values(schema).forEach(wordsDefaultsToDescriptions);
}

/**
 * Applies a defaults table to the definition `schema`: each defaulted key gets its `default`; a mapping's keys are
 * applied one by one, and the mapping itself defaults only when no key of it is left required. Returns whether any
 * key of `schema` is still required.
 */
function applyDefaults(schema: JsonSchema, defaults: DefaultTable, definitions: Record<string, JsonSchema>): boolean {
  for (const [key, value] of Object.entries(defaults)) {
    const property = schema.properties?.[key];
    if (property === undefined) throw new Error(`defaults.ts names "${key}", which schema.ts does not declare`);
    let optional = true;
    if (isMapping(value) && resolve(property, definitions) !== property) {
      optional = !applyDefaults(resolve(property, definitions), value as DefaultTable, definitions);
      if (optional) property.default = value;
    } else {
      property.default = value;
    }
    if (optional) schema.required = (schema.required ?? []).filter((name) => name !== key);
  }
  if (schema.required?.length === 0) delete schema.required;
  return (schema.required ?? []).length > 0;
}

/** The environment file's JSON Schema (draft-07), as deterministic text ending with a newline. */
export function generateEnvironmentSchema(): string {
  const generated = createGenerator({
    path: path.join(ROOT, "environments", "schema.ts"),
    tsconfig: path.join(ROOT, "tsconfig.json"),
    type: "EnvironmentConfig",
    skipTypeCheck: true,
    additionalProperties: false,
    sortProps: true,
    topRef: true,
  }).createSchema("EnvironmentConfig") as JsonSchema & { definitions: Record<string, JsonSchema> };
  const { definitions } = generated;
  wordsDefaultsToDescriptions(definitions);
  const environment = definitions["EnvironmentConfig"];
  applyDefaults(environment, ENVIRONMENT_DEFAULTS, definitions);
  applyDefaults(resolve(environment.properties!["mcpServers"].items!, definitions), MCP_SERVER_DEFAULTS, definitions);
  environment.properties = {
    $schema: { type: "string", description: "The JSON Schema this file follows, for editors (a path or URL); the validator ignores it." },
    ...environment.properties,
  };
  const schema = {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "mcp-hardening environment",
    description:
      "One environment of the mcp-hardening blueprint (an AWS account with its VPC, EKS cluster, gateway and MCP servers). Generated from environments/schema.ts and environments/defaults.ts: run `npm run schema`, never edit by hand. `mcp-harden validate <file>` checks everything this schema cannot (formats, ranges, cross-field rules).",
    ...generated,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (require.main === module) {
  fs.writeFileSync(path.join(ROOT, ENVIRONMENT_SCHEMA_FILE), generateEnvironmentSchema());
  process.stdout.write(`Wrote ${ENVIRONMENT_SCHEMA_FILE}.\n`);
}
