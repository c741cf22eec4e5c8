import { Construct } from "constructs";
import { stringify } from "yaml";
import { CloudwatchCompositeAlarm } from "@cdktf/provider-aws/lib/cloudwatch-composite-alarm";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { CloudwatchQueryDefinition } from "@cdktf/provider-aws/lib/cloudwatch-query-definition";
import { CORRELATED_RULES, GUARD_AUDIT_EVENTS, McpCorrelation } from "../baselines/mcp-correlations";

/** The Sigma files of the correlations: one multi-document YAML file per correlation, `<id>.yml`. */
export function sigmaRuleFiles(correlations: readonly McpCorrelation[]): { readonly file: string; readonly text: string }[] {
  return correlations.map((correlation) => ({
    file: `${correlation.id}.yml`,
    text: correlation.sigma.map((document) => stringify(document, { lineWidth: 0 })).join("---\n"),
  }));
}

/** The most alarms one CloudWatch composite alarm may watch. */
const MAX_COMPOSITE_ALARM_OPERANDS = 100;

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
    const inAlarm = (created: CloudwatchMetricAlarm): string => `ALARM("${created.alarmName}")`;

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
      const description = `Guard denial bursts on two or more MCP servers within ${windowMinutes} minutes: an agent probing servers. Run the query ${props.namePrefix}/correlation/denial-burst-across-servers for the principal.`;
      const atLeast = (count: number, watched: readonly { readonly arn: string }[]) => `AT_LEAST(${count}, ALARM, (${watched.map((created) => created.arn).join(", ")}))`;
      if (denialBursts.length <= MAX_COMPOSITE_ALARM_OPERANDS) {
        // AT_LEAST keeps the rule linear in the servers (a pairwise OR of ANDs outgrows the 10,240-character rule limit at about ten servers).
        composite("denial-burst-across-servers", description, atLeast(2, denialBursts));
      } else {
        // More servers than one composite alarm watches: groups of servers, each with a composite alarm for a burst on one
        // of its servers and one for bursts on two; two servers are in burst exactly when two groups have one, or one group two.
        const groups = Array.from({ length: Math.ceil(denialBursts.length / MAX_COMPOSITE_ALARM_OPERANDS) }, (_, index) => denialBursts.slice(index * MAX_COMPOSITE_ALARM_OPERANDS, (index + 1) * MAX_COMPOSITE_ALARM_OPERANDS));
        if (2 * groups.length > MAX_COMPOSITE_ALARM_OPERANDS) {
          throw new Error(`McpCorrelationAlarms: ${denialBursts.length} servers, but the cross-server denial correlation watches at most ${(MAX_COMPOSITE_ALARM_OPERANDS * MAX_COMPOSITE_ALARM_OPERANDS) / 2}; split the servers across gateways (environments)`);
        }
        const component = (compositeId: string, what: string, rule: string) =>
          new CloudwatchCompositeAlarm(this, compositeId, { alarmName: `${props.namePrefix}-${compositeId}`, alarmDescription: `Component of the cross-server denial correlation: ${what}. Notifies nobody on its own.`, alarmRule: rule });
        const partial = groups.map((group, index) => {
          const servers = `servers ${index * MAX_COMPOSITE_ALARM_OPERANDS + 1} to ${index * MAX_COMPOSITE_ALARM_OPERANDS + group.length}`;
          return {
            one: component(`denial-burst-group-${index + 1}`, `a guard denial burst on one of ${servers}`, atLeast(1, group)),
            two: component(`denial-bursts-in-group-${index + 1}`, `guard denial bursts on two of ${servers}`, atLeast(2, group)),
          };
        });
        composite("denial-burst-across-servers", description, [atLeast(2, partial.map((group) => group.one)), ...partial.map((group) => `ALARM("${group.two.arn}")`)].join(" OR "));
      }
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
