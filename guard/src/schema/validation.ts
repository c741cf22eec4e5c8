/**
 * Schema validation shared by the IO checks: one Ajv per JSON Schema dialect (draft-07 for MCP 2025-06-18, 2020-12
 * for the later revisions and tool schemas), formats on, and a denial built from Ajv's first error that names the
 * JSON path, the rule and its control (IO-00 shape, IO-01 type/format, IO-02 bounds/enums, IO-04 unknown fields),
 * never the value.
 */
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { Deny, deny } from "../pipeline/check";
import { messagePath, pointerToken } from "../pipeline/json-path";

export type Dialect = "draft-07" | "2020-12";

/**
 * A fresh Ajv for a dialect; strict off (published schemas use keywords Ajv's strict mode rejects), formats on.
 * `trusted` skips validating the schema itself (the published MCP schemas: saves seconds at start).
 */
export function newAjv(dialect: Dialect, trusted = false): Ajv {
  const options = { strict: false, allErrors: false, validateFormats: true, validateSchema: !trusted } as const;
  const ajv = dialect === "draft-07" ? new Ajv(options) : new Ajv2020(options);
  addFormats(ajv);
  return ajv;
}

/** The dialect a schema declares (`$schema`), defaulting to 2020-12 as MCP specifies for tool schemas. */
export function dialectOf(schema: { readonly [key: string]: unknown }): Dialect {
  return typeof schema.$schema === "string" && schema.$schema.includes("draft-07") ? "draft-07" : "2020-12";
}

const CONTROL_OF_KEYWORD: { readonly [keyword: string]: string } = {
  additionalProperties: "IO-04-unknown-field",
  unevaluatedProperties: "IO-04-unknown-field",
  type: "IO-01-type",
  format: "IO-01-format",
  pattern: "IO-01-pattern",
  maxLength: "IO-02-length",
  minLength: "IO-02-length",
  maximum: "IO-02-range",
  minimum: "IO-02-range",
  exclusiveMaximum: "IO-02-range",
  exclusiveMinimum: "IO-02-range",
  multipleOf: "IO-02-range",
  maxItems: "IO-02-items",
  minItems: "IO-02-items",
  uniqueItems: "IO-02-items",
  maxProperties: "IO-02-properties",
  minProperties: "IO-02-properties",
  enum: "IO-02-enum",
  const: "IO-02-enum",
};

/** Where an error is, as a readable path under `root` (`arguments.items[2].name`). */
function location(root: string, error: ErrorObject): string {
  let pointer = error.instancePath;
  if (error.keyword === "additionalProperties") pointer += `/${pointerToken((error.params as { additionalProperty: string }).additionalProperty)}`;
  if (error.keyword === "required") pointer += `/${pointerToken((error.params as { missingProperty: string }).missingProperty)}`;
  return messagePath(root, pointer);
}

/** What went wrong, without the value: the keyword and the schema's own limit. */
function problem(error: ErrorObject): string {
  switch (error.keyword) {
    case "additionalProperties":
      return "unknown field";
    case "required":
      return "required field is missing";
    case "type":
      return `must be ${String((error.params as { type: unknown }).type)}`;
    case "format":
      return `must be a valid ${String((error.params as { format: unknown }).format)}`;
    case "enum":
    case "const":
      return "is not one of the allowed values";
    case "pattern":
      return "does not match the required pattern";
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}

/**
 * A denial for a failed validation, or undefined when it passed. `rootRule` names schema-shape failures; the reason
 * ends with `control` in parentheses.
 * @param control the control the reason names. @default the control of the rule that fired (IO-01..IO-04 by keyword,
 * else `rootRule`'s)
 */
export function validationDenial(validate: ValidateFunction, value: unknown, root: string, rootRule: string, control?: string): Deny | undefined {
  if (validate(value)) return undefined;
  const errors = validate.errors ?? [];
  const error = errors.length > 1 && /^(anyOf|oneOf)$/.test(errors[errors.length - 1].keyword) ? errors[errors.length - 1] : errors[0];
  const rule = CONTROL_OF_KEYWORD[error.keyword] ?? rootRule;
  return deny("INVALID", rule, `${location(root, error)} ${problem(error)} (${control ?? controlOfRule(rule)})`);
}

/** The control ID a rule ID starts with (`IO-04` of `IO-04-unknown-field`, `DLP-00` of `DLP-00-result-schema`). */
function controlOfRule(rule: string): string {
  return /^[A-Z]+-\d+/.exec(rule)?.[0] ?? rule;
}
