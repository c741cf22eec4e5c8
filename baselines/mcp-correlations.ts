/**
 * The multi-step detections over the guard's audit lines (TOOL-12, TS-04, LOG-03): which audit events and rule IDs
 * they read and each correlation's Logs Insights query and Sigma rules. McpCorrelationAlarms deploys them and rule
 * tool-12-guard-correlation requires every one of them, so changing one here is a visible policy change.
 */
import { createHash } from "crypto";

/** The `event` of the guard's audit lines (guard/src/config/types.ts, GuardAuditRecord) the correlations read. */
export const GUARD_AUDIT_EVENTS = { decision: "mcp.guard.decision", toolChanged: "mcp.guard.tool_changed" } as const;

/**
 * The rule-ID prefixes of the guard's decisions the correlations read, from the first rule of a decision (`rules[0]`:
 * every rule ID starts with its control ID): authentication and per-request authorization failures, a request of a
 * revoked token or session (JIT-04), and output filtering (DLP).
 */
export const CORRELATED_RULES = { authentication: ["AUTH-", "CV-01"], revokedSession: ["JIT-04"], dlp: ["DLP-"] } as const;

/** One multi-step detection over the guard's audit lines: its Logs Insights query and its Sigma rules. */
export interface McpCorrelation {
  /** Kebab-case ID; names the query definition and the Sigma file. */
  readonly id: string;
  readonly title: string;
  /** What it means, for whoever is paged or hunting. */
  readonly description: string;
  /** Sigma level of the correlation. */
  readonly level: "medium" | "high" | "critical";
  /** The control IDs it serves. */
  readonly controls: readonly string[];
  /** The CloudWatch Logs Insights query over the container log group (hunting and triage, TI-03). */
  readonly query: string;
  /** The Sigma rules: the event rules, then the correlation rule referring to them by name (last). */
  readonly sigma: readonly Record<string, unknown>[];
}

/** The guard's audit lines only: its own namespace's records of the given event. */
const auditLines = (event: string) => `filter event = "${event}"`;
const ruleLike = (prefixes: readonly string[]) => `rules.0 like /^(${prefixes.join("|")})/`;

/** The log source of every Sigma event rule: the guard's audit lines. */
const SIGMA_LOGSOURCE = {
  product: "mcp-hardening",
  service: "mcp-guard",
  definition: "The MCP guard's audit lines (one JSON object per decision, GuardAuditRecord), as the container log pipeline ships them.",
};

/**
 * A Sigma event rule over the guard's audit lines, referred to by name from a correlation in the same file. It carries
 * no status, level or date: in a correlation file only the outermost correlation rule carries meta information.
 */
function sigmaEvent(name: string, title: string, description: string, selections: Readonly<Record<string, Record<string, unknown>>>): Record<string, unknown> {
  const identifiers = Object.keys(selections);
  return {
    title,
    id: sigmaId(name),
    name,
    description,
    logsource: SIGMA_LOGSOURCE,
    detection: { ...selections, condition: identifiers.length === 1 ? identifiers[0] : "1 of selection_*" },
  };
}

/**
 * A Sigma correlation rule; an intermediate one (referred to by an outer correlation by its `id`: the correlation
 * schema has no `name`) carries no meta information.
 */
function sigmaCorrelation(correlation: Omit<McpCorrelation, "sigma" | "query">, body: Record<string, unknown>, intermediate?: { readonly name: string; readonly title: string }): Record<string, unknown> {
  if (intermediate !== undefined) return { title: intermediate.title, id: sigmaId(intermediate.name), correlation: body };
  return {
    title: correlation.title,
    id: sigmaId(correlation.id),
    status: "experimental",
    description: correlation.description,
    author: "mcp-hardening",
    date: SIGMA_DATE,
    correlation: body,
    falsepositives: ["A client misconfigured after a credential or tool change, retrying"],
    level: correlation.level,
  };
}

/** The date the rules were first written (Sigma `date`), fixed so the files are deterministic. */
const SIGMA_DATE = "2026-12-06";

