/**
 * The guard's configuration file (`guard-config.json`): the contract between synth, which generates it per
 * environment from the environment config (`dist/guard/<env>/guard-config.json`, shipped as a ConfigMap), and the
 * guard, which validates it strictly on load (exit 2 naming the field) and enforces it on every MCP message.
 *
 * It also defines the approved-tools lock file (`ApprovedToolsLock`): the reviewed, pinned MCP `Tool` definitions of one
 * server in one environment, kept in git beside the environment file and written by `mcp-harden tools pin`.
 *
 * Types only: no behaviour lives here. Every optional field documents its default.
 */

/** The version of this format; the guard refuses any other. */
export const GUARD_CONFIG_VERSION = 1;

/** MCP revisions the guard accepts (header `MCP-Protocol-Version`), oldest first. */
export type McpRevision = "2025-06-18" | "2025-11-25" | "2026-07-28";

/** A JSON value, as read from the wire or a file. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** An MCP `Tool` definition exactly as a server lists it in `tools/list` (the pinned fields). */
export interface ToolDefinition {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly inputSchema: { readonly [key: string]: JsonValue };
  readonly outputSchema?: { readonly [key: string]: JsonValue };
  readonly annotations?: { readonly [key: string]: JsonValue };
}

/** Where a string argument ends up on the server's side (IO-05): the guard applies that sink's rules to it. */
export type ArgumentSink = "sql" | "shell" | "path" | "url" | "html";

/** What the guard does with secrets and personal data found in a result (DLP-01..DLP-04). */
export type DlpMode = "mask" | "block";

/** A semantic or cross-field constraint on a tool's arguments (IO-07, IO-08). */
export interface ToolConstraint {
  /** Stable ID, unique per tool, named in denials and audit lines, e.g. `branch-not-default`. */
  readonly id: string;
  /** A CEL expression over `args` (the call's arguments) that must be true; compiled by synth. */
  readonly expression: string;
  /** What a denial says, without any argument value. */
  readonly message: string;
}

/** A rule switched off for one tool, with why (the guard still reports it in its audit line as `overridden`). */
export interface RuleOverride {
  /** The rule's ID, e.g. `GW-02-path-traversal`. */
  readonly rule: string;
  /** Why this tool legitimately trips the rule; at least 20 characters. */
  readonly justification: string;
}

/** One approved tool of one server, as the guard enforces it. */
export interface GuardToolConfig {
  /** The approved definition; a server's `tools/list` entry must equal it (by pin) to reach a client. */
  readonly definition: ToolDefinition;
  /** `sha256:<64 hex>` over the canonical JSON of `definition` (TOOL-08, PROV-02). */
  readonly pin: string;
  /** OAuth scopes a caller needs for this tool. */
  readonly scopes: readonly string[];
  /** Constraints on the arguments, all of which must hold. @default [] */
  readonly constraints: readonly ToolConstraint[];
  /** Sinks of string arguments, keyed by JSON Pointer into the arguments (`/query`). @default {} */
  readonly sinks: { readonly [pointer: string]: ArgumentSink };
  /** Threat-pattern and poisoning rules switched off for this tool. @default [] */
  readonly overrides: readonly RuleOverride[];
  /**
   * A sensitive tool needs a stronger, recent sign-in (CV-03, JIT-02); otherwise the caller gets an RFC 9470
   * step-up challenge. Needs `GuardConfig.auth`.
   * @default undefined (any authenticated caller with the tool's scopes)
   */
  readonly sensitive?: GuardSensitiveToolConfig;
  /**
   * A just-in-time tool is callable only with a short-lived, purpose-bound grant for it (JIT-01, JIT-03, JIT-05).
   * Needs `GuardConfig.auth`.
   * @default undefined (a standing grant, i.e. the tool's scopes, suffices)
   */
  readonly jit?: GuardJitToolConfig;
}

/** The sign-in a sensitive tool requires (CV-03, JIT-02). */
export interface GuardSensitiveToolConfig {
  /** Accepted authentication context classes (token claim `acr`), e.g. `["mfa-webauthn", "mfa-otp"]`; never empty. */
  readonly acrValues: readonly string[];
  /** Longest time since the user's sign-in (token claim `auth_time`), seconds. */
  readonly maxAgeSeconds: number;
}

