import { CLOUDTRAIL_ALARMS } from "../../constructs/security-alarms";
import { config, ENVIRONMENTS, only, ref, rulesFired } from "../support/compute";
import { alertsTopic, named } from "../support/detection";
import { addResource, findingsFor, removeResources, stackResources, synthesizedPlans } from "../support/plans";

type Plans = ReturnType<typeof synthesizedPlans>;

describe("TS-04 cross-server monitoring (one detector per account sees every MCP server; every alert meets in one topic)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const topicArn = ref(alertsTopic(plans, environment), "arn");

    test("one account-wide GuardDuty detector watches the cluster's audit log and every node's runtime, so every server's namespace is covered", () => {
      const detector = only(plans, environment, "aws_guardduty_detector");
      for (const name of ["EKS_AUDIT_LOGS", "RUNTIME_MONITORING"]) {
        expect(named(plans, environment, "aws_guardduty_detector_feature", name).values).toMatchObject({ detector_id: ref(detector, "id"), status: "ENABLED" });
      }
      expect(only(plans, environment, "aws_securityhub_account")).toBeDefined();
    });

    test("every CloudTrail alarm, the correlation and every finding route notify the same encrypted topic", () => {
      const notifying = [
        ...CLOUDTRAIL_ALARMS.map((definition) => named(plans, environment, "aws_cloudwatch_metric_alarm", `mcp-${environment}-${definition.id}`, "alarm_name")),
        named(plans, environment, "aws_cloudwatch_composite_alarm", `mcp-${environment}-sign-in-failure-burst-then-success`, "alarm_name"),
      ];
      for (const alarm of notifying) expect(alarm.values["alarm_actions"]).toEqual([topicArn]);
      const targets = stackResources(plans, environment, "aws_cloudwatch_event_target").filter((target) => String(target.values["rule"]).includes("finding-alerts"));
      expect(targets.map((target) => target.values["arn"])).toEqual([topicArn, topicArn, topicArn]);
    });

    test("each MCP server has its own WAF block alarm, and all of them notify that topic", () => {
      for (const server of config(environment).mcpServers) {
        expect(named(plans, environment, "aws_cloudwatch_metric_alarm", `mcp-${environment}-waf-blocked-${server.name}`, "alarm_name").values["alarm_actions"]).toEqual([topicArn]);
      }
    });

    test("the synthesized plan passes every TS-04 rule", () => {
      expect(findingsFor(plans, "TS-04")).toEqual([]);
    });
  });

  describe("check reports TS-04 when the real plan is weakened", () => {
    const fired = (mutate: (plans: Plans) => void) => rulesFired("TS-04", mutate);

    test("the GuardDuty detector is removed", () => {
      expect(
        fired((plans) => {
          removeResources(plans, "prod", "aws_guardduty_detector");
          removeResources(plans, "prod", "aws_guardduty_detector_feature");
        }),
      ).toEqual(["pub-07-threat-detection-enabled"]);
    });

    test("GuardDuty findings are diverted to a side topic that is not encrypted", () => {
      expect(
        fired((plans) => {
          addResource(plans, "prod", "aws_sns_topic", "side", { name: "mcp-prod-side" });
          const target = stackResources(plans, "prod", "aws_cloudwatch_event_target").find((candidate) => String(candidate.values["rule"]).includes("guardduty-high-severity"))!;
          target.values["arn"] = "${aws_sns_topic.side.arn}";
        }),
      ).toEqual(["log-03-security-alarms"]);
    });
  });
});
