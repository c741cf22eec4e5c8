import { TerraformStack, Testing } from "cdktf";
import { GuardAnomalyAlarms, GuardAnomalyAlarmsProps } from "../../constructs/guard-anomaly-alarms";
import { GUARD_CLOUDWATCH, GUARD_METRICS } from "../../guard/src/config/types";
import { Artifacts } from "../../policies/types";
import { config, ENVIRONMENTS, ref, rulesFired } from "../support/compute";
import { alertsTopic, named } from "../support/detection";
import { findingsFor, removeResources, synthesizedPlans } from "../support/plans";
import { GUARD_BASELINES } from "../../baselines/guard-anomaly";

const alarm = (plans: Artifacts, environment: string, suffix: string) => named(plans, environment, "aws_cloudwatch_metric_alarm", `mcp-${environment}-baseline-${suffix}`, "alarm_name");
type Query = { id: string; expression?: string; return_data?: boolean; metric?: { metric_name: string; namespace: string; stat: string; period: number; dimensions: Record<string, string> } };
const queries = (plans: Artifacts, environment: string, suffix: string) => alarm(plans, environment, suffix).values["metric_query"] as Query[];

describe("TOOL-09 behavioural baseline (anomaly-detection alarms per MCP server and approved tool on the guard's metrics)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const { mcpServers } = config(environment);

    test("each server has an alarm per baseline on its own MCP/Guard series, compared with its anomaly band", () => {
      expect(GUARD_BASELINES.map((baseline) => baseline.id)).toEqual(["calls", "error-rate", "denials", "masked", "bytes", "latency"]);
      expect(mcpServers.length).toBeGreaterThan(0);
      const topic = ref(alertsTopic(plans, environment), "arn");
      for (const { name } of mcpServers) {
        expect(alarm(plans, environment, `${name}-calls`).values).toMatchObject({
          comparison_operator: "GreaterThanUpperThreshold",
          threshold_metric_id: "ad1",
          evaluation_periods: 3,
          datapoints_to_alarm: 2,
          treat_missing_data: "notBreaching",
          alarm_actions: [topic],
          ok_actions: [topic],
        });
        expect(queries(plans, environment, `${name}-calls`)).toEqual([
          { id: "m1", return_data: true, metric: { namespace: GUARD_CLOUDWATCH.namespace, metric_name: GUARD_METRICS.checks, stat: "Sum", period: 300, dimensions: { environment, server: name } } },
          { id: "ad1", expression: "ANOMALY_DETECTION_BAND(m1, 3)", label: "messages checked (expected)", return_data: true },
        ]);
        expect(queries(plans, environment, `${name}-latency`)[0].metric).toMatchObject({ metric_name: GUARD_METRICS.duration, stat: "Average", dimensions: { environment, server: name } });
      }
    });

    test("each approved tool has its own alarms on the tool's series, except latency (the duration metric has no tool)", () => {
      for (const { name, tools } of mcpServers) {
        for (const tool of tools) {
          for (const baseline of GUARD_BASELINES) {
            const suffix = `${name}.${tool.name}-${baseline.id}`;
            if (!baseline.perTool) {
              expect(() => alarm(plans, environment, suffix)).toThrow();
              continue;
            }
            const metrics = queries(plans, environment, suffix).flatMap((query) => (query.metric === undefined ? [] : [query.metric]));
            expect(metrics.map((metric) => metric.dimensions)).toEqual(metrics.map(() => ({ environment, server: name, tool: tool.name })));
          }
        }
      }
    });

    test("the synthesized plan passes every TOOL-09 rule", () => {
      expect(findingsFor(plans, "TOOL-09")).toEqual([]);
    });
  });

  test("the construct refuses settings that would leave an alarm unrouted or meaningless, naming the property", () => {
    const props: GuardAnomalyAlarmsProps = { namePrefix: "mcp-x", environment: "x", servers: [{ name: "s", tools: ["t"] }], alarmTopicArns: ["arn:aws:sns:eu-central-1:111111111111:alerts"] };
    const build = (extra: Partial<GuardAnomalyAlarmsProps>) => () => new GuardAnomalyAlarms(new TerraformStack(Testing.app(), "stack"), "baselines", { ...props, ...extra });
    expect(build({})().alarms.size).toBe(GUARD_BASELINES.length + GUARD_BASELINES.filter((baseline) => baseline.perTool).length);
    expect(build({ alarmTopicArns: [] })).toThrow('GuardAnomalyAlarms "mcp-x": alarmTopicArns must name at least one topic.');
    expect(build({ bandWidth: 0 })).toThrow("bandWidth must be more than 0 and at most 10 standard deviations, got 0.");
    expect(build({ periodSeconds: 90 })).toThrow("periodSeconds must be a whole number of minutes (60, 300, ...), got 90.");
    expect(build({ evaluationPeriods: 2, datapointsToAlarm: 3 })).toThrow("datapointsToAlarm must be a whole number from 1 to evaluationPeriods (2), got 3.");
  });

  describe("check reports TOOL-09 when the real plan is weakened", () => {
    const fired = (mutate: (plans: Artifacts) => void) => rulesFired("TOOL-09", mutate);
    const expected = ["tool-09-guard-anomaly-alarms"];

    test("a server's call-rate alarm is deleted", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_cloudwatch_metric_alarm", (candidate) => candidate.values["alarm_name"] === "mcp-prod-baseline-github-tools-calls"))).toEqual(expected);
    });

    test("one tool's masked-items alarm is deleted", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_cloudwatch_metric_alarm", (candidate) => candidate.values["alarm_name"] === "mcp-prod-baseline-docs-search.search_docs-masked"))).toEqual(expected);
    });

    test("every baseline alarm is deleted", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_cloudwatch_metric_alarm", (candidate) => String(candidate.values["alarm_name"]).startsWith("mcp-prod-baseline-")))).toEqual(expected);
    });

    test("a baseline alarm notifies nobody", () => {
      expect(fired((plans) => (alarm(plans, "prod", "github-tools-bytes").values["alarm_actions"] = []))).toEqual(expected);
    });

    test("a baseline alarm compares with a fixed threshold instead of its band", () => {
      expect(
        fired((plans) => {
          const values = alarm(plans, "prod", "github-tools-latency").values;
          values["metric_query"] = (values["metric_query"] as Query[]).filter((query) => query.id !== "ad1");
          delete values["threshold_metric_id"];
          values["threshold"] = 1000;
          values["comparison_operator"] = "GreaterThanThreshold";
        })
      ).toEqual(expected);
    });

    test("a baseline alarm watches another environment's series", () => {
      expect(fired((plans) => (queries(plans, "prod", "docs-search-calls")[0].metric!.dimensions.environment = "dev"))).toEqual(expected);
    });

    test("a baseline alarm fires only below the band", () => {
      expect(fired((plans) => (alarm(plans, "prod", "docs-search-denials").values["comparison_operator"] = "LessThanLowerThreshold"))).toEqual(expected);
    });

    test("a baseline alarm treats a quiet server as breaching", () => {
      expect(fired((plans) => (alarm(plans, "prod", "docs-search-masked").values["treat_missing_data"] = "breaching"))).toEqual(expected);
    });
  });
});
