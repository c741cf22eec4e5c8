import { kubernetesViolation, labels, LocatedObject, record, records } from "../kubernetes";
import { at, objectsInGroup, registryOfGroup, selects, zoneGroups, zoneNamespaces } from "../mesh";
import { Artifacts, Rule, Violation } from "../types";

/** An admission policy the blueprint requires, and what its CEL must at least refer to. */
interface RequiredPolicy {
  readonly name: string;
  /** What the policy enforces, for messages. */
  readonly purpose: string;
  readonly resource: "pods" | "namespaces";
  readonly operations: readonly string[];
  /** Fields the policy's expressions must check; a missing one means a check was removed. */
  readonly checks: (registry: string | undefined) => readonly string[];
  /** Whether the policy and its binding must select the MCP and gateway namespaces (else they select by other means). */
  readonly zoneBound: boolean;
}

const REQUIRED: readonly RequiredPolicy[] = [
  {
    name: "mcp-restricted-pods",
    purpose: "restricted pod security",
    resource: "pods",
    operations: ["CREATE", "UPDATE"],
    checks: () => ["runAsNonRoot", "runAsUser", "allowPrivilegeEscalation", "privileged", "capabilities.drop", "seccompProfile", "readOnlyRootFilesystem", "hostNetwork", "hostPID", "hostIPC", "hostPort", "volumes", "emptyDir.sizeLimit", "ephemeralContainers"],
    zoneBound: true,
  },
  {
    name: "mcp-trusted-images",
    purpose: "images from the environment's registry, by digest",
    resource: "pods",
    operations: ["CREATE", "UPDATE"],
    checks: (registry) => ["image", "@sha256:", ...(registry !== undefined ? [`'${registry}/'`] : [".dkr.ecr."])],
    zoneBound: true,
  },
  { name: "mcp-resource-limits", purpose: "CPU and memory limits", resource: "pods", operations: ["CREATE", "UPDATE"], checks: () => ["resources.limits", "'cpu'", "'memory'"], zoneBound: true },
  { name: "mcp-dedicated-service-account", purpose: "no default service account", resource: "pods", operations: ["CREATE", "UPDATE"], checks: () => ["serviceAccountName", "'default'"], zoneBound: true },
  { name: "mcp-namespace-labels", purpose: "MCP namespace labels kept", resource: "namespaces", operations: ["UPDATE"], checks: () => ["oldObject.metadata.labels", "'mcp.security/zone'"], zoneBound: false },
];

/** The CEL text of a policy: its variables, match conditions and validations. */
function celText(policy: LocatedObject): string {
  const spec = record(policy.object["spec"]) ?? {};
  return [...records(spec["variables"]), ...records(spec["matchConditions"]), ...records(spec["validations"])].map((entry) => String(entry["expression"] ?? "")).join("\n");
}

/** Whether a policy's resource rules cover the resource for every required operation. */
function matches(policy: LocatedObject, required: RequiredPolicy): boolean {
  return records(at(policy.object, "spec", "matchConstraints", "resourceRules")).some((resourceRule) => {
    const list = (key: string) => (Array.isArray(resourceRule[key]) ? (resourceRule[key] as unknown[]).map(String) : []);
    const covers = (key: string, value: string) => list(key).includes(value) || list(key).includes("*");
    return covers("apiGroups", "") && covers("resources", required.resource) && required.operations.every((operation) => covers("operations", operation));
  });
}

/** What is wrong with one required policy and its bindings in a group. */
function problems(artifacts: Artifacts, group: string, anchor: LocatedObject, required: RequiredPolicy): Violation[] {
  const policy = objectsInGroup(artifacts, group, "ValidatingAdmissionPolicy").find((candidate) => candidate.object.metadata.name === required.name);
  if (!policy) return [kubernetesViolation(anchor, `no ValidatingAdmissionPolicy "${required.name}" (${required.purpose}) is deployed with it`)];
  const findings: Violation[] = [];
  const zoned = zoneNamespaces(artifacts).filter((namespace) => namespace.group === group);
  const failurePolicy = at(policy.object, "spec", "failurePolicy");
  if (failurePolicy !== undefined && failurePolicy !== "Fail") findings.push(kubernetesViolation(policy, `failurePolicy is ${JSON.stringify(failurePolicy)}: it fails open`));
  if (!matches(policy, required)) findings.push(kubernetesViolation(policy, `does not match ${required.operations.join(" and ")} of ${required.resource}`));
  if (records(at(policy.object, "spec", "validations")).length === 0) findings.push(kubernetesViolation(policy, "has no validations"));
  const text = celText(policy);
  const missing = required.checks(registryOfGroup(artifacts, group)).filter((check) => !text.includes(check));
  if (missing.length > 0) findings.push(kubernetesViolation(policy, `no validation checks ${missing.join(", ")}`));
  const unselected = (selector: unknown) => (required.zoneBound ? zoned.filter((namespace) => !selects(selector, labels(namespace.object))).map((namespace) => namespace.object.metadata.name) : []);
  const outside = unselected(at(policy.object, "spec", "matchConstraints", "namespaceSelector"));
  if (outside.length > 0) findings.push(kubernetesViolation(policy, `does not match the namespaces ${outside.join(", ")}`));
  const bindings = objectsInGroup(artifacts, group, "ValidatingAdmissionPolicyBinding").filter((binding) => at(binding.object, "spec", "policyName") === required.name);
  const denying = bindings.filter((binding) => Array.isArray(at(binding.object, "spec", "validationActions")) && (at(binding.object, "spec", "validationActions") as unknown[]).includes("Deny"));
  if (denying.length === 0) {
    findings.push(kubernetesViolation(policy, bindings.length === 0 ? "is not bound: no ValidatingAdmissionPolicyBinding names it, so it enforces nothing" : "no binding of it denies (validationActions lacks Deny): violations are only warned about or audited"));
  }
  for (const binding of denying) {
    const unbound = unselected(at(binding.object, "spec", "matchResources", "namespaceSelector"));
    if (unbound.length > 0) findings.push(kubernetesViolation(binding, `does not select the namespaces ${unbound.join(", ")}`));
  }
  return findings;
}

/**
 * What the blueprint generates is also enforced at admission for anything deployed later (CTR-00..CTR-04, MSH-01):
 * with every MCP or gateway namespace come the ValidatingAdmissionPolicies `mcp-restricted-pods`,
 * `mcp-trusted-images` (the environment's ECR registry, by digest), `mcp-resource-limits`,
 * `mcp-dedicated-service-account` and `mcp-namespace-labels`, each failing closed, matching the right operations,
 * still checking each of its fields, selecting every such namespace, and bound with validationActions Deny.
 */
const rule: Rule = {
  id: "ctr-00-admission-policies",
  controls: ["CTR-00", "CTR-01", "CTR-02", "CTR-03", "CTR-04", "MSH-01"],
  severity: "critical",
  description: "The MCP ValidatingAdmissionPolicies exist, fail closed, match pods (or namespace updates), keep every check, select every MCP and gateway namespace and are bound with Deny.",
  remediation: "Deploy the McpAdmissionPolicies construct with the environment's ECR registry, and keep its bindings' validationActions [Deny].",
  check: (artifacts) => [...zoneGroups(artifacts)].flatMap(([group, anchor]) => REQUIRED.flatMap((required) => problems(artifacts, group, anchor, required))),
};

export default rule;
