import { checkJitGrant } from "../../guard/src/checks/JIT-01";
import { AuthDenial } from "../../guard/src/auth/denial";
import { guardConfigOf } from "../support/guard";
import { clientOf, realmOf } from "../support/identity";
import { synthesizedPlans } from "../support/plans";

/** The `authorization_details` a purpose scope's hard-coded claim mapper writes. */
function claimOf(realm: Record<string, any>, scopeName: string): unknown[] {
  const scope = realm.clientScopes.find((candidate: Record<string, any>) => candidate.name === scopeName);
  return JSON.parse(scope.protocolMappers.find((mapper: Record<string, any>) => mapper.config["claim.name"] === "authorization_details").config["claim.value"]);
}

describe("JIT-05 with Keycloak: one just-in-time grant per token, a grant the mappers drop fails closed, and a broader token is refused", () => {
  const plans = synthesizedPlans();
  const guard = guardConfigOf(plans, "prod");
  const realm = realmOf(plans, "prod");
  const audience = guard.auth.audiences["github-tools"];
  const jit = guard.servers["github-tools"].tools.create_issue.jit;
  const now = Math.floor(Date.now() / 1000);
  const lifespan = Number(clientOf(realm, "github-tools").attributes["access.token.lifespan"]);
  const token = (details: unknown[]) => ({ iss: guard.auth.issuer, sub: "alice", aud: audience, iat: now, exp: now + lifespan, authorization_details: details }) as never;

  test("every purpose scope writes the whole authorization_details claim with exactly one grant (so two scopes overwrite each other)", () => {
    const scopes = realm.clientScopes.filter((scope: Record<string, any>) => String(scope.name).startsWith("jit:"));
    expect(scopes.length).toBeGreaterThan(1);
    for (const scope of scopes) {
      const writers = scope.protocolMappers.filter((mapper: Record<string, any>) => mapper.config["claim.name"] === "authorization_details");
      expect(writers).toHaveLength(1);
      expect(writers[0].protocolMapper).toBe("oidc-hardcoded-claim-mapper");
      expect(claimOf(realm, scope.name)).toHaveLength(1);
    }
  });

  test("a token whose grant for another tool overwrote this tool's grant is refused JIT-01-grant-missing, never admitted", () => {
    const other = [{ type: "mcp_tool", locations: [audience], actions: ["close_issue"], purpose: "incident-response" }];
    const denial = checkJitGrant(token(other), "create_issue", audience, jit);
    expect(denial).toBeInstanceOf(AuthDenial);
    expect((denial as AuthDenial).rule).toBe("JIT-01-grant-missing");
    expect(checkJitGrant(token(claimOf(realm, "jit:github-tools:create_issue:incident-response")), "create_issue", audience, jit)).toEqual({ purpose: "incident-response" });
  });

  test("a token with grants for several tools, or good at several audiences, is refused for each of them (JIT-05): one tool per token", () => {
    const both = [...claimOf(realm, "jit:github-tools:create_issue:release-tracking"), { type: "mcp_tool", locations: [audience], actions: ["close_issue"], purpose: "incident-response" }];
    expect((checkJitGrant(token(both), "create_issue", audience, jit) as AuthDenial).rule).toBe("JIT-05-tools");
    expect((checkJitGrant(token(both), "close_issue", audience, { ...jit, purposes: ["incident-response"] }) as AuthDenial).rule).toBe("JIT-05-tools");
    const single = claimOf(realm, "jit:github-tools:create_issue:release-tracking");
    const twoAudiences = { ...(token(single) as object), aud: [audience, "https://mcp.example.test/servers/other"] } as never;
    expect((checkJitGrant(twoAudiences, "create_issue", audience, jit) as AuthDenial).rule).toBe("JIT-05-audiences");
    const twoLocations = [{ ...(single[0] as object), locations: [audience, "https://mcp.example.test/servers/other"] }];
    expect((checkJitGrant(token(twoLocations), "create_issue", audience, jit) as AuthDenial).rule).toBe("JIT-05-audiences");
  });
});
