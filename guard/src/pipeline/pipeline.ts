/**
 * The pipeline: turns one ExtMcp call (already decoded from protobuf) into one decision, by running the registered
 * checks in order. Protocol-neutral: the gRPC edge (`server.ts`) decodes and encodes, the pipeline decides, the
 * evidence sink (`evidence/`) writes the audit line and metrics.
 *
 * Fail-closed: a message that does not parse, names an unknown server or revision, or makes a check throw is denied.
 * A server in `mode: report` gets every message through unchanged and a `report` decision naming what would have fired.
 */
import { performance } from "node:perf_hooks";
import { GuardAuditRecord, GuardConfig, GuardDecision, JsonValue, McpRevision } from "../config/types";
import { AuditAnnotations, Check, CheckContext, CheckEvent, CheckFunction, CheckOutcome, DenyCode, JsonObject, Phase, isObject, methodMatches } from "./check";
import { PassMemo, REPEATED_METHODS } from "./pass-memo";

/** Keys of `metadata_context` the guard reads; the gateway's processor config sets them with CEL. */
export const GUARD_METADATA_KEYS = {
  /** The tool of a `tools/call` (CEL `mcp.tool.name`): responses carry no params, so this names the tool there. */
  tool: "tool",
  /** The request's `MCP-Protocol-Version` (CEL `request.headers["mcp-protocol-version"]`), for responses. */
  protocolVersion: "protocolVersion",
  /** The request's W3C `traceparent` (CEL `request.headers["traceparent"]`), for responses' audit lines. */
  traceparent: "traceparent",
} as const;

/** One ExtMcp call, decoded from protobuf. */
export interface GuardMessage {
  readonly phase: Phase;
  readonly method: string;
  /** `service_names`. */
  readonly servers: readonly string[];
  readonly metadataContext: JsonObject;
  /** Raw request headers (request phase only), as the gateway sends them. */
  readonly headers: readonly { readonly key: string; readonly value: Buffer }[];
  /** Raw JSON-RPC params (request; absent when the method has none) or result (response). */
  readonly body?: Buffer;
}

/** What the gRPC edge answers. */
export type GuardResult =
  | { readonly kind: "pass" }
  | { readonly kind: "mutated"; readonly value: Buffer }
  | { readonly kind: "error"; readonly code: DenyCode; readonly reason: string; readonly data?: JsonObject };

export interface Decision {
  readonly result: GuardResult;
  readonly audit: GuardAuditRecord;
  /** Per masked/denied rule counts, for metrics. */
  readonly masked: { readonly [rule: string]: number };
  /** Audit lines of the events checks reported besides the decision (`CheckEvent`), in order. */
  readonly events: readonly GuardAuditRecord[];
  /** Request phase: what the guard tells the gateway (`McpRequestResult.metadata`, CEL `mcpGuardrails.<key>`). */
  readonly metadata?: JsonObject;
}

interface CompiledCheck {
  readonly check: Check;
  readonly run: CheckFunction;
}

/** The checks of one phase and method, and whether a clean pass of them may be remembered (`pass-memo.ts`). */
interface MethodPlan {
  readonly checks: readonly CompiledCheck[];
  readonly remembersPasses: boolean;
}

const REVISION_HEADER = "mcp-protocol-version";

/** Most methods whose applicable checks a pipeline keeps per phase. */
const MAX_CACHED_METHODS = 256;

export class Pipeline {
  private readonly request: readonly CompiledCheck[];
  private readonly response: readonly CompiledCheck[];
  private readonly plans: { readonly [phase in Phase]: Map<string, MethodPlan> } = { request: new Map(), response: new Map() };
  private readonly passes = new PassMemo();

  /** Compiles every check against the config; a `ConfigError` from any check refuses the config. */
  constructor(
    readonly config: GuardConfig,
    checks: readonly Check[],
  ) {
    const ids = new Set<string>();
    for (const check of checks) {
      if (ids.has(check.id)) throw new Error(`two checks share the ID ${check.id}`);
      ids.add(check.id);
    }
    const compiled = checks.map((check) => ({ check, run: check.compile(config) }));
    this.request = compiled.filter((entry) => entry.check.phase === "request");
    this.response = compiled.filter((entry) => entry.check.phase === "response");
  }

  /** The IDs of the checks that run for a method and phase, in order. */
  checksFor(phase: Phase, method: string): string[] {
    return this.plan(phase, method).checks.map((entry) => entry.check.id);
  }

