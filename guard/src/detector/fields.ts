/**
 * Extracts every string of a tool definition that a model may read, labelled with where it sits (see
 * {@link FieldKind}): the name, the title (top level and `annotations.title`), the description, and, in
 * `inputSchema` and `outputSchema` at any depth, property names, descriptions, titles, comments, defaults, constants,
 * enum values and examples. Schema keywords that are structure, not text (`type`, `format`, `pattern`, `required`,
 * `$ref`, ...), are skipped.
 */
import { JsonValue, ToolDefinition } from "../config/types";
import { isObject } from "../pipeline/check";
import { FieldKind, TextField } from "./types";

/** Schema keywords whose string values are structure, not text a model reads as instructions. */
const STRUCTURAL_KEYWORDS = new Set([
  "type", "format", "pattern", "required", "$ref", "$schema", "$id", "$anchor", "$dynamicRef", "$dynamicAnchor",
  "contentEncoding", "contentMediaType",
]);

/** Schema keywords whose values are schemas keyed by a property name. */
const PROPERTY_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

/** Schema keywords whose string values are data a model may be shown. */
const VALUE_KEYWORDS = new Set(["default", "const", "enum", "examples"]);

/** Deepest nesting walked; deeper schemas are a TOOL-05 structure finding, not text to scan. */
export const MAX_SCHEMA_DEPTH = 32;

function pushValues(out: TextField[], path: string, value: JsonValue, depth: number): void {
  if (typeof value === "string") out.push({ path, kind: "value", text: value });
  else if (Array.isArray(value) && depth < MAX_SCHEMA_DEPTH) value.forEach((item, index) => pushValues(out, `${path}.${index}`, item, depth + 1));
  else if (isObject(value) && depth < MAX_SCHEMA_DEPTH) for (const [key, item] of Object.entries(value)) pushValues(out, `${path}.${key}`, item, depth + 1);
}

function walkSchema(out: TextField[], path: string, schema: JsonValue, depth: number): void {
  if (depth >= MAX_SCHEMA_DEPTH) return;
  if (Array.isArray(schema)) {
    schema.forEach((item, index) => walkSchema(out, `${path}.${index}`, item, depth + 1));
    return;
  }
  if (!isObject(schema)) return;
  for (const [key, value] of Object.entries(schema)) {
    const here = `${path}.${key}`;
    if (STRUCTURAL_KEYWORDS.has(key)) continue;
    if (VALUE_KEYWORDS.has(key)) pushValues(out, here, value, depth + 1);
    else if (PROPERTY_MAPS.has(key) && isObject(value)) {
      for (const [name, sub] of Object.entries(value)) {
        out.push({ path: `${here}.${name}`, kind: "parameter-name", text: name });
        walkSchema(out, `${here}.${name}`, sub, depth + 1);
      }
    } else if (typeof value === "string") {
      const kind: FieldKind = key === "title" ? "title" : "parameter-description";
      out.push({ path: here, kind, text: value });
    } else walkSchema(out, here, value, depth + 1);
  }
}

/** Every string of the definition a model may read, in a stable order. */
export function textFields(definition: ToolDefinition): TextField[] {
  const out: TextField[] = [];
  if (typeof definition.name === "string") out.push({ path: "name", kind: "name", text: definition.name });
  if (typeof definition.title === "string") out.push({ path: "title", kind: "title", text: definition.title });
  if (typeof definition.description === "string") out.push({ path: "description", kind: "description", text: definition.description });
  const annotations = definition.annotations as JsonValue | undefined;
  if (isObject(annotations)) {
    for (const [key, value] of Object.entries(annotations)) {
      if (typeof value === "string") out.push({ path: `annotations.${key}`, kind: key === "title" ? "title" : "parameter-description", text: value });
    }
  }
  walkSchema(out, "inputSchema", definition.inputSchema as JsonValue, 0);
  if (definition.outputSchema !== undefined) walkSchema(out, "outputSchema", definition.outputSchema as JsonValue, 0);
  return out;
}
