import { GATEWAY_ACCESS_LOG_FIELDS } from "../../baselines/gateway-access-log";
import { accountViolation } from "../account-stacks";
import { alarmNotifyProblem, alarmsOfFilter } from "../alarms";
import { stackResources, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/** A filter pattern that counts responses above a size: `$.response_bytes > <n>`. */
const LARGE_RESPONSE = new RegExp(`\\$\\.${GATEWAY_ACCESS_LOG_FIELDS.responseBytes}\\s*>\\s*\\d+`);

function stackFindings(stack: StackArtifact): Violation[] {
  if (stackResources(stack, "aws_eks_cluster").length === 0) return [];
  const filters = stackResources(stack, "aws_cloudwatch_log_metric_filter").filter((filter) => LARGE_RESPONSE.test(String(filter.values["pattern"] ?? "")));
  if (filters.length === 0) {
    return [accountViolation(stack, "no metric filter counts gateway responses larger than a threshold ($.response_bytes > n): exfiltration by large responses goes unnoticed")];
  }
  return filters.flatMap((filter) => {
    const watching = alarmsOfFilter(stack, filter);
    if (watching.length === 0) return [violation(filter, "no alarm watches its metric")];
    const problems = watching.map((alarm) => alarmNotifyProblem(stack, alarm));
    if (problems.some((problem) => problem === undefined)) return [];
    return watching.map((alarm, index) => violation(alarm, `large-response alarm: ${problems[index] as string}`));
  });
}

/**
 * Unusually large responses raise an alert (DLP-03, LOG-03): every stack with an EKS cluster (where the gateway runs)
 * has metric filters counting gateway responses above a size, and each has an alarm notifying a KMS-encrypted SNS topic.
 */
const rule: Rule = {
  id: "dlp-03-large-response-alarms",
  controls: ["DLP-03", "LOG-03"],
  severity: "medium",
  description: "Every stack with an EKS cluster has a metric filter on $.response_bytes > n and every such filter has an alarm notifying a KMS-encrypted SNS topic.",
  remediation: "Add LargeResponseAlarms (constructs/) over the container log group, targeting the environment's SecurityAlertsTopic, or restore the missing filter, alarm or action.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
