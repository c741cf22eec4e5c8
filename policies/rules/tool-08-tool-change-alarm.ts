import { TOOL_CHANGED_EVENT } from "../../guard/src/checks/TOOL-08";
import { accountViolation } from "../account-stacks";
import { alarmNotifyProblem, alarmsOfFilter } from "../alarms";
import { stackResources, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/** A filter pattern that counts the guard's rug-pull events: `$.event = "mcp.guard.tool_changed"`. */
const TOOL_CHANGED = new RegExp(`\\$\\.event\\s*=\\s*"${TOOL_CHANGED_EVENT.replace(/\./g, "\\.")}"`);

function stackFindings(stack: StackArtifact): Violation[] {
  if (stackResources(stack, "aws_eks_cluster").length === 0) return [];
  const filters = stackResources(stack, "aws_cloudwatch_log_metric_filter").filter((filter) => TOOL_CHANGED.test(String(filter.values["pattern"] ?? "")));
  if (filters.length === 0) {
    return [accountViolation(stack, `no metric filter counts the guard's ${TOOL_CHANGED_EVENT} events: a server changing an approved tool (rug pull) raises no alarm`)];
  }
  const results = filters.map((filter) => {
    const watching = alarmsOfFilter(stack, filter);
    if (watching.length === 0) return [violation(filter, "no alarm watches its metric")];
    const problems = watching.map((alarm) => alarmNotifyProblem(stack, alarm));
    if (problems.some((problem) => problem === undefined)) return [];
    return watching.map((alarm, index) => violation(alarm, `tool-change alarm: ${problems[index] as string}`));
  });
  return results.some((found) => found.length === 0) ? [] : results.flat();
}

/**
 * A changed or unknown tool raises an alarm (TOOL-08): every stack with an EKS cluster (where the guard runs) has a
 * metric filter counting the guard's `mcp.guard.tool_changed` audit events, watched by an alarm that notifies a
 * KMS-encrypted SNS topic (the environment's security alerts topic).
 */
const rule: Rule = {
  id: "tool-08-tool-change-alarm",
  controls: ["TOOL-08"],
  severity: "high",
  description: `Every stack with an EKS cluster has a metric filter on the guard's ${TOOL_CHANGED_EVENT} events and an alarm on it notifying a KMS-encrypted SNS topic.`,
  remediation: "Keep the guard-tool-changed LogEventAlarm over the container log group with the environment's security alerts topic (stacks/observability-aws.ts adds it).",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
