import { allows, identityPolicies } from "../iam";
import { kubernetesViolation, LocatedObject, records } from "../kubernetes";
import { at, environmentOfGroup, infrastructureStacks, objectsInGroup, zoneGroups } from "../mesh";
import { stackResources } from "../terraform";
import { Artifacts, Rule, StackArtifact, Violation } from "../types";
import { KMS_KEY_REFERENCE } from "../../shared/kms-key-reference";

/** The KMS key ARNs that enforcing ClusterImagePolicies of a group verify signatures with. */
function trustedKeys(artifacts: Artifacts, group: string): string[] {
  return objectsInGroup(artifacts, group, "ClusterImagePolicy")
    .filter((policy) => (at(policy.object, "spec", "mode") ?? "enforce") === "enforce")
    .flatMap((policy) => records(at(policy.object, "spec", "authorities")))
    .map((authority) => String(at(authority, "key", "kms") ?? ""))
    .filter((reference) => KMS_KEY_REFERENCE.test(reference))
    .map((reference) => reference.replace(/^awskms:\/\/\//, ""));
}

/** Whether some identity policy of the stacks lets its role read the public half of `key` (what the policy-controller needs). */
function publicKeyReadable(stacks: readonly StackArtifact[], key: string): boolean {
  return stacks.some((stack) =>
    identityPolicies(stack).some((policy) => policy.statements.some((statement) => allows(statement, "kms:GetPublicKey") && statement.resources.includes(key)))
  );
}

/** What the gate's anchor lacks in one environment. */
function anchorProblems(artifacts: Artifacts, group: string, anchor: LocatedObject): Violation[] {
  const environment = environmentOfGroup(artifacts, group);
  const stacks = environment === undefined ? [] : infrastructureStacks(artifacts, environment);
  if (stacks.length === 0) return [];
  const problems: string[] = [];
  const keys = trustedKeys(artifacts, group);
  if (keys.length === 0) problems.push("no enforcing ClusterImagePolicy verifies signatures with a KMS key: the gate's signature proves nothing at admission");
  for (const key of keys) {
    if (!publicKeyReadable(stacks, key)) problems.push(`the admission policy trusts ${key}, but no role of ${environment} may read its public key (kms:GetPublicKey): the gate's signatures cannot be verified`);
  }
  const enablers = stacks.flatMap((stack) => stackResources(stack, "aws_inspector2_enabler"));
  if (!enablers.some((enabler) => Array.isArray(enabler.values["resource_types"]) && enabler.values["resource_types"].includes("ECR"))) {
    problems.push(`Amazon Inspector does not scan ECR in ${environment}: the gate has no image findings to wait for`);
  }
  const scanning = stacks.flatMap((stack) => stackResources(stack, "aws_ecr_registry_scanning_configuration"));
  if (!scanning.some((configuration) => configuration.values["scan_type"] === "ENHANCED")) {
    problems.push(`the ECR registry of ${environment} does not use enhanced (Inspector) scanning: the gate has no image findings to wait for`);
  }
  return problems.map((problem) => kubernetesViolation(anchor, problem));
}

/**
 * The vetting gate's trust anchor is in place (TOOL-01): the gate (`mcp-harden vetting-gate`, a CI workflow) signs an
 * image only after Amazon Inspector's findings pass, so in every environment Inspector scans ECR with enhanced
 * registry scanning, an enforcing ClusterImagePolicy admits only images signed with a KMS key, and that key's public
 * half is readable by a role of the environment (the policy-controller's), so admission verifies the gate's signature.
 */
const rule: Rule = {
  id: "tool-01-vetting-gate-anchor",
  controls: ["TOOL-01"],
  severity: "high",
  description: "Per environment: aws_inspector2_enabler covers ECR, registry scanning is ENHANCED, an enforcing ClusterImagePolicy verifies with a KMS key, and a role may kms:GetPublicKey that key.",
  remediation: "Deploy InspectorScanning (ECR) and EcrRegistryScanning (ENHANCED), the SignedImagesPolicy with cluster.imageSigningKey, and the image verifier role; sign images only through the vetting gate (mcp-harden vetting-gate).",
  check: (artifacts) => [...zoneGroups(artifacts)].flatMap(([group, anchor]) => anchorProblems(artifacts, group, anchor)),
};

export default rule;
