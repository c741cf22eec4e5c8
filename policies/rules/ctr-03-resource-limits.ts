import { containers, kubernetesViolation, LocatedObject, mcpNamespaces, objectsInNamespace, podTemplates, record, records } from "../kubernetes";
import { Artifacts, Rule, Violation } from "../types";

/** Resources every container requests and is limited to. */
const CONTAINER_RESOURCES: readonly string[] = ["cpu", "memory", "ephemeral-storage"];

/** Keys every MCP namespace's ResourceQuota must cap. */
export const REQUIRED_QUOTA_KEYS: readonly string[] = [
  "requests.cpu",
  "limits.cpu",
  "requests.memory",
  "limits.memory",
  "requests.ephemeral-storage",
  "limits.ephemeral-storage",
  "pods",
  "persistentvolumeclaims",
];

/** Fields of a LimitRange's Container limit that must be set. */
const LIMIT_RANGE_FIELDS: readonly string[] = ["default", "defaultRequest", "max"];

function containerFindings(artifacts: Artifacts): Violation[] {
  return podTemplates(artifacts).flatMap(({ item, spec }) =>
    containers(spec).flatMap(({ container, label }) => {
      const resources = record(container["resources"]) ?? {};
      const missing = ["requests", "limits"].flatMap((kind) => CONTAINER_RESOURCES.filter((resource) => record(resources[kind])?.[resource] === undefined).map((resource) => `${kind}.${resource}`));
      return missing.length > 0 ? [kubernetesViolation(item, `${label} has no ${missing.join(", ")}`)] : [];
    })
  );
}

function namespaceFindings(artifacts: Artifacts, namespace: LocatedObject): Violation[] {
  const findings: Violation[] = [];
  const quotas = objectsInNamespace(artifacts, namespace, "ResourceQuota");
  const complete = quotas.some((quota) => REQUIRED_QUOTA_KEYS.every((key) => record(record(quota.object["spec"])?.["hard"])?.[key] !== undefined));
  if (!complete) findings.push(kubernetesViolation(namespace, quotas.length === 0 ? "has no ResourceQuota" : `has no ResourceQuota capping all of ${REQUIRED_QUOTA_KEYS.join(", ")}`));
  const ranges = objectsInNamespace(artifacts, namespace, "LimitRange");
  const containerLimit = ranges.some((range) => records(record(range.object["spec"])?.["limits"]).some((limit) => limit["type"] === "Container" && LIMIT_RANGE_FIELDS.every((field) => record(limit[field]) !== undefined)));
  if (!containerLimit) findings.push(kubernetesViolation(namespace, `has no LimitRange with a Container limit setting ${LIMIT_RANGE_FIELDS.join(", ")}`));
  return findings;
}

/**
 * MCP servers have bounded resources (CTR-03, MSH-04): every container requests and is limited in CPU, memory and
 * ephemeral storage, and every MCP namespace has a ResourceQuota over compute, storage, pods and PVCs and a
 * LimitRange with per-container defaults and maximums, so one server cannot exhaust what others need.
 */
const rule: Rule = {
  id: "ctr-03-resource-limits",
  controls: ["CTR-03", "MSH-04"],
  severity: "high",
  description: "Every MCP container sets requests and limits for cpu, memory and ephemeral-storage; every MCP namespace has a complete ResourceQuota and a Container LimitRange (default, defaultRequest, max).",
  remediation: "Set resources.requests and resources.limits on every container, and add the namespace's ResourceQuota and LimitRange (the NamespaceResourceLimits construct does).",
  check: (artifacts) => [...containerFindings(artifacts), ...mcpNamespaces(artifacts).flatMap((namespace) => namespaceFindings(artifacts, namespace))],
};

export default rule;
