import { clusterResources } from "../eks";
import { stackResources, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/** Whether the add-on's configuration turns network policy enforcement on. */
function enforcesNetworkPolicy(configuration: unknown): boolean {
  if (typeof configuration !== "string") return false;
  try {
    const value = (JSON.parse(configuration) as Record<string, unknown>)["enableNetworkPolicy"];
    return value === "true" || value === true;
  } catch {
    return false;
  }
}

function stackFindings(stack: StackArtifact): Violation[] {
  return stackResources(stack, "aws_eks_cluster").flatMap((cluster) => {
    const cni = clusterResources(stack, cluster, "aws_eks_addon").filter((addon) => addon.values["addon_name"] === "vpc-cni");
    if (cni.length === 0) return [violation(cluster, "has no managed vpc-cni add-on, so nothing enforces its NetworkPolicies")];
    return cni.filter((addon) => !enforcesNetworkPolicy(addon.values["configuration_values"])).map((addon) => violation(addon, "configuration_values does not set enableNetworkPolicy to \"true\": NetworkPolicies would be silently ignored"));
  });
}

/**
 * Kubernetes NetworkPolicies are enforced in every cluster (ISO-01): the vpc-cni add-on runs its network policy
 * agent. Without it, the per-server default-deny policies exist but isolate nothing.
 */
const rule: Rule = {
  id: "iso-01-vpc-cni-network-policy",
  controls: ["ISO-01"],
  severity: "critical",
  description: "Every aws_eks_cluster has a vpc-cni aws_eks_addon whose configuration_values set enableNetworkPolicy to \"true\".",
  remediation: "Add aws_eks_addon { addon_name = \"vpc-cni\", configuration_values = jsonencode({ enableNetworkPolicy = \"true\" }) } for the cluster.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
