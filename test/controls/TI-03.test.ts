import { renderRunbooks } from "../../review/runbooks";
import { Artifacts } from "../../policies/types";
import { config, ENVIRONMENTS, ref, rulesFired } from "../support/compute";
import { named } from "../support/detection";
import { removeResources, stack, synthesizedPlans } from "../support/plans";

describe("TI-03 proactive threat hunting and TI-02 indicator sharing: saved queries the runbooks name", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("the export queries read the DNS Firewall's query log and the egress firewall's alert log", () => {
      const blocked = named(plans, environment, "aws_cloudwatch_query_definition", `mcp-${environment}/threat-intel/export-blocked-domains`);
      expect(blocked.values["log_group_names"]).toEqual([ref(named(plans, environment, "aws_cloudwatch_log_group", `/mcp/${environment}/dns-queries`), "name")]);
      expect(blocked.values["query_string"]).toContain('filter firewall_rule_action = "BLOCK"');
      const alerts = named(plans, environment, "aws_cloudwatch_query_definition", `mcp-${environment}/threat-intel/export-firewall-alerts`);
      expect(alerts.values["log_group_names"]).toEqual([ref(named(plans, environment, "aws_cloudwatch_log_group", `/mcp/${environment}/network-firewall/alert`), "name")]);
    });

    test("every incident runbook names the hunting and export queries, the recovery runbooks and the feed bucket", () => {
      for (const runbook of renderRunbooks(stack(plans, environment)).filter((candidate) => candidate.file !== "README.md")) {
        expect(runbook.markdown).toContain(`\`mcp-${environment}/correlation/tool-changed-then-called\``);
        expect(runbook.markdown).toContain(`\`mcp-${environment}/threat-intel/export-blocked-domains\``);
        for (const server of config(environment).mcpServers) expect(runbook.markdown).toContain(`aws ssm start-automation-execution --document-name mcp-${environment}-recover-${server.name} --region`);
        expect(runbook.markdown).toMatch(new RegExp(`s3://mcp-${environment}-threat-intel-\\d{12}/feeds/`));
      }
    });
  });

  describe("check reports TI-02 and TI-03 when the real plan is weakened", () => {
    test("the plan as synthesized passes", () => {
      expect(rulesFired("TI-02", () => undefined)).toEqual([]);
      expect(rulesFired("TI-03", () => undefined)).toEqual([]);
    });

    test("the blocked-domain export is removed (TI-02)", () => {
      expect(rulesFired("TI-02", (plans: Artifacts) => void removeResources(plans, "prod", "aws_cloudwatch_query_definition", (query) => String(query.values["name"]).endsWith("export-blocked-domains")))).toEqual(["ti-03-hunting-queries"]);
    });

    test("the hunting queries are removed (TI-03)", () => {
      expect(rulesFired("TI-03", (plans: Artifacts) => void removeResources(plans, "prod", "aws_cloudwatch_query_definition", (query) => String(query.values["name"]).includes("/correlation/")))).toEqual(["ti-03-hunting-queries"]);
    });
  });
});
