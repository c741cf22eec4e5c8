import { GUARD_CLOUDWATCH, GUARD_METRICS } from "../../guard/src/config/types";
import { Artifacts } from "../../policies/types";
import { config, ENVIRONMENTS, rulesFired } from "../support/compute";
import { named } from "../support/detection";
import { findingsFor, synthesizedPlans } from "../support/plans";

type Query = { id: string; expression?: string; return_data?: boolean; metric?: { metric_name: string; dimensions: Record<string, string> } };
const queries = (plans: Artifacts, environment: string, suffix: string) =>
  named(plans, environment, "aws_cloudwatch_metric_alarm", `mcp-${environment}-baseline-${suffix}`, "alarm_name").values["metric_query"] as Query[];

describe("CV-02 behavioural anomaly detection (the guard's denial ratio and denials against their baselines)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("each server's and tool's error rate is the percent of checked messages the guard denied, against its band", () => {
      for (const { name, tools } of config(environment).mcpServers) {
        for (const [suffix, dimensions] of [[`${name}-error-rate`, { environment, server: name }], ...tools.map((tool) => [`${name}.${tool.name}-error-rate`, { environment, server: name, tool: tool.name }] as const)] as const) {
          const found = queries(plans, environment, suffix);
          expect(found.map(({ id, expression, return_data }) => ({ id, expression, return_data }))).toEqual([
            { id: "m1", expression: undefined, return_data: false },
            { id: "m2", expression: undefined, return_data: false },
            { id: "e1", expression: "100 * FILL(m1, 0) / m2", return_data: true },
            { id: "ad1", expression: "ANOMALY_DETECTION_BAND(e1, 3)", return_data: true },
          ]);
          expect(found.slice(0, 2).map((query) => query.metric)).toMatchObject([
            { namespace: GUARD_CLOUDWATCH.namespace, metric_name: GUARD_METRICS.denials, dimensions },
            { namespace: GUARD_CLOUDWATCH.namespace, metric_name: GUARD_METRICS.checks, dimensions },
          ]);
        }
      }
    });

    test("the synthesized plan passes every CV-02 rule", () => {
      expect(findingsFor(plans, "CV-02")).toEqual([]);
    });
  });

  describe("check reports CV-02 when the real plan is weakened", () => {
    const fired = (mutate: (plans: Artifacts) => void) => rulesFired("CV-02", mutate);
    const expected = ["tool-09-guard-anomaly-alarms"];

    test("the error rate loses its denominator (a count of denials, not a ratio)", () => {
      expect(fired((plans) => (queries(plans, "prod", "github-tools-error-rate")[2].expression = "m1"))).toEqual(expected);
    });

    test("the error rate is inverted (checks per denial)", () => {
      expect(fired((plans) => (queries(plans, "prod", "github-tools.create_issue-error-rate")[2].expression = "100 * m2 / m1"))).toEqual(expected);
    });

    test("the denials alarm reads the checks counter instead", () => {
      expect(fired((plans) => (queries(plans, "prod", "docs-search-denials")[0].metric!.metric_name = GUARD_METRICS.checks))).toEqual(expected);
    });

    test("a tool's denials alarm watches the whole server (its tool dimension dropped)", () => {
      expect(fired((plans) => delete queries(plans, "prod", "docs-search.search_docs-denials")[0].metric!.dimensions.tool)).toEqual(expected);
    });
  });
});
