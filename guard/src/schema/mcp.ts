/**
 * The MCP JSON Schemas of the revisions the guard accepts (`guard/schemas/mcp-<revision>.schema.json`, verbatim from
 * modelcontextprotocol/modelcontextprotocol), compiled once per process on first use: per revision and client request
 * method, a validator of the request's `params` on the closed schema (unknown fields rejected at every depth, `_meta`
 * allowed), and a validator of the method's `result` on the schema as published.
 */
import Ajv, { ValidateFunction } from "ajv";
import { readGuardJson } from "../assets";
import { JsonValue, McpRevision } from "../config/types";
import { closeSchema } from "./close";
import { dialectOf, newAjv } from "./validation";

type Definitions = { readonly [name: string]: { readonly [key: string]: JsonValue } };

/** What a client request method of a revision is validated with: the `$ref`s of its params (when it has any) and its result. */
interface MethodSchemas {
  readonly params?: string;
  readonly result: JsonValue;
}

/**
 * One revision's validators, compiled on a method's first use and kept: a guard sees few of the methods, and every
 * compiled validator costs memory and start time. The revision's schema is read and its methods listed at once.
 */
class RevisionValidators {
  private readonly methods = new Map<string, MethodSchemas>();
  private readonly published: { [key: string]: JsonValue };
  private readonly dialect: ReturnType<typeof dialectOf>;
  private closedAjv: Ajv | undefined;
  private openAjv: Ajv | undefined;
  private readonly params = new Map<string, ValidateFunction>();
  private readonly results = new Map<string, ValidateFunction>();

  constructor(revision: McpRevision) {
    this.published = readGuardJson(`schemas/mcp-${revision}.schema.json`) as { [key: string]: JsonValue };
    const defsKey = "$defs" in this.published ? "$defs" : "definitions";
    const definitions = this.published[defsKey] as unknown as Definitions;
    this.dialect = dialectOf(this.published);
    const requests = (definitions.ClientRequest.anyOf as readonly { $ref: string }[]).map((entry) => entry.$ref.split("/").pop() as string);
    for (const request of requests) {
      const properties = definitions[request].properties as { [key: string]: { const?: string } };
      const resultName = request.replace(/Request$/, "Result");
      const resultRef = { $ref: `mcp-open#/${defsKey}/${resultName in definitions ? resultName : "Result"}` };
      this.methods.set(properties.method.const as string, {
        ...(properties.params !== undefined ? { params: `mcp-closed#/${defsKey}/${request}/properties/params` } : {}),
        result: "InputRequiredResult" in definitions ? { anyOf: [resultRef, { $ref: `mcp-open#/${defsKey}/InputRequiredResult` }] } : resultRef,
      });
    }
  }

  knows(method: string): boolean {
    return this.methods.has(method);
  }

  param(method: string): ValidateFunction | undefined {
    const ref = this.methods.get(method)?.params;
    if (ref === undefined) return undefined;
    let validate = this.params.get(method);
    if (validate === undefined) {
      this.closedAjv ??= newAjv(this.dialect, true).addSchema({ ...closeSchema(this.published), $id: "mcp-closed" });
      validate = this.closedAjv.compile({ $ref: ref });
      this.params.set(method, validate);
    }
    return validate;
  }

  result(method: string): ValidateFunction | undefined {
    const schemas = this.methods.get(method);
    if (schemas === undefined) return undefined;
    let validate = this.results.get(method);
    if (validate === undefined) {
      this.openAjv ??= newAjv(this.dialect, true).addSchema({ ...this.published, $id: "mcp-open" });
      validate = this.openAjv.compile(schemas.result as object);
      this.results.set(method, validate);
    }
    return validate;
  }
}

export class McpSchemas {
  private readonly revisions = new Map<McpRevision, RevisionValidators>();

  constructor(revisions: readonly McpRevision[]) {
    for (const revision of revisions) this.revisions.set(revision, new RevisionValidators(revision));
  }

  /** Whether `method` is a client request of `revision`. */
  knows(revision: McpRevision, method: string): boolean {
    return this.revisions.get(revision)?.knows(method) ?? false;
  }

  /** The validator of `method`'s params in `revision` (compiled on first use); undefined when the method takes no params. */
  params(revision: McpRevision, method: string): ValidateFunction | undefined {
    return this.revisions.get(revision)?.param(method);
  }

  /** The validator of `method`'s result in `revision` (compiled on first use). */
  result(revision: McpRevision, method: string): ValidateFunction | undefined {
    return this.revisions.get(revision)?.result(method);
  }

  /** Compiles the validators of `methods` in every revision now, so the first such call after a start is not slowed by it. */
  warm(methods: readonly string[]): void {
    for (const revision of this.revisions.keys()) {
      for (const method of methods) {
        this.params(revision, method);
        this.result(revision, method);
      }
    }
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
