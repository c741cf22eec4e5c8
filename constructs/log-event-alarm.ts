import { Construct } from "constructs";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";

/** Properties of a {@link LogEventAlarm}. */
export interface LogEventAlarmProps {
  /** Name of the filter and the alarm, e.g. `mcp-prod-falco-critical`; also the metric's name. */
  readonly name: string;
  /** What the alarm means, for whoever is paged. */
  readonly description: string;
  /** The log group watched. */
  readonly logGroupName: string;
  /** CloudWatch Logs filter pattern of the events counted. */
  readonly pattern: string;
  /** Matching events in five minutes that raise the alarm. @default 1 */
  readonly threshold?: number;
  /** Namespace of the metric. @default "mcp-hardening/Runtime" */
  readonly metricNamespace?: string;
  /** SNS topics notified when the alarm fires and when it clears. At least one. */
  readonly alarmTopicArns: readonly string[];
}

/**
 * An alarm on log events (LOG-03): a metric filter counting the events that match a pattern in one log group, and an
 * alarm that notifies the topics from the first matching event in five minutes (or the threshold), and again when it
 * clears. Missing data is not breaching: no events, no alarm.
 */
export class LogEventAlarm extends Construct {
  readonly filter: CloudwatchLogMetricFilter;
  readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: LogEventAlarmProps) {
    super(scope, id);
    const threshold = props.threshold ?? 1;
    const namespace = props.metricNamespace ?? "mcp-hardening/Runtime";
    const topics = [...props.alarmTopicArns];
    if (topics.length === 0) throw new Error(`LogEventAlarm "${props.name}": alarmTopicArns must name at least one topic.`);
    if (!Number.isInteger(threshold) || threshold < 1) throw new Error(`LogEventAlarm "${props.name}": threshold must be a whole number, at least 1, got ${threshold}.`);
    this.filter = new CloudwatchLogMetricFilter(this, "filter", {
      name: props.name,
      logGroupName: props.logGroupName,
      pattern: props.pattern,
      metricTransformation: { name: props.name, namespace, value: "1", defaultValue: "0", unit: "Count" },
    });
    this.alarm = new CloudwatchMetricAlarm(this, "alarm", {
      alarmName: props.name,
      alarmDescription: props.description,
      namespace,
      metricName: props.name,
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold,
      treatMissingData: "notBreaching",
      alarmActions: topics,
      okActions: topics,
    });
  }
}
