import { TOOL_CHANGED_EVENT } from "../../guard/src/checks/TOOL-08";
import { GUARD_TOOL_CHANGED_PATTERN } from "../../stacks/observability-aws";
import { Artifacts } from "../../policies/types";
import { ENVIRONMENTS, ref, rulesFired } from "../support/compute";
import { alertsTopic, named } from "../support/detection";
import { findingsFor, removeResources, stackResources, synthesizedPlans } from "../support/plans";

const alarmName = (environment: string) => `mcp-${environment}-guard-tool-changed`;

describe("TOOL-08 integrity verification: a changed or unknown tool raises an alarm to the security topic", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("the guard's tool_changed audit events are counted from the container log group", () => {
      const containers = named(plans, environment, "aws_cloudwatch_log_group", `/mcp/${environment}/containers`);
      expect(GUARD_TOOL_CHANGED_PATTERN).toBe(`{ ($.kubernetes.namespace_name = "mcp-gateway") && ($.event = "${TOOL_CHANGED_EVENT}") }`);
      expect(named(plans, environment, "aws_cloudwatch_log_metric_filter", alarmName(environment)).values).toMatchObject({
        log_group_name: `/mcp/${environment}/containers`,
        pattern: GUARD_TOOL_CHANGED_PATTERN,
        metric_transformation: { name: alarmName(environment), namespace: "mcp-hardening/Runtime", value: "1" },
      });
      expect(containers.values["name"]).toBe(`/mcp/${environment}/containers`);
    });

    test("the first change in five minutes raises the alarm, notifying the encrypted alert topic", () => {
      const topic = ref(alertsTopic(plans, environment), "arn");
      expect(named(plans, environment, "aws_cloudwatch_metric_alarm", alarmName(environment), "alarm_name").values).toMatchObject({
        metric_name: alarmName(environment),
        threshold: 1,
        comparison_operator: "GreaterThanOrEqualToThreshold",
        alarm_actions: [topic],
        ok_actions: [topic],
      });
    });

    test("the synthesized plan passes every TOOL-08 rule", () => {
      expect(findingsFor(plans, "TOOL-08")).toEqual([]);
    });
  });

  describe("check reports TOOL-08 when the real plan is weakened", () => {
    const fired = (mutate: (plans: Artifacts) => void) => rulesFired("TOOL-08", mutate);
    /** Every alarm and metric filter on the guard's tool-change events: the environment-wide one and the per-server correlation ones. */
    const isAlarm = (resource: { values: Record<string, unknown> }) => /-guard-tool-changed(-|$)/.test(String(resource.values["alarm_name"]));
    const isFilter = (resource: { values: Record<string, unknown> }) => String(resource.values["pattern"] ?? "").includes('$.event = "mcp.guard.tool_changed"');

    test("the tool-change alarm is deleted", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_cloudwatch_metric_alarm", isAlarm))).toEqual(["tool-08-tool-change-alarm"]);
    });

    test("the metric filter is deleted", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_cloudwatch_log_metric_filter", isFilter))).toEqual(["tool-08-tool-change-alarm"]);
    });

    test("the alarm notifies nobody", () => {
      expect(
        fired((plans) => {
          for (const alarm of stackResources(plans, "prod", "aws_cloudwatch_metric_alarm").filter(isAlarm)) alarm.values["alarm_actions"] = [];
        }),
      ).toEqual(["tool-08-tool-change-alarm"]);
    });
  });
});
