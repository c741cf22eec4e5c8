import { block, resolveReference, stackResources, tierOf, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

function stackFindings(stack: StackArtifact): Violation[] {
  return stackResources(stack, "aws_eks_cluster").flatMap((cluster) => {
    const vpc = block(cluster.values["vpc_config"]);
    if (!vpc) return [violation(cluster, "has no vpc_config")];
    const problems: string[] = [];
    if (vpc["endpoint_public_access"] !== false) problems.push("the API endpoint is public (endpoint_public_access is not false)");
    if (vpc["endpoint_private_access"] !== true) problems.push("the API endpoint is not reachable privately (endpoint_private_access is not true)");
    const subnets = Array.isArray(vpc["subnet_ids"]) ? (vpc["subnet_ids"] as unknown[]) : [];
    if (subnets.length === 0) problems.push("vpc_config names no subnets");
    for (const id of subnets) {
      const subnet = resolveReference(stack, id);
      if (subnet?.type !== "aws_subnet" || tierOf(subnet) !== "mcp") problems.push(`subnet ${String(id)} is not a subnet of the mcp tier`);
    }
    const groups = Array.isArray(vpc["security_group_ids"]) ? (vpc["security_group_ids"] as unknown[]) : [];
    if (groups.length === 0) problems.push("vpc_config names no security group of its own, so the API is reachable from anything in the EKS-managed group");
    for (const id of groups) {
      const group = resolveReference(stack, id);
      if (group?.type !== "aws_security_group" || tierOf(group) !== "mcp") problems.push(`security group ${String(id)} is not a security group of the mcp tier`);
    }
    return problems.map((problem) => violation(cluster, problem));
  });
}

/**
 * The Kubernetes API of every EKS cluster is private: no public endpoint, a private endpoint in the MCP tier's
 * subnets, behind a security group of the MCP tier (CTR-00, NET-01, MSH-02). Administrators reach it through the
 * VPN and the bastion only.
 */
const rule: Rule = {
  id: "ctr-00-eks-private-endpoint",
  controls: ["CTR-00", "NET-01", "MSH-02"],
  severity: "critical",
  description: "Every aws_eks_cluster has endpoint_public_access = false and endpoint_private_access = true, in mcp-tier subnets behind an mcp-tier security group.",
  remediation: "Set vpc_config endpoint_public_access = false and endpoint_private_access = true, subnet_ids to the mcp tier's subnets and security_group_ids to a group tagged mcp:tier = mcp; reach the API through the VPN and the bastion.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
