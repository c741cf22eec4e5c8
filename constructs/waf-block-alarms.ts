import { Construct } from "constructs";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";

/** One path whose blocked requests are counted and alarmed on separately, such as one MCP server's. */
export interface WafBlockedPath {
  /** Kebab-case ID (the MCP server's name); names the filter, the metric and the alarm. */
  readonly id: string;
  /** The path the server is served at, e.g. `/mcp/github-tools`: requests to it and below it are counted. */
  readonly path: string;
}

/** Properties of a {@link WafBlockAlarms}. */
export interface WafBlockAlarmsProps {
  /** Prefix of every alarm name, e.g. `mcp-prod`. */
  readonly namePrefix: string;
  /** The web ACL's log group (`aws-waf-logs-...`). */
  readonly logGroupName: string;
  /** The paths to watch, one alarm each. At least one. */
  readonly paths: readonly WafBlockedPath[];
  /** Blocked requests to one path in five minutes that raise its alarm. @default 100 */
  readonly threshold?: number;
  /** Namespace of the metrics the filters publish. @default "mcp-hardening/WAF" */
  readonly metricNamespace?: string;
  /** SNS topics notified when an alarm fires and when it clears. */
  readonly alarmTopicArns: readonly string[];
}

/** The CloudWatch Logs filter pattern matching requests the web ACL blocked on a path or below it. */
export function blockedOnPathPattern(path: string): string {
  return `{ ($.action = "BLOCK") && (($.httpRequest.uri = "${path}") || ($.httpRequest.uri = "${path}/*")) }`;
}

/**
 * Alarms on spikes of requests the web application firewall blocks, one per MCP server path (LOG-03, TS-04): a burst
 * of blocks on one server is an attack on it (injection attempts, protocol abuse, a client over its rate limit), and
 * separate alarms show which server is targeted, or that several are at once.
 */
export class WafBlockAlarms extends Construct {
  /** The alarms, by path ID. */
  readonly alarms: ReadonlyMap<string, CloudwatchMetricAlarm>;

  constructor(scope: Construct, id: string, props: WafBlockAlarmsProps) {
    super(scope, id);
    const namespace = props.metricNamespace ?? "mcp-hardening/WAF";
    const threshold = props.threshold ?? 100;
    const topics = [...props.alarmTopicArns];
    if (topics.length === 0) throw new Error(`WafBlockAlarms "${props.namePrefix}": alarmTopicArns must name at least one topic.`);
    if (props.paths.length === 0) throw new Error(`WafBlockAlarms "${props.namePrefix}": paths must name at least one path.`);
    if (!Number.isInteger(threshold) || threshold < 1) throw new Error(`WafBlockAlarms "${props.namePrefix}": threshold must be a whole number, at least 1, got ${threshold}.`);
    const alarms = new Map<string, CloudwatchMetricAlarm>();
    for (const { id: pathId, path } of props.paths) {
      if (!/^(\/[a-z0-9][a-z0-9._~-]*)+$/.test(path)) throw new Error(`WafBlockAlarms "${props.namePrefix}": path "${path}" must be a URL path like /mcp/server, without a trailing slash.`);
      const metricName = `blocked-${pathId}`;
      new CloudwatchLogMetricFilter(this, `${pathId}-filter`, {
        name: `${props.namePrefix}-waf-blocked-${pathId}`,
        logGroupName: props.logGroupName,
        pattern: blockedOnPathPattern(path),
        metricTransformation: { name: metricName, namespace, value: "1", defaultValue: "0", unit: "Count" },
      });
      alarms.set(
        pathId,
        new CloudwatchMetricAlarm(this, pathId, {
          alarmName: `${props.namePrefix}-waf-blocked-${pathId}`,
          alarmDescription: `The web application firewall blocked ${threshold} or more requests to ${path} in five minutes: that MCP server is being attacked or misused.`,
          namespace,
          metricName,
          statistic: "Sum",
          period: 300,
          evaluationPeriods: 1,
          datapointsToAlarm: 1,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          threshold,
          treatMissingData: "notBreaching",
          alarmActions: topics,
          okActions: topics,
        })
      );
    }
    this.alarms = alarms;
  }
}
