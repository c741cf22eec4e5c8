import { parse, stringify } from "yaml";
import { Testing } from "cdk8s";
import { OtelCollector, otelCollectorConfig } from "../../constructs/k8s/otel-collector";
import { GUARD_CLOUDWATCH, GUARD_METRICS } from "../../guard/src/config/types";
import { Artifacts } from "../../policies/types";
import { guardCloudWatchMetrics } from "../../stacks/observability";
import { config, ENVIRONMENTS } from "../support/compute";
import { editGuardConfig, guardConfigOf } from "../support/guard";
import { findingLines, weakened, yamlObject } from "../support/kubernetes";
import { removeResources, stackResources, synthesizedPlans } from "../support/plans";

const rule = "tool-09-guard-metrics-pipeline";
const FILE = "prod/observability.yaml";
const COLLECTOR = "Deployment/mcp-observability/otel-collector";
const CONFIG_MAP = "ConfigMap/mcp-observability/otel-collector-config";
const PREFIX = `${rule} ${FILE} ${COLLECTOR}: the collector receiving the MCP guard's metrics:`;
const NAMES = Object.values(GUARD_METRICS);

/** Edits prod's collector configuration in its ConfigMap. */
function editCollector(plans: Artifacts, edit: (config: Record<string, any>) => void): void {
  const configMap = yamlObject(plans, "prod", CONFIG_MAP);
  const parsed = parse(configMap.data["config.yaml"]);
  edit(parsed);
  configMap.data["config.yaml"] = stringify(parsed);
}

/** The collector configuration of an environment's YAML. */
function collectorConfig(plans: Artifacts, environment: string): Record<string, any> {
  return parse(yamlObject(plans, environment, CONFIG_MAP).data["config.yaml"]);
}

/** Whether awsemf would extract a metric of this declaration for these labels (its label matchers, as awsemf joins them). */
function extracted(declaration: Record<string, any>, labels: Record<string, string>): boolean {
  return (declaration.label_matchers ?? []).every((matcher: Record<string, any>) =>
    new RegExp(matcher.regex).test(matcher.label_names.map((name: string) => labels[name] ?? "").join(matcher.separator ?? ";"))
  );
}

