import { config, ENVIRONMENTS } from "../support/compute";
import { editGatewayConfig, gatewayConfig, gatewayFile, GATEWAY_CONFIG_MAP, routeOf } from "../support/gateway";
import { findingLines, weakened, yamlObject } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const rule = "ts-01-gateway-declared-tools-only";
const at = `${rule} ${gatewayFile("prod")} ${GATEWAY_CONFIG_MAP}`;

describe("TS-01 capability-discovery controls (clients discover and call only each server's declared tools)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("each server's namespace records its declared tools and scopes, and its route allows exactly those, one rule each", () => {
      const generated = gatewayConfig(plans, environment);
      for (const server of config(environment).mcpServers) {
        const namespace = yamlObject(plans, environment, `Namespace/${server.name}`);
        const declared = Object.fromEntries([...server.tools].sort((a, b) => a.name.localeCompare(b.name)).map((tool) => [tool.name, tool.scopes]));
        expect(JSON.parse(namespace.metadata.annotations?.["mcp.security/declared-tools"] ?? "null")).toEqual(declared);
        expect(routeOf(generated, server.name).policies.mcpAuthorization.rules).toEqual(
          Object.entries(declared).map(([tool, scopes]) => ({ allow: [`mcp.tool.name == "${tool}"`, ...scopes.map((scope) => `(" " + jwt.scope + " ").contains(" ${scope} ")`)].join(" && ") }))
        );
      }
    });

    test("no finding of the gateway's TS-01 rule", () => {
      expect(findingLines(plans, "TS-01").filter((line) => line.startsWith(rule))).toEqual([]);
    });
  });

  describe("check reports TS-01 when the real gateway configuration is weakened", () => {
    test("a rule allows every tool, an undeclared tool, or a declared tool without its scope", () => {
      expect(
        weakened("TS-01", (plans) =>
          editGatewayConfig(plans, "prod", (generated) => {
            const { rules } = routeOf(generated, "github-tools").policies.mcpAuthorization;
            rules.push("true", { allow: 'mcp.tool.name == "delete_repository" && (" " + jwt.scope + " ").contains(" mcp:github:write ")' });
            rules[0] = { allow: 'mcp.tool.name == "create_issue"' };
          })
        )
      ).toEqual([
        `${at}: route "github-tools" rule 0 allows tool "create_issue" without the declared scope mcp:github:write`,
        `${at}: route "github-tools" rule 2 (allow "true") does not allow exactly one named tool with its scopes`,
        `${at}: route "github-tools" rule 3 allows tool "delete_repository", which its server does not declare`,
        `ts-01-guard-approved-tools ${gatewayFile("prod")} ConfigMap/mcp-gateway/mcp-guard-config: server "github-tools" has no approved definition of tool "delete_repository", which the gateway's route "github-tools" allows`,
      ]);
    });

    test("a route's authorization rules are removed: every tool is listed and callable", () => {
      expect(weakened("TS-01", (plans) => editGatewayConfig(plans, "prod", (generated) => delete routeOf(generated, "docs-search").policies.mcpAuthorization))).toEqual([
        `${at}: route "docs-search" has no mcpAuthorization rules, so every tool, prompt and resource of its servers is listed and callable`,
      ]);
    });

    test("the server's namespace stops recording its declared tools: nothing the route allows is declared", () => {
      expect(weakened("TS-01", (plans) => delete (yamlObject(plans, "prod", "Namespace/docs-search").metadata as { annotations?: unknown }).annotations)).toEqual([
        `${at}: route "docs-search" rule 0 allows tool "search_docs", which its server does not declare`,
        `${at}: route "docs-search" targets docs-search.docs-search.svc.cluster.local, whose MCP server namespace records no declared tools (mcp.security/declared-tools)`,
      ]);
    });

    test("a deny rule only narrows what is allowed: no finding", () => {
      expect(weakened("TS-01", (plans) => editGatewayConfig(plans, "prod", (generated) => routeOf(generated, "github-tools").policies.mcpAuthorization.rules.push({ deny: 'jwt.sub == "mallory"' })))).toEqual([]);
    });
  });
});
