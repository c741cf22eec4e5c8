import { serverAudience } from "../../environments/gateway-checks";
import { config, ENVIRONMENTS } from "../support/compute";
import { editGatewayConfig, gatewayConfig, gatewayFile, GATEWAY_CONFIG_MAP, routeOf } from "../support/gateway";
import { findingLines, weakened } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const rule = "auth-03-gateway-audience-per-server";
const at = `${rule} ${gatewayFile("prod")} ${GATEWAY_CONFIG_MAP}`;

describe("AUTH-03 audience restriction (the gateway accepts each server's tokens only for that server)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("every server's route accepts exactly its own audience, from the environment's issuer", () => {
      const generated = gatewayConfig(plans, environment);
      const env = config(environment);
      for (const server of env.mcpServers) {
        const { mcpAuthentication } = routeOf(generated, server.name).policies;
        expect(mcpAuthentication.audiences).toEqual([serverAudience(env, server)]);
        expect(mcpAuthentication.issuer).toBe(env.gateway.jwt.issuer);
      }
      const audiences = generated.routes.map((route) => route.policies.mcpAuthentication.audiences[0]);
      expect(new Set(audiences).size).toBe(env.mcpServers.length);
    });

    test("no finding of the gateway's AUTH-03 rule", () => {
      expect(findingLines(plans, "AUTH-03").filter((line) => line.startsWith(rule))).toEqual([]);
    });
  });

  describe("check reports AUTH-03 when the real gateway configuration is weakened", () => {
    test("a route accepts a second audience", () => {
      expect(weakened("AUTH-03", (plans) => editGatewayConfig(plans, "prod", (generated) => routeOf(generated, "github-tools").policies.mcpAuthentication.audiences.push("https://mcp.example.com/mcp/docs-search")))).toEqual([
        `${at}: route "github-tools" accepts audiences [https://mcp.example.com/mcp/github-tools, https://mcp.example.com/mcp/docs-search], not exactly one audience of its own`,
      ]);
    });

    test("two servers accept the same audience", () => {
      expect(weakened("AUTH-03", (plans) => editGatewayConfig(plans, "prod", (generated) => (routeOf(generated, "docs-search").policies.mcpAuthentication.audiences = ["https://mcp.example.com/mcp/github-tools"])))).toEqual([
        `${at}: route "docs-search" accepts audience "https://mcp.example.com/mcp/github-tools", which route "github-tools" accepts too: a token for one server would open the other`,
      ]);
    });

    test("the audience restriction is dropped, or token validation removed", () => {
      expect(
        weakened("AUTH-03", (plans) =>
          editGatewayConfig(plans, "prod", (generated) => {
            routeOf(generated, "github-tools").policies.mcpAuthentication.audiences = [];
            delete routeOf(generated, "docs-search").policies.mcpAuthentication;
          })
        )
      ).toEqual([
        `${at}: route "docs-search" has no mcpAuthentication: it accepts tokens for any audience, or none`,
        `${at}: route "github-tools" accepts no audience restriction, not exactly one audience of its own`,
      ]);
    });
  });
});
