import { EKS_CONTROL_PLANE_LOG_TYPES } from "../../baselines/eks";
import { stackResources, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

function stackFindings(stack: StackArtifact): Violation[] {
  const logGroups = new Set(stackResources(stack, "aws_cloudwatch_log_group").map((group) => group.values["name"]));
  return stackResources(stack, "aws_eks_cluster").flatMap((cluster) => {
    const enabled = Array.isArray(cluster.values["enabled_cluster_log_types"]) ? (cluster.values["enabled_cluster_log_types"] as unknown[]) : [];
    const missing = EKS_CONTROL_PLANE_LOG_TYPES.filter((type) => !enabled.includes(type));
    const findings = missing.length > 0 ? [violation(cluster, `control-plane log type(s) ${missing.join(", ")} are not enabled`)] : [];
    const name = cluster.values["name"];
    const groupName = `/aws/eks/${String(name)}/cluster`;
    if (typeof name !== "string" || !logGroups.has(groupName)) {
      findings.push(violation(cluster, `no log group ${groupName} is declared, so EKS would create one without encryption or retention`));
    }
    return findings;
  });
}

/**
 * Every EKS cluster logs all control-plane activity (LOG-01): API calls, audit, authentication, controller manager
 * and scheduler, into a log group the stack declares (so it is KMS-encrypted and retained, LOG-04).
 */
const rule: Rule = {
  id: "log-01-eks-control-plane-logs",
  controls: ["LOG-01"],
  severity: "high",
  description: "Every aws_eks_cluster enables the api, audit, authenticator, controllerManager and scheduler logs into a declared /aws/eks/<name>/cluster log group.",
  remediation: "Set enabled_cluster_log_types to all five types and declare the log group /aws/eks/<cluster>/cluster (encrypted, with retention) before the cluster.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
