import { CORRELATED_RULES, GUARD_AUDIT_EVENTS, mcpCorrelations } from "../../baselines/mcp-correlations";
import { Artifacts } from "../../policies/types";
import { config, ENVIRONMENTS, ref, rulesFired } from "../support/compute";
import { alertsTopic, named } from "../support/detection";
import { removeResources, stackResources, synthesizedPlans } from "../support/plans";

const alarm = (plans: Artifacts, environment: string, id: string) => named(plans, environment, "aws_cloudwatch_metric_alarm", `mcp-${environment}-${id}`, "alarm_name");
const filter = (plans: Artifacts, environment: string, id: string) => named(plans, environment, "aws_cloudwatch_log_metric_filter", `mcp-${environment}-${id}`);
const composite = (plans: Artifacts, environment: string, id: string) => named(plans, environment, "aws_cloudwatch_composite_alarm", `mcp-${environment}-${id}`, "alarm_name");

describe("TOOL-12 security-telemetry correlation (TS-04 cross-server, LOG-03): the guard's audit lines correlated across MCP servers", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const topic = ref(alertsTopic(plans, environment), "arn");
    const servers = config(environment).mcpServers.map((server) => server.name);
    const containers = named(plans, environment, "aws_cloudwatch_log_group", `/mcp/${environment}/containers`);

    test("authentication failure bursts and revoked-session use page the alert topic, counting the guard's own lines only", () => {
      const auth = filter(plans, environment, "guard-auth-failure-burst");
      expect(auth.values["log_group_name"]).toBe(ref(containers, "name"));
      expect(auth.values["pattern"]).toBe(
        `{ ($.kubernetes.namespace_name = "mcp-gateway") && ($.event = "${GUARD_AUDIT_EVENTS.decision}") && ($.decision = "deny") && (($.rules[0] = "AUTH-*") || ($.rules[0] = "CV-01*")) }`
      );
      expect(alarm(plans, environment, "guard-auth-failure-burst").values).toMatchObject({ threshold: 10, period: 300, alarm_actions: [topic], ok_actions: [topic] });
      expect(filter(plans, environment, "guard-revoked-session-use").values["pattern"]).toContain(`($.rules[0] = "${CORRELATED_RULES.revokedSession[0]}*")`);
      expect(alarm(plans, environment, "guard-revoked-session-use").values).toMatchObject({ threshold: 1, alarm_actions: [topic] });
    });

    test("per server: a tool change pages and is correlated with calls to that server; a DLP hit with that server's large-response alarm", () => {
      for (const server of servers) {
        const changed = alarm(plans, environment, `guard-tool-changed-${server}`);
        expect(changed.values).toMatchObject({ alarm_actions: [topic], evaluation_periods: 6, datapoints_to_alarm: 1 });
        expect(filter(plans, environment, `guard-tool-changed-${server}`).values["pattern"]).toContain(`($.event = "${GUARD_AUDIT_EVENTS.toolChanged}") && ($.server = "${server}")`);
        const calls = alarm(plans, environment, `guard-tool-calls-${server}`);
        expect(calls.values["alarm_actions"]).toEqual([]);
        expect(composite(plans, environment, `tool-changed-then-called-${server}`).values).toMatchObject({
          alarm_rule: `ALARM("${ref(changed, "alarm_name")}") AND ALARM("${ref(calls, "alarm_name")}")`,
          alarm_actions: [topic],
          ok_actions: [topic],
        });
        const dlp = alarm(plans, environment, `guard-dlp-${server}`);
        const large = alarm(plans, environment, `large-responses-${server}`);
        expect(composite(plans, environment, `dlp-then-large-response-${server}`).values).toMatchObject({ alarm_rule: `ALARM("${ref(dlp, "alarm_name")}") AND ALARM("${ref(large, "alarm_name")}")`, alarm_actions: [topic] });
      }
    });

    test("denial bursts on any two servers raise one composite alarm (environments with two servers or more)", () => {
      const found = stackResources(plans, environment, "aws_cloudwatch_composite_alarm").filter((candidate) => candidate.values["alarm_name"] === `mcp-${environment}-denial-burst-across-servers`);
      if (servers.length < 2) {
        expect(found).toEqual([]);
        return;
      }
      const rule = String(found[0].values["alarm_rule"]);
      expect(rule).toMatch(/^AT_LEAST\(2, ALARM, \(.*\)\)$/);
      expect(rule.split(", ").length - 2).toBe(servers.length);
      for (const server of servers) expect(rule).toContain(ref(alarm(plans, environment, `guard-denials-${server}`), "arn"));
    });

    test("every correlation is a saved Logs Insights query over the container log group", () => {
      for (const correlation of mcpCorrelations(config(environment).logging.largeResponseBytes)) {
        const query = named(plans, environment, "aws_cloudwatch_query_definition", `mcp-${environment}/correlation/${correlation.id}`);
        expect(query.values).toMatchObject({ name: `mcp-${environment}/correlation/${correlation.id}`, log_group_names: [ref(containers, "name")], query_string: correlation.query });
      }
    });
  });

  describe("check reports TOOL-12 when the real plan is weakened", () => {
    const fired = (mutate: (plans: Artifacts) => void) => rulesFired("TOOL-12", mutate);

    test("the plan as synthesized passes", () => {
      expect(fired(() => undefined)).toEqual([]);
    });

    test("a guard filter counts lines from every namespace, so a server could forge audit lines", () => {
      expect(
        fired((plans) => {
          const target = filter(plans, "prod", "guard-revoked-session-use");
          target.values["pattern"] = String(target.values["pattern"]).replace('($.kubernetes.namespace_name = "mcp-gateway") && ', "");
        })
      ).toEqual(["tool-12-guard-correlation"]);
    });

    test("the revoked-session alarm notifies nobody", () => {
      expect(fired((plans) => void (alarm(plans, "prod", "guard-revoked-session-use").values["alarm_actions"] = []))).toEqual(["tool-12-guard-correlation"]);
    });

    test("the rug-pull correlation of one server is removed", () => {
      expect(fired((plans) => void removeResources(plans, "prod", "aws_cloudwatch_composite_alarm", (resource) => resource.values["alarm_name"] === "mcp-prod-tool-changed-then-called-docs-search"))).toEqual([
        "tool-12-guard-correlation",
      ]);
    });

    test("the DLP correlation no longer requires the large response (OR instead of AND)", () => {
      expect(
        fired((plans) => {
          const target = composite(plans, "prod", "dlp-then-large-response-github-tools");
          target.values["alarm_rule"] = String(target.values["alarm_rule"]).replace(" AND ", " OR ");
        })
      ).toEqual(["tool-12-guard-correlation"]);
    });

    test("the cross-server denial correlation is removed", () => {
      expect(fired((plans) => void removeResources(plans, "prod", "aws_cloudwatch_composite_alarm", (resource) => resource.values["alarm_name"] === "mcp-prod-denial-burst-across-servers"))).toEqual([
        "tool-12-guard-correlation",
      ]);
    });

    test("a saved hunting query is removed", () => {
      expect(fired((plans) => void removeResources(plans, "prod", "aws_cloudwatch_query_definition", (resource) => String(resource.values["name"]).endsWith("/revoked-session-access")))).toEqual([
        "tool-12-guard-correlation",
      ]);
    });
  });
});
