import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { checkJitGrant } from "../../guard/src/checks/JIT-01";
import { AuthDenial } from "../../guard/src/auth/denial";
import { synthesizedPlans } from "../support/plans";
import { findingLines, weakened } from "../support/kubernetes";
import { editGuardConfig, guardConfigOf } from "../support/guard";
import { clientOf, editRealm, realmOf } from "../support/identity";

const at = "prod/identity.yaml ConfigMap/keycloak/keycloak-realm: realm mcp-prod";
const ours = (lines: string[]) => lines.filter((line) => line.startsWith("jit-03-realm-purpose-grants "));

describe("JIT-03 purpose-based authorization: each purpose of a just-in-time tool is an optional realm scope issuing the grant the guard checks", () => {
  describe.each(BUILT_IN_ENVIRONMENTS.map((environment) => environment.name))("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("the grant a purpose scope puts in tokens is one the guard's JIT check accepts for that purpose, and only for it", () => {
      const guard = guardConfigOf(plans, environment);
      const jit = guard.servers["github-tools"].tools.create_issue.jit;
      const realm = realmOf(plans, environment);
      const client = clientOf(realm, "github-tools");
      expect(client.defaultClientScopes).toEqual(["acr", "basic"]);
      for (const purpose of jit.purposes) {
        const name = `jit:github-tools:create_issue:${purpose}`;
        expect(client.optionalClientScopes).toContain(name);
        const scope = realm.clientScopes.find((candidate: any) => candidate.name === name);
        const details = JSON.parse(scope.protocolMappers[0].config["claim.value"]);
        const now = Math.floor(Date.now() / 1000);
        const claims = { iss: guard.auth.issuer, sub: "alice", aud: guard.auth.audiences["github-tools"], iat: now, exp: now + Number(client.attributes["access.token.lifespan"]), authorization_details: details };
        expect(checkJitGrant(claims as never, "create_issue", guard.auth.audiences["github-tools"], jit)).toEqual({ purpose });
        expect(checkJitGrant(claims as never, "create_issue", guard.auth.audiences["github-tools"], { ...jit, purposes: ["other"] })).toBeInstanceOf(AuthDenial);
      }
    });

    test("no finding of the rule", () => {
      expect(ours(findingLines(plans, "JIT-03"))).toEqual([]);
    });
  });

  test("check reports a purpose without a scope, a standing grant, and tokens outliving the grant", () => {
    expect(
      ours(
        weakened("JIT-03", (plans) => {
          editGuardConfig(plans, "prod", (config) => {
            config.servers["github-tools"].tools.create_issue.jit.purposes.push("audit");
            config.servers["github-tools"].tools.create_issue.jit.maxGrantSeconds = 60;
          });
          editRealm(plans, "prod", (realm) => clientOf(realm, "github-tools").defaultClientScopes.push("jit:github-tools:create_issue:incident-response"));
        })
      )
    ).toEqual([
      `jit-03-realm-purpose-grants ${at}: no optional scope of the client of github-tools grants create_issue for purpose "audit": the guard would refuse every call for it`,
      `jit-03-realm-purpose-grants ${at}: the client of github-tools gets grant scope jit:github-tools:create_issue:incident-response by default: a standing grant`,
      `jit-03-realm-purpose-grants ${at}: the client of github-tools issues tokens for 300 s, longer than a grant for create_issue may live (60 s)`,
    ]);
  });
});
