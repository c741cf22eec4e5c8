import { ENVIRONMENTS } from "../support/compute";
import { editGatewayConfig, gatewayConfig, gatewayFile, GATEWAY_CONFIG_MAP, routeOf } from "../support/gateway";
import { findingLines, weakened } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";
import { GUARDED_METHODS, methodPhase } from "../../policies/guard";

const rule = "dlp-00-guard-sees-every-method";
const at = `${rule} ${gatewayFile("prod")} ${GATEWAY_CONFIG_MAP}`;
const ours = (lines: string[]) => lines.filter((line) => line.startsWith(`${rule} `));

describe("DLP-00 responses inspected before they return, IO-06 requests normalized: the guard sees both phases of every MCP method", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    test("every route's guard processor resolves every MCP method to full; no finding of the rule", () => {
      const plans = synthesizedPlans();
      for (const route of gatewayConfig(plans, environment).routes) {
        for (const method of GUARDED_METHODS) expect([route.name, method, methodPhase(route.policies.mcpGuardrails.processors[0].methods, method)]).toEqual([route.name, method, "full"]);
      }
      expect(ours(findingLines(plans, "DLP-00"))).toEqual([]);
    });
  });

  test("method keys resolve as agentgateway matches them: exact, then prefix, then suffix, then *", () => {
    const methods = { "*": "full", "tools/*": "request", "*/list": "response", "tools/list": "off" };
    expect(methodPhase(methods, "tools/list")).toBe("off");
    expect(methodPhase(methods, "tools/call")).toBe("request");
    expect(methodPhase(methods, "prompts/list")).toBe("response");
    expect(methodPhase(methods, "resources/read")).toBe("full");
    expect(methodPhase({ "tools/call": "full" }, "ping")).toBeUndefined();
    expect(GUARDED_METHODS).toEqual(expect.arrayContaining(["tools/call", "tools/list", "resources/read", "prompts/get", "initialize"]));
  });

  describe("check reports DLP-00 when the real gateway configuration narrows the guard", () => {
    test("tools/call checked on the request only: its results reach the client unfiltered", () => {
      expect(ours(weakened("DLP-00", (plans) => editGatewayConfig(plans, "prod", (generated) => (routeOf(generated, "github-tools").policies.mcpGuardrails.processors[0].methods["tools/call"] = "request"))))).toEqual([
        `${at}: route "github-tools" runs the MCP guard on tools/call in phase request: its results reach the client unchecked (no DLP, no result threat patterns, tools/list unfiltered)`,
      ]);
    });

    test("a pattern that skips tools/* and one that checks lists only on the way in", () => {
      expect(
        ours(
          weakened("DLP-00", (plans) =>
            editGatewayConfig(plans, "prod", (generated) => {
              routeOf(generated, "docs-search").policies.mcpGuardrails.processors[0].methods = { "*": "full", "tools/*": "off" };
              routeOf(generated, "github-tools").policies.mcpGuardrails.processors[0].methods = { "*": "full", "*/list": "response" };
            })
          )
        )
      ).toEqual([
        `${at}: route "docs-search" runs the MCP guard on tools/call in phase off: neither its requests nor its results are checked`,
        `${at}: route "docs-search" runs the MCP guard on tools/list in phase off: neither its requests nor its results are checked`,
        `${at}: route "github-tools" runs the MCP guard on prompts/list in phase response: its requests reach the server unchecked (no schema validation, no argument threat patterns)`,
        `${at}: route "github-tools" runs the MCP guard on resources/list in phase response: its requests reach the server unchecked (no schema validation, no argument threat patterns)`,
        `${at}: route "github-tools" runs the MCP guard on resources/templates/list in phase response: its requests reach the server unchecked (no schema validation, no argument threat patterns)`,
        `${at}: route "github-tools" runs the MCP guard on tools/list in phase response: its requests reach the server unchecked (no schema validation, no argument threat patterns)`,
      ]);
    });

    test("only tools/call listed: every other method bypasses the guard", () => {
      const lines = ours(weakened("DLP-00", (plans) => editGatewayConfig(plans, "prod", (generated) => (routeOf(generated, "docs-search").policies.mcpGuardrails.processors[0].methods = { "tools/call": "full" }))));
      expect(lines).toHaveLength(GUARDED_METHODS.length - 1);
      expect(lines).toContain(`${at}: route "docs-search" runs the MCP guard on resources/read in phase off: neither its requests nor its results are checked`);
    });
  });
});
