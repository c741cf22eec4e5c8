/**
 * What rules about alerting and response share: whether an alarm or an EventBridge target reaches a KMS-encrypted SNS
 * topic of the stack, the alarms on a metric filter's metric, and the MCP servers a stack alerts on.
 */
import { GATEWAY_ACCESS_LOG_FIELDS } from "../baselines/gateway-access-log";
import { block, referencedAddress, resolveReference, stackResources, TerraformResource } from "./terraform";
import { derivedOnceForStack } from "./run-cache";
import { StackArtifact } from "./types";

/** Why a notification target is not a KMS-encrypted SNS topic of the stack, or undefined when it is. */
export function topicProblem(stack: StackArtifact, target: unknown): string | undefined {
  const topic = resolveReference(stack, target);
  if (topic?.type !== "aws_sns_topic") return `target ${String(target)} is not an SNS topic of this stack`;
  if (typeof topic.values["kms_master_key_id"] !== "string" || topic.values["kms_master_key_id"] === "") return `topic ${topic.address} is not encrypted with a KMS key`;
  return undefined;
}

/** Why a metric or composite alarm does not notify an encrypted topic on ALARM, or undefined when it does. */
export function alarmNotifyProblem(stack: StackArtifact, alarm: TerraformResource): string | undefined {
  if (alarm.values["actions_enabled"] === false) return "its actions are disabled";
  const actions = Array.isArray(alarm.values["alarm_actions"]) ? (alarm.values["alarm_actions"] as unknown[]) : [];
  if (actions.length === 0) return "it notifies nobody (no alarm_actions)";
  return actions.map((action) => topicProblem(stack, action)).find((problem) => problem !== undefined);
}

/** The metric alarms on some metric filters' metrics (same name and namespace), in the stack's order. */
export function alarmsOfFilters(stack: StackArtifact, filters: readonly TerraformResource[]): TerraformResource[] {
  const metrics = filters.map((filter) => block(filter.values["metric_transformation"]) ?? {});
  return stackResources(stack, "aws_cloudwatch_metric_alarm").filter((alarm) =>
    metrics.some((metric) => metric["name"] === alarm.values["metric_name"] && metric["namespace"] === alarm.values["namespace"]),
  );
}

/** The metric alarms on a metric filter's metric (same name and namespace). */
export function alarmsOfFilter(stack: StackArtifact, filter: TerraformResource): TerraformResource[] {
  return alarmsOfFilters(stack, [filter]);
}

/** Whether a composite alarm's rule refers to an alarm (by reference to its name, or by the name itself). */
export function compositeRefersTo(composite: TerraformResource, alarm: TerraformResource): boolean {
  const rule = String(composite.values["alarm_rule"] ?? "");
  return rule.includes(`\${${alarm.address}.alarm_name}`) || rule.includes(`\${${alarm.address}.arn}`) || (typeof alarm.values["alarm_name"] === "string" && rule.includes(alarm.values["alarm_name"]));
}

/**
 * Whether a composite alarm watches an alarm: its rule refers to it ({@link compositeRefersTo}), or to a composite alarm
 * of the stack that watches it (composite alarms of composite alarms, for more alarms than one composite may watch).
 */
export function compositeWatches(stack: StackArtifact, composite: TerraformResource, alarm: TerraformResource, seen: Set<string> = new Set()): boolean {
  if (compositeRefersTo(composite, alarm)) return true;
  seen.add(composite.address);
  return compositeChildren(stack, composite).some((child) => !seen.has(child.address) && compositeWatches(stack, child, alarm, seen));
}

/** The composite alarms of the stack a composite alarm's rule refers to, in the stack's order (found once per policy run). */
function compositeChildren(stack: StackArtifact, composite: TerraformResource): readonly TerraformResource[] {
  return derivedOnceForStack(stack, `composite-children\u0000${composite.address}`, () => stackResources(stack, "aws_cloudwatch_composite_alarm").filter((child) => compositeRefersTo(composite, child)));
}

/** Whether an EventBridge target belongs to a rule (by reference or by name). */
export function targetOfRule(target: TerraformResource, rule: TerraformResource): boolean {
  return referencedAddress(target.values["rule"]) === rule.address || target.values["rule"] === rule.values["name"];
}

/** The MCP servers of a stack, as its per-server large-response filters name them (`$.mcp_server = "<name>"`), sorted. */
export function alertedServers(stack: StackArtifact): string[] {
  const named = new RegExp(`\\$\\.${GATEWAY_ACCESS_LOG_FIELDS.server} = "([^"]+)"`);
  const names = stackResources(stack, "aws_cloudwatch_log_metric_filter").map((filter) => named.exec(String(filter.values["pattern"] ?? ""))?.[1]);
  return [...new Set(names.filter((name): name is string => name !== undefined))].sort();
}
