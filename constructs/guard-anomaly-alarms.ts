import { Construct } from "constructs";
import { CloudwatchMetricAlarm, CloudwatchMetricAlarmMetricQuery } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { GUARD_CLOUDWATCH } from "../guard/src/config/types";
import { GUARD_BASELINES, GuardBaseline } from "../baselines/guard-anomaly";

/** One MCP server whose behaviour is baselined. */
export interface GuardBaselineServer {
  /** The server's name, as the guard's `server` metric attribute carries it. */
  readonly name: string;
  /** Tools with their own alarms (the server's approved tools). @default [] (server-level alarms only) */
  readonly tools?: readonly string[];
}

/** Properties of a {@link GuardAnomalyAlarms}. */
export interface GuardAnomalyAlarmsProps {
  /** Prefix of every alarm name, e.g. `mcp-prod`. */
  readonly namePrefix: string;
  /** The environment's name, as the guard's metrics carry it in the `environment` dimension. */
  readonly environment: string;
  /** The MCP servers, each with its own alarms. */
  readonly servers: readonly GuardBaselineServer[];
  /** SNS topics notified when an alarm fires and when it clears (encrypted, e.g. the security alerts topic). */
  readonly alarmTopicArns: readonly string[];
  /** Width of the expected band, in standard deviations (ANOMALY_DETECTION_BAND's second argument). @default 3 */
  readonly bandWidth?: number;
  /** Length of one evaluated period, seconds. @default 300 */
  readonly periodSeconds?: number;
  /** Periods evaluated, of which `datapointsToAlarm` must be above the band to fire. @default 3 */
  readonly evaluationPeriods?: number;
  /** Periods above the band, out of `evaluationPeriods`, that fire the alarm. @default 2 */
  readonly datapointsToAlarm?: number;
}

/**
 * Behavioural baselines of MCP servers (TOOL-09, CV-02), named `<namePrefix>-baseline-<server>-<baseline>` and
 * `<namePrefix>-baseline-<server>.<tool>-<baseline>` (server names carry no dot, so names never collide): a CloudWatch anomaly-detection alarm per server and
 * baseline of {@link GUARD_BASELINES}, and per listed tool and per-tool baseline, on the guard's metrics in
 * `MCP/Guard` (dimensions `[environment, server]` and `[environment, server, tool]`). Each alarm compares the metric
 * with `ANOMALY_DETECTION_BAND(metric, bandWidth)` and fires when it rises above the band (a drop is not a security
 * signal) in `datapointsToAlarm` of `evaluationPeriods` periods, notifying the topics on ALARM and OK. Missing data is
 * not breaching: the guard writes no datapoint when a server sees no traffic, and silence is not an attack.
 */
export class GuardAnomalyAlarms extends Construct {
  /** The alarms, by `<server>/<baseline>` and `<server>/<tool>/<baseline>`. */
  readonly alarms: ReadonlyMap<string, CloudwatchMetricAlarm>;

  constructor(scope: Construct, id: string, props: GuardAnomalyAlarmsProps) {
    super(scope, id);
    const topics = [...props.alarmTopicArns];
    const name = `GuardAnomalyAlarms "${props.namePrefix}"`;
    if (topics.length === 0) throw new Error(`${name}: alarmTopicArns must name at least one topic.`);
    const bandWidth = props.bandWidth ?? 3;
    if (!(bandWidth > 0 && bandWidth <= 10)) throw new Error(`${name}: bandWidth must be more than 0 and at most 10 standard deviations, got ${bandWidth}.`);
    const period = props.periodSeconds ?? 300;
    if (!Number.isInteger(period) || period < 60 || period % 60 !== 0) throw new Error(`${name}: periodSeconds must be a whole number of minutes (60, 300, ...), got ${period}.`);
    const evaluationPeriods = props.evaluationPeriods ?? 3;
    const datapointsToAlarm = props.datapointsToAlarm ?? 2;
    if (!Number.isInteger(evaluationPeriods) || evaluationPeriods < 1) throw new Error(`${name}: evaluationPeriods must be a whole number, at least 1, got ${evaluationPeriods}.`);
    if (!Number.isInteger(datapointsToAlarm) || datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods) {
      throw new Error(`${name}: datapointsToAlarm must be a whole number from 1 to evaluationPeriods (${evaluationPeriods}), got ${datapointsToAlarm}.`);
    }

    const alarms = new Map<string, CloudwatchMetricAlarm>();
    const add = (server: string, tool: string | undefined, baseline: GuardBaseline): void => {
      const dimensions: Record<string, string> = { environment: props.environment, server, ...(tool === undefined ? {} : { tool }) };
      const metric = (id: string, metricName: string, stat: string, returnData: boolean): CloudwatchMetricAlarmMetricQuery => ({
        id,
        returnData,
        metric: { namespace: GUARD_CLOUDWATCH.namespace, metricName, stat, period, dimensions },
      });
      const watched = baseline.per === undefined ? "m1" : "e1";
      const queries: CloudwatchMetricAlarmMetricQuery[] =
        baseline.per === undefined
          ? [metric("m1", baseline.metric.name, baseline.metric.stat, true)]
          : [
              metric("m1", baseline.metric.name, baseline.metric.stat, false),
              metric("m2", baseline.per.name, baseline.per.stat, false),
              { id: "e1", expression: "100 * FILL(m1, 0) / m2", label: baseline.title, returnData: true },
            ];
      queries.push({ id: "ad1", expression: `ANOMALY_DETECTION_BAND(${watched}, ${bandWidth})`, label: `${baseline.title} (expected)`, returnData: true });
      const subject = tool === undefined ? `MCP server ${server}` : `tool ${tool} of MCP server ${server}`;
      const key = tool === undefined ? `${server}/${baseline.id}` : `${server}/${tool}/${baseline.id}`;
      const suffix = `${tool === undefined ? server : `${server}.${tool}`}-${baseline.id}`;
      alarms.set(
        key,
        new CloudwatchMetricAlarm(this, suffix, {
          alarmName: `${props.namePrefix}-baseline-${suffix}`,
          alarmDescription: `The ${baseline.title} of ${subject} rose above its learned baseline (TOOL-09, CV-02): abuse, a compromised or changed server, or exfiltration. Compare the guard's audit lines of ${server} in the period with the weeks before (mcp.guard.decision, by tool, rules, principal).`,
          comparisonOperator: "GreaterThanUpperThreshold",
          evaluationPeriods,
          datapointsToAlarm,
          thresholdMetricId: "ad1",
          metricQuery: queries,
          treatMissingData: "notBreaching",
          alarmActions: topics,
          okActions: topics,
        })
      );
    };
    for (const server of props.servers) {
      for (const baseline of GUARD_BASELINES) add(server.name, undefined, baseline);
      for (const tool of server.tools ?? []) for (const baseline of GUARD_BASELINES.filter((entry) => entry.perTool)) add(server.name, tool, baseline);
    }
    this.alarms = alarms;
  }
}
