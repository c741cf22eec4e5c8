/**
 * The automated access review of an environment's Keycloak realm (OPS-04), read from the realm file the synthesized
 * manifests import: which clients exist and what their tokens may carry (full scope, default and optional client
 * scopes, service accounts), which users and service accounts the file creates with which realm and client roles
 * (admin rights: the `realm-management` client's roles), and what the default role gives every user. Each row carries
 * the problems a reviewer must act on:
 * - a client with `fullScopeAllowed` (Keycloak's default when the field is absent): its tokens carry every role the
 *   user holds, not only what the client needs;
 * - a tool permission (`mcp:*`) or just-in-time grant (`jit:*`) among a client's default scopes: every token carries
 *   it without the client asking;
 * - a user or service account holding an admin role (`realm-admin`, `manage-*`, `impersonation`, ...);
 * - a default role granting more than `uma_authorization` (every user gets it at first sign-in).
 * Deterministic: same realm, same rows.
 */
import { record, records, strings } from "./kubernetes-object";

/** The client whose roles are the realm's admin rights. */
export const REALM_MANAGEMENT_CLIENT = "realm-management";

/** Roles of `realm-management` that only read; every other role of it administers the realm. */
const READ_ONLY_ADMIN_ROLES = new Set(["view-realm", "view-users", "view-clients", "view-events", "view-identity-providers", "view-authorization", "query-users", "query-groups", "query-clients", "query-realms"]);

/** The realm roles the default role may grant every user. */
const MINIMUM_DEFAULT_ROLES = new Set(["uma_authorization"]);

/** Client scope prefixes that grant tool permissions or just-in-time grants. */
export const GRANT_SCOPE = /^(?:mcp|jit):/;

/** One client: what its tokens may carry. */
export interface RealmClientAccess {
  readonly clientId: string;
  readonly fullScopeAllowed: boolean;
  readonly serviceAccount: boolean;
  readonly defaultScopes: readonly string[];
  readonly optionalScopes: readonly string[];
  readonly problems: readonly string[];
}

/** One user or service account the realm file creates, and its roles (`realm:<role>`, `<client>:<role>`). */
export interface RealmPrincipalAccess {
  /** `user <name>` or `service account of <client>`. */
  readonly principal: string;
  readonly roles: readonly string[];
  readonly problems: readonly string[];
}

/** The access review of one realm. */
export interface RealmAccessReview {
  readonly realm: string;
  /** What the default role grants every user: its composites, or Keycloak's built-in set when the file declares none. */
  readonly defaultRoles: readonly string[];
  readonly defaultRoleProblems: readonly string[];
  readonly clients: readonly RealmClientAccess[];
  readonly principals: readonly RealmPrincipalAccess[];
}

/** A principal's roles, as `realm:<role>` and `<client>:<role>`, sorted. */
function rolesOf(user: Record<string, unknown>): string[] {
  const clientRoles = Object.entries(record(user["clientRoles"]) ?? {}).flatMap(([client, roles]) => strings(roles).map((role) => `${client}:${role}`));
  return [...strings(user["realmRoles"]).map((role) => `realm:${role}`), ...clientRoles].sort();
}

/** The admin rights among roles: `realm-management` roles other than the read-only ones. */
export function adminRoles(roles: readonly string[]): string[] {
  return roles.filter((role) => role.startsWith(`${REALM_MANAGEMENT_CLIENT}:`) && !READ_ONLY_ADMIN_ROLES.has(role.slice(REALM_MANAGEMENT_CLIENT.length + 1)));
}

function clientAccess(client: Record<string, unknown>): RealmClientAccess {
  const clientId = String(client["clientId"] ?? "?");
  const fullScopeAllowed = client["fullScopeAllowed"] !== false;
  const defaultScopes = strings(client["defaultClientScopes"]).sort();
  const grants = defaultScopes.filter((scope) => GRANT_SCOPE.test(scope));
  return {
    clientId,
    fullScopeAllowed,
    serviceAccount: client["serviceAccountsEnabled"] === true,
    defaultScopes,
    optionalScopes: strings(client["optionalClientScopes"]).sort(),
    problems: [
      ...(fullScopeAllowed ? ["full scope allowed: its tokens carry every role the user holds (set fullScopeAllowed false)"] : []),
      ...grants.map((scope) => `${scope} is a default scope: every token carries it without the client asking (make it optional)`),
    ],
  };
}

function principalAccess(user: Record<string, unknown>): RealmPrincipalAccess {
  const client = typeof user["serviceAccountClientId"] === "string" ? user["serviceAccountClientId"] : undefined;
  const roles = rolesOf(user);
  const admin = adminRoles(roles);
  return {
    principal: client !== undefined ? `service account of ${client}` : `user ${String(user["username"] ?? "?")}`,
    roles,
    problems: admin.length > 0 ? [`holds admin rights ${admin.join(", ")}: the realm file must create no administrator (administer through the master realm from the admin path)`] : [],
  };
}

/** What the default role grants: the declared default role's composites, or Keycloak's built-in set. */
function defaultRoles(realm: Record<string, unknown>): { readonly roles: string[]; readonly declared: boolean } {
  const name = String(record(realm["defaultRole"])?.["name"] ?? `default-roles-${String(realm["realm"])}`);
  const role = records(record(realm["roles"])?.["realm"]).find((candidate) => candidate["name"] === name);
  if (role === undefined) return { roles: ["realm:offline_access", "realm:uma_authorization"], declared: false };
  const composites = record(role["composites"]) ?? {};
  const clientRoles = Object.entries(record(composites["client"]) ?? {}).flatMap(([client, roles]) => strings(roles).map((entry) => `${client}:${entry}`));
  return { roles: [...strings(composites["realm"]).map((entry) => `realm:${entry}`), ...clientRoles].sort(), declared: true };
}

/**
 * The access review of one realm: a realm file (a RealmView of policies/identity.ts), or the live realm assembled from Keycloak's admin API in
 * the same representation (review/live-access-review.ts).
 */
export function realmAccessReview(view: { readonly realm: Record<string, unknown> }): RealmAccessReview {
  const { realm } = view;
  const defaults = defaultRoles(realm);
  const excess = defaults.roles.filter((role) => !(role.startsWith("realm:") && MINIMUM_DEFAULT_ROLES.has(role.slice("realm:".length))));
  return {
    realm: String(realm["realm"]),
    defaultRoles: defaults.roles,
    defaultRoleProblems: excess.length === 0 ? [] : [`the default role gives every user ${excess.join(", ")}${defaults.declared ? "" : " (Keycloak's built-in default role: declare default-roles-<realm> with uma_authorization only)"}`],
    clients: records(realm["clients"]).map(clientAccess).sort((a, b) => a.clientId.localeCompare(b.clientId)),
    principals: records(realm["users"]).map(principalAccess).sort((a, b) => a.principal.localeCompare(b.principal)),
  };
}

/** Every problem of a realm's review, each prefixed with the realm and the client or principal it is about. */
export function realmProblems(realm: RealmAccessReview): string[] {
  return [
    ...realm.defaultRoleProblems.map((problem) => `realm ${realm.realm}: ${problem}`),
    ...realm.clients.flatMap((client) => client.problems.map((problem) => `realm ${realm.realm} client ${client.clientId}: ${problem}`)),
    ...realm.principals.flatMap((principal) => principal.problems.map((problem) => `realm ${realm.realm} ${principal.principal}: ${problem}`)),
  ];
}
