import { INCIDENT_TYPES } from "../../baselines/incident-types";
import { Artifacts } from "../../policies/types";
import { runbookNames } from "../../policies/runbook-names";
import { config, ENVIRONMENTS, rulesFired } from "../support/compute";
import { findingsFor, removeResources, stack, stackResources, synthesizedPlans } from "../support/plans";

describe("IR-01 incident classification: each incident type has a first signal that pages", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("the plan names a first signal of every type: tool-change, audit-trail, large-response and WAF alarms, and the containment triggers", () => {
      const names = runbookNames(stack(plans, environment));
      const servers = config(environment).mcpServers.map((server) => server.name);
      expect(names.alarms.toolChanges).toEqual(servers.map((server) => `mcp-${environment}-guard-tool-changed-${server}`).sort());
      expect(names.alarms.auditTrail.length).toBeGreaterThan(0);
      expect(names.alarms.largeResponses.length).toBe(servers.length);
      expect(names.alarms.wafBlocked.length).toBeGreaterThan(0);
      expect(names.containmentTriggers.length).toBeGreaterThan(0);
      expect(INCIDENT_TYPES.map((type) => type.file)).toEqual(["tool-poisoning.md", "unauthorized-access.md", "data-exfiltration.md", "server-compromise.md", "denial-of-service.md"]);
    });

    test("the synthesized plan passes every IR-01 rule", () => {
      expect(findingsFor(plans, "IR-01")).toEqual([]);
    });
  });

  describe("check reports IR-01 when the real plan is weakened", () => {
    const fired = (mutate: (plans: Artifacts) => void) => rulesFired("IR-01", mutate);
    const messages = (mutate: (plans: Artifacts) => void) => {
      const plans = synthesizedPlans();
      mutate(plans);
      return findingsFor(plans, "IR-01").map((finding) => finding.message);
    };
    const isToolChange = (resource: { values: Record<string, unknown> }) => String(resource.values["alarm_name"] ?? "").startsWith("mcp-prod-guard-tool-changed-");

    test("every tool-change alarm is deleted: tool poisoning has no first signal", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_cloudwatch_metric_alarm", isToolChange))).toEqual(["ir-01-incident-signals"]);
      expect(messages((plans) => removeResources(plans, "prod", "aws_cloudwatch_metric_alarm", isToolChange))).toEqual([expect.stringContaining('incident type "Suspected tool poisoning" (IR-01) has no first signal')]);
    });

    test("the tool-change alarms notify nobody", () => {
      const silence = (plans: Artifacts) => stackResources(plans, "prod", "aws_cloudwatch_metric_alarm").filter(isToolChange).forEach((alarm) => (alarm.values["alarm_actions"] = []));
      expect(messages(silence)).toEqual([expect.stringMatching(/"Suspected tool poisoning" \(IR-01\): no .* pages anyone: it notifies nobody/)]);
    });

    test("the containment function's EventBridge targets are deleted: a compromise starts nothing", () => {
      expect(messages((plans) => removeResources(plans, "prod", "aws_cloudwatch_event_target", (target) => String(target.values["arn"]).includes("containment")))).toEqual([expect.stringContaining('"MCP server compromise" (IR-01) has no first signal')]);
    });

    test("the WAF block alarms are deleted: a denial of service has no first signal", () => {
      const wafAlarms = new Set(runbookNames(stack(synthesizedPlans(), "prod")).alarms.wafBlocked);
      expect(fired((plans) => removeResources(plans, "prod", "aws_cloudwatch_metric_alarm", (alarm) => wafAlarms.has(String(alarm.values["alarm_name"]))))).toEqual(["ir-01-incident-signals"]);
    });
  });
});
