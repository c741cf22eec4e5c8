import { config, ENVIRONMENTS } from "../support/compute";
import { editGatewayConfig, gatewayConfig, gatewayFile, GATEWAY_CONFIG_MAP, routeOf } from "../support/gateway";
import { findingLines, weakened, yamlObject } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const rule = "cv-01-gateway-authenticates-every-request";
const at = `${rule} ${gatewayFile("prod")} ${GATEWAY_CONFIG_MAP}`;

describe("CV-01 per-request authorization check (the gateway validates a token and authorizes every MCP request)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("every route validates tokens strictly (issuer, JWKS over https, exp/iss/aud/sub) and has authorization rules", () => {
      const { gateway } = config(environment);
      const generated = gatewayConfig(plans, environment);
      expect(generated.routes).toHaveLength(config(environment).mcpServers.length);
      for (const route of generated.routes) {
        expect(route.policies.mcpAuthentication).toMatchObject({ mode: "strict", issuer: gateway.jwt.issuer, jwks: { url: gateway.jwt.jwksUrl }, jwtValidationOptions: { requiredClaims: ["exp", "iss", "aud", "sub"] } });
        expect(route.policies.mcpAuthentication.authorizationLocation).toBeUndefined();
        expect(route.policies.mcpAuthorization.rules.length).toBeGreaterThan(0);
      }
    });

    test("the gateway pods read the generated file from the ConfigMap, mounted read-only", () => {
      const pod = yamlObject(plans, environment, "Deployment/mcp-gateway/agentgateway").spec.template.spec;
      expect(pod.containers[0].args).toEqual(["--file", "/etc/agentgateway/config.yaml"]);
      expect(pod.containers[0].volumeMounts).toContainEqual({ name: "config-0", mountPath: "/etc/agentgateway", readOnly: true });
      expect(pod.volumes).toContainEqual({ name: "config-0", configMap: { name: "agentgateway-config", defaultMode: 0o444 } });
    });

    test("no finding of the gateway's CV-01 rule", () => {
      expect(findingLines(plans, "CV-01").filter((line) => line.startsWith(rule))).toEqual([]);
    });
  });

  describe("check reports CV-01 when the real gateway configuration is weakened", () => {
    test("token validation becomes permissive, its JWKS is fetched over http, the token is read from the query", () => {
      expect(
        weakened("CV-01", (plans) =>
          editGatewayConfig(plans, "prod", (generated) => {
            const { mcpAuthentication } = routeOf(generated, "github-tools").policies;
            mcpAuthentication.mode = "permissive";
            mcpAuthentication.jwks = { url: "http://auth.example.com/realms/mcp-prod/protocol/openid-connect/certs" };
            mcpAuthentication.authorizationLocation = { queryParameter: { name: "access_token" } };
          })
        )
      ).toEqual([
        `${at}: route "github-tools" has no JWKS fetched over https to verify token signatures`,
        `${at}: route "github-tools" reads the token from elsewhere than the Authorization header (MCP forbids tokens in the query string)`,
        `${at}: route "github-tools" validates tokens in mode "permissive", which lets requests without a valid token through`,
      ]);
    });

    test("a route loses its authentication or its authorization rules", () => {
      expect(
        weakened("CV-01", (plans) =>
          editGatewayConfig(plans, "prod", (generated) => {
            delete routeOf(generated, "github-tools").policies.mcpAuthentication;
            routeOf(generated, "docs-search").policies.mcpAuthorization.rules = [];
          })
        )
      ).toEqual([
        `${at}: route "docs-search" has no mcpAuthorization rules: no per-request authorization decision`,
        `${at}: route "github-tools" has no mcpAuthentication: requests pass without a validated token`,
      ]);
    });

    test("the gateway runs without the generated file", () => {
      expect(weakened("CV-01", (plans) => delete yamlObject(plans, "prod", "Deployment/mcp-gateway/agentgateway").spec.template.spec.containers[0].args)).toEqual([
        `${rule} ${gatewayFile("prod")} Deployment/mcp-gateway/agentgateway: the MCP gateway runs no configuration file (no --file argument), so no request is provably authenticated`,
      ]);
    });
  });
});
