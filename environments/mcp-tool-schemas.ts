/**
 * The MCP `Tool` definition of every revision the guard accepts, as JSON Schema validators (ajv): an approved tool
 * definition must be a valid `Tool` of each, so every client, whichever revision it negotiates, can list it. The
 * schemas are the `Tool` definitions (and what they reference) of the published MCP schemas, kept as data in
 * `mcp-tool-schemas/<revision>.json`.
 */
import Ajv, { ValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020";
import { McpRevision } from "../guard/src/config/types";
import tool20250618 from "./mcp-tool-schemas/2025-06-18.json";
import tool20251125 from "./mcp-tool-schemas/2025-11-25.json";
import tool20260728 from "./mcp-tool-schemas/2026-07-28.json";

/** The revisions the guard accepts, oldest first. */
export const MCP_REVISIONS: readonly McpRevision[] = ["2025-06-18", "2025-11-25", "2026-07-28"];

const SCHEMAS: Readonly<Record<McpRevision, Record<string, unknown>>> = {
  "2025-06-18": tool20250618,
  "2025-11-25": tool20251125,
  "2026-07-28": tool20260728,
};

/** The formats the MCP schemas name; their values are plain strings to a client, so they are annotations here. */
const ANNOTATION_FORMATS = ["uri", "byte"];

/**
 * The schemas are the published MCP schemas committed as data, not input: checking them against their meta-schema
 * would compile the draft-07 or 2020-12 meta-schema on every run (the largest part of compiling), so it is left out;
 * every tool definition is still validated against them in full.
 */
const OPTIONS = { allErrors: true, strict: false, validateSchema: false } as const;

let validators: ReadonlyMap<McpRevision, ValidateFunction> | undefined;

function compiled(): ReadonlyMap<McpRevision, ValidateFunction> {
  validators ??= new Map(
    MCP_REVISIONS.map((revision) => {
      const schema = SCHEMAS[revision];
      const ajv = String(schema["$schema"]).includes("2020-12") ? new Ajv2020(OPTIONS) : new Ajv(OPTIONS);
      for (const format of ANNOTATION_FORMATS) ajv.addFormat(format, true);
      return [revision, ajv.compile(schema)] as const;
    })
  );
  return validators;
}

/** What makes a tool definition invalid under each revision (`<revision>: <path> <message>`); empty when valid under all. */
export function toolDefinitionErrors(definition: unknown): string[] {
  return [...compiled()].flatMap(([revision, validate]) =>
    validate(definition) ? [] : (validate.errors ?? []).map((error) => `${revision}: ${error.instancePath === "" ? "(the tool)" : error.instancePath} ${error.message ?? "is invalid"}`)
  );
}
