import { ACCESS_ANALYZER_FINDINGS } from "../../constructs/access-analyzers";
import { Artifacts } from "../../policies/types";
import { config, ENVIRONMENTS, ref, rulesFired } from "../support/compute";
import { alertsTopic, named, statements } from "../support/detection";
import { removeResources, stackResources, synthesizedPlans } from "../support/plans";

const route = (plans: Artifacts, environment: string) => named(plans, environment, "aws_cloudwatch_event_rule", `mcp-${environment}-access-analyzer-findings`);

describe("OPS-04 automated access review: IAM Access Analyzer for external and unused access, findings to the alert topic", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const topic = alertsTopic(plans, environment);

    test("an external access analyzer and an unused access analyzer tracking 90 days", () => {
      expect(named(plans, environment, "aws_accessanalyzer_analyzer", `mcp-${environment}-external-access`, "analyzer_name").values["type"]).toBe("ACCOUNT");
      expect(named(plans, environment, "aws_accessanalyzer_analyzer", `mcp-${environment}-unused-access`, "analyzer_name").values).toMatchObject({
        type: "ACCOUNT_UNUSED_ACCESS",
        configuration: { unused_access: { unused_access_age: 90 } },
      });
    });

    test("every active finding of both goes to the encrypted alert topic, whose policy admits the route", () => {
      expect(JSON.parse(String(route(plans, environment).values["event_pattern"]))).toEqual(ACCESS_ANALYZER_FINDINGS);
      const targets = stackResources(plans, environment, "aws_cloudwatch_event_target").filter((target) => target.values["rule"] === ref(route(plans, environment), "name"));
      expect(targets.map((target) => target.values["arn"])).toEqual([ref(topic, "arn")]);
      const policy = stackResources(plans, environment, "aws_sns_topic_policy").find((candidate) => candidate.values["arn"] === ref(topic, "arn"))!;
      const condition = statements(policy).get("NamedEventBridgeRulesPublish")?.["Condition"] as { ArnEquals: Record<string, string[]> };
      expect(condition.ArnEquals["aws:SourceArn"]).toContain(`arn:aws:events:${config(environment).region}:${config(environment).accountId}:rule/mcp-${environment}-access-analyzer-findings`);
    });
  });

  describe("check reports OPS-04 when the real plan is weakened", () => {
    const fired = (mutate: (plans: Artifacts) => void) => rulesFired("OPS-04", mutate);

    test("the plan as synthesized passes", () => {
      expect(fired(() => undefined)).toEqual([]);
    });

    test("the unused access analyzer is removed", () => {
      expect(fired((plans) => void removeResources(plans, "prod", "aws_accessanalyzer_analyzer", (analyzer) => analyzer.values["type"] === "ACCOUNT_UNUSED_ACCESS"))).toEqual(["ops-04-access-analyzers"]);
    });

    test("unused access is tracked for a year", () => {
      expect(
        fired((plans) => {
          const analyzer = named(plans, "prod", "aws_accessanalyzer_analyzer", "mcp-prod-unused-access", "analyzer_name");
          analyzer.values["configuration"] = { unused_access: { unused_access_age: 365 } };
        })
      ).toEqual(["ops-04-access-analyzers"]);
    });

    test("the external access analyzer is removed", () => {
      expect(fired((plans) => void removeResources(plans, "prod", "aws_accessanalyzer_analyzer", (analyzer) => analyzer.values["type"] === "ACCOUNT"))).toEqual(["ops-04-access-analyzers"]);
    });

    test("the route is disabled", () => {
      expect(fired((plans) => void (route(plans, "prod").values["state"] = "DISABLED"))).toEqual(["ops-04-access-analyzers"]);
    });

    test("the route carries external access findings only", () => {
      expect(
        fired((plans) => {
          route(plans, "prod").values["event_pattern"] = JSON.stringify({ ...ACCESS_ANALYZER_FINDINGS, "detail-type": ["Access Analyzer Finding"] });
        })
      ).toEqual(["ops-04-access-analyzers"]);
    });

    test("the topic's policy no longer admits the route, so findings would be dropped", () => {
      expect(
        fired((plans) => {
          const policy = stackResources(plans, "prod", "aws_sns_topic_policy").find((candidate) => candidate.values["arn"] === ref(alertsTopic(plans, "prod"), "arn"))!;
          policy.values["policy"] = String(policy.values["policy"]).replace(/,?"arn:aws:events:[^"]+:rule\/mcp-prod-access-analyzer-findings"/, "");
        })
      ).toEqual(["ops-04-access-analyzers"]);
    });
  });
});
