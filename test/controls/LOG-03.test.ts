import { CLOUDTRAIL_ALARMS } from "../../constructs/security-alarms";
import { config, ENVIRONMENTS, only, ref, rulesFired } from "../support/compute";
import { alertsTopic, keyStatements, named, statements } from "../support/detection";
import { findingsFor, removeResources, stackResources, synthesizedPlans } from "../support/plans";

type Plans = ReturnType<typeof synthesizedPlans>;

const ALARM_IDS = [
  "unauthorized-api-calls",
  "console-sign-in-without-mfa",
  "root-account-usage",
  "iam-policy-changes",
  "cloudtrail-configuration-changes",
  "kms-key-disabled-or-scheduled-for-deletion",
  "s3-bucket-policy-changes",
  "config-changes",
  "security-group-changes",
  "network-acl-changes",
  "network-gateway-changes",
  "route-table-changes",
  "vpc-changes",
  "eks-access-changes",
  "console-sign-in-failure-burst",
];

const alarm = (plans: Plans, environment: string, id: string) => named(plans, environment, "aws_cloudwatch_metric_alarm", `mcp-${environment}-${id}`, "alarm_name");
const eventRule = (plans: Plans, environment: string, id: string) => named(plans, environment, "aws_cloudwatch_event_rule", `mcp-${environment}-${id}`);