/**
 * The grant a just-in-time tool requires (JIT-01, JIT-03, JIT-05): an RFC 9396 `authorization_details` entry
 * `{ "type": "mcp_tool", "locations": [<server audience>], "actions": [<tool name>], "purpose": <purpose> }` in an access
 * token that lives at most `maxGrantSeconds`. One token may carry entries for several tools (a multi-step task).
 */
export interface GuardJitToolConfig {
  /** Purposes this tool may be used for; a grant naming any other is refused. Never empty. */
  readonly purposes: readonly string[];
  /** Longest lifetime (`exp - iat`) of a token that carries the grant, seconds. */
  readonly maxGrantSeconds: number;
}

/**
 * How the guard verifies the caller's access token on every request (CV-01, ZT-01), its sender constraint (AUTH-04),
 * revocations (CV-04, JIT-04) and session ownership (PUB-01). The token is read from the forwarded `authorization`
 * header, the DPoP proof from `dpop`, the session from `mcp-session-id`; the gateway must forward them (and the
 * pseudo-headers `:method`, `:scheme`, `:authority`, `:path`) in the processor's `requestHeaders`.
 */
export interface GuardAuthConfig {
  /** The issuer (`iss`) every token must carry, e.g. `https://auth.example.com/realms/mcp`. */
  readonly issuer: string;
  /** The issuer's JWKS URL; fetched at start and again, at most once per 30 s, when a token names an unknown key. */
  readonly jwksUri: string;
  /** The audience (`aud`, RFC 8707 resource) of each server's tokens, by server name: one audience per server. */
  readonly audiences: { readonly [server: string]: string };
  /** Accepted token signature algorithms. @default ["ES256", "PS256", "RS256", "EdDSA"] */
  readonly algorithms?: readonly string[];
  /** Longest lifetime (`exp - iat`) of an accepted access token, seconds (AUTH-02). @default 300 */
  readonly maxTokenLifetimeSeconds?: number;
  /** Clock skew tolerated on `exp`, `nbf` and `iat`, seconds. @default 5 */
  readonly clockToleranceSeconds?: number;
  /**
   * How tokens must be sender-constrained (AUTH-04): `dpop` (RFC 9449), `certificate` (RFC 8705 `cnf.x5t#S256`
   * against the client certificate the gateway forwards as metadata `clientCertificate`, where the edge runs mTLS),
   * or `dpop-or-certificate`.
   * @default "dpop"
   */
  readonly senderConstraint?: "dpop" | "certificate" | "dpop-or-certificate";
  /** DPoP proof checks (AUTH-04). */
  readonly dpop?: {
    /** Accepted proof algorithms. @default ["ES256", "EdDSA", "PS256", "RS256"] */
    readonly algorithms?: readonly string[];
    /** How old a proof's `iat` may be (and how long its `jti` is remembered), seconds. @default 60 */
    readonly maxAgeSeconds?: number;
    /**
     * The public origin clients call (`https://mcp.example.com`), used for `htu` instead of the forwarded
     * `:scheme` and `:authority`, which name the gateway's inner hop behind a load balancer.
     * @default the forwarded `:scheme://:authority`
     */
    readonly origin?: string;
  };
  /**
   * The store all replicas share for DPoP `jti`s, revocations and session owners. Without `redisUrl` or
   * `hostFile` the guard keeps them in memory, which is only correct with a single replica.
   */
  readonly store?: {
    /** `redis://` or `rediss://` URL (no password in it: give it in `passwordFile` or the `MCP_GUARD_REDIS_PASSWORD` environment variable). @default in memory */
    readonly redisUrl?: string;
    /**
     * A file holding the store's host name instead of `redisUrl` (the blueprint mounts the ElastiCache endpoint from
     * Secrets Manager, since it is known only once deployed); with `port` and `tls`. Not together with `redisUrl`.
     * @default none
     */
    readonly hostFile?: string;
    /** The port with `hostFile`. @default 6379 */
    readonly port?: number;
    /** Whether to speak TLS with `hostFile` (`rediss://`). @default true */
    readonly tls?: boolean;
    /** A file holding the store's AUTH token (mounted from Secrets Manager); read at start, never logged. @default `MCP_GUARD_REDIS_PASSWORD`, else none */
    readonly passwordFile?: string;
    /** Prefix of every key the guard writes. @default "mcp-guard:" */
    readonly keyPrefix?: string;
  };
  /** How long a session stays bound to the principal that first used it, seconds (PUB-01). @default 86400 */
  readonly sessionTtlSeconds?: number;
}

