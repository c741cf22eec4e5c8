import { kubernetesViolation, labels, LocatedObject, records } from "../kubernetes";
import { at, helmReleases, IMAGE_VERIFICATION_LABEL, objectsInGroup, registryOfGroup, zoneGroups, zoneNamespaces } from "../mesh";
import { violation } from "../terraform";
import { Artifacts, Rule, Violation } from "../types";

const KMS_KEY = /^awskms:\/\/\/arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\//;

/** Whether an image glob covers every image of a registry. */
function coversRegistry(glob: string, registry: string | undefined): boolean {
  return registry === undefined ? /\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/\*\*$/.test(glob) : glob === `${registry}/**` || glob === "**";
}

/** What is wrong with a ClusterImagePolicy that should require the environment's signature. */
function policyProblems(policy: LocatedObject): string[] {
  const found: string[] = [];
  const mode = at(policy.object, "spec", "mode");
  if (mode !== undefined && mode !== "enforce") found.push(`mode is ${JSON.stringify(mode)}: unsigned images are only warned about`);
  const authorities = records(at(policy.object, "spec", "authorities"));
  if (authorities.length === 0) found.push("has no authorities");
  for (const [index, authority] of authorities.entries()) {
    if (authority["static"] !== undefined) found.push(`authority ${index} is static: it admits images without checking a signature`);
    else if (!KMS_KEY.test(String(at(authority, "key", "kms") ?? ""))) found.push(`authority ${index} does not verify with the environment's KMS signing key (key.kms awskms:///arn:aws:kms:...)`);
  }
  return found;
}

/** What is wrong with image signing for one group of objects. */
function groupProblems(artifacts: Artifacts, group: string, anchor: LocatedObject): Violation[] {
  const findings: Violation[] = [];
  for (const namespace of zoneNamespaces(artifacts).filter((candidate) => candidate.group === group)) {
    const value = labels(namespace.object)[IMAGE_VERIFICATION_LABEL];
    if (value !== "true") findings.push(kubernetesViolation(namespace, `is not opted into image signature verification: ${IMAGE_VERIFICATION_LABEL} is ${JSON.stringify(value ?? "unset")}, not "true"`));
  }
  const registry = registryOfGroup(artifacts, group);
  const policies = objectsInGroup(artifacts, group, "ClusterImagePolicy").filter((policy) =>
    records(at(policy.object, "spec", "images")).some((image) => coversRegistry(String(image["glob"] ?? ""), registry))
  );
  if (policies.length === 0) findings.push(kubernetesViolation(anchor, `no ClusterImagePolicy requiring a signature covers every image of ${registry ?? "the environment's ECR registry"} (images glob <registry>/**)`));
  for (const policy of policies) for (const problem of policyProblems(policy)) findings.push(kubernetesViolation(policy, problem));
  return findings;
}

/**
 * Only images signed with the environment's key run in MCP and gateway namespaces (PROV-01, TS-02): every such
 * namespace is opted into the sigstore policy-controller; a ClusterImagePolicy covering the environment's whole ECR
 * registry enforces a signature by a KMS key, with no static (pass-through) authority; and the policy-controller
 * release fails closed and denies images no policy matches.
 */
const rule: Rule = {
  id: "prov-01-signed-images-required",
  controls: ["PROV-01", "TS-02"],
  severity: "critical",
  description: "MCP and gateway namespaces carry policy.sigstore.dev/include: \"true\"; an enforcing ClusterImagePolicy with a KMS key covers <registry>/**; the policy-controller denies unmatched images and fails closed.",
  remediation: "Deploy the SignedImagesPolicy construct with the environment's signing key, keep McpNamespace's image verification on, and install the controller with the ImagePolicyController construct.",
  check: (artifacts) => {
    const findings: Violation[] = [...zoneGroups(artifacts)].flatMap(([group, anchor]) => groupProblems(artifacts, group, anchor));
    for (const release of helmReleases(artifacts).filter((candidate) => candidate.chart === "policy-controller")) {
      const noMatch = at(release.values, "webhook", "configData", "no-match-policy");
      if (noMatch !== "deny") findings.push(violation(release.resource, `webhook.configData.no-match-policy is ${JSON.stringify(noMatch ?? "unset")}, not "deny": images no policy covers are admitted`));
      const failurePolicy = at(release.values, "webhook", "failurePolicy");
      if (failurePolicy !== undefined && failurePolicy !== "Fail") findings.push(violation(release.resource, `webhook.failurePolicy is ${JSON.stringify(failurePolicy)}: the signature check fails open`));
    }
    return findings;
  },
};

export default rule;
