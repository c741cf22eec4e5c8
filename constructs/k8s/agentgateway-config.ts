/**
 * The agentgateway configuration file (`--file`), as a pure function of typed props: one route per MCP server with
 * token validation, per-tool authorization, rate limits, CORS and Origin checks, and tracing. The output follows
 * agentgateway's published schema (`schema/config.json` of agentgateway 75b4e6c): `gateways` and `routes`, not the
 * deprecated `binds`.
 */
import { DeclaredTool } from "./labels";

/** One MCP server behind the gateway. */
export interface GatewayRoute {
  /** The server's name: the route's and the MCP target's name. */
  readonly server: string;
  /** The path clients call, e.g. `/mcp/github-tools`. */
  readonly path: string;
  /** The server's Service address, e.g. `github-tools.github-tools.svc.cluster.local`. */
  readonly host: string;
  /** The server's port. */
  readonly port: number;
  /** The path the server serves MCP (Streamable HTTP) on. */
  readonly upstreamPath: string;
  /** The server's resource URI (RFC 9728 `resource`), e.g. `https://mcp.example.com/mcp/github-tools`. */
  readonly resource: string;
  /** The one audience its tokens must carry (AUTH-03): usually `resource`. */
  readonly audience: string;
  /** The tools it declares and the scopes each needs: only these are listed and callable. */
  readonly tools: readonly DeclaredTool[];
  /** Requests per minute one user (JWT `sub`) may send to this server. */
  readonly requestsPerUserPerMinute: number;
}

/** The rate-limit service the gateway asks (Envoy's rate limit gRPC protocol), and the limits it enforces. */
export interface GatewayRateLimitSettings {
  /** `host:port` of the rate-limit service. */
  readonly service: string;
  /** The rate-limit domain, configured in the service. */
  readonly domain: string;
  /** Requests per minute one user may send to all servers together. */
  readonly perUserPerMinute: number;
  /** Requests per minute one user may send to one tool of one server. */
  readonly perUserPerToolPerMinute: number;
}

/** Where and how much the gateway traces (GW-04). */
export interface GatewayTracingSettings {
  /** `host:port` of the OpenTelemetry collector's OTLP gRPC receiver. */
  readonly endpoint: string;
  /** Share of requests traced: more than 0, at most 1. */
  readonly sampling: number;
  /** OpenTelemetry resource attributes, as literal strings (e.g. `service.name`). */
  readonly resource: Readonly<Record<string, string>>;
}

/** Properties of {@link agentgatewayConfig}. */
export interface AgentgatewayConfigProps {
  /** The host name clients use (`Host`); requests for any other host match no route. */
  readonly hostname: string;
  /** The port the gateway listens on (HTTP inside the mesh; the sidecars add mTLS). */
  readonly port: number;
  /** Port of agentgateway's readiness endpoint: off Istio's 150xx ports, which the sidecar holds. */
  readonly readinessPort: number;
  /** The token issuer (`iss`). */
  readonly issuer: string;
  /** The issuer's JSON Web Key Set URL. */
  readonly jwksUrl: string;
  /** Browser origins allowed to call; empty allows none. */
  readonly allowedOrigins: readonly string[];
  /** One route per MCP server, in order. */
  readonly routes: readonly GatewayRoute[];
  /** Rate limits. */
  readonly rateLimits: GatewayRateLimitSettings;
  /** Tracing. */
  readonly tracing: GatewayTracingSettings;
  /** The MCP guard every MCP message of every route passes, failing closed. */
  readonly guard: GatewayGuardSettings;
}

/** The MCP guard (an ExtMcp gRPC processor) the gateway calls for every MCP method, on request and response. */
export interface GatewayGuardSettings {
  /** `host:port` of the guard's gRPC service. */
  readonly host: string;
}

/**
 * The request headers the gateway forwards to the guard: token and proof for its checks, the request's method and
 * path (the pseudo-headers agentgateway forwards when the allowlist names them) that a DPoP proof's `htm` and `htu`
 * must match (the origin is the guard's configured public origin), protocol revision, session, trace.
 */
export const GUARD_REQUEST_HEADERS: readonly string[] = [":method", ":path", "authorization", "dpop", "mcp-protocol-version", "mcp-session-id", "traceparent"];

