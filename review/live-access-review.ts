/**
 * The scheduled access review of the live cluster and the live Keycloak realm (OPS-04), as pure functions: what the
 * in-cluster job (review/access-review-job.ts) read from the Kubernetes API and Keycloak's admin API, reviewed with
 * the same code as the synthesized output (`rbacGrants` of policies/rbac-grants.ts, `realmAccessReview` of
 * policies/realm-access-review.ts), then compared with what the synthesized manifests and realm approve. Anything live
 * but not approved (a new binding, a user holding roles, a client with more scopes) or approved but changed or gone is
 * drift: one finding each, with the review's problems of the live row.
 * Kubernetes and EKS bootstrap RBAC (`system:*`, `eks:*`, the kube-* namespaces) and the bindings of the platform's
 * Helm releases and add-ons, named exactly in `PLATFORM_RBAC` (baselines/access-review.ts), are not the blueprint's to
 * approve and are skipped, as long as they grant only to the platform's own narrow subjects (see `isPlatformGrant`).
 * Deterministic: same inputs, same findings in the same order.
 */
import { ApprovedAccess, BROAD_SYSTEM_SUBJECTS, PlatformRbac } from "../baselines/access-review";
import { kubernetesAddress, record, records, strings } from "../policies/kubernetes-object";
import { rbacGrants, RbacGrant, RbacObject } from "../policies/rbac-grants";
import { adminRoles, GRANT_SCOPE, REALM_MANAGEMENT_CLIENT, realmAccessReview, RealmAccessReview, RealmClientAccess } from "../policies/realm-access-review";
import { KubernetesObject } from "../policies/types";

/** One finding of the live review: one JSON line on the job's stdout. */
export interface AccessFinding {
  readonly source: "kubernetes" | "keycloak";
  /** `not-approved`: live, not in the synthesized output; `changed`: differs from it; `missing`: approved, not live. */
  readonly kind: "not-approved" | "changed" | "missing";
  /** The binding, client, user or service account, or `default role`. */
  readonly subject: string;
  readonly detail: string;
  /** The access review's problems of the live row. */
  readonly problems: readonly string[];
}

const sorted = (values: readonly string[]) => [...values].sort();
const sameSet = (a: readonly string[], b: readonly string[]) => JSON.stringify([...new Set(a)].sort()) === JSON.stringify([...new Set(b)].sort());
const minus = (a: readonly string[], b: readonly string[]) => a.filter((value) => !b.includes(value));

/** The objects of a Kubernetes list response (`<Kind>List`): its items, whose `kind` the API leaves out, given it back. */
export function listItems(list: unknown): KubernetesObject[] {
  const body = record(list);
  const kind = typeof body?.["kind"] === "string" ? body["kind"].replace(/List$/, "") : undefined;
  if (body === undefined || kind === undefined || !Array.isArray(body["items"])) throw new Error("not a Kubernetes list response (no kind or items)");
  return records(body["items"]).map((item) => {
    const metadata = record(item["metadata"]);
    if (typeof metadata?.["name"] !== "string") throw new Error(`a ${kind} in the list has no metadata.name`);
    return { ...item, apiVersion: String(item["apiVersion"] ?? body["apiVersion"]), kind, metadata: metadata as KubernetesObject["metadata"] };
  });
}

/** The namespace of a service account subject in any of its forms (`ServiceAccount/<ns>/<name>`, `User/system:serviceaccount:<ns>:<name>`, `Group/system:serviceaccounts:<ns>`). */
function serviceAccountNamespace(subject: string): string | undefined {
  return /^ServiceAccount\/([^/]+)\//.exec(subject)?.[1] ?? /^User\/system:serviceaccount:([^:]+):[^:]+$/.exec(subject)?.[1] ?? /^Group\/system:serviceaccounts:([^:]+)$/.exec(subject)?.[1];
}

/**
 * Whether a subject (rbac-grants' `Kind/name` form) is the platform's own: a service account (in any form) of a
 * platform namespace, or a `system:`/`eks:` user or group that is neither a service account nor broad (everyone).
 */
function isPlatformSubject(subject: string, platform: PlatformRbac): boolean {
  if (BROAD_SYSTEM_SUBJECTS.includes(subject)) return false;
  const namespace = serviceAccountNamespace(subject);
  if (namespace !== undefined) return [...platform.namespaces, ...platform.subjectNamespaces].includes(namespace);
  if (subject.startsWith("ServiceAccount/") || /^(User|Group)\/system:serviceaccounts?(:|$)/.test(subject)) return false;
  const name = /^(?:User|Group)\/(.+)$/.exec(subject)?.[1];
  return name !== undefined && platform.namePrefixes.some((prefix) => prefix !== "" && name.startsWith(prefix));
}

