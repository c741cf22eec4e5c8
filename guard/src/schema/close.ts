/**
 * IO-04: closes a JSON Schema so that unknown fields are rejected at every depth. The MCP schemas never set
 * `additionalProperties: false` and tool input schemas rarely do: every object schema that lists `properties` and says
 * nothing about other properties gets `additionalProperties: false`, and `_meta` (the MCP spec's extension field)
 * stays allowed. Schemas combined with `allOf` are left open (closing one branch would reject the other's fields).
 * Returns a deep copy; the input is not changed.
 */
import { JsonValue } from "../config/types";

type Schema = { [key: string]: JsonValue };

const SUBSCHEMA_MAPS = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
const SUBSCHEMA_LISTS = ["anyOf", "oneOf", "prefixItems"];
const SUBSCHEMAS = ["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedProperties", "additionalItems"];

function isSchema(value: JsonValue | undefined): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function close(schema: Schema, insideAllOf: boolean): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (SUBSCHEMA_MAPS.includes(key) && isSchema(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, isSchema(sub) ? close(sub, false) : sub]));
    } else if (SUBSCHEMA_LISTS.includes(key) && Array.isArray(value)) {
      out[key] = value.map((sub) => (isSchema(sub) ? close(sub, false) : sub));
    } else if (key === "allOf" && Array.isArray(value)) {
      out[key] = value.map((sub) => (isSchema(sub) ? close(sub, true) : sub));
    } else if (SUBSCHEMAS.includes(key) && isSchema(value)) {
      out[key] = close(value, false);
    } else {
      out[key] = value;
    }
  }
  const open = insideAllOf || "allOf" in schema || "additionalProperties" in schema || "patternProperties" in schema || "unevaluatedProperties" in schema || "$ref" in schema;
  if (isSchema(schema.properties) && !open) {
    out.additionalProperties = false;
    if (!("_meta" in schema.properties)) out.properties = { ...(out.properties as Schema), _meta: { type: "object" } };
  }
  return out;
}

export function closeSchema(schema: { readonly [key: string]: JsonValue }): Schema {
  return close(schema as Schema, false);
}
