import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { synthesizedPlans } from "../support/plans";
import { findingLines, weakened } from "../support/kubernetes";
import { clientOf, editRealm, realmOf } from "../support/identity";

const at = "prod/identity.yaml ConfigMap/keycloak/keycloak-realm: realm mcp-prod";
const ours = (lines: string[]) => lines.filter((line) => line.startsWith("cv-04-realm-session-revocation "));

describe("CV-04 session monitoring and trust re-evaluation: short tokens, single-use refresh tokens, bounded sessions", () => {
  describe.each(BUILT_IN_ENVIRONMENTS.map((environment) => environment.name))("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("tokens live 5 minutes at most, refresh tokens are single use, sessions idle out after 30 minutes and end after 10 hours", () => {
      const realm = realmOf(plans, environment);
      expect(realm).toMatchObject({ accessTokenLifespan: 300, revokeRefreshToken: true, refreshTokenMaxReuse: 0, ssoSessionIdleTimeout: 1800, ssoSessionMaxLifespan: 36000 });
      for (const client of realm.clients) expect(Number(client.attributes["access.token.lifespan"])).toBeLessThanOrEqual(300);
    });

    test("no finding of the rule", () => {
      expect(ours(findingLines(plans, "CV-04"))).toEqual([]);
    });
  });

  test("check reports long tokens (realm and client), reusable refresh tokens and long sessions", () => {
    expect(
      ours(
        weakened("CV-04", (plans) =>
          editRealm(plans, "prod", (realm) => {
            realm.accessTokenLifespan = 3600;
            clientOf(realm, "docs-search").attributes["access.token.lifespan"] = "900";
            realm.revokeRefreshToken = false;
            realm.ssoSessionIdleTimeout = 86400;
            realm.ssoSessionMaxLifespan = 2592000;
          })
        )
      )
    ).toEqual([
      `cv-04-realm-session-revocation ${at}: accessTokenLifespan is 3600 s, more than 300`,
      `cv-04-realm-session-revocation ${at}: client mcp-docs-search issues access tokens for 900 s, more than 300`,
      `cv-04-realm-session-revocation ${at}: refresh tokens are reusable (revokeRefreshToken must be true, refreshTokenMaxReuse 0)`,
      `cv-04-realm-session-revocation ${at}: sessions idle out after 86400 s, more than 1800`,
      `cv-04-realm-session-revocation ${at}: sessions live 2592000 s, more than 43200`,
    ]);
  });
});
