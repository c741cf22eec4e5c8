import { config, ENVIRONMENTS } from "../support/compute";
import { editGatewayConfig, gatewayConfig, gatewayFile, GATEWAY_CONFIG_MAP, routeOf } from "../support/gateway";
import { findingLines, weakened } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const rule = "iso-02-gateway-route-isolation";
const at = `${rule} ${gatewayFile("prod")} ${GATEWAY_CONFIG_MAP}`;

describe("ISO-02 session-state isolation at the gateway (no session spans two MCP servers)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("every server has its own route with one backend and one target: itself", () => {
      const generated = gatewayConfig(plans, environment);
      for (const server of config(environment).mcpServers) {
        const targets = routeOf(generated, server.name).backends.flatMap((backend) => backend.mcp.targets.map((target) => target.name));
        expect(targets).toEqual([server.name]);
      }
    });

    test("no finding of the gateway's ISO-02 rule", () => {
      expect(findingLines(plans, "ISO-02").filter((line) => line.startsWith(rule))).toEqual([]);
    });
  });

  describe("check reports ISO-02 when the real gateway configuration is weakened", () => {
    test("two servers multiplexed into one route, one virtual MCP server", () => {
      expect(
        weakened("ISO-02", (plans) =>
          editGatewayConfig(plans, "prod", (generated) => {
            const docs = routeOf(generated, "docs-search").backends[0].mcp.targets[0];
            routeOf(generated, "github-tools").backends[0].mcp.targets.push(docs);
          })
        )
      ).toEqual([
        `${at}: route "docs-search" shares server namespace docs-search with route "github-tools"`,
        `${at}: route "docs-search" shares target "docs-search" with route "github-tools"`,
        `${at}: route "github-tools" forwards to 2 MCP targets over 1 backend, not one server: sessions would span servers`,
      ]);
    });
  });
});
