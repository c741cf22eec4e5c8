import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import {
  editGatewayConfig,
  gatewayFile,
  GATEWAY_CONFIG_MAP,
  routeOf,
} from "../support/gateway";
import { editGuardConfig, guardConfigOf } from "../support/guard";
import { editRealm, realmOf } from "../support/identity";
import { findingLines, weakened } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const at =
  "prod/identity.yaml ConfigMap/keycloak/keycloak-realm: realm mcp-prod";
const ours = (lines: string[]) =>
  lines.filter((line) => line.startsWith("jit-05-realm-token-exchange "));

/** The token-exchange client of a server: its client ID is the server's audience. */
function exchangeClient(
  realm: Record<string, any>,
  audience: string
): Record<string, any> {
  return realm.clients.find(
    (client: Record<string, any>) => client.clientId === audience
  );
}

describe("JIT-05 multi-tool access: one audience per token, and a token-exchange client that issues one-tool tokens per call", () => {
  describe.each(BUILT_IN_ENVIRONMENTS.map((environment) => environment.name))(
    "in %s",
    (environment) => {
      const plans = synthesizedPlans();

      test("the server with just-in-time tools has a confidential, DPoP-bound token-exchange client of its one audience, with only its one-grant scopes", () => {
        const guard = guardConfigOf(plans, environment);
        const audience = guard.auth.audiences["github-tools"];
        const client = exchangeClient(realmOf(plans, environment), audience);
        expect(client).toMatchObject({
          publicClient: false,
          clientAuthenticatorType: "client-jwt",
          serviceAccountsEnabled: false,
          standardFlowEnabled: false,
          fullScopeAllowed: false,
        });
        expect(client.attributes).toMatchObject({
          "standard.token.exchange.enabled": "true",
          "dpop.bound.access.tokens": "true",
        });
        expect(
          client.protocolMappers.map(
            (mapper: Record<string, any>) =>
              mapper.config["included.custom.audience"]
          )
        ).toEqual([audience]);
        const purposes =
          guard.servers["github-tools"].tools.create_issue.jit.purposes;
        expect(client.optionalClientScopes).toEqual(
          purposes
            .map(
              (purpose: string) => `jit:github-tools:create_issue:${purpose}`
            )
            .sort()
        );
        expect(
          Number(client.attributes["access.token.lifespan"])
        ).toBeLessThanOrEqual(
          guard.servers["github-tools"].tools.create_issue.jit.maxGrantSeconds
        );
      });

      test("no finding of the rule", () => {
        expect(ours(findingLines(plans, "JIT-05"))).toEqual([]);
      });
    }
  );

  test("check reports a missing or weakened token-exchange client and a scope granting several tools or another audience", () => {
    expect(
      ours(
        weakened("JIT-05", (plans) =>
          editRealm(plans, "prod", (realm) => {
            const client = exchangeClient(
              realm,
              guardConfigOf(plans, "prod").auth.audiences["github-tools"]
            );
            client.publicClient = true;
            client.attributes["standard.token.exchange.enabled"] = "false";
            client.attributes["dpop.bound.access.tokens"] = "false";
            client.fullScopeAllowed = true;
            client.protocolMappers.push({
              name: "docs",
              protocolMapper: "oidc-audience-mapper",
              config: {
                "included.custom.audience":
                  "https://mcp.example.com/mcp/docs-search",
              },
            });
            const scope = realm.clientScopes.find(
              (candidate: Record<string, any>) =>
                candidate.name === client.optionalClientScopes[0]
            );
            const claim = scope.protocolMappers[0].config;
            const [grant] = JSON.parse(claim["claim.value"]);
            claim["claim.value"] = JSON.stringify([
              {
                ...grant,
                actions: ["create_issue", "close_issue"],
                locations: [
                  ...grant.locations,
                  "https://mcp.example.com/mcp/docs-search",
                ],
              },
            ]);
          })
        )
      )
    ).toEqual(
      [
        `jit-05-realm-token-exchange ${at}: the token-exchange client of github-tools is public: Keycloak exchanges tokens for confidential clients only, and anyone could use it`,
        `jit-05-realm-token-exchange ${at}: the token-exchange client of github-tools does not enable standard token exchange (standard.token.exchange.enabled)`,
        `jit-05-realm-token-exchange ${at}: the token-exchange client of github-tools issues tokens not bound to a DPoP key`,
        `jit-05-realm-token-exchange ${at}: the token-exchange client of github-tools has a service account or full scope: its tokens would carry more than one grant`,
        `jit-05-realm-token-exchange ${at}: the token-exchange client of github-tools adds audiences [https://mcp.example.com/mcp/github-tools, https://mcp.example.com/mcp/docs-search], not exactly https://mcp.example.com/mcp/github-tools`,
        `jit-05-realm-token-exchange ${at}: scope jit:github-tools:create_issue:incident-response of the token-exchange client of github-tools grants 2 tools at [https://mcp.example.com/mcp/github-tools, https://mcp.example.com/mcp/docs-search]: one tool of https://mcp.example.com/mcp/github-tools per token`,
      ].sort()
    );
  });

  test("check reports a realm without the token-exchange client, and a guard that checks no single audience for the server", () => {
    const audience = (plans: Parameters<typeof guardConfigOf>[0]) =>
      guardConfigOf(plans, "prod").auth.audiences["github-tools"];
    expect(
      ours(
        weakened("JIT-05", (plans) =>
          editRealm(
            plans,
            "prod",
            (realm) =>
              (realm.clients = realm.clients.filter(
                (client: Record<string, any>) =>
                  client.clientId !== audience(plans)
              ))
          )
        )
      )
    ).toEqual([
      `jit-05-realm-token-exchange ${at}: no token-exchange client for github-tools (client ID https://mcp.example.com/mcp/github-tools): clients cannot exchange their token for a one-tool just-in-time token`,
    ]);
    expect(
      ours(
        weakened("JIT-05", (plans) =>
          editGuardConfig(
            plans,
            "prod",
            (config) => (config.auth.audiences["github-tools"] = "*")
          )
        )
      )
    ).toEqual([
      `jit-05-realm-token-exchange ${at}: the guard checks tokens for github-tools, which has just-in-time tools, against "*", not one audience of its own`,
    ]);
  });

  test("check reports JIT-05 when a gateway route accepts a second audience (AUTH-03's rule)", () => {
    expect(
      weakened("JIT-05", (plans) =>
        editGatewayConfig(plans, "prod", (generated) =>
          routeOf(
            generated,
            "github-tools"
          ).policies.mcpAuthentication.audiences.push(
            "https://mcp.example.com/mcp/docs-search"
          )
        )
      ).filter((line) =>
        line.startsWith("auth-03-gateway-audience-per-server ")
      )
    ).toEqual([
      `auth-03-gateway-audience-per-server ${gatewayFile(
        "prod"
      )} ${GATEWAY_CONFIG_MAP}: route "github-tools" accepts audiences [https://mcp.example.com/mcp/github-tools, https://mcp.example.com/mcp/docs-search], not exactly one audience of its own`,
    ]);
  });
});