describe("LOG-03 correlation and alerting (CloudTrail alarms, the failed-sign-in correlation, WAF block spikes per server, high-severity finding routes)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const { accountId, region } = config(environment);
    const topic = alertsTopic(plans, environment);
    const topicArn = ref(topic, "arn");
    const trailGroup = named(plans, environment, "aws_cloudwatch_log_group", `/mcp/${environment}/cloudtrail`);

    test("the alert topic is encrypted with the environment key", () => {
      expect(topic.values["kms_master_key_id"]).toBe(ref(only(plans, environment, "aws_kms_key"), "arn"));
    });

    test("one metric filter on the trail's log group and one alarm per CIS-style event, each notifying the topic on ALARM and OK", () => {
      expect(CLOUDTRAIL_ALARMS.map((definition) => definition.id)).toEqual(ALARM_IDS);
      for (const definition of CLOUDTRAIL_ALARMS) {
        const filter = named(plans, environment, "aws_cloudwatch_log_metric_filter", `mcp-${environment}-${definition.id}`);
        expect(filter.values).toMatchObject({
          log_group_name: ref(trailGroup, "name"),
          pattern: definition.pattern,
          metric_transformation: { name: definition.id, namespace: "mcp-hardening/CloudTrail", value: "1", default_value: "0", unit: "Count" },
        });
        expect(alarm(plans, environment, definition.id).values).toMatchObject({
          namespace: "mcp-hardening/CloudTrail",
          metric_name: definition.id,
          statistic: "Sum",
          period: 300,
          evaluation_periods: definition.id === "console-sign-in-failure-burst" ? 3 : 1,
          datapoints_to_alarm: 1,
          comparison_operator: "GreaterThanOrEqualToThreshold",
          threshold: definition.threshold,
          treat_missing_data: "notBreaching",
          alarm_actions: [topicArn],
          ok_actions: [topicArn],
        });
      }
      expect(alarm(plans, environment, "root-account-usage").values["threshold"]).toBe(1);
      expect(alarm(plans, environment, "console-sign-in-failure-burst").values["threshold"]).toBe(5);
    });

    test("a burst of failed sign-ins followed within 15 minutes by a success raises a composite alarm", () => {
      const success = alarm(plans, environment, "console-sign-in-success");
      expect(success.values).toMatchObject({ threshold: 1, alarm_actions: [], ok_actions: [] });
      expect(named(plans, environment, "aws_cloudwatch_log_metric_filter", `mcp-${environment}-console-sign-in-success`).values["pattern"]).toBe(
        '{ ($.eventName = ConsoleLogin) && ($.responseElements.ConsoleLogin = "Success") }',
      );
      const composite = named(plans, environment, "aws_cloudwatch_composite_alarm", `mcp-${environment}-sign-in-failure-burst-then-success`, "alarm_name");
      expect(composite.values).toMatchObject({
        alarm_rule: `ALARM(${ref(alarm(plans, environment, "console-sign-in-failure-burst"), "alarm_name")}) AND ALARM(${ref(success, "alarm_name")})`,
        alarm_actions: [topicArn],
        ok_actions: [topicArn],
      });
    });

    test("GuardDuty severity 7+, Security Hub HIGH/CRITICAL and Inspector CRITICAL findings go to the topic", () => {
      const patterns = {
        "guardduty-high-severity": { source: ["aws.guardduty"], "detail-type": ["GuardDuty Finding"], detail: { severity: [{ numeric: [">=", 7] }] } },
        "securityhub-high-critical": {
          source: ["aws.securityhub"],
          "detail-type": ["Security Hub Findings - Imported"],
          detail: {
            findings: {
              Severity: { Label: ["HIGH", "CRITICAL"] },
              Workflow: { Status: ["NEW"] },
              RecordState: ["ACTIVE"],
              ProductName: [{ "anything-but": ["GuardDuty", "Inspector"] }],
            },
          },
        },
        "inspector-critical": { source: ["aws.inspector2"], "detail-type": ["Inspector2 Finding"], detail: { severity: ["CRITICAL"], status: ["ACTIVE"] } },
      };
      for (const [id, pattern] of Object.entries(patterns)) {
        const rule = eventRule(plans, environment, id);
        expect(JSON.parse(String(rule.values["event_pattern"]))).toEqual(pattern);
        expect(rule.values["state"]).toBe("ENABLED");
        const targets = stackResources(plans, environment, "aws_cloudwatch_event_target").filter((target) => target.values["rule"] === ref(rule, "name"));
        expect(targets.map((target) => target.values["arn"])).toEqual([topicArn]);
      }
    });

    test("blocked requests to each MCP server are counted from the WAF log and a spike raises that server's alarm", () => {
      const wafGroup = named(plans, environment, "aws_cloudwatch_log_group", `aws-waf-logs-mcp-${environment}`);
      const { edge, mcpServers } = config(environment);
      expect(mcpServers.length).toBeGreaterThan(0);
      for (const server of mcpServers) {
        const path = `${edge.mcpPathPrefix}/${server.name}`;
        expect(named(plans, environment, "aws_cloudwatch_log_metric_filter", `mcp-${environment}-waf-blocked-${server.name}`).values).toMatchObject({
          log_group_name: ref(wafGroup, "name"),
          pattern: `{ ($.action = "BLOCK") && (($.httpRequest.uri = "${path}") || ($.httpRequest.uri = "${path}/*")) }`,
          metric_transformation: { name: `blocked-${server.name}`, namespace: "mcp-hardening/WAF", value: "1", default_value: "0" },
        });
        expect(alarm(plans, environment, `waf-blocked-${server.name}`).values).toMatchObject({
          metric_name: `blocked-${server.name}`,
          namespace: "mcp-hardening/WAF",
          period: 300,
          threshold: 100,
          comparison_operator: "GreaterThanOrEqualToThreshold",
          alarm_actions: [topicArn],
          ok_actions: [topicArn],
        });
      }
    });

    test("only this account's alarms, the three finding rules and the access analyzer route (OPS-04) may publish, and the key lets them encrypt", () => {
      const policy = statements(named(plans, environment, "aws_sns_topic_policy", topicArn, "arn"));
      expect(policy.get("NamedEventBridgeRulesPublish")).toEqual({
        Sid: "NamedEventBridgeRulesPublish",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: {
          ArnEquals: {
            "aws:SourceArn": ["guardduty-high-severity", "securityhub-high-critical", "inspector-critical", "access-analyzer-findings"].map((id) => `arn:aws:events:${region}:${accountId}:rule/mcp-${environment}-${id}`),
          },
        },
      });
      expect(policy.get("CloudWatchAlarmsOfThisAccountPublish")?.["Condition"]).toEqual({
        StringEquals: { "aws:SourceAccount": accountId },
        ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${region}:${accountId}:alarm:*` },
      });
      expect(keyStatements(plans, environment).get("EventBridgeRulesOfThisAccountOnly")).toMatchObject({
        Principal: { Service: "events.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": `arn:aws:events:${region}:${accountId}:rule/*` } },
      });
    });

    test("the synthesized plan passes every LOG-03 rule", () => {
      expect(findingsFor(plans, "LOG-03")).toEqual([]);
    });
  });

  describe("check reports LOG-03 when the real plan is weakened", () => {
    const fired = (mutate: (plans: Plans) => void) => rulesFired("LOG-03", mutate);
    const expected = ["log-03-security-alarms"];

    test("the root-usage alarm is deleted", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_cloudwatch_metric_alarm", (candidate) => candidate.values["alarm_name"] === "mcp-prod-root-account-usage"))).toEqual(expected);
    });

    test("the security-group alarm's metric filter is deleted", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_cloudwatch_log_metric_filter", (filter) => filter.values["name"] === "mcp-prod-security-group-changes"))).toEqual(expected);
    });

    test("an alarm notifies nobody", () => {
      expect(fired((plans) => (alarm(plans, "prod", "iam-policy-changes").values["alarm_actions"] = []))).toEqual(expected);
    });

    test("the SNS topic is left unencrypted (the large-response alarms and the guard correlations notify it too)", () => {
      expect(fired((plans) => delete alertsTopic(plans, "prod").values["kms_master_key_id"])).toEqual(["dlp-03-large-response-alarms", ...expected, "tool-12-guard-correlation"]);
    });

    test("the failure-burst correlation is deleted", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_cloudwatch_composite_alarm", (composite) => composite.values["alarm_name"] === "mcp-prod-sign-in-failure-burst-then-success"))).toEqual(expected);
    });

    test("the GuardDuty route loses its target", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_cloudwatch_event_target", (target) => target.values["rule"] === ref(eventRule(plans, "prod", "guardduty-high-severity"), "name")))).toEqual(expected);
    });

    test("the GuardDuty route is raised to severity 8", () => {
      expect(
        fired((plans) => {
          const rule = eventRule(plans, "prod", "guardduty-high-severity");
          rule.values["event_pattern"] = JSON.stringify({ source: ["aws.guardduty"], "detail-type": ["GuardDuty Finding"], detail: { severity: [{ numeric: [">=", 8] }] } });
        }),
      ).toEqual(expected);
    });

    test("the WAF block alarms are deleted", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_cloudwatch_metric_alarm", (candidate) => String(candidate.values["alarm_name"]).startsWith("mcp-prod-waf-blocked-")))).toEqual(expected);
    });

    test("the Inspector route is disabled", () => {
      expect(fired((plans) => (eventRule(plans, "prod", "inspector-critical").values["state"] = "DISABLED"))).toEqual(expected);
    });
  });
});