/** A deterministic UUID (version 4 layout) for a Sigma rule, from its name. */
export function sigmaId(name: string): string {
  const hex = createHash("sha256").update(`mcp-hardening/sigma/${name}`).digest("hex");
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const decision = { event: GUARD_AUDIT_EVENTS.decision };

/**
 * The multi-step attacks across MCP servers the blueprint detects (TOOL-12, TS-04, LOG-03), each as a Logs Insights
 * query grouped by principal, server or tool, and as Sigma rules for the SIEM. The CloudWatch alarms of
 * {@link McpCorrelationAlarms} are their coarse, always-on counterparts (metric filters cannot group by principal).
 * `largeResponseBytes` is the threshold of a large response (the strictest environment's, for the shared Sigma files).
 */
export function mcpCorrelations(largeResponseBytes: number): McpCorrelation[] {
  const authFailures = {
    id: "auth-failures-then-success",
    title: "MCP authentication failures followed by a success for the same principal",
    description:
      "The guard refused five or more requests of one principal for authentication or authorization (AUTH-*, CV-01*) and then let one of its requests through within 15 minutes: a guessed, stolen or replayed credential that finally worked.",
    level: "high",
    controls: ["TOOL-12", "TS-04", "LOG-03"],
  } as const;
  const denials = {
    id: "denial-burst-across-servers",
    title: "One principal denied by the MCP guard on several servers",
    description: "The guard denied requests of one principal on three or more MCP servers within 10 minutes: an agent probing servers for a tool or argument that gets through.",
    level: "high",
    controls: ["TOOL-12", "TS-04", "LOG-03"],
  } as const;
  const dlp = {
    id: "dlp-hit-then-large-response",
    title: "MCP output filtering hit followed by a large response on the same server",
    description: `The guard masked or blocked sensitive data (DLP-*) in a server's results and the same server then returned a result larger than ${largeResponseBytes} bytes to the same principal within 30 minutes: exfiltration that splits or encodes the data to slip past the filter.`,
    level: "high",
    controls: ["TOOL-12", "TS-04", "LOG-03", "DLP-03"],
  } as const;
  const rugPull = {
    id: "tool-changed-then-called",
    title: "MCP tool definition changed (rug pull), then the tool is called",
    description: "A server returned a tool definition that differs from its pin (mcp.guard.tool_changed) and clients kept calling that tool within an hour: a rug pull whose new behaviour agents may already be following.",
    level: "critical",
    controls: ["TOOL-12", "TS-04", "LOG-03"],
  } as const;
  const revoked = {
    id: "revoked-session-access",
    title: "MCP request with a revoked token or session",
    description: "A request arrived with a token or session that was revoked (JIT-04*): whoever holds it kept using it after revocation, often the attacker the revocation was for.",
    level: "critical",
    controls: ["TOOL-12", "TS-04", "LOG-03", "JIT-04"],
  } as const;

  const authFailureSelection = { ...decision, phase: "request", decision: "deny", "rules|startswith": [...CORRELATED_RULES.authentication] };
  return [
    {
      ...authFailures,
      query: [
        "fields @timestamp, principal, server, decision",
        `| ${auditLines(GUARD_AUDIT_EVENTS.decision)} and phase = "request" and ispresent(principal)`,
        `| fields (decision = "deny" and ${ruleLike(CORRELATED_RULES.authentication)}) as authFailure, (decision = "pass" or decision = "mutated") as allowed`,
        "| stats sum(authFailure) as failures, sum(allowed) as successes, earliest(@timestamp) as firstSeen, latest(@timestamp) as lastSeen by principal, bin(15m) as window",
        "| filter failures >= 5 and successes > 0",
        "| sort failures desc",
      ].join("\n"),
      sigma: [
        sigmaEvent("mcp_guard_auth_failure", "MCP guard authentication or authorization failure", "A request the guard denied for its token or its authorization.", { selection: authFailureSelection }),
        sigmaEvent("mcp_guard_request_allowed", "MCP guard request allowed", "A request the guard let through.", { selection: { ...decision, phase: "request", decision: ["pass", "mutated"] } }),
        sigmaCorrelation(authFailures, { type: "event_count", rules: ["mcp_guard_auth_failure"], "group-by": ["principal"], timespan: "15m", condition: { gte: 5 } }, { name: "mcp_guard_auth_failure_burst", title: "Five or more MCP authentication failures of one principal" }),
        sigmaCorrelation(authFailures, { type: "temporal_ordered", rules: [sigmaId("mcp_guard_auth_failure_burst"), "mcp_guard_request_allowed"], "group-by": ["principal"], timespan: "15m" }),
      ],
    },
    {
      ...denials,
      query: [
        "fields @timestamp, principal, server, tool, rules.0 as rule",
        `| ${auditLines(GUARD_AUDIT_EVENTS.decision)} and decision = "deny" and ispresent(principal)`,
        "| stats count(*) as denials, count_distinct(server) as servers, earliest(@timestamp) as firstSeen, latest(@timestamp) as lastSeen by principal, bin(10m) as window",
        "| filter servers >= 3",
        "| sort servers desc, denials desc",
      ].join("\n"),
      sigma: [
        sigmaEvent("mcp_guard_denial", "MCP guard denial", "A request or result the guard denied.", { selection: { ...decision, decision: "deny" } }),
        sigmaCorrelation(denials, { type: "value_count", rules: ["mcp_guard_denial"], "group-by": ["principal"], timespan: "10m", condition: { field: "server", gte: 3 } }),
      ],
    },
    {
      ...dlp,
      query: [
        "fields @timestamp, principal, server, tool, masked, bytes",
        `| ${auditLines(GUARD_AUDIT_EVENTS.decision)} and phase = "response"`,
        `| fields (masked > 0 or ${ruleLike(CORRELATED_RULES.dlp)}) as dlpHit, (bytes > ${largeResponseBytes}) as large`,
        "| stats sum(dlpHit) as dlpHits, sum(large) as largeResponses, max(bytes) as largestBytes, earliest(@timestamp) as firstSeen, latest(@timestamp) as lastSeen by server, principal, bin(30m) as window",
        "| filter dlpHits > 0 and largeResponses > 0",
        "| sort largestBytes desc",
      ].join("\n"),
      sigma: [
        sigmaEvent("mcp_guard_dlp_hit", "MCP guard masked or blocked sensitive data in a result", "The guard masked secrets or personal data in a tool result, or blocked the result for them.", {
          selection_masked: { ...decision, phase: "response", "masked|gt": 0 },
          selection_blocked: { ...decision, phase: "response", "rules|startswith": [...CORRELATED_RULES.dlp] },
        }),
        sigmaEvent("mcp_guard_large_response", "MCP result larger than the large-response threshold", `A tool result larger than ${largeResponseBytes} bytes.`, { selection: { ...decision, phase: "response", "bytes|gt": largeResponseBytes } }),
        sigmaCorrelation(dlp, { type: "temporal_ordered", rules: ["mcp_guard_dlp_hit", "mcp_guard_large_response"], "group-by": ["server", "principal"], timespan: "30m" }),
      ],
    },
    {
      ...rugPull,
      query: [
        "fields @timestamp, event, server, tool, principal, decision",
        `| filter (event = "${GUARD_AUDIT_EVENTS.toolChanged}") or (event = "${GUARD_AUDIT_EVENTS.decision}" and method = "tools/call" and phase = "request")`,
        `| fields (event = "${GUARD_AUDIT_EVENTS.toolChanged}") as changed, (event = "${GUARD_AUDIT_EVENTS.decision}") as call`,
        "| stats sum(changed) as changes, sum(call) as calls, count_distinct(principal) as callers, earliest(@timestamp) as firstSeen, latest(@timestamp) as lastSeen by server, tool, bin(1h) as window",
        "| filter changes > 0 and calls > 0",
        "| sort calls desc",
      ].join("\n"),
      sigma: [
        sigmaEvent("mcp_guard_tool_changed", "MCP tool definition differs from its pin", "A server returned a tool definition that differs from its approved pin.", { selection: { event: GUARD_AUDIT_EVENTS.toolChanged } }),
        sigmaEvent("mcp_guard_tool_call", "MCP tool call", "A tools/call request the guard checked.", { selection: { ...decision, method: "tools/call", phase: "request" } }),
        sigmaCorrelation(rugPull, { type: "temporal_ordered", rules: ["mcp_guard_tool_changed", "mcp_guard_tool_call"], "group-by": ["server", "tool"], timespan: "1h" }),
      ],
    },
    {
      ...revoked,
      query: [
        "fields @timestamp, principal, session, server, method, tool",
        `| ${auditLines(GUARD_AUDIT_EVENTS.decision)} and ${ruleLike(CORRELATED_RULES.revokedSession)}`,
        "| stats count(*) as attempts, count_distinct(server) as servers, earliest(@timestamp) as firstSeen, latest(@timestamp) as lastSeen by principal, session",
        "| sort attempts desc",
      ].join("\n"),
      sigma: [
        sigmaEvent("mcp_guard_revoked_session", "MCP request with a revoked token or session", "A request the guard refused because its token or session was revoked.", { selection: { ...decision, "rules|startswith": [...CORRELATED_RULES.revokedSession] } }),
        sigmaCorrelation(revoked, { type: "event_count", rules: ["mcp_guard_revoked_session"], "group-by": ["principal", "session"], timespan: "5m", condition: { gte: 1 } }),
      ],
    },
  ];
}
