import { CONTAINMENT_GROUP } from "../../baselines/containment";
import { isServerNamespace, kubernetesViolation, LocatedObject, objects, objectsInNamespace, objectsInNamespaceOfGroup, record, records } from "../kubernetes";
import { Artifacts, Rule, Violation } from "../types";

/** The subjects of a binding that are the containment group. */
function bindsContainmentGroup(binding: LocatedObject): boolean {
  return records(binding.object["subjects"]).some((subject) => subject["kind"] === "Group" && subject["name"] === CONTAINMENT_GROUP);
}

/** The Deployments a Role lets its subjects scale (read and patch the scale of), and why it allows more, if it does. */
function scaledDeployments(role: LocatedObject): { deployments: string[]; problems: string[] } {
  const problems: string[] = [];
  const deployments: string[] = [];
  for (const rule of records(role.object["rules"])) {
    const list = (key: string): string[] => (Array.isArray(rule[key]) ? (rule[key] as unknown[]).map(String) : []);
    const verbs = list("verbs");
    const names = list("resourceNames");
    const scaleOnly = list("apiGroups").every((group) => group === "apps") && list("resources").every((resource) => resource === "deployments/scale") && list("resources").length > 0;
    if (!scaleOnly || verbs.some((verb) => verb !== "get" && verb !== "patch") || names.length === 0 || list("nonResourceURLs").length > 0) {
      problems.push(`rule ${JSON.stringify(rule)} allows more than get and patch on the scale of named Deployments`);
    }
    if (scaleOnly && verbs.includes("get") && verbs.includes("patch")) deployments.push(...names);
  }
  return { deployments, problems };
}

/** What is wrong with the containment group's access in one group of objects (an environment's YAML, or a stack). */
function groupFindings(artifacts: Artifacts, group: string): Violation[] {
  const findings: Violation[] = [];
  const inGroup = (kind: string) => objects(artifacts, kind).filter((item) => item.group === group);
  for (const binding of inGroup("ClusterRoleBinding").filter(bindsContainmentGroup)) {
    findings.push(kubernetesViolation(binding, `binds ${CONTAINMENT_GROUP} cluster-wide: the containment function may only scale MCP server Deployments, namespace by namespace`));
  }
  const grants = new Map<string, string[]>();
  for (const binding of inGroup("RoleBinding").filter(bindsContainmentGroup)) {
    const roleRef = record(binding.object["roleRef"]);
    const namespace = binding.object.metadata.namespace;
    const role =
      roleRef?.["kind"] === "Role" && namespace !== undefined
        ? objectsInNamespaceOfGroup(artifacts, group, namespace, "Role").find((candidate) => candidate.object.metadata.name === roleRef["name"])
        : undefined;
    if (role === undefined) {
      findings.push(kubernetesViolation(binding, `binds ${CONTAINMENT_GROUP} to ${String(roleRef?.["kind"])} ${String(roleRef?.["name"])}, not to a Role of namespace ${String(namespace)}: its grant cannot be checked`));
      continue;
    }
    const { deployments, problems } = scaledDeployments(role);
    problems.forEach((problem) => findings.push(kubernetesViolation(role, `is bound to ${CONTAINMENT_GROUP} and ${problem}`)));
    if (namespace !== undefined) grants.set(namespace, [...(grants.get(namespace) ?? []), ...deployments]);
  }
  for (const namespace of inGroup("Namespace").filter((item) => isServerNamespace(item.object))) {
    const name = namespace.object.metadata.name;
    const servers = objectsInNamespace(artifacts, namespace, "Deployment").map((deployment) => deployment.object.metadata.name);
    const scalable = grants.get(name) ?? [];
    const missing = servers.filter((server) => !scalable.includes(server));
    if (missing.length > 0) {
      findings.push(kubernetesViolation(namespace, `${CONTAINMENT_GROUP} may not scale ${missing.map((server) => `Deployment ${server}`).join(", ")}: automated containment cannot stop this MCP server`));
    }
  }
  return findings;
}

/**
 * Automated containment can stop every MCP server and nothing more (OPS-03, IR-02a, JIT-04): in every MCP server
 * namespace, a RoleBinding gives the Kubernetes group `mcp:containment` a Role that allows only `get` and `patch` on
 * the `deployments/scale` of that namespace's Deployments, by name; no Role bound to the group allows anything else,
 * and no ClusterRoleBinding names it.
 */
const rule: Rule = {
  id: "ops-03-containment-rbac",
  controls: ["OPS-03", "IR-02a", "JIT-04"],
  severity: "high",
  description:
    "Every MCP server namespace lets the Kubernetes group mcp:containment get and patch the scale of its Deployments, and the group is granted nothing else (no other verb or resource, no cluster-wide binding).",
  remediation: "Keep the ContainmentAccess objects (constructs/k8s/containment-access.ts) that McpServer creates, and bind mcp:containment to nothing else.",
  check: (artifacts) => [...new Set(objects(artifacts).map((item) => item.group))].flatMap((group) => groupFindings(artifacts, group)),
};

export default rule;
