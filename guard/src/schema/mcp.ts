/**
 * The MCP JSON Schemas of the revisions the guard accepts (`guard/schemas/mcp-<revision>.schema.json`, verbatim from
 * modelcontextprotocol/modelcontextprotocol), compiled once: per revision and client request method, a validator of
 * the request's `params` on the closed schema (unknown fields rejected at every depth, `_meta` allowed), and a
 * validator of the method's `result` on the schema as published.
 */
import { ValidateFunction } from "ajv";
import { readGuardJson } from "../assets";
import { JsonValue, McpRevision } from "../config/types";
import { closeSchema } from "./close";
import { dialectOf, newAjv } from "./validation";

interface RevisionValidators {
  readonly params: ReadonlyMap<string, ValidateFunction>;
  readonly results: ReadonlyMap<string, ValidateFunction>;
}

type Definitions = { readonly [name: string]: { readonly [key: string]: JsonValue } };

function compileRevision(revision: McpRevision): RevisionValidators {
  const published = readGuardJson(`schemas/mcp-${revision}.schema.json`) as { [key: string]: JsonValue };
  const defsKey = "$defs" in published ? "$defs" : "definitions";
  const definitions = published[defsKey] as unknown as Definitions;
  const dialect = dialectOf(published);
  const closedAjv = newAjv(dialect, true).addSchema({ ...closeSchema(published), $id: "mcp-closed" });
  const openAjv = newAjv(dialect, true).addSchema({ ...published, $id: "mcp-open" });
  const params = new Map<string, ValidateFunction>();
  const results = new Map<string, ValidateFunction>();
  const requests = (definitions.ClientRequest.anyOf as readonly { $ref: string }[]).map((entry) => entry.$ref.split("/").pop() as string);
  for (const request of requests) {
    const properties = definitions[request].properties as { [key: string]: { const?: string } };
    const method = properties.method.const as string;
    if (properties.params !== undefined) params.set(method, closedAjv.compile({ $ref: `mcp-closed#/${defsKey}/${request}/properties/params` }));
    const resultName = request.replace(/Request$/, "Result");
    const resultRef = { $ref: `mcp-open#/${defsKey}/${resultName in definitions ? resultName : "Result"}` };
    results.set(method, openAjv.compile("InputRequiredResult" in definitions ? { anyOf: [resultRef, { $ref: `mcp-open#/${defsKey}/InputRequiredResult` }] } : resultRef));
  }
  return { params, results };
}

export class McpSchemas {
  private readonly revisions = new Map<McpRevision, RevisionValidators>();

  constructor(revisions: readonly McpRevision[]) {
    for (const revision of revisions) this.revisions.set(revision, compileRevision(revision));
  }

  /** Whether `method` is a client request of `revision`. */
  knows(revision: McpRevision, method: string): boolean {
    return this.revisions.get(revision)?.results.has(method) ?? false;
  }

  /** The validator of `method`'s params in `revision`; undefined when the method takes no params. */
  params(revision: McpRevision, method: string): ValidateFunction | undefined {
    return this.revisions.get(revision)?.params.get(method);
  }

  /** The validator of `method`'s result in `revision`. */
  result(revision: McpRevision, method: string): ValidateFunction | undefined {
    return this.revisions.get(revision)?.results.get(method);
  }
}

const cache = new Map<string, McpSchemas>();

/** Compiled schemas for a set of revisions, shared by the checks that need them (compiled once per process). */
export function mcpSchemas(revisions: readonly McpRevision[]): McpSchemas {
  const key = [...revisions].sort().join(",");
  let schemas = cache.get(key);
  if (schemas === undefined) {
    schemas = new McpSchemas(revisions);
    cache.set(key, schemas);
  }
  return schemas;
}
