import { EKS_CLUSTER_ADMIN_POLICY } from "../../baselines/eks";
import { clusterResources } from "../eks";
import { block, resolveReference, stackAccountId, stackResources, TerraformResource, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/** Access policies that give administration of the whole cluster or of namespaces. */
const ADMIN_POLICIES = [EKS_CLUSTER_ADMIN_POLICY, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy"];

/** The principal an access resource names, following a reference to an access entry's `principal_arn`. */
function principalOf(stack: StackArtifact, resource: TerraformResource): unknown {
  const value = resource.values["principal_arn"];
  const entry = resolveReference(stack, value);
  return entry?.type === "aws_eks_access_entry" ? entry.values["principal_arn"] : value;
}

function stackFindings(stack: StackArtifact): Violation[] {
  const accountId = stackAccountId(stack);
  return stackResources(stack, "aws_eks_cluster").flatMap((cluster) => {
    const findings: Violation[] = [];
    const access = block(cluster.values["access_config"]);
    if (access?.["authentication_mode"] !== "API") {
      findings.push(violation(cluster, `authentication_mode is ${JSON.stringify(access?.["authentication_mode"] ?? "CONFIG_MAP (default)")}, not "API": the aws-auth ConfigMap would grant access outside access entries`));
    }
    if (access?.["bootstrap_cluster_creator_admin_permissions"] !== false) {
      findings.push(violation(cluster, "bootstrap_cluster_creator_admin_permissions is not false: whoever creates the cluster becomes a hidden cluster admin"));
    }
    const adminRole = `arn:aws:iam::${accountId ?? "<account>"}:role/${String(cluster.values["name"])}-admin`;
    const admins = clusterResources(stack, cluster, "aws_eks_access_policy_association").filter((association) => ADMIN_POLICIES.includes(String(association.values["policy_arn"])));
    for (const association of admins) {
      const principal = principalOf(stack, association);
      if (principal !== adminRole) findings.push(violation(association, `grants ${String(association.values["policy_arn"]).split("/").pop()} to ${String(principal)}; only ${adminRole} may administer the cluster`));
    }
    if (!admins.some((association) => principalOf(stack, association) === adminRole)) {
      findings.push(violation(cluster, `${adminRole} has no AmazonEKSClusterAdminPolicy access entry, so the cluster has no accountable administrator`));
    }
    for (const entry of clusterResources(stack, cluster, "aws_eks_access_entry")) {
      const groups = Array.isArray(entry.values["kubernetes_groups"]) ? (entry.values["kubernetes_groups"] as unknown[]) : [];
      if (groups.includes("system:masters")) findings.push(violation(entry, `puts ${String(entry.values["principal_arn"])} in system:masters, which bypasses RBAC and access policies`));
    }
    return findings;
  });
}

/**
 * Access to every EKS cluster goes through access entries only (MSH-02): no aws-auth ConfigMap, no implicit admin for
 * the cluster's creator, cluster administration only for the environment's `<cluster>-admin` role (assumed with MFA
 * through the VPN path), and nobody in `system:masters`.
 */
const rule: Rule = {
  id: "msh-02-eks-access-via-admin-role",
  controls: ["MSH-02"],
  severity: "critical",
  description: "Every aws_eks_cluster uses authentication_mode API without creator admin, and only <cluster>-admin holds cluster-admin access policies.",
  remediation: "Set access_config { authentication_mode = \"API\", bootstrap_cluster_creator_admin_permissions = false } and associate AmazonEKSClusterAdminPolicy only with arn:aws:iam::<account>:role/<cluster>-admin.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
