import { createHash } from "crypto";
import { Construct } from "constructs";
import { stringify } from "yaml";
import { CloudwatchCompositeAlarm } from "@cdktf/provider-aws/lib/cloudwatch-composite-alarm";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { CloudwatchQueryDefinition } from "@cdktf/provider-aws/lib/cloudwatch-query-definition";

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

/** The Sigma files of the correlations: one multi-document YAML file per correlation, `<id>.yml`. */
export function sigmaRuleFiles(correlations: readonly McpCorrelation[]): { readonly file: string; readonly text: string }[] {
  return correlations.map((correlation) => ({
    file: `${correlation.id}.yml`,
    text: correlation.sigma.map((document) => stringify(document, { lineWidth: 0 })).join("---\n"),
  }));
}

/** Properties of a {@link McpCorrelationAlarms}. */
export interface McpCorrelationAlarmsProps {
  /** Prefix of every filter, alarm and query name, e.g. `mcp-prod`. */
  readonly namePrefix: string;
  /** The log group the guard's audit lines land in (the container log group). */
  readonly logGroupName: string;
  /** The MCP servers, as the guard's audit lines name them. */
  readonly servers: readonly string[];
  /** Kubernetes namespace of the guard, as Fluent Bit records it: only its lines count, so no server can forge audit lines. */
  readonly guardNamespace: string;
  /** The large-response alarm of each server (alarm names), which the DLP correlation pairs with the server's DLP hits. */
  readonly largeResponseAlarms: ReadonlyMap<string, string>;
  /** The queries saved as Logs Insights query definitions. */
  readonly correlations: readonly McpCorrelation[];
  /** SNS topics notified when an alarm fires and when it clears. At least one. */
  readonly alarmTopicArns: readonly string[];
  /** Authentication failures in five minutes that raise the burst alarm. @default 10 */
  readonly authFailureThreshold?: number;
  /** Denials of one server in five minutes that count as that server's denial burst. @default 10 */
  readonly denialThreshold?: number;
  /** Minutes a first step (DLP hit, tool change, denial burst) keeps its correlation armed. A multiple of 5. @default 30 */
  readonly correlationWindowMinutes?: number;
  /** Namespace of the metrics. @default "mcp-hardening/Guard" */
  readonly metricNamespace?: string;
}

/**
 * Correlation of the guard's audit lines across MCP servers (TOOL-12, TS-04, LOG-03), always on in CloudWatch:
 * metric filters over the guard's lines in the container log group, and alarms to the alert topics for
 * - a burst of authentication failures, and any request of a revoked token or session (each pages alone);
 * - a tool definition that changed on a server (pages alone), and, composite, calls to that server within the window;
 * - composite, a DLP hit on a server followed within the window by that server's large-response alarm;
 * - composite, denial bursts on two or more servers within the window (with two servers or more).
 * Component alarms notify nobody on their own. Each correlation's precise form, grouped by principal, server and tool,
 * is a saved Logs Insights query `<namePrefix>/correlation/<id>` and a Sigma rule for the SIEM ({@link mcpCorrelations}).
 */
export class McpCorrelationAlarms extends Construct {
  /** Every metric alarm, by ID (`guard-auth-failure-burst`, `guard-denials-<server>`, ...). */
  readonly alarms: ReadonlyMap<string, CloudwatchMetricAlarm>;
  /** The composite correlations, by ID (`dlp-then-large-response-<server>`, ...). */
  readonly composites: ReadonlyMap<string, CloudwatchCompositeAlarm>;
  /** The saved Logs Insights queries, by correlation ID. */
  readonly queries: ReadonlyMap<string, CloudwatchQueryDefinition>;

