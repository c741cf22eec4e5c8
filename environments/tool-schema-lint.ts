/**
 * Which tool schemas the guard can enforce (IO-01..IO-04): an approved `inputSchema` is refused unless the guard can
 * validate every argument against it without guessing. The rules, each reported with the schema path and the fix:
 * - every schema is an object using only the keywords in {@link SCHEMA_KEYWORDS}: no composition (`anyOf`, `oneOf`,
 *   `allOf`, `not`, `if`), no `patternProperties`, no unknown or misspelt keyword (write cross-field rules as CEL
 *   `constraints` instead);
 * - `$ref` only to `#/$defs/<name>` of the same schema (never a remote or relative URL: the guard fetches nothing);
 * - every schema names one `type` (or is an `enum`/`const`/`$ref`); the root is `type: object`;
 * - every object lists its `properties`, and `additionalProperties` is absent or `false` (the guard closes every object
 *   anyway, allowing only `_meta`); every `required` name is a listed property;
 * - every string has `maxLength`, `enum` or `const`; every array `maxItems` and one `items` schema; every number and
 *   integer a lower and an upper bound (or `enum`/`const`) (IO-02);
 * - every `pattern` compiles as a Unicode regular expression, every `format` is one the guard checks;
 * - nesting is at most {@link MAX_SCHEMA_DEPTH} deep (IO-03).
 * An `outputSchema` gets the keyword, `$ref`, `pattern` and `format` rules, not the bounds: the server, not the
 * client, writes what it describes.
 */
import { pointerTokens } from "../guard/src/pipeline/json-path";
import { closestMatch, didYouMean } from "./did-you-mean";
import { ConfigIssue } from "./config-error";
import { issue, isMapping } from "./readers";
import { quote } from "./quote";

/** The JSON Schema keywords the guard enforces or safely ignores (annotations). */
export const SCHEMA_KEYWORDS: readonly string[] = [
  "type", "properties", "required", "additionalProperties", "items", "minItems", "maxItems", "uniqueItems",
  "minLength", "maxLength", "pattern", "format", "enum", "const", "minimum", "maximum", "exclusiveMinimum",
  "exclusiveMaximum", "multipleOf", "minProperties", "maxProperties", "dependentRequired", "$ref",
  "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly", "$comment",
];

/** Keywords allowed at a schema's root only. */
const ROOT_KEYWORDS: readonly string[] = ["$schema", "$defs"];

/** The JSON Schema dialects a tool schema may declare (MCP 2025-11-25 on default to 2020-12). */
const DIALECTS: readonly string[] = ["https://json-schema.org/draft/2020-12/schema", "http://json-schema.org/draft-07/schema#"];

/** The string formats the guard checks. */
export const SCHEMA_FORMATS: readonly string[] = ["date-time", "date", "time", "duration", "email", "hostname", "ipv4", "ipv6", "uri", "uri-reference", "uuid"];

/** The deepest nesting of schemas (objects in arrays in objects ...) the guard accepts; matches its default depth limit. */
export const MAX_SCHEMA_DEPTH = 16;

const TYPES: readonly string[] = ["object", "array", "string", "number", "integer", "boolean", "null"];

/** One problem in a schema, at a path below the schema (`properties.query.maxLength`). */
export interface SchemaProblem extends ConfigIssue {
  readonly path: string;
}

/** Whether to require bounds (input schemas) or only enforceable keywords (output schemas). */
export type SchemaRole = "input" | "output";

type Json = Readonly<Record<string, unknown>>;

function join(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (path === "" ? key : `${path}.${key}`) : `${path}[${JSON.stringify(key)}]`;
}

/** The root `$defs` entry a local `$ref` names, or undefined. */
export function localDefinition(root: Json, ref: string): Json | undefined {
  const match = /^#\/\$defs\/([^/]+)$/.exec(ref);
  const defs = root["$defs"];
  if (!match || !isMapping(defs)) return undefined;
  const target = defs[pointerTokens(`/${match[1]}`)[0]];
  return isMapping(target) ? target : undefined;
}