  async decide(message: GuardMessage): Promise<Decision> {
    const started = performance.now();
    const bytes = message.body?.length ?? 0;
    const events: CheckEvent[] = [];
    const base = this.baseRecord(message, bytes);
    let annotations: AuditAnnotations = {};
    const finish = (decision: GuardDecision, rules: readonly string[], result: GuardResult, masked: { [rule: string]: number }, tool?: string, code?: DenyCode, wouldBe?: GuardAuditRecord["wouldBe"]): Decision => {
      const audit: GuardAuditRecord = {
        ...base,
        ...annotations,
        ...(tool === undefined ? {} : { tool }),
        decision,
        ...(code === undefined ? {} : { code }),
        ...(wouldBe === undefined ? {} : { wouldBe }),
        rules,
        masked: Object.values(masked).reduce((sum, count) => sum + count, 0),
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      };
      const metadata = message.phase === "request" && rules.length > 0 ? { guardDecision: decision, guardRules: [...rules] } : undefined;
      const eventRecords = events.map((event) => ({ ...audit, ...event.details, event: event.event, server: event.server, tool: event.tool, rules: [...event.rules], masked: 0 }));
      return { result, audit, masked, events: eventRecords, ...(metadata ? { metadata } : {}) };
    };
    const refuse = (code: DenyCode, rule: string, reason: string, tool?: string): Decision =>
      finish("deny", [rule], { kind: "error", code, reason: `${reason} [${rule}]` }, {}, tool, code);

    const servers = message.servers;
    if (servers.length === 0) return refuse("INVALID", "IO-00-service-names", "the call names no MCP server (service_names is empty)");
    for (const server of servers) {
      if (!Object.prototype.hasOwnProperty.call(this.config.servers, server)) {
        return refuse("PERMISSION_DENIED", "TS-01-unknown-server", `server ${JSON.stringify(server)} is not configured in the guard`);
      }
    }
    const revision = this.revision(message);
    if (revision === undefined) {
      return refuse("INVALID", "IO-00-protocol-version", `unsupported MCP protocol version; accepted: ${this.config.protocolVersions.join(", ")}`);
    }
    const serverConfig = this.config.servers[servers[0]];
    const report = serverConfig.mode === "report";
    const plan = this.plan(message.phase, message.method);
    // A repeat of a list result every check passed cleanly passes again; report mode's audit line differs, so it decides afresh.
    const passKey = plan.remembersPasses && !report && message.body !== undefined ? this.passes.key({ phase: message.phase, method: message.method, servers, revision, body: message.body }) : undefined;
    if (passKey !== undefined && this.passes.has(passKey)) return finish("pass", [], { kind: "pass" }, {});
    let parsed: JsonValue = null;
    if (message.body !== undefined) {
      try {
        parsed = JSON.parse(decodeUtf8(message.body)) as JsonValue;
      } catch {
        return refuse(message.phase === "request" ? "INVALID" : "UNKNOWN", "IO-00-json", `the ${message.phase === "request" ? "params" : "result"} are not valid UTF-8 JSON`);
      }
    }
    const tool = this.tool(message, parsed);
    const toolConfig = tool === undefined || !Object.prototype.hasOwnProperty.call(serverConfig.tools, tool) ? undefined : serverConfig.tools[tool];
    let ctx: CheckContext = {
      phase: message.phase,
      method: message.method,
      server: servers[0],
      servers,
      serverConfig,
      revision,
      headers: lowerCaseHeaders(message.headers),
      metadataContext: message.metadataContext,
      ...(tool === undefined ? {} : { tool }),
      ...(toolConfig === undefined ? {} : { toolConfig }),
      message: parsed,
      bytes,
      config: this.config,
    };
    const rules: string[] = [];
    const masked: { [rule: string]: number } = {};
    let changed = false;
    let wouldDeny: DenyCode | undefined;
    let wouldMutate = false;
    const annotate = (more: AuditAnnotations | undefined): void => {
      if (more !== undefined) annotations = { ...annotations, ...more };
    };
    for (const { check, run } of plan.checks) {
      let outcome: CheckOutcome;
      try {
        const returned = run(ctx);
        outcome = returned instanceof Promise ? await returned : returned;
      } catch {
        return refuse("UNKNOWN", check.id, `check ${check.id} failed; the message is refused (fail-closed)`, tool);
      }
      if (outcome.kind === "pass") {
        if (outcome.notes) rules.push(...outcome.notes);
        annotate(outcome.annotations);
      } else if (outcome.kind === "deny") {
        if (!report) {
          rules.push(outcome.rule);
          const error = { kind: "error", code: outcome.code, reason: `${outcome.reason} [${outcome.rule}]` } as const;
          return finish("deny", rules, outcome.data === undefined ? error : { ...error, data: outcome.data }, masked, tool, outcome.code);
        }
        rules.push(outcome.rule);
        wouldDeny ??= outcome.code;
      } else if (outcome.kind === "mutated") {
        rules.push(...outcome.rules);
        events.push(...(outcome.events ?? []));
        for (const [rule, count] of Object.entries(outcome.masked ?? {})) masked[rule] = (masked[rule] ?? 0) + count;
        if (report) wouldMutate = true;
        else {
          changed = true;
          ctx = { ...ctx, message: outcome.value };
        }
      }
    }
    if (report) {
      const wouldBe = wouldDeny !== undefined ? { decision: "deny" as const, code: wouldDeny } : { decision: wouldMutate ? ("mutated" as const) : ("pass" as const) };
      return finish(rules.length > 0 ? "report" : "pass", rules, { kind: "pass" }, masked, tool, undefined, wouldBe);
    }
    if (changed) return finish("mutated", rules, { kind: "mutated", value: Buffer.from(JSON.stringify(ctx.message), "utf8") }, masked, tool);
    if (passKey !== undefined && rules.length === 0 && events.length === 0 && Object.keys(annotations).length === 0) this.passes.remember(passKey);
    return finish("pass", rules, { kind: "pass" }, masked, tool);
  }

