import { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";

/** Properties of a {@link NodeGroupSizeAlarm}. */
export interface NodeGroupSizeAlarmProps {
  /** Alarm name, e.g. `mcp-prod-nodes-above-max`. */
  readonly name: string;
  /** The node group's Auto Scaling group ({@link EksNodeGroup.autoScalingGroupName}). */
  readonly autoScalingGroupName: string;
  /** The node group's configured maximum size. */
  readonly maxSize: number;
  /**
   * Nodes a managed node group update may add above `maxSize` while it replaces nodes: EKS raises the group by up to
   * twice its number of AZs. The alarm fires only above `maxSize + updateSurge`.
   */
  readonly updateSurge: number;
  /** SNS topics notified (encrypted, e.g. {@link SecurityAlertsTopic}). At least one. */
  readonly alarmTopicArns: readonly string[];
  /** Minutes the group must stay above the limit before the alarm fires. @default 15 */
  readonly sustainedMinutes?: number;
}

/**
 * An account guard on node scaling (MSH-04): alarms when the node group runs more nodes than its configured
 * maximum (plus the temporary surge of an update) for a sustained period, which only a change made outside this
 * configuration can cause.
 *
 * The count is the number of the group's instances reporting EC2 metrics each minute (`CPUUtilization`
 * SampleCount by `AutoScalingGroupName`; the nodes have detailed monitoring). The Auto Scaling group metrics
 * (`GroupInServiceInstances`) would need metrics collection enabled on the group EKS creates, which neither the EKS
 * API nor Terraform can turn on.
 */
export class NodeGroupSizeAlarm extends Construct {
  /** The alarm. */
  readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: NodeGroupSizeAlarmProps) {
    super(scope, id);
    const minutes = props.sustainedMinutes ?? 15;
    if (props.alarmTopicArns.length === 0) throw new Error(`NodeGroupSizeAlarm "${props.name}": alarmTopicArns must name at least one topic.`);
    if (!Number.isInteger(minutes) || minutes < 1) throw new Error(`NodeGroupSizeAlarm "${props.name}": sustainedMinutes must be a whole number, at least 1.`);
    const threshold = props.maxSize + props.updateSurge;
    this.alarm = new CloudwatchMetricAlarm(this, "alarm", {
      alarmName: props.name,
      alarmDescription: `More than ${threshold} nodes (maxSize ${props.maxSize} + update surge ${props.updateSurge}) for ${minutes} minutes: the node group was scaled outside its configuration (MSH-04).`,
      namespace: "AWS/EC2",
      metricName: "CPUUtilization",
      dimensions: { AutoScalingGroupName: props.autoScalingGroupName },
      statistic: "SampleCount",
      period: 60,
      evaluationPeriods: minutes,
      datapointsToAlarm: minutes,
      comparisonOperator: "GreaterThanThreshold",
      threshold,
      treatMissingData: "notBreaching",
      alarmActions: [...props.alarmTopicArns],
      okActions: [...props.alarmTopicArns],
    });
  }
}
