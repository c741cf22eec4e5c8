import { accessReview } from "../../policies/access-review";
import { renderAccessReview } from "../../review/access-review";
import { ENVIRONMENTS } from "../support/compute";
import { clientOf, editRealm } from "../support/identity";
import { findingLines, weakened } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const RULE = "ops-04-keycloak-realm-access-review";
const ours = (lines: string[]) => lines.filter((line) => line.startsWith(RULE));
const at = `${RULE} mcp-prod provider.aws: realm mcp-prod`;

describe("OPS-04 automated access review of the Keycloak realm", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("the review lists every client, what its tokens may carry, and a default role that grants nothing", () => {
      const review = accessReview(plans, environment)!;
      expect(review.realms.map((realm) => realm.realm)).toEqual([`mcp-${environment}`]);
      const [realm] = review.realms;
      expect(realm.defaultRoles).toEqual([]);
      expect(realm.defaultRoleProblems).toEqual([]);
      expect(realm.principals).toEqual([{ principal: "service account of mcp-access-review", roles: ["realm-management:view-clients", "realm-management:view-realm", "realm-management:view-users"], problems: [] }]);
      const servers = realm.clients.filter((client) => client.clientId !== "mcp-access-review");
      expect(servers.length).toBeGreaterThan(0);
      for (const client of servers) {
        expect(client).toMatchObject({ fullScopeAllowed: false, serviceAccount: false, defaultScopes: ["acr", "basic"], problems: [] });
        expect(client.optionalScopes.length).toBeGreaterThan(0);
      }
      expect(realm.clients.find((client) => client.clientId === "mcp-access-review")).toEqual({ clientId: "mcp-access-review", fullScopeAllowed: false, serviceAccount: true, defaultScopes: ["basic"], optionalScopes: [], problems: [] });
      const { markdown } = renderAccessReview(review);
      expect(markdown).toContain(`## Keycloak realm mcp-${environment}`);
      for (const client of servers) expect(markdown).toContain(`| ${client.clientId} | no | no | acr; basic | ${client.optionalScopes.join("; ")} | - |`);
      expect(markdown).toContain("| mcp-access-review | no | yes | basic | - | - |");
      expect(renderAccessReview(accessReview(synthesizedPlans(), environment)!)).toEqual(renderAccessReview(review));
    });

    test("no finding of the rule", () => {
      expect(ours(findingLines(plans, "OPS-04"))).toEqual([]);
    });
  });

  describe("check reports OPS-04 when the real realm is weakened", () => {
    const weaken = (edit: (realm: Record<string, any>) => void) => ours(weakened("OPS-04", (plans) => editRealm(plans, "prod", edit)));

    test("a client allows full scope (explicitly, or by leaving the field to Keycloak's default)", () => {
      expect(weaken((realm) => (clientOf(realm, "github-tools").fullScopeAllowed = true))).toEqual([
        `${at} client mcp-github-tools: full scope allowed: its tokens carry every role the user holds (set fullScopeAllowed false)`,
      ]);
      expect(weaken((realm) => delete clientOf(realm, "docs-search").fullScopeAllowed)).toEqual([
        `${at} client mcp-docs-search: full scope allowed: its tokens carry every role the user holds (set fullScopeAllowed false)`,
      ]);
    });

    test("a tool permission or a just-in-time grant becomes a default scope", () => {
      expect(
        weaken((realm) => {
          const client = clientOf(realm, "github-tools");
          client.defaultClientScopes.push("mcp:github:write", "jit:github-tools:create_issue:incident-response");
        })
      ).toEqual([
        `${at} client mcp-github-tools: jit:github-tools:create_issue:incident-response is a default scope: every token carries it without the client asking (make it optional)`,
        `${at} client mcp-github-tools: mcp:github:write is a default scope: every token carries it without the client asking (make it optional)`,
      ]);
    });

    test("a service account with realm-admin, a user with manage-users; read-only admin roles pass", () => {
      expect(
        weaken((realm) => {
          clientOf(realm, "github-tools").serviceAccountsEnabled = true;
          realm.users = [
            { username: "service-account-mcp-github-tools", serviceAccountClientId: "mcp-github-tools", clientRoles: { "realm-management": ["realm-admin"] } },
            { username: "alice", realmRoles: ["offline_access"], clientRoles: { "realm-management": ["manage-users", "view-users"] } },
            { username: "auditor", clientRoles: { "realm-management": ["view-events", "query-users"] } },
          ];
        })
      ).toEqual([
        `${at} service account of mcp-github-tools: holds admin rights realm-management:realm-admin: the realm file must create no administrator (administer through the master realm from the admin path)`,
        `${at} user alice: holds admin rights realm-management:manage-users: the realm file must create no administrator (administer through the master realm from the admin path)`,
      ]);
    });

    test("the default role grants offline access or an admin role, or is left to Keycloak's built-in one", () => {
      expect(weaken((realm) => Object.assign(realm.roles.realm[0], { composite: true, composites: { realm: ["offline_access", "uma_authorization"], client: { "realm-management": ["view-users"] } } }))).toEqual([
        `${at}: the default role gives every user realm-management:view-users, realm:offline_access`,
      ]);
      expect(
        weaken((realm) => {
          delete realm.roles;
          delete realm.defaultRole;
        })
      ).toEqual([`${at}: the default role gives every user realm:offline_access (Keycloak's built-in default role: declare default-roles-<realm> with uma_authorization only)`]);
    });
  });
});