function hasBound(node: Json, lower: boolean): boolean {
  return lower ? typeof node["minimum"] === "number" || typeof node["exclusiveMinimum"] === "number" : typeof node["maximum"] === "number" || typeof node["exclusiveMaximum"] === "number";
}

function lint(root: Json, node: unknown, path: string, depth: number, role: SchemaRole, problems: SchemaProblem[]): void {
  const report = (where: string, found: ConfigIssue) => problems.push({ path: where, ...found });
  if (!isMapping(node)) {
    report(path, issue(`is ${node === null ? "null" : typeof node}, not a schema object`, "write a JSON Schema object, e.g. {\"type\": \"string\", \"maxLength\": 200}"));
    return;
  }
  if (depth > MAX_SCHEMA_DEPTH) {
    report(path, issue(`nests deeper than ${MAX_SCHEMA_DEPTH} levels`, `flatten the arguments: the guard refuses messages nested deeper than ${MAX_SCHEMA_DEPTH}`));
    return;
  }
  const atRoot = depth === 0;
  for (const key of Object.keys(node)) {
    if (SCHEMA_KEYWORDS.includes(key) || (atRoot && ROOT_KEYWORDS.includes(key))) continue;
    if (ROOT_KEYWORDS.includes(key)) {
      report(join(path, key), issue(`${quote(key)} is allowed only at the schema's root`, `move it to the root of the schema`));
      continue;
    }
    const near = closestMatch(key, SCHEMA_KEYWORDS);
    report(
      join(path, key),
      issue(
        `${quote(key)} is a keyword the guard cannot enforce`,
        near ? didYouMean(near) : `use only ${SCHEMA_KEYWORDS.filter((keyword) => !["title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly", "$comment"].includes(keyword)).join(", ")}; write cross-field rules as CEL constraints of the tool`
      )
    );
  }
  if (atRoot && node["$schema"] !== undefined && !DIALECTS.includes(String(node["$schema"]))) {
    report(join(path, "$schema"), issue(`dialect ${JSON.stringify(node["$schema"])} is not supported`, `omit $schema (JSON Schema 2020-12) or use ${DIALECTS.join(" or ")}`));
  }
  if (atRoot && node["$defs"] !== undefined) {
    if (!isMapping(node["$defs"])) report(join(path, "$defs"), issue("is not a mapping", "write $defs as a mapping of names to schemas"));
    else for (const [name, definition] of Object.entries(node["$defs"])) lint(root, definition, join(join(path, "$defs"), name), depth + 1, role, problems);
  }
  const ref = node["$ref"];
  if (ref !== undefined) {
    if (typeof ref !== "string" || localDefinition(root, ref) === undefined) {
      const remote = typeof ref === "string" && !ref.startsWith("#");
      report(
        join(path, "$ref"),
        issue(
          remote ? `$ref ${JSON.stringify(ref)} points outside the schema` : `$ref ${JSON.stringify(ref)} names no entry of the root $defs`,
          remote ? "the guard fetches nothing: copy the referenced schema into the root $defs and refer to it as #/$defs/<name>" : "refer to a root definition as #/$defs/<name>"
        )
      );
    }
    return;
  }
  const type = node["type"];
  const enumerated = Array.isArray(node["enum"]) || node["const"] !== undefined;
  if (atRoot && type !== "object") {
    report(join(path, "type"), issue(`the root is ${type === undefined ? "untyped" : JSON.stringify(type)}`, "tool arguments are a JSON object: write \"type\": \"object\" at the root"));
    return;
  }
  if (type === undefined) {
    if (!enumerated) report(path, issue("has no type", `name one of ${TYPES.join(", ")}: the guard validates every value by its type`));
    return;
  }
  if (typeof type !== "string" || !TYPES.includes(type)) {
    report(join(path, "type"), issue(`type ${JSON.stringify(type)} is not one JSON type`, `name one of ${TYPES.join(", ")}; for an optional value leave it out of required instead of adding "null"`));
    return;
  }
  if (node["pattern"] !== undefined) {
    try {
      new RegExp(String(node["pattern"]), "u");
    } catch (error) {
      report(join(path, "pattern"), issue(`does not compile: ${(error as Error).message}`, "write an ECMAScript regular expression valid with the u flag"));
    }
  }
  if (node["format"] !== undefined && !SCHEMA_FORMATS.includes(String(node["format"]))) {
    const near = closestMatch(String(node["format"]), SCHEMA_FORMATS);
    report(join(path, "format"), issue(`format ${JSON.stringify(node["format"])} is not one the guard checks`, near ? didYouMean(near) : `use one of ${SCHEMA_FORMATS.join(", ")}, or a pattern`));
  }
  const bounded = role === "output" || enumerated;
  switch (type) {
    case "object": {
      const properties = node["properties"];
      if (!isMapping(properties)) {
        report(join(path, "properties"), issue(properties === undefined ? "is missing" : "is not a mapping", "list every property the object may have (an empty mapping for none): the guard refuses any other"));
      } else {
        for (const [name, property] of Object.entries(properties)) lint(root, property, join(join(path, "properties"), name), depth + 1, role, problems);
        const required = node["required"];
        if (Array.isArray(required)) {
          for (const name of required) if (typeof name !== "string" || !Object.hasOwn(properties, name)) report(join(path, "required"), issue(`requires ${JSON.stringify(name)}, which properties does not list`, "list the property under properties or remove it from required"));
        }
      }
      if (node["additionalProperties"] !== undefined && node["additionalProperties"] !== false) {
        report(join(path, "additionalProperties"), issue("allows properties the schema does not list", "set additionalProperties to false (or leave it out) and list every property: the guard refuses unknown fields (IO-04)"));
      }
      return;
    }
    case "array":
      if (!bounded && typeof node["maxItems"] !== "number") report(join(path, "maxItems"), issue("is missing: the array is unbounded", "set maxItems to the most items a caller legitimately sends (IO-02)"));
      if (node["items"] === undefined) report(join(path, "items"), issue("is missing", "describe the items with one schema"));
      else lint(root, node["items"], join(path, "items"), depth + 1, role, problems);
      return;
    case "string":
      if (!bounded && typeof node["maxLength"] !== "number") report(join(path, "maxLength"), issue("is missing: the string is unbounded", "set maxLength to the longest value a caller legitimately sends, or list the values in enum (IO-02)"));
      return;
    case "number":
    case "integer":
      if (!bounded && !(hasBound(node, true) && hasBound(node, false))) {
        report(path, issue(`the ${type} has no ${hasBound(node, true) ? "upper" : "lower"} bound`, "set minimum and maximum (or the exclusive forms) to the range that makes sense for the operation (IO-02)"));
      }
      return;
    default:
      return;
  }
}

/** Every problem that keeps the guard from enforcing a tool's schema; empty when it can. */
export function lintToolSchema(schema: unknown, role: SchemaRole): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  lint(isMapping(schema) ? schema : {}, schema, "", 0, role, problems);
  return problems;
}

/**
 * The schema a JSON Pointer into the arguments names (`/filter/branch`), following `properties` and local `$ref`s, or
 * undefined when the schema has no such property.
 */
export function schemaAtPointer(schema: Json, pointer: string): Json | undefined {
  if (!pointer.startsWith("/")) return undefined;
  let node: Json | undefined = schema;
  for (const key of pointerTokens(pointer)) {
    const ref: unknown = node?.["$ref"];
    if (typeof ref === "string") node = localDefinition(schema, ref);
    const properties: unknown = node?.["properties"];
    node = isMapping(properties) && isMapping(properties[key]) ? properties[key] : undefined;
    if (node === undefined) return undefined;
  }
  const ref = node["$ref"];
  return typeof ref === "string" ? localDefinition(schema, ref) : node;
}
