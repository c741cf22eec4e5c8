/**
 * The automated access review of one environment's Kubernetes access (OPS-04), read from its synthesized output:
 * who can reach the cluster (EKS access entries, with their access policies and Kubernetes groups) and what each
 * RoleBinding and ClusterRoleBinding of the manifests grants (subjects, role, rules, scope). Each grant and each entry
 * carries the problems a reviewer must act on:
 * - over-broad grants: `*` in verbs, resources or API groups; `escalate`, `bind` or `impersonate`; exec, attach or
 *   port-forward into pods, the node proxy, service-account tokens; reading secrets across namespaces or without
 *   naming them; changing resources without naming them; the built-in `cluster-admin`, `admin` or `edit` roles;
 *   anonymous, every-authenticated-user or `system:masters` subjects;
 * - unreviewable grants: a binding to a role the manifests do not define;
 * - unused or orphaned access: an access entry that grants nothing (no access policy, no Kubernetes group any binding
 *   names), a Kubernetes group of an entry that no binding names, a binding to a group no access entry holds.
 * When the artifacts hold no manifests of the environment, the entries' groups are listed but not judged.
 * The Keycloak realms the environment deploys are reviewed too (clients, users, service accounts, default role).
 * Deterministic: same artifacts, same bytes.
 */
import { keycloakRealms } from "./identity";
import { environmentOfGroup } from "./observability";
import { RealmAccessReview, realmAccessReview } from "./realm-access-review";
import { LocatedObject, objects, strings } from "./kubernetes";
import { RbacGrant, rbacGrants, SYSTEM_SUBJECTS } from "./rbac-grants";
import { block, resolveReference, stackResources, TerraformResource } from "./terraform";
import { derivedOnce } from "./run-cache";
import { Artifacts, StackArtifact } from "./types";


/** One EKS access entry: an IAM principal, what access policies and Kubernetes groups it holds. */
export interface ClusterPrincipal {
  /** The principal's ARN, or the IAM role's name when the plan refers to a role of the stack. */
  readonly principal: string;
  readonly policies: readonly string[];
  readonly groups: readonly string[];
  /** The bindings that apply to it through its groups. */
  readonly bindings: readonly string[];
  readonly problems: readonly string[];
}

/** The access review of one environment. */
export interface AccessReview {
  readonly environment: string;
  readonly stack: string;
  readonly principals: readonly ClusterPrincipal[];
  readonly grants: readonly RbacGrant[];
  /** The Keycloak realms the environment deploys (policies/realm-access-review.ts). */
  readonly realms: readonly RealmAccessReview[];
}

/** The environment's objects of a kind; identical YAML and kubernetes_manifest copies of one object count once, copies that differ are all reviewed. */
function environmentObjects(artifacts: Artifacts, environment: string, kind: string): LocatedObject[] {
  const seen = new Map<string, LocatedObject>();
  for (const item of objects(artifacts, kind)) {
    const key = `${item.address}\u0000${JSON.stringify(item.object)}`;
    if (environmentOfGroup(item.group) === environment && !seen.has(key)) seen.set(key, item);
  }
  return [...seen.values()].sort((a, b) => a.address.localeCompare(b.address) || a.group.localeCompare(b.group));
}

function grants(artifacts: Artifacts, environment: string): RbacGrant[] {
  return rbacGrants(
    [...environmentObjects(artifacts, environment, "Role"), ...environmentObjects(artifacts, environment, "ClusterRole")],
    [...environmentObjects(artifacts, environment, "RoleBinding"), ...environmentObjects(artifacts, environment, "ClusterRoleBinding")]
  );
}

/** An access entry's principal: a literal ARN, or the name of the IAM role of the stack it refers to. */
function principalName(stack: StackArtifact, entry: TerraformResource): string {
  const value = entry.values["principal_arn"];
  const role = resolveReference(stack, value);
  return role?.type === "aws_iam_role" ? `role ${String(role.values["name"])}` : String(value);
}

/** The access entries and what reaches them; without the environment's manifests (`manifests` false) their groups are listed but not judged. */
function principals(stack: StackArtifact, grantsOf: readonly RbacGrant[], manifests: boolean): ClusterPrincipal[] {
  const associations = stackResources(stack, "aws_eks_access_policy_association");
  return stackResources(stack, "aws_eks_access_entry")
    .map((entry) => {
      const groups = strings(entry.values["kubernetes_groups"]).sort();
      const policies = associations
        .filter((association) => resolveReference(stack, association.values["principal_arn"])?.address === entry.address || association.values["principal_arn"] === entry.values["principal_arn"])
        .map((association) => `${String(association.values["policy_arn"]).split("/").pop()} (${String(block(association.values["access_scope"])?.["type"] ?? "?")})`)
        .sort();
      const bindings = grantsOf.filter((grant) => grant.subjects.some((subject) => groups.includes(subject.replace(/^Group\//, "")) && subject.startsWith("Group/"))).map((grant) => grant.binding);
      const unbound = manifests ? groups.filter((group) => !grantsOf.some((grant) => grant.subjects.includes(`Group/${group}`))) : [];
      const problems = [
        ...(policies.length === 0 && (manifests ? bindings.length === 0 : groups.length === 0) ? ["grants nothing: no access policy and no binding names its Kubernetes groups (remove the entry, or bind its groups)"] : []),
        ...unbound.map((group) => `its Kubernetes group ${group} is named by no binding: whatever a later binding grants it arrives unreviewed`),
        ...groups.filter((group) => group.startsWith("system:")).map((group) => `holds the system group ${group}`),
      ];
      return { principal: principalName(stack, entry), policies, groups, bindings, problems };
    })
    .sort((a, b) => a.principal.localeCompare(b.principal));
}

/** The access review of `environment` from its stack `mcp-<environment>` and its manifests, or undefined without that stack. */
export function accessReview(artifacts: Artifacts, environment: string): AccessReview | undefined {
  return derivedOnce(artifacts, `access-review\0${environment}`, () => buildAccessReview(artifacts, environment));
}

function buildAccessReview(artifacts: Artifacts, environment: string): AccessReview | undefined {
  const stack = artifacts.stacks.find((candidate) => candidate.name === `mcp-${environment}`);
  if (stack === undefined) return undefined;
  const found = grants(artifacts, environment);
  const manifests = objects(artifacts).some((item) => environmentOfGroup(item.group) === environment);
  const held = principals(stack, found, manifests);
  const heldGroups = new Set(held.flatMap((principal) => principal.groups));
  const withOrphans = found.map((grant) => {
    const orphaned = grant.subjects.filter((subject) => subject.startsWith("Group/") && !SYSTEM_SUBJECTS.has(subject) && !heldGroups.has(subject.slice("Group/".length)));
    return orphaned.length === 0 ? grant : { ...grant, problems: [...grant.problems, ...orphaned.map((subject) => `grants to ${subject}, which no EKS access entry holds`)] };
  });
  const realmFiles = new Map(
    keycloakRealms(artifacts)
      .filter((view) => environmentOfGroup(view.configMap.group) === environment)
      .flatMap((view) => (view.realm === undefined ? [] : [[JSON.stringify(view.realm), realmAccessReview({ ...view, realm: view.realm })] as const]))
  );
  const realms = [...realmFiles.values()].sort((a, b) => a.realm.localeCompare(b.realm));
  return { environment, stack: stack.name, principals: held, grants: withOrphans, realms };
}