/** The problems of a grant that come from its role's rules, not from whom it binds or the role it names. */
const roleProblems = (grant: RbacGrant) => grant.problems.filter((problem) => !problem.startsWith("grants to ") && !problem.startsWith("binds "));
const bindsBuiltInAdmin = (grant: RbacGrant) => grant.problems.some((problem) => problem.startsWith("binds the built-in "));

/**
 * Whether a binding's grant is the platform's, which the review skips: an exact platform binding (address, role and
 * subjects), whose role has no problem when it grants to a broad group; or a binding named (`system:`, `eks:`) or
 * placed (kube-*, the platform's namespaces) as the platform's that grants only to the platform's own narrow subjects,
 * neither binds a built-in admin role nor grants to a broad group, and binds a platform role (`system:`/`eks:`, or a
 * Role of its own namespace) or one without problems. Annotations prove nothing.
 */
export function isPlatformGrant(grant: RbacGrant, platform: PlatformRbac): boolean {
  const exact = platform.bindings.find((binding) => binding.binding === grant.binding);
  if (exact !== undefined) {
    return exact.role === grant.role && sameSet(exact.subjects, grant.subjects) && (!grant.subjects.some((subject) => BROAD_SYSTEM_SUBJECTS.includes(subject)) || roleProblems(grant).length === 0);
  }
  const name = grant.binding.split("/").slice(-1)[0] ?? "";
  const named = platform.namePrefixes.some((prefix) => prefix !== "" && name.startsWith(prefix)) || [...platform.namespaces, ...platform.subjectNamespaces].includes(grant.scope);
  const roleName = grant.role.split("/").slice(-1)[0] ?? "";
  const platformRole = platform.namePrefixes.some((prefix) => prefix !== "" && roleName.startsWith(prefix)) || grant.role.startsWith("Role/");
  return named && grant.subjects.every((subject) => isPlatformSubject(subject, platform)) && !bindsBuiltInAdmin(grant) && (platformRole || roleProblems(grant).length === 0);
}

/** The grants of RBAC objects, reviewed by the shared code (`source`: where they come from); bindings in address order. */
function grantsOf(objects: readonly KubernetesObject[], source: string): RbacGrant[] {
  const located = (kinds: readonly string[]): RbacObject[] =>
    objects
      .filter((object) => kinds.includes(object.kind))
      .map((object) => ({ address: kubernetesAddress(object), object }))
      .sort((a, b) => a.address.localeCompare(b.address));
  return rbacGrants(located(["Role", "ClusterRole"]), located(["RoleBinding", "ClusterRoleBinding"]), source);
}

/** How a live grant differs from the approved one, or nothing. */
function grantChanges(approved: RbacGrant, live: RbacGrant): string[] {
  return [
    ...(approved.role !== live.role ? [`binds ${live.role} instead of ${approved.role}`] : []),
    ...minus(live.subjects, approved.subjects).map((subject) => `grants to ${subject} too`),
    ...minus(approved.subjects, live.subjects).map((subject) => `no longer grants to ${subject}`),
    ...minus(live.rules, approved.rules).map((rule) => `its role allows ${rule} too`),
    ...minus(approved.rules, live.rules).map((rule) => `its role no longer allows ${rule}`),
  ];
}

/** The drift of the live cluster's RBAC from the approved manifests' (the platform's own skipped). */
export function rbacDrift(approved: ApprovedAccess, live: readonly KubernetesObject[]): AccessFinding[] {
  const approvedGrants = new Map(grantsOf(approved.rbac, "the manifests").map((grant) => [grant.binding, grant]));
  const liveGrants = grantsOf(live, "the cluster").filter((grant) => approvedGrants.has(grant.binding) || !isPlatformGrant(grant, approved.platform));
  const findings: AccessFinding[] = [];
  for (const grant of liveGrants) {
    const expected = approvedGrants.get(grant.binding);
    const summary = `${grant.role} to ${grant.subjects.join(", ") || "nobody"} (${grant.scope})`;
    if (expected === undefined) {
      findings.push({ source: "kubernetes", kind: "not-approved", subject: grant.binding, detail: `binds ${summary}, which the synthesized manifests do not approve`, problems: grant.problems });
      continue;
    }
    const changes = grantChanges(expected, grant);
    if (changes.length > 0) findings.push({ source: "kubernetes", kind: "changed", subject: grant.binding, detail: changes.join("; "), problems: grant.problems });
  }
  const liveBindings = new Set(liveGrants.map((grant) => grant.binding));
  for (const grant of approvedGrants.values()) {
    if (!liveBindings.has(grant.binding)) findings.push({ source: "kubernetes", kind: "missing", subject: grant.binding, detail: `approved binding of ${grant.role} is not in the cluster (deleted, or not applied)`, problems: [] });
  }
  return findings;
}

