/**
 * The MCP guard's configuration file (`guard-config.json`, the contract in guard/src/config/types.ts), as a pure
 * function of typed props: per MCP server the approved tool definitions with their pins, scopes, CEL constraints, sinks
 * and overrides, the server's mode and DLP settings; the accepted MCP revisions, the bounds applied where a schema is
 * silent, the threat rule pack and the telemetry endpoint. Servers and tools are keyed in name order and the text is
 * indented JSON, so the same props always give the same bytes.
 */
import {
  GUARD_CONFIG_VERSION,
  GuardAuthConfig,
  GuardConfig,
  GuardJitToolConfig,
  GuardLimits,
  GuardSensitiveToolConfig,
  GuardServerConfig,
  GuardToolConfig,
  McpRevision,
  ToolConstraint,
  ToolDefinition,
  RuleOverride,
  ArgumentSink,
  DlpMode,
} from "../../guard/src/config/types";
import { loadThreatPack } from "../../guard/src/patterns/threat-pack";
import { toolPin } from "../../guard/src/pin";

/** The MCP revisions the guard accepts, oldest first. */
export const GUARD_PROTOCOL_VERSIONS: readonly McpRevision[] = ["2025-06-18", "2025-11-25", "2026-07-28"];

/**
 * The version of the guard's threat-pattern rule pack (GW-02, PUB-02) this configuration is generated against: the pack
 * the guard ships (`guard/rules/threat-patterns.json`), which the guard refuses a config for any other.
 */
export const THREAT_RULE_PACK = loadThreatPack().version;

/** Bounds the guard applies where a schema is silent (IO-02, IO-03). */
export const DEFAULT_GUARD_LIMITS: GuardLimits = {
  maxRequestBytes: 8192,
  maxStringLength: 4096,
  maxArrayItems: 256,
  maxObjectProperties: 128,
  maxDepth: 16,
};

/** One approved tool of a server, as the guard enforces it. */
export interface GuardToolProps {
  /** The approved MCP `Tool` definition. */
  readonly definition: ToolDefinition;
  /** Its pin, `sha256:<64 hex>`; must equal the definition's (checked). */
  readonly pin: string;
  /** OAuth scopes a caller needs. */
  readonly scopes: readonly string[];
  /** CEL constraints on the arguments. @default none */
  readonly constraints?: readonly ToolConstraint[];
  /** Sinks of string arguments by JSON Pointer. @default none */
  readonly sinks?: Readonly<Record<string, ArgumentSink>>;
  /** Rules switched off for the tool, with why. @default none */
  readonly overrides?: readonly RuleOverride[];
  /** The sign-in a sensitive tool needs (CV-03, JIT-02); needs `auth`. @default not sensitive */
  readonly sensitive?: GuardSensitiveToolConfig;
  /** The grant a just-in-time tool needs (JIT-01, JIT-03, JIT-05); needs `auth`. @default not just-in-time */
  readonly jit?: GuardJitToolConfig;
}

/** One MCP server, as the guard enforces it. */
export interface GuardServerProps {
  /** The server's name: the gateway's backend name, as `service_names` carries it. */
  readonly name: string;
  /** Its approved tools; any other tool is neither listed nor callable. */
  readonly tools: readonly GuardToolProps[];
  /** `report` only reports what `enforce` would do (a weakening the policy rules report). @default "enforce" */
  readonly mode?: "enforce" | "report";
  /** What happens to secrets and personal data in results. @default "mask" */
  readonly dlpMode?: DlpMode;
  /** Largest result let through, bytes of JSON. @default 1048576 */
  readonly maxResultBytes?: number;
}

/** Properties of {@link guardConfig}. */
export interface GuardConfigProps {
  /** The environment's name, in audit lines and metrics. */
  readonly environment: string;
  /** The servers. */
  readonly servers: readonly GuardServerProps[];
  /** Bounds where a schema is silent. @default {@link DEFAULT_GUARD_LIMITS} */
  readonly limits?: Partial<GuardLimits>;
  /** The collector's OTLP/HTTP endpoint (`http://host:4318`). @default no metrics export */
  readonly otlpEndpoint?: string;
  /** Token checks on every request (CV-01, AUTH-04, CV-03, CV-04, JIT-01..05, PUB-01, ZT-01). @default none: the gateway's JWT check is the only one */
  readonly auth?: GuardAuthConfig;
}

/** The result-size limit of a server that sets none: 1 MiB. */
export const DEFAULT_MAX_RESULT_BYTES = 1024 * 1024;

function byName<T>(entries: readonly (readonly [string, T])[]): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function toolConfig(server: string, tool: GuardToolProps): GuardToolConfig {
  const pin = toolPin(tool.definition);
  if (tool.pin !== pin) throw new Error(`guardConfig: tool "${tool.definition.name}" of server "${server}" is pinned ${tool.pin}, but its definition's pin is ${pin}; re-approve the definition or restore it`);
  if (tool.scopes.length === 0) throw new Error(`guardConfig: tool "${tool.definition.name}" of server "${server}" needs at least one scope`);
  return {
    definition: tool.definition,
    pin,
    scopes: [...tool.scopes],
    constraints: [...(tool.constraints ?? [])],
    sinks: byName(Object.entries(tool.sinks ?? {})),
    overrides: [...(tool.overrides ?? [])],
    ...(tool.sensitive !== undefined ? { sensitive: { acrValues: [...tool.sensitive.acrValues], maxAgeSeconds: tool.sensitive.maxAgeSeconds } } : {}),
    ...(tool.jit !== undefined ? { jit: { purposes: [...tool.jit.purposes], maxGrantSeconds: tool.jit.maxGrantSeconds } } : {}),
  };
}

