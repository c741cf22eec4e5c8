import { autoScalingGroupNameOf } from "../eks";
import { block, resolveReference, stackResources, TerraformResource, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/** Metrics that count a node group's instances: EC2 samples per instance, or the Auto Scaling group metrics. */
const INSTANCE_COUNTS = [
  { namespace: "AWS/EC2", metric: "CPUUtilization", statistic: "SampleCount" },
  ...["GroupInServiceInstances", "GroupDesiredCapacity", "GroupTotalInstances"].map((metric) => ({ namespace: "AWS/AutoScaling", metric, statistic: undefined })),
];
const ABOVE = ["GreaterThanThreshold", "GreaterThanOrEqualToThreshold"];
/** EKS raises a group by up to twice its AZ count while an update replaces nodes. */
const SURGE_PER_SUBNET = 2;

/** Whether an alarm counts the instances of the node group's Auto Scaling group. */
function countsNodes(alarm: TerraformResource, groupName: string): boolean {
  const dimensions = alarm.values["dimensions"] as Record<string, unknown> | undefined;
  if (dimensions?.["AutoScalingGroupName"] !== groupName) return false;
  return INSTANCE_COUNTS.some(
    (count) => alarm.values["namespace"] === count.namespace && alarm.values["metric_name"] === count.metric && (count.statistic === undefined || alarm.values["statistic"] === count.statistic),
  );
}

/** What is wrong with an alarm that counts the node group's instances. */
function alarmProblems(stack: StackArtifact, alarm: TerraformResource, limit: number): string[] {
  const problems: string[] = [];
  const threshold = alarm.values["threshold"];
  if (!ABOVE.includes(String(alarm.values["comparison_operator"]))) problems.push(`fires on ${String(alarm.values["comparison_operator"])}, not on too many nodes`);
  if (typeof threshold !== "number" || threshold > limit) problems.push(`threshold ${String(threshold)} is above ${limit} (maxSize plus the update surge)`);
  if (alarm.values["actions_enabled"] === false) problems.push("its actions are disabled");
  const actions = Array.isArray(alarm.values["alarm_actions"]) ? (alarm.values["alarm_actions"] as unknown[]) : [];
  if (actions.length === 0) problems.push("notifies nobody (no alarm_actions)");
  for (const action of actions) {
    const topic = resolveReference(stack, action);
    if (topic?.type !== "aws_sns_topic") problems.push(`action ${String(action)} is not an SNS topic of this stack`);
    else if (typeof topic.values["kms_master_key_id"] !== "string" || topic.values["kms_master_key_id"] === "") problems.push(`topic ${topic.address} is not encrypted with a KMS key`);
  }
  return problems;
}

function stackFindings(stack: StackArtifact): Violation[] {
  const alarms = stackResources(stack, "aws_cloudwatch_metric_alarm");
  return stackResources(stack, "aws_eks_node_group").flatMap((nodeGroup) => {
    const maxSize = block(nodeGroup.values["scaling_config"])?.["max_size"];
    const subnets = Array.isArray(nodeGroup.values["subnet_ids"]) ? (nodeGroup.values["subnet_ids"] as unknown[]).length : 0;
    if (typeof maxSize !== "number") return [violation(nodeGroup, "has no numeric scaling_config.max_size to guard")];
    const limit = maxSize + SURGE_PER_SUBNET * subnets;
    const guards = alarms.filter((alarm) => countsNodes(alarm, autoScalingGroupNameOf(nodeGroup)));
    if (guards.length === 0) return [violation(nodeGroup, `no alarm watches its Auto Scaling group for more than ${limit} nodes`)];
    const problemsOf = guards.map((alarm) => alarmProblems(stack, alarm, limit));
    if (problemsOf.some((problems) => problems.length === 0)) return [];
    return guards.flatMap((alarm, index) => problemsOf[index].map((problem) => violation(alarm, `${problem} (guards ${nodeGroup.address})`)));
  });
}

/**
 * A node group scaled beyond its configured maximum is noticed (MSH-04): the servers' quotas are sized against that
 * maximum, so more nodes mean a change made outside the configuration (runaway scaling, cost exhaustion). An alarm
 * counting the group's instances fires above maxSize plus the update surge and notifies an encrypted topic.
 */
const rule: Rule = {
  id: "msh-04-node-scaling-alarm",
  controls: ["MSH-04"],
  severity: "medium",
  description: "Every aws_eks_node_group has a CloudWatch alarm counting its Auto Scaling group's instances above max_size (plus update surge), notifying a KMS-encrypted SNS topic.",
  remediation: "Add a NodeGroupSizeAlarm (constructs/node-group-size-alarm.ts) for the node group's Auto Scaling group, with the environment's encrypted security alerts topic as action.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
