import { TOOL_CHANGED_EVENT } from "../../guard/src/checks/TOOL-08";
import { Artifacts } from "../../policies/types";
import { config, ENVIRONMENTS, ref, rulesFired } from "../support/compute";
import { alertsTopic, named } from "../support/detection";
import { findingsFor, removeResources, stackResources, synthesizedPlans } from "../support/plans";

const alarmName = (environment: string, server: string) => `mcp-${environment}-guard-tool-changed-${server}`;
const countsToolChanges = (resource: { values: Record<string, unknown> }) => String(resource.values["pattern"] ?? "").includes(`$.event = "${TOOL_CHANGED_EVENT}"`);

describe("TOOL-08 integrity verification: a changed or unknown tool raises an alarm to the security topic", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const servers = config(environment).mcpServers.map((server) => server.name);

    test("each server's tool_changed audit events are counted from the container log group, in the guard's namespace only", () => {
      const containers = named(plans, environment, "aws_cloudwatch_log_group", `/mcp/${environment}/containers`);
      for (const server of servers) {
        expect(named(plans, environment, "aws_cloudwatch_log_metric_filter", alarmName(environment, server)).values).toMatchObject({
          log_group_name: ref(containers, "name"),
          pattern: `{ ($.kubernetes.namespace_name = "mcp-gateway") && ($.event = "${TOOL_CHANGED_EVENT}") && ($.server = "${server}") }`,
        });
      }
    });

    test("one alarm per server, no environment-wide second one: the first change raises it, notifying the encrypted alert topic", () => {
      const topic = ref(alertsTopic(plans, environment), "arn");
      for (const server of servers) {
        expect(named(plans, environment, "aws_cloudwatch_metric_alarm", alarmName(environment, server), "alarm_name").values).toMatchObject({
          threshold: 1,
          comparison_operator: "GreaterThanOrEqualToThreshold",
          alarm_actions: [topic],
          ok_actions: [topic],
        });
      }
      expect(stackResources(plans, environment, "aws_cloudwatch_log_metric_filter").filter(countsToolChanges)).toHaveLength(servers.length);
    });

    test("the synthesized plan passes every TOOL-08 rule", () => {
      expect(findingsFor(plans, "TOOL-08")).toEqual([]);
    });
  });

  describe("check reports TOOL-08 when the real plan is weakened", () => {
    const fired = (mutate: (plans: Artifacts) => void) => rulesFired("TOOL-08", mutate);
    const server = config("prod").mcpServers[0].name;
    const isServerAlarm = (resource: { values: Record<string, unknown> }) => resource.values["alarm_name"] === alarmName("prod", server);

    test("one server's tool-change alarm is deleted", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_cloudwatch_metric_alarm", isServerAlarm))).toEqual(["tool-08-tool-change-alarm"]);
    });

    test("one server's metric filter is deleted", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_cloudwatch_log_metric_filter", (filter) => filter.values["name"] === alarmName("prod", server)))).toEqual(["tool-08-tool-change-alarm"]);
    });

    test("the filter counts lines from any namespace (a server could forge the guard's events)", () => {
      expect(
        fired((plans) => {
          for (const filter of stackResources(plans, "prod", "aws_cloudwatch_log_metric_filter").filter((candidate) => candidate.values["name"] === alarmName("prod", server))) {
            filter.values["pattern"] = `{ ($.event = "${TOOL_CHANGED_EVENT}") && ($.server = "${server}") }`;
          }
        }),
      ).toContain("tool-08-tool-change-alarm");
    });

    test("the alarm notifies nobody", () => {
      expect(
        fired((plans) => {
          for (const alarm of stackResources(plans, "prod", "aws_cloudwatch_metric_alarm").filter(isServerAlarm)) alarm.values["alarm_actions"] = [];
        }),
      ).toEqual(["tool-08-tool-change-alarm"]);
    });
  });
});
