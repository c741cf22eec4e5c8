/** Read-only helpers for rules over CloudWatch alarms on log metric filters. */
import { resolveReference, stackResources, TerraformResource } from "./terraform";
import { StackArtifact } from "./types";

/** Why an alarm does not notify a KMS-encrypted SNS topic of its stack, or undefined when it does. */
export function alarmNotifyProblem(stack: StackArtifact, alarm: TerraformResource): string | undefined {
  if (alarm.values["actions_enabled"] === false) return "its actions are disabled";
  const actions = Array.isArray(alarm.values["alarm_actions"]) ? (alarm.values["alarm_actions"] as unknown[]) : [];
  if (actions.length === 0) return "it notifies nobody (no alarm_actions)";
  for (const action of actions) {
    const topic = resolveReference(stack, action);
    if (topic?.type !== "aws_sns_topic") return `action ${String(action)} is not an SNS topic of this stack`;
    if (typeof topic.values["kms_master_key_id"] !== "string" || topic.values["kms_master_key_id"] === "") return `topic ${topic.address} is not encrypted with a KMS key`;
  }
  return undefined;
}

/** The alarms of a stack that watch a metric filter's metric. */
export function alarmsOfFilter(stack: StackArtifact, filter: TerraformResource): TerraformResource[] {
  const transformation = (Array.isArray(filter.values["metric_transformation"]) ? filter.values["metric_transformation"][0] : filter.values["metric_transformation"]) as Record<string, unknown> | undefined;
  return stackResources(stack, "aws_cloudwatch_metric_alarm").filter((alarm) => alarm.values["metric_name"] === transformation?.["name"] && alarm.values["namespace"] === transformation?.["namespace"]);
}
