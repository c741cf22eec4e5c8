import { block, blocks, resolveReference, stackResources, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

const CUSTOMER_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\//;

/** Whether a key reference names a customer-managed key: a key of this stack, or a key ARN. */
function isCustomerKey(stack: StackArtifact, key: unknown): boolean {
  const referenced = resolveReference(stack, key);
  if (referenced) return referenced.type === "aws_kms_key";
  return typeof key === "string" && CUSTOMER_KEY_ARN.test(key);
}

function stackFindings(stack: StackArtifact): Violation[] {
  return stackResources(stack, "aws_eks_cluster").flatMap((cluster) => {
    const configs = blocks(cluster.values["encryption_config"]);
    const secrets = configs.find((config) => Array.isArray(config["resources"]) && (config["resources"] as unknown[]).includes("secrets"));
    if (!secrets) return [violation(cluster, "Kubernetes secrets are not envelope-encrypted: no encryption_config with resources [\"secrets\"]")];
    const key = block(secrets["provider"])?.["key_arn"];
    return isCustomerKey(stack, key) ? [] : [violation(cluster, `secrets are encrypted with ${JSON.stringify(key ?? null)}, not a customer-managed KMS key`)];
  });
}

/** Kubernetes secrets of every EKS cluster are envelope-encrypted with a customer-managed KMS key (CTR-00, MSH-03). */
const rule: Rule = {
  id: "ctr-00-eks-secrets-encryption",
  controls: ["CTR-00", "MSH-03"],
  severity: "high",
  description: "Every aws_eks_cluster has encryption_config with resources [\"secrets\"] and provider.key_arn a customer-managed KMS key.",
  remediation: "Add encryption_config { resources = [\"secrets\"], provider { key_arn = <the environment key's ARN> } } to the cluster.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
