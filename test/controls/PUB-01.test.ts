import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { synthesizedPlans } from "../support/plans";
import { findingLines, weakened } from "../support/kubernetes";
import { editGuardConfig, guardConfigOf } from "../support/guard";
import { editGatewayConfig, gatewayConfig, routeOf } from "../support/gateway";

const ours = (lines: string[]) => lines.filter((line) => line.startsWith("pub-01-guard-session-binding "));

describe("PUB-01 agent boundaries and state separation: MCP sessions are bound to the principal that opened them", () => {
  describe.each(BUILT_IN_ENVIRONMENTS.map((environment) => [environment.name, environment] as const))("in %s", (name, environment) => {
    const plans = synthesizedPlans();

    test("the guard checks tokens and every route forwards the token and the session id to it", () => {
      expect(guardConfigOf(plans, name).auth.issuer).toBe(environment.gateway.jwt.issuer);
      for (const server of environment.mcpServers) {
        expect(routeOf(gatewayConfig(plans, name), server.name).policies.mcpGuardrails.processors[0].requestHeaders.allowed).toEqual(expect.arrayContaining(["authorization", "mcp-session-id"]));
      }
    });

    test("no finding of the rule", () => {
      expect(ours(findingLines(plans, "PUB-01"))).toEqual([]);
    });
  });

  test("check reports a route that drops the session id, a guard without token checks, and bindings longer than a day", () => {
    const dropped = ours(
      weakened("PUB-01", (plans) =>
        editGatewayConfig(plans, "prod", (gateway) => {
          const processor = routeOf(gateway, "github-tools").policies.mcpGuardrails.processors[0];
          processor.requestHeaders.allowed = processor.requestHeaders.allowed.filter((header: string) => header !== "mcp-session-id");
        })
      )
    );
    expect(dropped).toEqual([expect.stringMatching(/^pub-01-guard-session-binding prod\/gateway\.yaml ConfigMap\/mcp-gateway\/agentgateway-config: route "[^"]*github-tools[^"]*" does not forward mcp-session-id to the guard/)]);
    expect(ours(weakened("PUB-01", (plans) => editGuardConfig(plans, "prod", (config) => delete config.auth)))).toEqual([
      "pub-01-guard-session-binding prod/gateway.yaml ConfigMap/mcp-gateway/mcp-guard-config: checks no token (no auth), so it cannot bind MCP sessions to the principal that opened them",
    ]);
    expect(ours(weakened("PUB-01", (plans) => editGuardConfig(plans, "prod", (config) => (config.auth.sessionTtlSeconds = 604800))))).toEqual([
      "pub-01-guard-session-binding prod/gateway.yaml ConfigMap/mcp-gateway/mcp-guard-config: binds sessions for 604800 s, more than 86400",
    ]);
  });
});