/** The clients every Keycloak realm has, which no realm file declares. */
export const KEYCLOAK_BUILT_IN_CLIENTS: readonly string[] = ["account", "account-console", "admin-cli", "broker", "realm-management", "security-admin-console"];

/** What Keycloak's admin API answered for one realm, as its JSON (`@keycloak/keycloak-admin-client` representations). */
export interface LiveRealmResponses {
  /** `GET /admin/realms/{realm}`: a RealmRepresentation (with `defaultRole`). */
  readonly realm: Record<string, unknown>;
  /** `GET /admin/realms/{realm}/clients`: ClientRepresentation[]. */
  readonly clients: readonly Record<string, unknown>[];
  /** `GET /admin/realms/{realm}/roles-by-id/{defaultRole.id}/composites`: RoleRepresentation[]. */
  readonly defaultRoleComposites: readonly Record<string, unknown>[];
  /**
   * Every user and service account with its direct role mappings: `GET /users` and `GET /clients/{id}/service-account-user`
   * (UserRepresentation), each with `GET /users/{id}/role-mappings` (MappingsRepresentation).
   */
  readonly users: readonly {
    readonly user: Record<string, unknown>;
    readonly mappings: Record<string, unknown>;
    /**
     * `GET /users/{id}/role-mappings/clients/{realm-management id}/composite`: RoleRepresentation[], the user's
     * effective `realm-management` roles, through groups and composite roles too.
     */
    readonly effectiveAdminRoles: readonly Record<string, unknown>[];
  }[];
}

/**
 * The live realm in the realm file's representation, so the shared review reads it as it reads the file: clients as
 * listed; each user and service account with its direct realm and client roles (the default role, which every user
 * holds, left out: it is reviewed as the default role) and every admin right it holds through a group or a composite
 * role too, as a `realm-management` role; the default role with its composites.
 */
export function liveRealmRepresentation(live: LiveRealmResponses): Record<string, unknown> {
  const realmName = String(live.realm["realm"] ?? "?");
  const defaultRole = record(live.realm["defaultRole"]);
  const defaultRoleName = String(defaultRole?.["name"] ?? `default-roles-${realmName}`);
  const clientIds = new Map(live.clients.map((client) => [String(client["id"]), String(client["clientId"])]));
  const realmComposites = live.defaultRoleComposites.filter((role) => role["clientRole"] !== true).map((role) => String(role["name"]));
  const clientComposites: Record<string, string[]> = {};
  for (const role of live.defaultRoleComposites.filter((candidate) => candidate["clientRole"] === true)) {
    const client = clientIds.get(String(role["containerId"])) ?? String(role["containerId"]);
    (clientComposites[client] ??= []).push(String(role["name"]));
  }
  const users = live.users.map(({ user, mappings, effectiveAdminRoles }) => {
    const clientRoles: Record<string, string[]> = Object.fromEntries(
      Object.entries(record(mappings["clientMappings"]) ?? {}).map(([client, mapping]) => [client, records(record(mapping)?.["mappings"]).map((role) => String(role["name"]))])
    );
    const direct = new Set(clientRoles[REALM_MANAGEMENT_CLIENT] ?? []);
    const inherited = adminRoles(effectiveAdminRoles.map((role) => `${REALM_MANAGEMENT_CLIENT}:${String(role["name"])}`))
      .map((role) => role.slice(REALM_MANAGEMENT_CLIENT.length + 1))
      .filter((role) => !direct.has(role));
    if (inherited.length > 0) clientRoles[REALM_MANAGEMENT_CLIENT] = [...direct, ...inherited.sort()];
    return {
      username: user["username"],
      ...(typeof user["serviceAccountClientId"] === "string" ? { serviceAccountClientId: user["serviceAccountClientId"] } : {}),
      realmRoles: records(mappings["realmMappings"])
        .map((role) => String(role["name"]))
        .filter((name) => name !== defaultRoleName),
      clientRoles,
    };
  });
  return {
    realm: realmName,
    defaultRole: { name: defaultRoleName },
    roles: { realm: [{ name: defaultRoleName, composite: realmComposites.length + Object.keys(clientComposites).length > 0, composites: { realm: realmComposites, client: clientComposites } }] },
    clients: live.clients,
    users,
  };
}

function clientChanges(approved: RealmClientAccess, live: RealmClientAccess): string[] {
  return [
    ...(approved.fullScopeAllowed !== live.fullScopeAllowed ? [`full scope allowed is ${live.fullScopeAllowed ? "on" : "off"}`] : []),
    ...(approved.serviceAccount !== live.serviceAccount ? [`service account is ${live.serviceAccount ? "enabled" : "disabled"}`] : []),
    ...minus(live.defaultScopes, approved.defaultScopes).map((scope) => `default scope ${scope} added`),
    ...minus(approved.defaultScopes, live.defaultScopes).map((scope) => `default scope ${scope} removed`),
    ...minus(live.optionalScopes, approved.optionalScopes).map((scope) => `optional scope ${scope} added`),
  ];
}

