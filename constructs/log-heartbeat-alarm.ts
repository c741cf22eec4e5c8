import { Construct } from "constructs";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";

/** Properties of a {@link LogHeartbeatAlarm}. */
export interface LogHeartbeatAlarmProps {
  /** Name of the filter and the alarm, e.g. `mcp-prod-access-review-heartbeat`; also the metric's name. */
  readonly name: string;
  /** What the alarm means, for whoever is paged. */
  readonly description: string;
  /** The log group watched. */
  readonly logGroupName: string;
  /** CloudWatch Logs filter pattern of the heartbeat events (e.g. a scheduled job's summary line). */
  readonly pattern: string;
  /** Hours without a heartbeat that raise the alarm: the schedule's interval and a margin. Whole, 1 to 168 (CloudWatch's seven days). */
  readonly hours: number;
  /** Namespace of the metric. @default "mcp-hardening/Runtime" */
  readonly metricNamespace?: string;
  /** SNS topics notified when the alarm fires and when it clears. At least one. */
  readonly alarmTopicArns: readonly string[];
}

/**
 * An alarm on the absence of log events (LOG-03): a metric filter counting the heartbeat events of one log group, and
 * an alarm that notifies the topics when fewer than one arrived in each of the last `hours` hours. Missing data is
 * breaching: a job that never starts, is killed or never logs pages just as one that fails does.
 */
export class LogHeartbeatAlarm extends Construct {
  readonly filter: CloudwatchLogMetricFilter;
  readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: LogHeartbeatAlarmProps) {
    super(scope, id);
    const namespace = props.metricNamespace ?? "mcp-hardening/Runtime";
    const topics = [...props.alarmTopicArns];
    if (topics.length === 0) throw new Error(`LogHeartbeatAlarm "${props.name}": alarmTopicArns must name at least one topic.`);
    if (!Number.isInteger(props.hours) || props.hours < 1 || props.hours > 168) throw new Error(`LogHeartbeatAlarm "${props.name}": hours must be a whole number from 1 to 168, got ${props.hours}.`);
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
      period: 3600,
      evaluationPeriods: props.hours,
      datapointsToAlarm: props.hours,
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      treatMissingData: "breaching",
      alarmActions: topics,
      okActions: topics,
    });
  }
}
