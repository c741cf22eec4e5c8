import { GATEWAY_ACCESS_LOG_FIELDS } from "../../baselines/gateway-access-log";
import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { Artifacts } from "../../policies/types";
import { config, ENVIRONMENTS, ref, rulesFired } from "../support/compute";
import { alertsTopic, named } from "../support/detection";
import { findingsFor, removeResources, synthesizedPlans } from "../support/plans";

const alarm = (plans: Artifacts, environment: string, server: string) => named(plans, environment, "aws_cloudwatch_metric_alarm", `mcp-${environment}-large-responses-${server}`, "alarm_name");

describe("DLP-03 response-size monitoring (an alarm per MCP server on large gateway responses)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const { logging, mcpServers } = config(environment);
    const containers = named(plans, environment, "aws_cloudwatch_log_group", `/mcp/${environment}/containers`);

    test("each server's gateway responses above the threshold are counted from the container log group", () => {
      expect(GATEWAY_ACCESS_LOG_FIELDS).toEqual({ responseBytes: "response_bytes", server: "mcp_server" });
      expect(mcpServers.length).toBeGreaterThan(0);
      for (const { name } of mcpServers) {
        expect(named(plans, environment, "aws_cloudwatch_log_metric_filter", `mcp-${environment}-large-responses-${name}`).values).toMatchObject({
          log_group_name: ref(containers, "name"),
          pattern: `{ ($.kubernetes.namespace_name = "mcp-gateway") && ($.response_bytes > ${logging.largeResponseBytes}) && ($.mcp_server = "${name}") }`,
          metric_transformation: { name: `large-responses-${name}`, namespace: "mcp-hardening/Gateway", value: "1", default_value: "0", unit: "Count" },
        });
      }
    });

    test("the first large response of a server in five minutes raises its alarm, notifying the encrypted alert topic", () => {
      const topic = ref(alertsTopic(plans, environment), "arn");
      for (const { name } of mcpServers) {
        expect(alarm(plans, environment, name).values).toMatchObject({
          namespace: "mcp-hardening/Gateway",
          metric_name: `large-responses-${name}`,
          statistic: "Sum",
          period: 300,
          comparison_operator: "GreaterThanOrEqualToThreshold",
          threshold: 1,
          treat_missing_data: "notBreaching",
          alarm_actions: [topic],
          ok_actions: [topic],
        });
      }
    });

    test("the synthesized plan passes every DLP-03 rule", () => {
      expect(findingsFor(plans, "DLP-03")).toEqual([]);
    });
  });

  test("production's threshold is no higher than any other environment's", () => {
    const prod = BUILT_IN_ENVIRONMENTS.find((environment) => environment.production)!;
    for (const environment of BUILT_IN_ENVIRONMENTS) expect(prod.logging.largeResponseBytes).toBeLessThanOrEqual(environment.logging.largeResponseBytes);
  });

  describe("check reports DLP-03 when the real plan is weakened", () => {
    const fired = (mutate: (plans: Artifacts) => void) => rulesFired("DLP-03", mutate);
    const expected = ["dlp-03-large-response-alarms"];

    test("a server's large-response alarm is deleted", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_cloudwatch_metric_alarm", (candidate) => candidate.values["alarm_name"] === "mcp-prod-large-responses-github-tools"))).toEqual(expected);
    });

    test("a large-response alarm notifies nobody", () => {
      expect(fired((plans) => (alarm(plans, "prod", "docs-search").values["alarm_actions"] = []))).toEqual(expected);
    });

    test("every large-response filter is deleted", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_cloudwatch_log_metric_filter", (filter) => String(filter.values["name"]).startsWith("mcp-prod-large-responses")))).toEqual(expected);
    });
  });
});
