import { kubernetesViolation, labels, mcpNamespaces, namespaceOf, podTemplates } from "../kubernetes";
import { Rule, Violation } from "../types";

const PSA = "pod-security.kubernetes.io";
const PINNED_VERSION = /^v1\.\d+$/;

/** What is wrong with a namespace's Pod Security labels. */
function problems(found: Readonly<Record<string, string>>): string[] {
  const wrong: string[] = [];
  for (const mode of ["enforce", "audit", "warn"]) {
    const level = found[`${PSA}/${mode}`];
    if (level !== "restricted") wrong.push(`${PSA}/${mode} is ${level === undefined ? "missing" : `"${level}"`}, not "restricted"`);
  }
  const version = found[`${PSA}/enforce-version`];
  if (version === undefined || !PINNED_VERSION.test(version)) {
    wrong.push(`${PSA}/enforce-version is ${version === undefined ? "missing" : `"${version}"`}, not a pinned version such as "v1.33"`);
  }
  return wrong;
}

/**
 * Every MCP namespace enforces the Pod Security Standards' `restricted` profile at a pinned version, and audits and
 * warns at the same level (CTR-00); every MCP workload runs in a namespace the manifests declare, so the profile
 * provably applies to it.
 */
const rule: Rule = {
  id: "ctr-00-pod-security-restricted",
  controls: ["CTR-00"],
  severity: "critical",
  description: "Every MCP Namespace has pod-security.kubernetes.io/enforce, audit and warn = restricted and a pinned enforce-version; every MCP workload's namespace is declared.",
  remediation: "Label the namespace pod-security.kubernetes.io/enforce|audit|warn: restricted and enforce-version: v1.<minor> (the McpNamespace construct does), and declare the namespace of every workload.",
  check: (artifacts) => {
    const findings: Violation[] = mcpNamespaces(artifacts).flatMap((namespace) => {
      const wrong = problems(labels(namespace.object));
      return wrong.length > 0 ? [kubernetesViolation(namespace, `Pod Security Admission is not restricted: ${wrong.join("; ")}`)] : [];
    });
    for (const { item } of podTemplates(artifacts)) {
      const name = item.object.metadata.namespace ?? "default";
      if (!namespaceOf(artifacts, item)) findings.push(kubernetesViolation(item, `runs in namespace "${name}", which these manifests do not declare with Pod Security labels`));
    }
    return findings;
  },
};

export default rule;