describe("TOOL-09 groundwork: the guard's metrics reach CloudWatch (MCP/Guard) through the collector's awsemf pipeline", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const env = config(environment);

    test("the guard exports OTLP/HTTP to the collector's Service", () => {
      expect(guardConfigOf(plans, environment).telemetry).toEqual({ otlpEndpoint: "http://otel-collector.mcp-observability.svc.cluster.local:4318", serviceName: "mcp-guard" });
      const egress = yamlObject(plans, environment, "NetworkPolicy/mcp-gateway/allow-egress-from-mcp-guard-to-otel-collector").spec.egress;
      expect(egress).toEqual([expect.objectContaining({ ports: [{ protocol: "TCP", port: 4318 }] })]);
    });

    test("a metrics pipeline: OTLP in, memory limiter, only the guard's metrics, environment from the resource, awsemf to MCP/Guard with exactly the contract's dimension sets", () => {
      const parsed = collectorConfig(plans, environment);
      expect(parsed.service.pipelines.metrics).toEqual({ receivers: ["otlp"], processors: ["memory_limiter", "filter/metrics", "resource/metrics", "batch"], exporters: ["awsemf"] });
      expect(parsed.processors["filter/metrics"]).toEqual({
        metrics: { include: { match_type: "strict", metric_names: NAMES, resource_attributes: [{ key: "service.name", value: "mcp-guard" }] } },
      });
      expect(parsed.processors["resource/metrics"]).toEqual({ attributes: [{ key: "environment", from_attribute: "deployment.environment.name", action: "upsert" }] });
      const emf = parsed.exporters.awsemf;
      expect(emf).toMatchObject({
        region: env.region,
        namespace: "MCP/Guard",
        log_group_name: `/mcp/${environment}/guard-metrics`,
        log_stream_name: "otel-collector",
        dimension_rollup_option: "NoDimensionRollup",
        resource_to_telemetry_conversion: { enabled: true },
      });
      expect(emf.metric_declarations.map((declaration: Record<string, any>) => declaration.dimensions)).toEqual(GUARD_CLOUDWATCH.dimensionSets.map((set) => [set]));
      for (const declaration of emf.metric_declarations) {
        for (const name of NAMES) expect(declaration.metric_name_selectors.filter((selector: string) => new RegExp(selector).test(name))).toHaveLength(1);
        expect(declaration.metric_name_selectors.some((selector: string) => new RegExp(selector).test("mcp.guard.checks.extra") || new RegExp(selector).test("http.server.duration"))).toBe(false);
      }
    });

    test("metrics only for declared servers and their declared tools: a call naming another tool or server makes no CloudWatch metric", () => {
      const [serverSet, toolSet] = collectorConfig(plans, environment).exporters.awsemf.metric_declarations;
      for (const server of env.mcpServers) {
        expect(extracted(serverSet, { server: server.name })).toBe(true);
        for (const tool of server.tools) expect(extracted(toolSet, { server: server.name, tool: tool.name })).toBe(true);
        expect(extracted(toolSet, { server: server.name, tool: "unapproved_tool" })).toBe(false);
        expect(extracted(toolSet, { server: server.name, tool: `${server.tools[0].name}x` })).toBe(false);
        expect(extracted(toolSet, { server: server.name, tool: "" })).toBe(false);
      }
      expect(extracted(serverSet, { server: "not-a-server" })).toBe(false);
      if (env.mcpServers.length > 1) {
        const [a, b] = env.mcpServers;
        const foreign = b.tools.find((tool) => !a.tools.some((own) => own.name === tool.name));
        if (foreign) expect(extracted(toolSet, { server: a.name, tool: foreign.name })).toBe(false);
      }
    });

    test("the collector's role writes only its KMS-encrypted log groups, including the guard metrics one", () => {
      const policy = stackResources(plans, environment, "aws_iam_role_policy").find((candidate) => String(candidate.values["policy"]).includes("WriteGuardMetricsLogGroupOnly"))!;
      const arn = `arn:aws:logs:${env.region}:${env.accountId}:log-group:/mcp/${environment}/guard-metrics`;
      expect(JSON.parse(String(policy.values["policy"])).Statement).toContainEqual({
        Sid: "WriteGuardMetricsLogGroupOnly",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [arn, `${arn}:log-stream:*`],
      });
      const group = stackResources(plans, environment, "aws_cloudwatch_log_group").find((candidate) => candidate.values["name"] === `/mcp/${environment}/guard-metrics`)!;
      expect(group.values).toMatchObject({ retention_in_days: env.security.logRetentionDays });
      expect(String(group.values["kms_key_id"])).toMatch(/^\$\{aws_kms_key\./);
    });

    test("no finding of the guard metrics pipeline rule", () => {
      expect(findingLines(plans, "TOOL-09").filter((line) => line.startsWith(rule))).toEqual([]);
    });
  });

  describe("the collector's metrics configuration", () => {
    const metrics = guardCloudWatchMetrics(config("prod"));

    test("values are matched literally: regex characters in a name cannot widen a matcher", () => {
      const generated = otelCollectorConfig({ region: "eu-west-1", logGroupName: "/g", logStreamName: "s", metrics: { ...metrics, dimensionSets: [{ dimensions: ["server", "tool"], allowed: { labels: ["server", "tool"], values: [["a.b", "t+"]] } }] } });
      const [declaration] = (generated["exporters"] as any).awsemf.metric_declarations;
      expect(extracted(declaration, { server: "a.b", tool: "t+" })).toBe(true);
      expect(extracted(declaration, { server: "axb", tool: "t" })).toBe(false);
      expect(extracted(declaration, { server: "a.b", tool: "tt" })).toBe(false);
    });

    test.each([
      ["no metric names", { metricNames: [] }, "metrics.metricNames is empty"],
      ["no dimension sets", { dimensionSets: [] }, "metrics.dimensionSets is empty"],
      ["eleven dimensions", { dimensionSets: [{ dimensions: Array.from({ length: 11 }, (_, index) => `d${index}`) }] }, "metrics.dimensionSets[0] has 11 dimensions; CloudWatch takes 1 to 10"],
      ["a value tuple of the wrong length", { dimensionSets: [{ dimensions: ["server"], allowed: { labels: ["server", "tool"], values: [["a"]] } }] }, "metrics.dimensionSets[0].allowed must name labels"],
    ])("refuses %s", (_, change, message) => {
      const chart = Testing.chart();
      expect(
        () =>
          new OtelCollector(chart, "collector", {
            namespace: "o",
            image: "public.ecr.aws/aws-observability/aws-otel-collector@sha256:9b28046359054b414f4ba76056ba4e8cffda2d53fbcee06171d7eeecd71326c3",
            region: "eu-west-1",
            logGroupName: "/t",
            senders: { namespaceLabels: [{ zone: "mcp" }] },
            awsApiCidrs: ["10.0.0.0/16"],
            metrics: { ...metrics, ...change },
          })
      ).toThrow(message);
    });
  });

  describe("check reports TOOL-09 when the real output is weakened", () => {
    const lines = (mutate: (plans: Artifacts) => void) => weakened("TOOL-09", mutate).filter((line) => line.startsWith(`${rule} ${FILE}`) || line.startsWith(`${rule} prod/gateway.yaml`));

    test("the collector has no metrics pipeline", () => {
      expect(lines((plans) => editCollector(plans, (parsed) => delete parsed.service.pipelines.metrics))).toEqual([
        `${PREFIX} has no metrics pipeline (service.pipelines.metrics), so the guard's metrics stop at the collector`,
      ]);
    });

    test("awsemf writes to another namespace, or rolls dimensions up", () => {
      expect(lines((plans) => editCollector(plans, (parsed) => (parsed.exporters.awsemf.namespace = "MCP/Other")))).toEqual([
        `${PREFIX} its metrics pipeline has no awsemf exporter writing to the CloudWatch namespace MCP/Guard`,
      ]);
      expect(lines((plans) => editCollector(plans, (parsed) => delete parsed.exporters.awsemf.dimension_rollup_option))).toEqual([
        `${PREFIX} its awsemf exporter rolls dimensions up (dimension_rollup_option "ZeroAndSingleDimensionRollup"), adding dimension sets outside GUARD_CLOUDWATCH`,
      ]);
    });

    test("a declaration loses its dimension set, selects by a wildcard, or drops the tool matcher", () => {
      expect(lines((plans) => editCollector(plans, (parsed) => parsed.exporters.awsemf.metric_declarations.pop()))).toEqual(
        NAMES.map((name) => `${PREFIX} its awsemf declarations give ${name} the dimension sets [environment,server], not exactly [environment,server] [environment,server,tool]`).sort()
      );
      expect(lines((plans) => editCollector(plans, (parsed) => (parsed.exporters.awsemf.metric_declarations[1].metric_name_selectors = [".*"])))).toEqual([
        `${PREFIX} awsemf metric_declarations[1] selects metrics by [".*"], not by the exact names of GUARD_METRICS`,
      ]);
      expect(lines((plans) => editCollector(plans, (parsed) => delete parsed.exporters.awsemf.metric_declarations[1].label_matchers))).toEqual([
        `${PREFIX} awsemf metric_declarations[1] has a tool dimension without a label matcher on the declared tools: a caller naming random tools creates unbounded metrics`,
      ]);
    });

    test("every metric is kept, or environment is never set", () => {
      expect(lines((plans) => editCollector(plans, (parsed) => (parsed.service.pipelines.metrics.processors = ["memory_limiter", "resource/metrics", "batch"])))).toEqual([
        `${PREFIX} its metrics pipeline has no filter processor keeping only the guard's metrics (metrics.include, match_type strict, metric_names of GUARD_METRICS): any sender could add CloudWatch metrics`,
      ]);
      expect(lines((plans) => editCollector(plans, (parsed) => delete parsed.exporters.awsemf.resource_to_telemetry_conversion))).toEqual([
        `${PREFIX} the environment dimension is not set: the pipeline needs a resource processor copying deployment.environment.name to environment (upsert) and awsemf resource_to_telemetry_conversion.enabled`,
      ]);
    });

    test("the guard exports nowhere, or to something that is not the collector", () => {
      expect(lines((plans) => editGuardConfig(plans, "prod", (guard) => delete guard.telemetry.otlpEndpoint))).toEqual([
        `${rule} prod/gateway.yaml ConfigMap/mcp-gateway/mcp-guard-config: the MCP guard exports no metrics: its configuration has no telemetry.otlpEndpoint`,
      ]);
      expect(lines((plans) => editGuardConfig(plans, "prod", (guard) => (guard.telemetry.otlpEndpoint = "http://otel-collector.mcp-observability.svc.cluster.local:4317")))).toEqual([
        `${rule} prod/gateway.yaml ConfigMap/mcp-gateway/mcp-guard-config: the MCP guard exports its metrics to "http://otel-collector.mcp-observability.svc.cluster.local:4317", which is no OpenTelemetry Collector Service's OTLP/HTTP port (4318) in this cluster`,
      ]);
    });

    test("the collector's role may not write the metrics log group, or the group is gone", () => {
      const all = weakened("TOOL-09", (plans) => {
        for (const policy of stackResources(plans, "prod", "aws_iam_role_policy")) {
          const document = JSON.parse(String(policy.values["policy"]));
          document.Statement = document.Statement.filter((statement: Record<string, unknown>) => statement["Sid"] !== "WriteGuardMetricsLogGroupOnly");
          policy.values["policy"] = JSON.stringify(document);
        }
        removeResources(plans, "prod", "aws_cloudwatch_log_group", (resource) => resource.values["name"] === "/mcp/prod/guard-metrics");
      }).filter((line) => line.startsWith(`${rule} ${FILE}`));
      expect(all).toEqual([
        `${PREFIX} its Pod Identity role may not create streams in and put events to /mcp/prod/guard-metrics, so no metric reaches CloudWatch`,
        `${PREFIX} its awsemf log group /mcp/prod/guard-metrics is not created by stack mcp-prod`,
      ]);
    });
  });
});
