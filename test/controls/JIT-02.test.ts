import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { synthesizedPlans } from "../support/plans";
import { findingLines, weakened } from "../support/kubernetes";
import { editRealm } from "../support/identity";

describe("JIT-02 context-aware access decisions: the sign-in context (acr, auth_time) a sensitive tool needs is one the realm can issue", () => {
  test.each(BUILT_IN_ENVIRONMENTS.map((environment) => environment.name))("%s: no finding of the step-up rule", (environment) => {
    expect(findingLines(synthesizedPlans(), "JIT-02").filter((line) => line.includes(`${environment}/`))).toEqual([]);
  });

  test("check reports, as JIT-02, a realm whose level map lost the level a sensitive tool needs", () => {
    expect(weakened("JIT-02", (plans) => editRealm(plans, "prod", (realm) => (realm.attributes["acr.loa.map"] = JSON.stringify({ mfa: 1 }))))).toEqual([
      'cv-03-realm-step-up-levels prod/identity.yaml ConfigMap/keycloak/keycloak-realm: realm mcp-prod: tool create_issue of github-tools requires acr "mfa-webauthn", which the realm does not issue (acr.loa.map)',
    ]);
  });
});