/** The drift of a live realm from the approved realm file, both reviewed by the shared code. */
export function realmDrift(approvedRealm: Record<string, unknown>, liveRealm: Record<string, unknown>): AccessFinding[] {
  const approved: RealmAccessReview = realmAccessReview({ realm: approvedRealm });
  const live: RealmAccessReview = realmAccessReview({ realm: liveRealm });
  const finding = (kind: AccessFinding["kind"], subject: string, detail: string, problems: readonly string[] = []): AccessFinding => ({ source: "keycloak", kind, subject: `realm ${live.realm} ${subject}`, detail, problems });
  const findings: AccessFinding[] = [];
  if (!sameSet(approved.defaultRoles, live.defaultRoles)) {
    findings.push(finding("changed", "default role", `gives every user ${live.defaultRoles.join(", ") || "nothing"}; approved: ${approved.defaultRoles.join(", ") || "nothing"}`, live.defaultRoleProblems));
  }
  const approvedClients = new Map(approved.clients.map((client) => [client.clientId, client]));
  for (const client of live.clients) {
    const expected = approvedClients.get(client.clientId);
    if (expected !== undefined) {
      const changes = clientChanges(expected, client);
      if (changes.length > 0) findings.push(finding("changed", `client ${client.clientId}`, changes.join("; "), client.problems));
    } else if (!KEYCLOAK_BUILT_IN_CLIENTS.includes(client.clientId)) {
      findings.push(finding("not-approved", `client ${client.clientId}`, "is not in the approved realm", client.problems));
    } else if (client.serviceAccount || [...client.defaultScopes, ...client.optionalScopes].some((scope) => GRANT_SCOPE.test(scope))) {
      findings.push(finding("changed", `client ${client.clientId}`, `Keycloak's built-in client has ${client.serviceAccount ? "a service account" : "a tool permission or just-in-time scope"}`, client.problems));
    }
  }
  const liveClients = new Set(live.clients.map((client) => client.clientId));
  for (const client of approved.clients) if (!liveClients.has(client.clientId)) findings.push(finding("missing", `client ${client.clientId}`, "approved client is not in the live realm"));
  const approvedPrincipals = new Map(approved.principals.map((principal) => [principal.principal, principal]));
  for (const principal of live.principals) {
    const expected = approvedPrincipals.get(principal.principal);
    const added = minus(principal.roles, expected?.roles ?? []);
    if (expected === undefined && (added.length > 0 || principal.problems.length > 0)) {
      findings.push(finding("not-approved", principal.principal, `holds ${sorted(added).join(", ")}, which the approved realm grants no ${principal.principal.startsWith("user ") ? "user" : "such service account"}`, principal.problems));
    } else if (expected !== undefined && (added.length > 0 || minus(expected.roles, principal.roles).length > 0)) {
      const removed = minus(expected.roles, principal.roles);
      findings.push(finding("changed", principal.principal, [...added.map((role) => `holds ${role} too`), ...removed.map((role) => `no longer holds ${role}`)].join("; "), principal.problems));
    }
  }
  const livePrincipals = new Set(live.principals.map((principal) => principal.principal));
  for (const principal of approved.principals) if (!livePrincipals.has(principal.principal)) findings.push(finding("missing", principal.principal, "approved principal is not in the live realm"));
  return findings;
}

/** The live realm's name must be the approved one's: the job reviews the realm the blueprint generated. */
export function approvedRealmName(approved: ApprovedAccess): string | undefined {
  return approved.realm === undefined ? undefined : String(approved.realm["realm"]);
}

/** Parses the approved document, naming what is wrong. */
export function parseApprovedAccess(text: string): ApprovedAccess {
  const value = record(JSON.parse(text));
  const platform = record(value?.["platform"]);
  if (value === undefined || typeof value["environment"] !== "string" || !Array.isArray(value["rbac"]) || platform === undefined) {
    throw new Error("approved access: expected { environment, rbac: [...], platform: {...}, realm? } as written at synthesis");
  }
  return {
    environment: value["environment"],
    rbac: records(value["rbac"]) as unknown as KubernetesObject[],
    platform: {
      namePrefixes: strings(platform["namePrefixes"]),
      namespaces: strings(platform["namespaces"]),
      subjectNamespaces: strings(platform["subjectNamespaces"]),
      bindings: records(platform["bindings"]).map((binding) => ({ binding: String(binding["binding"]), role: String(binding["role"]), subjects: strings(binding["subjects"]) })),
    },
    ...(record(value["realm"]) !== undefined ? { realm: record(value["realm"]) } : {}),
  };
}
