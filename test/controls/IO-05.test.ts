import { config, ENVIRONMENTS } from "../support/compute";
import { gatewayFile } from "../support/gateway";
import { editGuardConfig, guardConfigOf, GUARD_CONFIG_MAP } from "../support/guard";
import { findingLines, weakened } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const rule = "io-05-guard-sinks-resolve";
const at = `${rule} ${gatewayFile("prod")} ${GUARD_CONFIG_MAP}`;
const ours = (lines: string[]) => lines.filter((line) => line.startsWith(`${rule} `));

describe("IO-05 context-specific encoding: the declared argument sinks reach the guard and point at string arguments", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("every sink the environment declares reaches the guard on its tool, and the rule finds nothing", () => {
      const declared = config(environment).mcpServers.flatMap((server) => server.tools.flatMap((tool) => Object.entries(tool.sinks ?? {}).map(([pointer, sink]) => `${server.name} ${tool.name} ${pointer} ${sink}`)));
      const generated = Object.entries(guardConfigOf(plans, environment).servers as Record<string, { tools: Record<string, { sinks?: Record<string, string> }> }>).flatMap(([server, { tools }]) =>
        Object.entries(tools).flatMap(([tool, { sinks }]) => Object.entries(sinks ?? {}).map(([pointer, sink]) => `${server} ${tool} ${pointer} ${sink}`))
      );
      expect(declared.length).toBeGreaterThan(0);
      expect(generated.sort()).toEqual(declared.sort());
      expect(ours(findingLines(plans, "IO-05"))).toEqual([]);
    });
  });

  test("check reports IO-05 for a sink on an argument the schema lacks, on a number, and of an unknown kind", () => {
    expect(
      ours(
        weakened("IO-05", (plans) =>
          editGuardConfig(plans, "prod", (generated) => {
            const tool = generated.servers["docs-search"].tools.search_docs;
            tool.sinks = { "/no-such-argument": "sql", "/path": "ldap" };
            tool.definition.inputSchema.properties.limit = { type: "integer", minimum: 1, maximum: 10 };
            tool.sinks["/limit"] = "shell";
          })
        )
      )
    ).toEqual([
      `${at}: server "docs-search" tool "search_docs" sink /limit: the argument there is "integer", not a string, so the guard checks nothing`,
      `${at}: server "docs-search" tool "search_docs" sink /no-such-argument: the approved inputSchema has no argument there, so the guard checks nothing`,
      `${at}: server "docs-search" tool "search_docs" sink /path: "ldap" is not a sink the guard has rules for (sql, shell, path, url, html)`,
    ]);
  });
});