/** What the guard enforces for one MCP server. */
export interface GuardServerConfig {
  /** `enforce` denies and masks; `report` (sandbox, TOOL-10) lets everything through and reports what it would do. */
  readonly mode: "enforce" | "report";
  /** Output filtering of this server's results. */
  readonly dlp: {
    readonly mode: DlpMode;
    /** Largest result, in bytes of JSON, the guard lets through (DLP-04); larger is refused with an audit event. */
    readonly maxResultBytes: number;
  };
  /** Approved tools by name; any other tool is never listed and never callable (TS-01). */
  readonly tools: { readonly [name: string]: GuardToolConfig };
}

/** Bounds applied where a schema is silent (IO-02, IO-03). */
export interface GuardLimits {
  /** Largest request params, bytes of JSON. */
  readonly maxRequestBytes: number;
  /** Longest string, in characters, anywhere in params or arguments. */
  readonly maxStringLength: number;
  /** Most items in any array. */
  readonly maxArrayItems: number;
  /** Most properties in any object. */
  readonly maxObjectProperties: number;
  /** Deepest nesting of objects and arrays. */
  readonly maxDepth: number;
}

/** The whole configuration of the guard in one environment. */
export interface GuardConfig {
  readonly version: typeof GUARD_CONFIG_VERSION;
  /** The environment's name, in audit lines and metrics. */
  readonly environment: string;
  /** Accepted MCP revisions; a request naming any other is `INVALID`. */
  readonly protocolVersions: readonly McpRevision[];
  /** The revision assumed when a request carries no `MCP-Protocol-Version` header (the spec's fallback). */
  readonly defaultProtocolVersion: McpRevision;
  readonly limits: GuardLimits;
  /** The version of the threat-pattern rule pack the config was generated against (GW-02, PUB-02). */
  readonly threatRulePack: string;
  /** Where metrics go: the OpenTelemetry collector's OTLP endpoint (`http://host:4318`), or none. */
  readonly telemetry: { readonly otlpEndpoint?: string; readonly serviceName: string };
  /** Servers by name (the gateway's backend names, as `service_names` carries them). */
  readonly servers: { readonly [name: string]: GuardServerConfig };
  /**
   * Token checks on every request (AUTH-04, CV-01, CV-03, CV-04, JIT-01..05, PUB-01, ZT-01).
   * @default undefined (the guard checks no token: the gateway's own JWT check is then the only one)
   */
  readonly auth?: GuardAuthConfig;
}

/**
 * The approved-tools lock file of one server in one environment (`tools pin` writes it; `validate` and synth check
 * it; synth copies it into the guard config). Path: named by `mcpServers[].approvedTools`, relative to the environment
 * file's folder (for the built-in environments, `environments/`), e.g. `approved-tools/prod/github-tools.json`.
 */
export interface ApprovedToolsLock {
  /** The server's name, equal to the `mcpServers[].name` that references this file. */
  readonly server: string;
  /** One entry per approved tool, sorted by name. */
  readonly tools: readonly ApprovedTool[];
}

/** One approved, pinned tool definition. */
export interface ApprovedTool {
  readonly definition: ToolDefinition;
  /** `sha256:<64 hex>` over the canonical JSON of `definition`. */
  readonly pin: string;
  /** Poisoning-detector findings accepted at pin time, each with its reason. @default [] */
  readonly accepted?: readonly RuleOverride[];
}