/** One `mcpGuardrails` processor: the guard, for every method and both phases, failing closed. */
export interface GuardrailProcessor {
  readonly kind: "remote";
  readonly host: string;
  readonly methods: Readonly<Record<string, "off" | "request" | "response" | "full">>;
  readonly failureMode: "failClosed";
  readonly requestHeaders: { readonly allowed: readonly string[] };
  /** CEL the gateway evaluates per call and sends along (`metadata_context`): what a response alone does not say. */
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * The guard's `metadata_context` (its `GUARD_METADATA_KEYS`): the called tool, the negotiated revision and the trace
 * context, which the guard needs on the response phase too, where agentgateway sends only the result.
 */
export const GUARD_METADATA: Readonly<Record<string, string>> = {
  tool: 'has(mcp.tool) ? mcp.tool.name : ""',
  protocolVersion: '"mcp-protocol-version" in request.headers ? request.headers["mcp-protocol-version"] : ""',
  traceparent: '"traceparent" in request.headers ? request.headers["traceparent"] : ""',
};

/** An agentgateway authorization rule: allow when the CEL expression is true. */
export interface AllowRule {
  readonly allow: string;
}

/** A rate-limit descriptor: CEL-valued entries and the limit (a CEL map) the service applies to them. */
export interface RateLimitDescriptor {
  readonly entries: readonly { readonly key: string; readonly value: string }[];
  readonly type: "requests";
  readonly limitOverride: string;
}

/** The policies of one route. */
export interface RoutePolicies {
  readonly cors: {
    readonly allowOrigins: readonly string[];
    readonly allowMethods: readonly string[];
    readonly allowHeaders: readonly string[];
    readonly exposeHeaders: readonly string[];
    readonly maxAge: string;
  };
  readonly csrf: { readonly additionalOrigins: readonly string[] };
  readonly mcpAuthentication: {
    readonly mode: "strict";
    readonly issuer: string;
    readonly audiences: readonly string[];
    readonly jwks: { readonly url: string };
    readonly jwtValidationOptions: { readonly requiredClaims: readonly string[] };
    readonly resourceMetadata: {
      readonly resource: string;
      readonly scopesSupported: readonly string[];
      readonly bearerMethodsSupported: readonly string[];
    };
  };
  readonly mcpAuthorization: { readonly rules: readonly AllowRule[] };
  readonly remoteRateLimit: {
    readonly domain: string;
    readonly host: string;
    readonly failureMode: "failClosed";
    readonly descriptors: readonly RateLimitDescriptor[];
  };
  readonly mcpGuardrails: { readonly processors: readonly GuardrailProcessor[] };
}

/** One route of the generated file. */
export interface AgentgatewayRoute {
  readonly name: string;
  readonly gateways: string;
  readonly hostnames: readonly string[];
  readonly matches: readonly { readonly path: { readonly exact: string } }[];
  readonly policies: RoutePolicies;
  readonly backends: readonly {
    readonly mcp: {
      readonly targets: readonly { readonly name: string; readonly mcp: { readonly host: string; readonly port: number; readonly path: string } }[];
    };
  }[];
}

/** The generated agentgateway configuration file. */
export interface AgentgatewayConfig {
  readonly config: { readonly adminAddr: string; readonly statsAddr: string; readonly readinessAddr: string };
  readonly frontendPolicies: {
    readonly tracing: {
      readonly host: string;
      readonly protocol: "grpc";
      readonly randomSampling: number;
      readonly resources: Readonly<Record<string, string>>;
    };
  };
  readonly gateways: Readonly<Record<string, { readonly port: number; readonly protocol: "HTTP" }>>;
  readonly routes: readonly AgentgatewayRoute[];
}

/** The name of the gateway (listener) every route attaches to. */
export const GATEWAY_LISTENER = "mcp";

/** MCP tool names (MCP 2025-11-25, server/tools): 1 to 128 of letters, digits, `_`, `.`, `-`. */
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
/** An OAuth scope-token (RFC 6749): printable ASCII without space, `"` or `\`; safe inside a CEL string literal. */
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
/** Characters safe inside a CEL double-quoted string literal without escapes. */
const CEL_SAFE = /^[^"\\\n\r]*$/;

/** The header MCP 2026-07-28 clients send with the tool name of a `tools/call`. */
export const TOOL_NAME_HEADER = "mcp-name";
/** The tool key of requests that carry no tool name header. */
export const UNNAMED_TOOL = "unnamed";

/** A CEL string literal of a value known to need no escapes. */
function celString(value: string): string {
  if (!CEL_SAFE.test(value)) throw new Error(`agentgatewayConfig: ${JSON.stringify(value)} cannot be written as a plain CEL string literal`);
  return `"${value}"`;
}

/**
 * The CEL rule that allows one tool: its name, and every scope it needs in the token's space-delimited `scope` claim
 * (RFC 9068). Tools without a rule are neither listed nor callable (agentgateway denies by default once rules exist).
 */
export function toolAuthorizationRule(tool: DeclaredTool): string {
  if (!TOOL_NAME.test(tool.name)) throw new Error(`agentgatewayConfig: "${tool.name}" is not an MCP tool name (1 to 128 of A-Z a-z 0-9 _ . -)`);
  if (tool.scopes.length === 0) throw new Error(`agentgatewayConfig: tool "${tool.name}" needs at least one scope`);
  const bad = tool.scopes.find((scope) => !SCOPE.test(scope));
  if (bad !== undefined) throw new Error(`agentgatewayConfig: "${bad}" of tool "${tool.name}" is not an OAuth scope`);
  return [`mcp.tool.name == ${celString(tool.name)}`, ...tool.scopes.map((scope) => `(" " + jwt.scope + " ").contains(${celString(` ${scope} `)})`)].join(" && ");
}

/** The CEL map literal of a per-minute limit. */
export function perMinuteLimit(requests: number): string {
  if (!Number.isInteger(requests) || requests < 1) throw new Error(`agentgatewayConfig: a rate limit must be a positive whole number, got ${requests}`);
  return `{"unit": "minute", "requestsPerUnit": ${requests}}`;
}

/** The CEL expression of a request's tool key: the `Mcp-Name` header, or {@link UNNAMED_TOOL}. */
export const TOOL_KEY_EXPRESSION = `${celString(TOOL_NAME_HEADER)} in request.headers ? request.headers[${celString(TOOL_NAME_HEADER)}] : ${celString(UNNAMED_TOOL)}`;

/** The CEL expression of a request's user key: the token's subject. */
export const USER_KEY_EXPRESSION = "jwt.sub";

/**
 * The rate-limit descriptors of one route, each counted by the shared service across replicas (GW-03): per user over
 * every server, per user on this server, and per user per tool of this server.
 */
function descriptors(route: GatewayRoute, limits: GatewayRateLimitSettings): RateLimitDescriptor[] {
  const user = { key: "user", value: USER_KEY_EXPRESSION };
  const server = { key: "server", value: celString(route.server) };
  return [
    { entries: [user], type: "requests", limitOverride: perMinuteLimit(limits.perUserPerMinute) },
    { entries: [server, user], type: "requests", limitOverride: perMinuteLimit(route.requestsPerUserPerMinute) },
    { entries: [server, user, { key: "tool", value: TOOL_KEY_EXPRESSION }], type: "requests", limitOverride: perMinuteLimit(limits.perUserPerToolPerMinute) },
  ];
}

/** The headers a browser client may send and read. */
const CORS = {
  allowMethods: ["GET", "POST", "DELETE"],
  allowHeaders: ["authorization", "dpop", "content-type", "accept", "last-event-id", "mcp-protocol-version", "mcp-session-id", "mcp-method", "mcp-name"],
  exposeHeaders: ["mcp-session-id", "www-authenticate"],
  maxAge: "600",
};

/** The guard as the one processor of a route: `*` in `full` phase (every request and every result), fail closed. */
function guardProcessor(guard: GatewayGuardSettings): GuardrailProcessor {
  return { kind: "remote", host: guard.host, methods: { "*": "full" }, failureMode: "failClosed", requestHeaders: { allowed: [...GUARD_REQUEST_HEADERS] }, metadata: { ...GUARD_METADATA } };
}

function route(props: AgentgatewayConfigProps, server: GatewayRoute): AgentgatewayRoute {
  if (server.tools.length === 0) throw new Error(`agentgatewayConfig: server "${server.server}" declares no tools; only declared tools are routed`);
  const scopes = [...new Set(server.tools.flatMap((tool) => tool.scopes))].sort();
  const wellKnown = `/.well-known/oauth-protected-resource${server.path}`;
  return {
    name: server.server,
    gateways: GATEWAY_LISTENER,
    hostnames: [props.hostname],
    matches: [{ path: { exact: server.path } }, { path: { exact: wellKnown } }],
    policies: {
      cors: { allowOrigins: [...props.allowedOrigins], ...CORS },
      csrf: { additionalOrigins: [...props.allowedOrigins] },
      mcpAuthentication: {
        mode: "strict",
        issuer: props.issuer,
        audiences: [server.audience],
        jwks: { url: props.jwksUrl },
        jwtValidationOptions: { requiredClaims: ["exp", "iss", "aud", "sub"] },
        resourceMetadata: { resource: server.resource, scopesSupported: scopes, bearerMethodsSupported: ["header"] },
      },
      mcpAuthorization: { rules: [...server.tools].sort((a, b) => a.name.localeCompare(b.name)).map((tool) => ({ allow: toolAuthorizationRule(tool) })) },
      remoteRateLimit: { domain: props.rateLimits.domain, host: props.rateLimits.service, failureMode: "failClosed", descriptors: descriptors(server, props.rateLimits) },
      mcpGuardrails: { processors: [guardProcessor(props.guard)] },
    },
    backends: [{ mcp: { targets: [{ name: server.server, mcp: { host: server.host, port: server.port, path: server.upstreamPath } }] } }],
  };
}

/**
 * The gateway's configuration (GW-01, GW-03, GW-04, AUTH-03, CV-01, TS-01, ISO-02): one route per server on the
 * client-facing host, each with
 * - `mcpAuthentication` in strict mode: every request needs a token from the issuer, signed by its JWKS, with `exp`,
 *   `iss`, `sub` and exactly the server's audience, so a token for one server is useless on another; the route
 *   serves the server's Protected Resource Metadata (RFC 9728), bearer tokens in the header only;
 * - `mcpAuthorization`: one allow rule per declared tool requiring all its scopes, evaluated per request; any other
 *   tool (and every prompt and resource) is filtered from lists and refused;
 * - `remoteRateLimit` against the shared rate-limit service, failing closed;
 * - `mcpGuardrails`: the MCP guard checks every MCP method (`*`) on request and response (`full`), failing closed, with
 *   the token, DPoP proof, protocol revision, session and trace headers (IO, GW-02, DLP, TS-01);
 * - CORS and CSRF (Origin) checks against the allowed browser origins;
 * - one MCP target, the server alone, so no session spans two servers.
 * The admin UI is off (it could rewrite the configuration) and the readiness and stats listeners move off the
 * ports the Istio sidecar holds. Every request is traced to the collector at the given sampling.
 */
export function agentgatewayConfig(props: AgentgatewayConfigProps): AgentgatewayConfig {
  if (!(props.tracing.sampling > 0 && props.tracing.sampling <= 1)) throw new Error(`agentgatewayConfig: tracing sampling must be more than 0 and at most 1, got ${props.tracing.sampling}`);
  if (props.allowedOrigins.includes("*")) throw new Error("agentgatewayConfig: allowedOrigins must name origins; * would admit every site");
  const names = props.routes.map((server) => server.server);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined) throw new Error(`agentgatewayConfig: two routes for server "${duplicate}"`);
  const audiences = props.routes.map((server) => server.audience);
  const shared = audiences.find((audience, index) => audiences.indexOf(audience) !== index);
  if (shared !== undefined) throw new Error(`agentgatewayConfig: audience "${shared}" belongs to two servers; each server needs its own`);
  return {
    config: { adminAddr: "off", statsAddr: "off", readinessAddr: `0.0.0.0:${props.readinessPort}` },
    frontendPolicies: {
      tracing: {
        host: props.tracing.endpoint,
        protocol: "grpc",
        randomSampling: props.tracing.sampling,
        resources: Object.fromEntries(Object.entries(props.tracing.resource).map(([key, value]) => [key, celString(value)])),
      },
    },
    gateways: { [GATEWAY_LISTENER]: { port: props.port, protocol: "HTTP" } },
    routes: props.routes.map((server) => route(props, server)),
  };
}