  constructor(scope: Construct, id: string, props: McpCorrelationAlarmsProps) {
    super(scope, id);
    const namespace = props.metricNamespace ?? "mcp-hardening/Guard";
    const windowMinutes = props.correlationWindowMinutes ?? 30;
    const authThreshold = props.authFailureThreshold ?? 10;
    const denialThreshold = props.denialThreshold ?? 10;
    const topics = [...props.alarmTopicArns];
    const where = `McpCorrelationAlarms "${props.namePrefix}"`;
    if (topics.length === 0) throw new Error(`${where}: alarmTopicArns must name at least one topic.`);
    if (!Number.isInteger(windowMinutes) || windowMinutes < 5 || windowMinutes % 5 !== 0) throw new Error(`${where}: correlationWindowMinutes must be a positive multiple of 5, got ${windowMinutes}.`);
    for (const [name, value] of [["authFailureThreshold", authThreshold], ["denialThreshold", denialThreshold]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`${where}: ${name} must be a whole number, at least 1, got ${value}.`);
    }
    const missingLarge = props.servers.filter((server) => !props.largeResponseAlarms.has(server));
    if (missingLarge.length > 0) throw new Error(`${where}: largeResponseAlarms has no alarm for ${missingLarge.join(", ")}; add LargeResponseAlarms for every server.`);

    const guardLine = (event: string, ...conditions: string[]) =>
      `{ ${[`($.kubernetes.namespace_name = "${props.guardNamespace}")`, `($.event = "${event}")`, ...conditions].join(" && ")} }`;
    const firstRule = (prefixes: readonly string[]) => `(${prefixes.map((prefix) => `($.rules[0] = "${prefix}*")`).join(" || ")})`;
    const onServer = (server: string) => `($.server = "${server}")`;
    const armed = windowMinutes / 5;

    const alarms = new Map<string, CloudwatchMetricAlarm>();
    const alarm = (alarmId: string, description: string, pattern: string, options: { threshold: number; notify: boolean; evaluationPeriods: number }) => {
      new CloudwatchLogMetricFilter(this, `${alarmId}-filter`, {
        name: `${props.namePrefix}-${alarmId}`,
        logGroupName: props.logGroupName,
        pattern,
        metricTransformation: { name: alarmId, namespace, value: "1", defaultValue: "0", unit: "Count" },
      });
      const created = new CloudwatchMetricAlarm(this, alarmId, {
        alarmName: `${props.namePrefix}-${alarmId}`,
        alarmDescription: description,
        namespace,
        metricName: alarmId,
        statistic: "Sum",
        period: 300,
        evaluationPeriods: options.evaluationPeriods,
        datapointsToAlarm: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        threshold: options.threshold,
        treatMissingData: "notBreaching",
        alarmActions: options.notify ? topics : [],
        okActions: options.notify ? topics : [],
      });
      alarms.set(alarmId, created);
      return created;
    };

    alarm(
      "guard-auth-failure-burst",
      `${authThreshold} or more MCP requests refused for authentication or authorization in five minutes: credential guessing or a stolen token being tried. Run the query ${props.namePrefix}/correlation/auth-failures-then-success to see which principal then got through.`,
      guardLine(GUARD_AUDIT_EVENTS.decision, '($.decision = "deny")', firstRule(CORRELATED_RULES.authentication)),
      { threshold: authThreshold, notify: true, evaluationPeriods: 1 }
    );
    alarm(
      "guard-revoked-session-use",
      `An MCP request arrived with a revoked token or session. Run the query ${props.namePrefix}/correlation/revoked-session-access for the principal and session; follow the unauthorized access runbook.`,
      guardLine(GUARD_AUDIT_EVENTS.decision, firstRule(CORRELATED_RULES.revokedSession)),
      { threshold: 1, notify: true, evaluationPeriods: 1 }
    );

    const composites = new Map<string, CloudwatchCompositeAlarm>();
    const composite = (compositeId: string, description: string, rule: string) =>
      composites.set(
        compositeId,
        new CloudwatchCompositeAlarm(this, compositeId, { alarmName: `${props.namePrefix}-${compositeId}`, alarmDescription: description, alarmRule: rule, alarmActions: topics, okActions: topics })
      );
    const inAlarm = (created: CloudwatchMetricAlarm) => `ALARM("${created.alarmName}")`;

    const denialBursts: CloudwatchMetricAlarm[] = [];
    for (const server of props.servers) {
      denialBursts.push(
        alarm(`guard-denials-${server}`, `Component of the cross-server denial correlation: ${denialThreshold} or more guard denials on ${server} in five minutes. Notifies nobody on its own.`, guardLine(GUARD_AUDIT_EVENTS.decision, '($.decision = "deny")', onServer(server)), {
          threshold: denialThreshold,
          notify: false,
          evaluationPeriods: armed,
        })
      );
      const dlpHit = alarm(`guard-dlp-${server}`, `Component of the DLP correlation: the guard masked or blocked sensitive data in a result of ${server}. Notifies nobody on its own.`, guardLine(GUARD_AUDIT_EVENTS.decision, onServer(server), `(($.masked > 0) || ${firstRule(CORRELATED_RULES.dlp)})`), {
        threshold: 1,
        notify: false,
        evaluationPeriods: armed,
      });
      composite(
        `dlp-then-large-response-${server}`,
        `The guard masked or blocked sensitive data in a result of ${server} and within ${windowMinutes} minutes the server returned a large response: possible exfiltration around the filter. Run the query ${props.namePrefix}/correlation/dlp-hit-then-large-response; follow the data leakage runbook.`,
        `${inAlarm(dlpHit)} AND ALARM("${props.largeResponseAlarms.get(server)}")`
      );
      const changed = alarm(`guard-tool-changed-${server}`, `A tool definition returned by ${server} differs from its pin (rug pull or unreviewed update): the guard withheld it. Re-review the tool before re-pinning; follow the tool poisoning runbook.`, guardLine(GUARD_AUDIT_EVENTS.toolChanged, onServer(server)), {
        threshold: 1,
        notify: true,
        evaluationPeriods: armed,
      });
      const calls = alarm(`guard-tool-calls-${server}`, `Component of the rug-pull correlation: tools/call requests to ${server}. Notifies nobody on its own.`, guardLine(GUARD_AUDIT_EVENTS.decision, onServer(server), '($.method = "tools/call")', '($.phase = "request")'), {
        threshold: 1,
        notify: false,
        evaluationPeriods: 1,
      });
      composite(
        `tool-changed-then-called-${server}`,
        `A tool of ${server} changed from its pin and clients kept calling ${server} within ${windowMinutes} minutes. Run the query ${props.namePrefix}/correlation/tool-changed-then-called for the tool and its callers; follow the tool poisoning runbook.`,
        `${inAlarm(changed)} AND ${inAlarm(calls)}`
      );
    }
    if (denialBursts.length >= 2) {
      const pairs = denialBursts.flatMap((first, index) => denialBursts.slice(index + 1).map((second) => `(${inAlarm(first)} AND ${inAlarm(second)})`));
      composite(
        "denial-burst-across-servers",
        `Guard denial bursts on two or more MCP servers within ${windowMinutes} minutes: an agent probing servers. Run the query ${props.namePrefix}/correlation/denial-burst-across-servers for the principal.`,
        pairs.join(" OR ")
      );
    }

    this.alarms = alarms;
    this.composites = composites;
    this.queries = new Map(
      props.correlations.map((correlation) => [
        correlation.id,
        new CloudwatchQueryDefinition(this, `query-${correlation.id}`, { name: `${props.namePrefix}/correlation/${correlation.id}`, logGroupNames: [props.logGroupName], queryString: correlation.query }),
      ])
    );
  }
}
