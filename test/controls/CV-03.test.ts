import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { synthesizedPlans } from "../support/plans";
import { findingLines, weakened } from "../support/kubernetes";
import { editGuardConfig, guardConfigOf } from "../support/guard";
import { clientOf, editRealm, realmOf } from "../support/identity";

const at = "prod/identity.yaml ConfigMap/keycloak/keycloak-realm: realm mcp-prod";
const ours = (lines: string[]) => lines.filter((line) => line.startsWith("cv-03-realm-step-up-levels "));

describe("CV-03 risk-based step-up: a sensitive tool's acr is a realm level whose sign-in requires WebAuthn", () => {
  describe.each(BUILT_IN_ENVIRONMENTS.map((environment) => environment.name))("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("create_issue needs mfa-webauthn within 15 minutes; the realm maps it to level 2, whose sub-flow requires WebAuthn, and tokens carry acr", () => {
      expect(guardConfigOf(plans, environment).servers["github-tools"].tools.create_issue.sensitive).toEqual({ acrValues: ["mfa-webauthn"], maxAgeSeconds: 900 });
      const realm = realmOf(plans, environment);
      expect(JSON.parse(realm.attributes["acr.loa.map"])).toEqual({ mfa: 1, "mfa-webauthn": 2 });
      const level2 = realm.authenticationFlows.find((flow: any) => flow.alias === "mcp-browser-level-2");
      expect(level2.authenticationExecutions.map((execution: any) => [execution.authenticator, execution.requirement])).toEqual([
        ["conditional-level-of-authentication", "REQUIRED"],
        ["webauthn-authenticator", "REQUIRED"],
      ]);
      expect(clientOf(realm, "github-tools").defaultClientScopes).toContain("acr");
    });

    test("no finding of the rule", () => {
      expect(ours(findingLines(plans, "CV-03"))).toEqual([]);
    });
  });

  test("check reports an acr the realm does not issue, a level whose sub-flow lost its second factor, and a client without acr in its tokens", () => {
    expect(
      ours(
        weakened("CV-03", (plans) => {
          editGuardConfig(plans, "prod", (config) => (config.servers["github-tools"].tools.search_repositories.sensitive = { acrValues: ["gold"], maxAgeSeconds: 300 }));
          editRealm(plans, "prod", (realm) => {
            realm.authenticationFlows.find((flow: any) => flow.alias === "mcp-browser-level-2").authenticationExecutions[1].requirement = "DISABLED";
            clientOf(realm, "github-tools").defaultClientScopes = ["basic"];
          });
        })
      )
    ).toEqual([
      `cv-03-realm-step-up-levels ${at}: the client of github-tools puts no acr claim in its tokens (no default scope with the oidc-acr-mapper): step-up for create_issue can never succeed`,
      `cv-03-realm-step-up-levels ${at}: the client of github-tools puts no acr claim in its tokens (no default scope with the oidc-acr-mapper): step-up for search_repositories can never succeed`,
      `cv-03-realm-step-up-levels ${at}: tool create_issue of github-tools requires acr "mfa-webauthn" (level 2), but no browser sub-flow for that level requires a second factor`,
      `cv-03-realm-step-up-levels ${at}: tool search_repositories of github-tools requires acr "gold", which the realm does not issue (acr.loa.map)`,
    ]);
  });
});
