import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { synthesizedPlans } from "../support/plans";
import { findingLines, weakened } from "../support/kubernetes";
import { clientOf, editRealm, realmOf } from "../support/identity";

const ENVIRONMENTS = BUILT_IN_ENVIRONMENTS.map((environment) => environment.name);
const serversOf = (environment: string) => BUILT_IN_ENVIRONMENTS.find((candidate) => candidate.name === environment)!.mcpServers.map((server) => server.name);
const at = "prod/identity.yaml ConfigMap/keycloak/keycloak-realm: realm mcp-prod";
const ours = (lines: string[]) => lines.filter((line) => line.startsWith("auth-01-realm-"));

describe("AUTH-01 strong client and user authentication: the Keycloak realm requires MFA and the code flow with PKCE", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("the browser flow asks for the password, then WebAuthn or OTP; new users set up OTP; brute force is throttled", () => {
      const realm = realmOf(plans, environment);
      expect(realm.browserFlow).toBe("mcp-browser");
      const level1 = realm.authenticationFlows.find((flow: any) => flow.alias === "mcp-browser-level-1");
      expect(level1.authenticationExecutions.map((execution: any) => [execution.authenticator ?? execution.flowAlias, execution.requirement])).toEqual([
        ["conditional-level-of-authentication", "REQUIRED"],
        ["auth-username-password-form", "REQUIRED"],
        ["mcp-browser-second-factor", "REQUIRED"],
      ]);
      expect(realm.requiredActions.find((action: any) => action.providerId === "CONFIGURE_TOTP")).toMatchObject({ enabled: true, defaultAction: true });
      expect(realm).toMatchObject({ bruteForceProtected: true, registrationAllowed: false, sslRequired: "all" });
    });

    test("every client: code flow with PKCE S256, no implicit, password, device or CIBA grant", () => {
      for (const server of serversOf(environment)) {
        const client = clientOf(realmOf(plans, environment), server);
        expect(client).toMatchObject({ publicClient: true, standardFlowEnabled: true, implicitFlowEnabled: false, directAccessGrantsEnabled: false, serviceAccountsEnabled: false });
        expect(client.attributes).toMatchObject({ "pkce.code.challenge.method": "S256", "oauth2.device.authorization.grant.enabled": "false", "oidc.ciba.grant.enabled": "false" });
      }
    });

    test("no finding of the rules", () => {
      expect(ours(findingLines(plans, "AUTH-01"))).toEqual([]);
    });
  });

  test("check reports a second factor made optional, OTP setup not required, brute force and self-registration", () => {
    expect(
      ours(
        weakened("AUTH-01", (plans) =>
          editRealm(plans, "prod", (realm) => {
            realm.authenticationFlows.find((flow: any) => flow.alias === "mcp-browser-level-1").authenticationExecutions[2].requirement = "ALTERNATIVE";
            realm.requiredActions.find((action: any) => action.providerId === "CONFIGURE_TOTP").defaultAction = false;
            realm.bruteForceProtected = false;
            realm.registrationAllowed = true;
          })
        )
      )
    ).toEqual([
      `auth-01-realm-mfa-required ${at}: CONFIGURE_TOTP is not an enabled default action: a new user could sign in before setting up a second factor`,
      `auth-01-realm-mfa-required ${at}: brute-force protection is off`,
      `auth-01-realm-mfa-required ${at}: flow "mcp-browser-level-1" accepts a password without a required second factor (OTP or WebAuthn)`,
      `auth-01-realm-mfa-required ${at}: self-registration is on`,
    ]);
  });

  test("check reports a missing browser flow and a client that takes passwords, skips PKCE or allows the implicit flow", () => {
    expect(
      ours(
        weakened("AUTH-01", (plans) =>
          editRealm(plans, "prod", (realm) => {
            realm.browserFlow = "browser";
            const client = clientOf(realm, "docs-search");
            client.directAccessGrantsEnabled = true;
            client.implicitFlowEnabled = true;
            delete client.attributes["pkce.code.challenge.method"];
          })
        )
      )
    ).toEqual([
      `auth-01-realm-clients-code-pkce ${at}: client mcp-docs-search allows the implicit flow`,
      `auth-01-realm-clients-code-pkce ${at}: client mcp-docs-search does not require PKCE with S256 (pkce.code.challenge.method is null)`,
      `auth-01-realm-mfa-required ${at}: client mcp-docs-search allows the password grant (directAccessGrantsEnabled), which skips the second factor`,
      `auth-01-realm-mfa-required ${at}: its browser flow "browser" is not defined in the realm: Keycloak's built-in flow makes OTP optional`,
    ]);
  });
});
