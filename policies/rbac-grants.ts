/**
 * What RBAC bindings grant, and the problems a reviewer must act on (OPS-04): the review of Roles, ClusterRoles,
 * RoleBindings and ClusterRoleBindings wherever they come from, the synthesized manifests (policies/access-review.ts)
 * or the live cluster's API (review/live-access-review.ts). Imports nothing heavy: the live review's job bundles it.
 */
import { record, records, strings } from "./kubernetes-object";
import type { KubernetesObject } from "./types";

/** One binding of the manifests and what it grants. */
export interface RbacGrant {
  /** `RoleBinding/<namespace>/<name>` or `ClusterRoleBinding/<name>`. */
  readonly binding: string;
  /** `Role/<namespace>/<name>` or `ClusterRole/<name>`. */
  readonly role: string;
  /** The namespace the grant applies in, or `cluster`. */
  readonly scope: string;
  /** `Group/<name>`, `User/<name>`, `ServiceAccount/<namespace>/<name>`. */
  readonly subjects: readonly string[];
  /** Each rule as `verbs on apiGroup/resources [names]`. */
  readonly rules: readonly string[];
  readonly problems: readonly string[];
}

export const SYSTEM_SUBJECTS = new Set(["Group/system:anonymous", "User/system:anonymous", "Group/system:unauthenticated", "Group/system:authenticated", "Group/system:serviceaccounts", "Group/system:masters"]);
const BUILT_IN_ADMIN_ROLES = new Set(["ClusterRole/cluster-admin", "ClusterRole/admin", "ClusterRole/edit"]);
const ESCALATION_VERBS = ["escalate", "bind", "impersonate"];
const WRITE_VERBS = ["update", "patch", "delete", "deletecollection"];
const SENSITIVE_SUBRESOURCES = ["pods/exec", "pods/attach", "pods/portforward", "nodes/proxy", "serviceaccounts/token"];


/** A binding's subject as `Group/<name>`, `User/<name>` or `ServiceAccount/<namespace>/<name>` (the binding's namespace when the subject names none). */
export function subjectName(subject: Record<string, unknown>, namespace: string | undefined): string {
  const kind = String(subject["kind"] ?? "?");
  return kind === "ServiceAccount" ? `ServiceAccount/${String(subject["namespace"] ?? namespace ?? "default")}/${String(subject["name"])}` : `${kind}/${String(subject["name"])}`;
}

/** The over-broad parts of one rule of a role bound at `scope`. */
function ruleProblems(rule: Record<string, unknown>, scope: string): string[] {
  const verbs = strings(rule["verbs"]);
  const resources = strings(rule["resources"]);
  const groups = strings(rule["apiGroups"]);
  const names = strings(rule["resourceNames"]);
  const problems: string[] = [];
  if (verbs.includes("*") || resources.includes("*") || groups.includes("*")) problems.push("uses * (every verb, resource or API group)");
  const escalation = verbs.filter((verb) => ESCALATION_VERBS.includes(verb));
  if (escalation.length > 0) problems.push(`can ${escalation.join(", ")} (privilege escalation)`);
  const sensitive = resources.filter((resource) => SENSITIVE_SUBRESOURCES.includes(resource));
  if (sensitive.length > 0 && verbs.some((verb) => ["create", "get", "*"].includes(verb))) problems.push(`reaches ${sensitive.join(", ")}`);
  if (resources.includes("secrets") && verbs.some((verb) => ["get", "list", "watch", "*"].includes(verb)) && (scope === "cluster" || names.length === 0)) {
    problems.push(scope === "cluster" ? "reads secrets in every namespace" : "reads secrets without naming them (resourceNames)");
  }
  const writes = verbs.filter((verb) => WRITE_VERBS.includes(verb));
  if (writes.length > 0 && names.length === 0 && !verbs.includes("*")) problems.push(`can ${writes.join(", ")} ${resources.join(", ")} without naming them (resourceNames)`);
  return problems;
}

function describeRule(rule: Record<string, unknown>): string {
  const names = strings(rule["resourceNames"]);
  const groups = strings(rule["apiGroups"]).map((group) => (group === "" ? "core" : group));
  return `${strings(rule["verbs"]).join(",")} on ${groups.join("|") || "core"}/${strings(rule["resources"]).join(",")}${names.length > 0 ? ` [${names.join(", ")}]` : ""}`;
}

/** A Role, ClusterRole, RoleBinding or ClusterRoleBinding and its address (`Kind/namespace/name` or `Kind/name`). */
export interface RbacObject {
  readonly address: string;
  readonly object: KubernetesObject;
}

/**
 * What each binding grants, with its problems: the review of RBAC objects wherever they come from (the synthesized
 * manifests here, the live cluster's API in review/live-access-review.ts), `source` naming where, for a binding of a
 * role it does not hold. A role defined more than once (differing copies) is reviewed with the rules of every copy.
 * Bindings in the order given.
 */
export function rbacGrants(roleObjects: readonly RbacObject[], bindingObjects: readonly RbacObject[], source = "the manifests"): RbacGrant[] {
  const roles = new Map<string, RbacObject[]>();
  for (const item of roleObjects) roles.set(item.address, [...(roles.get(item.address) ?? []), item]);
  return bindingObjects.map((item) => {
    const namespace = item.object.kind === "RoleBinding" ? item.object.metadata.namespace ?? "default" : undefined;
    const roleRef = record(item.object["roleRef"]) ?? {};
    const role = roleRef["kind"] === "Role" ? `Role/${namespace}/${String(roleRef["name"])}` : `ClusterRole/${String(roleRef["name"])}`;
    const scope = namespace ?? "cluster";
    const subjects = records(item.object["subjects"]).map((subject) => subjectName(subject, namespace));
    const definitions = roles.get(role) ?? [];
    const rules = definitions.flatMap((candidate) => records(candidate.object["rules"]));
    const problems = [
      ...(BUILT_IN_ADMIN_ROLES.has(role) ? [`binds the built-in ${role}`] : definitions.length === 0 ? [`binds ${role}, which ${source} ${source === "the manifests" ? "do" : "does"} not define, so its rules cannot be reviewed`] : []),
      ...subjects.filter((subject) => SYSTEM_SUBJECTS.has(subject)).map((subject) => `grants to ${subject}`),
      ...[...new Set(rules.flatMap((rule) => ruleProblems(rule, scope)))],
    ];
    return { binding: item.address, role, scope, subjects, rules: [...new Set(rules.map(describeRule))], problems };
  });
}