  /** The checks of a phase and method, matched once per method (methods come from clients: at most 256 are kept). */
  private plan(phase: Phase, method: string): MethodPlan {
    const known = this.plans[phase];
    const cached = known.get(method);
    if (cached !== undefined) return cached;
    const checks = (phase === "request" ? this.request : this.response).filter((entry) => entry.check.methods.some((pattern) => methodMatches(pattern, method)));
    const plan = { checks, remembersPasses: REPEATED_METHODS.has(method) && checks.every((entry) => entry.check.repeatable === true) };
    if (known.size < MAX_CACHED_METHODS) known.set(method, plan);
    return plan;
  }

  private revision(message: GuardMessage): McpRevision | undefined {
    let named: string | undefined;
    if (message.phase === "request") {
      const header = message.headers.find((entry) => entry.key.toLowerCase() === REVISION_HEADER);
      named = header?.value.toString("latin1").trim();
    } else {
      const value = message.metadataContext[GUARD_METADATA_KEYS.protocolVersion];
      named = typeof value === "string" && value !== "" ? value : undefined;
    }
    if (named === undefined) return this.config.defaultProtocolVersion;
    return (this.config.protocolVersions as readonly string[]).includes(named) ? (named as McpRevision) : undefined;
  }

  private tool(message: GuardMessage, parsed: JsonValue): string | undefined {
    if (message.method !== "tools/call") return undefined;
    const named = message.phase === "request" ? (isObject(parsed) ? parsed.name : undefined) : message.metadataContext[GUARD_METADATA_KEYS.tool];
    return typeof named === "string" ? named : undefined;
  }

  private baseRecord(message: GuardMessage, bytes: number): Omit<GuardAuditRecord, "decision" | "rules" | "masked" | "durationMs"> {
    const traceparent =
      message.phase === "request"
        ? message.headers.find((entry) => entry.key.toLowerCase() === "traceparent")?.value.toString("latin1")
        : message.metadataContext[GUARD_METADATA_KEYS.traceparent];
    const traceId = typeof traceparent === "string" ? /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(traceparent.trim())?.[1] : undefined;
    return {
      time: new Date().toISOString(),
      event: "mcp.guard.decision",
      environment: this.config.environment,
      ...(traceId === undefined ? {} : { traceId }),
      server: message.servers.join(","),
      method: message.method,
      phase: message.phase,
      bytes,
    };
  }
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Strict UTF-8: invalid sequences throw instead of becoming U+FFFD. */
function decodeUtf8(bytes: Buffer): string {
  return UTF8.decode(bytes);
}

function lowerCaseHeaders(headers: readonly { readonly key: string; readonly value: Buffer }[]): ReadonlyMap<string, readonly string[]> {
  const map = new Map<string, string[]>();
  for (const { key, value } of headers) {
    const name = key.toLowerCase();
    const values = map.get(name);
    if (values) values.push(value.toString("latin1"));
    else map.set(name, [value.toString("latin1")]);
  }
  return map;
}
