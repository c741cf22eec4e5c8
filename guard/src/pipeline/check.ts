/**
 * The guard's check interface: the whole public API a control needs to plug into the pipeline.
 *
 * A check is a tiny module in `guard/src/checks/<control-id>.ts` exporting one `Check`, registered by one line in
 * `guard/src/checks/index.ts`. At load the pipeline calls `compile(config)` once (precompile schemas, CEL, patterns;
 * throw a `ConfigError` naming the field to refuse a config); per message it calls the returned function with a
 * `CheckContext`, in registry order, for the checks whose `phase` and `methods` match. The first `deny` ends the run;
 * a `mutated` value becomes `ctx.message` for the checks after it.
 */
import { GuardConfig, GuardServerConfig, GuardToolConfig, JsonValue, McpRevision } from "../config/types";

/** Which ExtMcp hook a check runs on: `CheckRequest` (JSON-RPC params) or `CheckResponse` (JSON-RPC result). */
export type Phase = "request" | "response";

/** ExtMcp `AuthorizationError.Code` names; the gateway maps them to JSON-RPC -32603, -32001, -32003, -32600. */
export type DenyCode = "UNKNOWN" | "PERMISSION_DENIED" | "RESOURCE_EXHAUSTED" | "INVALID";

/** A JSON object as read from the wire. */
export type JsonObject = { readonly [key: string]: JsonValue };

/** Everything a check may read about one MCP message. Read-only: a check changes a message only by returning `mutated`. */
export interface CheckContext {
  readonly phase: Phase;
  /** JSON-RPC method, e.g. `tools/call`. */
  readonly method: string;
  /** The server this call targets (`service_names[0]`); for fan-out list methods, the first of `servers`. */
  readonly server: string;
  /** Every backend of the call (`service_names`); more than one only for fan-out methods (`*\/list`). */
  readonly servers: readonly string[];
  /** The server's configuration (every name in `servers` is configured, or the pipeline denied before any check). */
  readonly serverConfig: GuardServerConfig;
  /** The MCP revision: the `MCP-Protocol-Version` header, else the config's default. */
  readonly revision: McpRevision;
  /** Request headers, names lower-cased, values decoded as latin1 (multi-value headers keep every value). Empty on responses. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  /** `metadata_context` from the gateway (the processor's `metadata` CEL results). */
  readonly metadataContext: JsonObject;
  /**
   * The tool of a `tools/call`: from `params.name` on requests, from `metadata_context.tool` on responses (the
   * gateway's processor config sets it: `metadata: { tool: "mcp.tool.name" }`). Absent for other methods.
   */
  readonly tool?: string;
  /** The approved configuration of `tool`, when it is approved. */
  readonly toolConfig?: GuardToolConfig;
  /** The message: JSON-RPC params (request; `null` when the method has none) or result (response), as mutated so far. */
  readonly message: JsonValue;
  /** Size in bytes of the message as received. */
  readonly bytes: number;
  /** The whole guard configuration. */
  readonly config: GuardConfig;
}

/** Who made an admitted request and why, as the token checks established it, for the audit line. */
export interface AuditAnnotations {
  /** The token's subject (`sub`). */
  readonly subject?: string;
  /** The token's client (`azp`, else `client_id`). */
  readonly client?: string;
  /** The purpose of the just-in-time grant the call used (JIT-03). */
  readonly purpose?: string;
}

/** The message may go on unchanged. */
export interface Pass {
  readonly kind: "pass";
  /** Rules that fired without changing the outcome (e.g. `GW-02-path-traversal:overridden`), for the audit line. @default [] */
  readonly notes?: readonly string[];
  /** Facts for the audit line (who called, the purpose of a just-in-time grant). @default none */
  readonly annotations?: AuditAnnotations;
}

/**
 * An audit event a check reports besides the decision, written as its own audit line (`GuardAuditRecord` with this
 * `event`, extended by `details`), e.g. `mcp.guard.tool_changed`. Names, pins and rule IDs only, never message values.
 */
export interface CheckEvent {
  readonly event: string;
  readonly server: string;
  readonly tool: string;
  /** Rule IDs behind the event, each starting with its control ID. */
  readonly rules: readonly string[];
  /** Extra fields of the audit line. */
  readonly details: { readonly [key: string]: string | readonly string[] };
}

/** The message goes on changed: `value` replaces params (request) or result (response). */
export interface Mutated {
  readonly kind: "mutated";
  readonly value: JsonValue;
  /** Rule IDs that changed it, each starting with its control ID (`IO-06-nfkc`). */
  readonly rules: readonly string[];
  /** Items masked per rule (DLP), counted in the audit line and metrics. @default {} */
  readonly masked?: { readonly [rule: string]: number };
  /** Events to audit besides the decision (also in `mode: report`). @default [] */
  readonly events?: readonly CheckEvent[];
}

/** The message is refused. */
export interface Deny {
  readonly kind: "deny";
  readonly code: DenyCode;
  /** The rule that fired, starting with its control ID (`IO-04-unknown-field`). */
  readonly rule: string;
  /** Why, for the client: JSON paths, rule and control IDs; never a value from the message. */
  readonly reason: string;
  /**
   * The JSON-RPC error's `data` (sent as `AuthorizationError.mcp_error`), e.g. a token denial's HTTP status and
   * `WWW-Authenticate` challenge; never a value from the message or a credential. @default none
   */
  readonly data?: JsonObject;
}

export type CheckOutcome = Pass | Mutated | Deny;

/** What a compiled check does per message; may be async (e.g. a shared replay cache), most are not. */
export type CheckFunction = (ctx: CheckContext) => CheckOutcome | Promise<CheckOutcome>;

export interface Check {
  /** Unique ID of the check, starting with its control ID, e.g. `IO-01-arguments`. */
  readonly id: string;
  /** The control it implements, e.g. `IO-01`. */
  readonly control: string;
  /** One sentence: what it enforces. */
  readonly description: string;
  readonly phase: Phase;
  /** Method patterns it runs on, as agentgateway writes them: exact, `prefix/*`, `*\/suffix` or `*`. */
  readonly methods: readonly string[];
  /**
   * Whether its pass is a function of the config and the call's phase, method, servers, revision and message bytes
   * alone: no clock, header, metadata or state can turn that message into a deny or a change. A pipeline may answer a
   * byte-identical repeat of a list result that every check passed from memory (`pass-memo.ts`). @default false
   */
  readonly repeatable?: boolean;
  /** Compiles what the check needs from the config, once at load; throws `ConfigError` to refuse the config. */
  compile(config: GuardConfig): CheckFunction;
}

/** A configuration the guard cannot enforce; `field` is the JSON path of the offending field. */
export class ConfigError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "ConfigError";
  }
}

export const PASS: Pass = Object.freeze({ kind: "pass" });

export function passWith(notes: readonly string[]): Pass {
  return notes.length === 0 ? PASS : { kind: "pass", notes };
}

export function deny(code: DenyCode, rule: string, reason: string, data?: JsonObject): Deny {
  return { kind: "deny", code, rule, reason, ...(data === undefined ? {} : { data }) };
}

export function mutated(value: JsonValue, rules: readonly string[], masked: { readonly [rule: string]: number } = {}): Mutated {
  return { kind: "mutated", value, rules, masked };
}

/** Whether a method matches an agentgateway method pattern (exact, `prefix/*`, `*\/suffix`, `*`). */
export function methodMatches(pattern: string, method: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith("/*")) return method.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith("*/")) return method.endsWith(pattern.slice(1));
  return pattern === method;
}

/** Whether a JSON value is an object (not an array, not null). */
export function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
