import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { parseGuardConfig } from "../../guard/src/config/load";
import { JIT_GRANT_TYPE } from "../../guard/src/checks/JIT-01";
import { synthesizedPlans } from "../support/plans";
import { findingLines, weakened, yamlObject } from "../support/kubernetes";
import { editGuardConfig, guardConfigOf } from "../support/guard";
import { gatewayConfig, routeOf } from "../support/gateway";
import { realmOf } from "../support/identity";

const ENVIRONMENTS = BUILT_IN_ENVIRONMENTS.map((environment) => [environment.name, environment] as const);
const ours = (lines: string[]) => lines.filter((line) => line.startsWith("zt-01-guard-verifies-tokens "));

describe("ZT-01 no implicit trust: the guard verifies every request's token, and the guard, the gateway and Keycloak agree on the contract", () => {
  describe.each(ENVIRONMENTS)("in %s", (name, environment) => {
    const plans = synthesizedPlans();

    test("the generated realm and guard configuration agree: issuer, keys, one public client per audience (and its token-exchange client), sign-in levels, grants", () => {
      const guard = parseGuardConfig(guardConfigOf(plans, name));
      const realm = realmOf(plans, name);
      const auth = guard.auth!;
      const keycloak = yamlObject(plans, name, "Deployment/keycloak/keycloak").spec.template.spec.containers[0].env as { name: string; value: string }[];
      expect(auth.issuer).toBe(`${keycloak.find((variable) => variable.name === "KC_HOSTNAME")!.value}/realms/${realm.realm}`);
      expect(auth.jwksUri).toBe(`http://keycloak.keycloak.svc.cluster.local:8080/realms/${realm.realm}/protocol/openid-connect/certs`);
      expect(Object.keys(auth.audiences).sort()).toEqual(Object.keys(guard.servers).sort());
      for (const [server, audience] of Object.entries(auth.audiences)) {
        const clients = realm.clients.filter((client: any) => client.protocolMappers.some((mapper: any) => mapper.protocolMapper === "oidc-audience-mapper" && mapper.config["included.custom.audience"] === audience));
        const jit = Object.values(guard.servers[server].tools).some((config) => config.jit !== undefined);
        // The public client, and for a server with just-in-time tools its token-exchange client (JIT-05), named by the audience.
        expect(clients.map((client: any) => client.clientId)).toEqual(jit ? [`mcp-${server}`, audience] : [`mcp-${server}`]);
        expect(clients[0].fullScopeAllowed).toBe(false);
        for (const [tool, config] of Object.entries(guard.servers[server].tools)) {
          for (const scope of config.scopes) expect(clients[0].optionalClientScopes).toContain(scope);
          for (const acr of config.sensitive?.acrValues ?? []) expect(Object.keys(JSON.parse(realm.attributes["acr.loa.map"]))).toContain(acr);
          for (const purpose of config.jit?.purposes ?? []) {
            const scope = realm.clientScopes.find((candidate: any) => candidate.name === `jit:${server}:${tool}:${purpose}`);
            expect(JSON.parse(scope.protocolMappers[0].config["claim.value"])).toEqual([{ type: JIT_GRANT_TYPE, locations: [audience], actions: [tool], purpose }]);
          }
        }
      }
      for (const server of environment.mcpServers) {
        const authentication = routeOf(gatewayConfig(plans, name), server.name).policies.mcpAuthentication;
        expect(authentication.issuer).toBe(auth.issuer);
        expect(authentication.audiences).toEqual([auth.audiences[server.name]]);
      }
    });

    test("Keycloak's namespace trusts nobody by default: allow-nothing, then the ingress on public paths only and the guard on the key set only", () => {
      expect(yamlObject(plans, name, "AuthorizationPolicy/keycloak/allow-nothing").spec).toEqual({});
      expect(yamlObject(plans, name, "AuthorizationPolicy/keycloak/allow-ingress-gateway").spec.rules[0].to[0].operation.paths).toEqual(["/realms/*", "/resources/*"]);
      expect(yamlObject(plans, name, "AuthorizationPolicy/keycloak/allow-guard-keys").spec.rules[0].to[0].operation.paths).toEqual([`/realms/mcp-${name}/protocol/openid-connect/certs`]);
      expect(yamlObject(plans, name, "NetworkPolicy/keycloak/default-deny-all").spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    });

    test("no finding of the rule", () => {
      expect(ours(findingLines(plans, "ZT-01"))).toEqual([]);
    });
  });

  test("check reports a guard that checks no token, and one whose issuer or audience differs from the gateway's", () => {
    expect(ours(weakened("ZT-01", (plans) => editGuardConfig(plans, "prod", (config) => delete config.auth)))).toEqual([
      "zt-01-guard-verifies-tokens prod/gateway.yaml ConfigMap/mcp-gateway/mcp-guard-config: checks no token (no auth): a token the gateway accepted once is trusted for every later request, unbound",
    ]);
    const lines = ours(
      weakened("ZT-01", (plans) =>
        editGuardConfig(plans, "prod", (config) => {
          config.auth.issuer = "https://evil.example.com/realms/mcp-prod";
          config.auth.audiences["docs-search"] = config.auth.audiences["github-tools"];
        })
      )
    );
    expect(lines).toEqual(expect.arrayContaining([expect.stringContaining("checks tokens of issuer https://evil.example.com/realms/mcp-prod, but route"), expect.stringContaining("checks tokens of server docs-search for audience https://mcp.example.com/mcp/github-tools, not the audience route")]));
  });
});