/** What the guard decided on one message. `report` is what `mode: report` writes where `enforce` would have denied. */
export type GuardDecision = "pass" | "mutated" | "deny" | "report";

/**
 * One audit line: the guard writes exactly one per decision, as a single line of JSON on stdout, which the cluster's
 * log pipeline ships (LOG-01). Never an argument value, result value, token or secret: sizes, IDs and names only.
 */
export interface GuardAuditRecord {
  /** RFC 3339 UTC time of the decision. */
  readonly time: string;
  /** Always `mcp.guard.decision`; other event kinds (`mcp.guard.tool_changed`, ...) extend this record. */
  readonly event: string;
  readonly environment: string;
  /** W3C trace id from `traceparent`, when the request carried one. */
  readonly traceId?: string;
  readonly server: string;
  readonly method: string;
  /** The tool for `tools/call`. */
  readonly tool?: string;
  /** The access token's subject (`sub`), when the guard checks tokens (`GuardConfig.auth`). */
  readonly subject?: string;
  /** The access token's client (`azp`, else `client_id`). */
  readonly client?: string;
  /** The purpose of the just-in-time grant a call used (JIT-03). */
  readonly purpose?: string;
  readonly phase: "request" | "response";
  readonly decision: GuardDecision;
  /** The ExtMcp error code of a denial (`INVALID`, `PERMISSION_DENIED`, `RESOURCE_EXHAUSTED`, `UNKNOWN`). */
  readonly code?: string;
  /**
   * In report mode (`GuardServerConfig.mode: report`, the sandbox of TOOL-10) only: what enforce mode would have
   * decided (`deny` with its ExtMcp code, `mutated` for a masked result, else `pass`); the message itself went through
   * unchanged. @default undefined (enforce mode: `decision` is what happened)
   */
  readonly wouldBe?: { readonly decision: "pass" | "mutated" | "deny"; readonly code?: string };
  /** Rule IDs that fired (denied, mutated, masked or reported), each starting with its control ID. */
  readonly rules: readonly string[];
  /** Bytes of the message checked (params or result). */
  readonly bytes: number;
  /** Items masked in a result (DLP). */
  readonly masked: number;
  /** Time spent checking, milliseconds. */
  readonly durationMs: number;
  /**
   * Who made the request: the verified token's `sub`, when the request carried one. An identifier, never a token;
   * correlation rules (TOOL-12, TS-04) group by it.
   */
  readonly principal?: string;
  /**
   * The session the request belongs to: the MCP session ID or the token's `jti`, when there is one; never a token.
   * Correlation rules group by it to find activity of a revoked session.
   */
  readonly session?: string;
}

/**
 * The guard's OpenTelemetry metric names (exported over OTLP to the collector; attributes in brackets). Alarms and
 * baselines (TOOL-09, CV-02) are built on these names: change them only with every consumer.
 * - `mcp.guard.checks` counter [server, tool, method, phase, decision]
 * - `mcp.guard.denials` counter [server, tool, rule]
 * - `mcp.guard.masked` counter [server, tool, rule]
 * - `mcp.guard.bytes` histogram [server, tool, phase]
 * - `mcp.guard.duration` histogram, milliseconds [server, method, phase]
 * - `mcp.guard.tool_changes` counter [server, tool]
 */
export const GUARD_METRICS = {
  checks: "mcp.guard.checks",
  denials: "mcp.guard.denials",
  masked: "mcp.guard.masked",
  bytes: "mcp.guard.bytes",
  duration: "mcp.guard.duration",
  toolChanges: "mcp.guard.tool_changes",
} as const;

/**
 * Where the collector writes the guard's metrics in CloudWatch (embedded metric format): one namespace, the metric
 * names of `GUARD_METRICS` unchanged, and these dimension sets (`environment` is the resource's
 * `deployment.environment.name`). Anomaly alarms (TOOL-09, CV-02) and dashboards read exactly these.
 */
export const GUARD_CLOUDWATCH = {
  namespace: "MCP/Guard",
  dimensionSets: [
    ["environment", "server"],
    ["environment", "server", "tool"],
  ],
} as const;