function serverConfig(server: GuardServerProps): GuardServerConfig {
  if (server.tools.length === 0) throw new Error(`guardConfig: server "${server.name}" approves no tool; only approved tools are listed and callable`);
  const names = server.tools.map((tool) => tool.definition.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined) throw new Error(`guardConfig: server "${server.name}" approves tool "${duplicate}" twice`);
  const maxResultBytes = server.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES;
  if (!Number.isInteger(maxResultBytes) || maxResultBytes < 1) throw new Error(`guardConfig: maxResultBytes of server "${server.name}" must be a positive whole number, got ${maxResultBytes}`);
  return {
    mode: server.mode ?? "enforce",
    dlp: { mode: server.dlpMode ?? "mask", maxResultBytes },
    tools: byName(server.tools.map((tool) => [tool.definition.name, toolConfig(server.name, tool)] as const)),
  };
}

/** The guard's OpenTelemetry `service.name`: the collector keeps the guard's metrics by it. */
export const GUARD_SERVICE_NAME = "mcp-guard";

/** The token checks' settings, with one audience for each server and no other. */
function authConfig(auth: GuardAuthConfig, servers: readonly string[]): GuardAuthConfig {
  const missing = servers.find((server) => !Object.prototype.hasOwnProperty.call(auth.audiences, server));
  if (missing !== undefined) throw new Error(`guardConfig: auth.audiences names no audience for server "${missing}"; give every server its own`);
  const extra = Object.keys(auth.audiences).find((server) => !servers.includes(server));
  if (extra !== undefined) throw new Error(`guardConfig: auth.audiences names "${extra}", which is not a server of this configuration`);
  return { ...auth, audiences: byName(Object.entries(auth.audiences)) };
}

/**
 * The guard's configuration (IO-00..IO-08, GW-02, PUB-02, DLP-00..DLP-04, TS-01, TOOL-08): every MCP server the gateway
 * routes, each with exactly its approved tools (pin checked against the definition), enforcing by default with DLP
 * masking and a 1 MiB result limit; all three MCP revisions accepted, 2025-06-18 assumed without a
 * `MCP-Protocol-Version` header (the oldest: a client that sends none predates the header).
 */
export function guardConfig(props: GuardConfigProps): GuardConfig {
  const names = props.servers.map((server) => server.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined) throw new Error(`guardConfig: two servers named "${duplicate}"`);
  const limits = { ...DEFAULT_GUARD_LIMITS, ...props.limits };
  for (const [key, value] of Object.entries(limits)) if (!Number.isInteger(value) || value < 1) throw new Error(`guardConfig: limits.${key} must be a positive whole number, got ${value}`);
  const gated = props.servers.flatMap((server) => server.tools.filter((tool) => tool.sensitive !== undefined || tool.jit !== undefined).map((tool) => `${server.name}/${tool.definition.name}`));
  if (gated.length > 0 && props.auth === undefined) throw new Error(`guardConfig: tools ${gated.join(", ")} are sensitive or just-in-time, which the guard checks on the token: give auth (issuer, jwksUri, audiences)`);
  return {
    version: GUARD_CONFIG_VERSION,
    environment: props.environment,
    protocolVersions: [...GUARD_PROTOCOL_VERSIONS],
    defaultProtocolVersion: GUARD_PROTOCOL_VERSIONS[0],
    limits,
    threatRulePack: THREAT_RULE_PACK,
    telemetry: { ...(props.otlpEndpoint !== undefined ? { otlpEndpoint: props.otlpEndpoint } : {}), serviceName: GUARD_SERVICE_NAME },
    servers: byName(props.servers.map((server) => [server.name, serverConfig(server)] as const)),
    ...(props.auth !== undefined ? { auth: authConfig(props.auth, names) } : {}),
  };
}

/** The file's text: indented JSON with a final newline. */
export function guardConfigText(config: GuardConfig): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}

/**
 * The configuration as parts of at most `maxBytes` of text each (`guard/src/config/parts.ts`): the whole configuration
 * when it fits, else configurations that each carry every field but `servers` and a run of the servers in name order,
 * filled one after another. Throws naming the server when one server alone does not fit.
 */
export function guardConfigParts(config: GuardConfig, maxBytes: number): GuardConfig[] {
  const whole = guardConfigText(config);
  if (Buffer.byteLength(whole) <= maxBytes) return [config];
  const withServers = (servers: GuardConfig["servers"]): GuardConfig => ({ ...config, servers });
  const baseBytes = Buffer.byteLength(guardConfigText(withServers({})));
  const parts: { [name: string]: GuardServerConfig }[] = [];
  let current: { [name: string]: GuardServerConfig } = {};
  let currentBytes = baseBytes;
  for (const [name, server] of Object.entries(config.servers)) {
    // What the server adds to a part's text, its separators included (an upper bound: a part's text is at most the sum).
    const bytes = Buffer.byteLength(guardConfigText(withServers({ [name]: server }))) - baseBytes;
    if (baseBytes + bytes > maxBytes) throw new Error(`guardConfigParts: the guard configuration of server "${name}" alone has ${baseBytes + bytes} bytes, more than a part holds (${maxBytes}); give it fewer tools or smaller definitions`);
    if (Object.keys(current).length > 0 && currentBytes + bytes > maxBytes) {
      parts.push(current);
      current = {};
      currentBytes = baseBytes;
    }
    current[name] = server;
    currentBytes += bytes;
  }
  parts.push(current);
  return parts.map(withServers);
}
