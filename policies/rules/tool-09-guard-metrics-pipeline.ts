import { GUARD_CLOUDWATCH, GUARD_METRICS } from "../../guard/src/config/types";
import { isAgentImage } from "../agent-images";
import { GuardConfigView, guardConfigs } from "../guard";
import { kubernetesViolation, objects, record, records, serviceSelects } from "../kubernetes";
import { AgentWorkload, agentWorkloads, componentIds, componentType, environmentStack, grants, loadedFile, logStreamArn, mountedFiles, parseYaml, podIdentityGrants } from "../observability";
import { stackResources } from "../terraform";
import { Artifacts, Rule, Violation } from "../types";

/** The collector's OTLP/HTTP port, where the guard exports its metrics. */
const OTLP_HTTP_PORT = 4318;
/** The resource attribute the `environment` dimension comes from. */
const ENVIRONMENT_ATTRIBUTE = "deployment.environment.name";

/** A dimension set as one comparable key (CloudWatch ignores the order of a set's dimensions). */
function setKey(dimensions: readonly unknown[]): string {
  return dimensions.map(String).sort().join(",");
}

const CONTRACT_SETS = GUARD_CLOUDWATCH.dimensionSets.map(setKey).sort();

/** Whether a Service of the collector's namespace selects its pods and serves OTLP/HTTP under this host. */
function servesCollector(artifacts: Artifacts, collector: AgentWorkload, host: string): boolean {
  const namespace = collector.item.object.metadata.namespace;
  const podLabels = record(record(collector.template["metadata"])?.["labels"]) ?? {};
  return objects(artifacts, "Service")
    .filter((service) => service.group === collector.item.group && service.object.metadata.namespace === namespace)
    .filter((service) => [`${service.object.metadata.name}.${String(namespace)}.svc.cluster.local`, `${service.object.metadata.name}.${String(namespace)}.svc`].includes(host))
    .some((service) => {
      const spec = record(service.object["spec"]) ?? {};
      return serviceSelects(spec["selector"], podLabels) && records(spec["ports"]).some((port) => Number(port["port"]) === OTLP_HTTP_PORT);
    });
}

/** The collector the guard's `telemetry.otlpEndpoint` names, or why there is none. */
function exportTarget(artifacts: Artifacts, guard: GuardConfigView, collectors: readonly AgentWorkload[]): AgentWorkload | string {
  const endpoint = record(guard.config?.["telemetry"])?.["otlpEndpoint"];
  if (typeof endpoint !== "string") return "exports no metrics: its configuration has no telemetry.otlpEndpoint";
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return `exports its metrics to ${JSON.stringify(endpoint)}, which is not a URL`;
  }
  const collector = collectors.find((candidate) => Number(url.port) === OTLP_HTTP_PORT && servesCollector(artifacts, candidate, url.hostname));
  return collector ?? `exports its metrics to ${JSON.stringify(endpoint)}, which is no OpenTelemetry Collector Service's OTLP/HTTP port (${OTLP_HTTP_PORT}) in this cluster`;
}

/** What is wrong with the metrics pipeline of a collector's configuration; its `awsemf` log group when there is one. */
function pipelineProblems(text: string): { problems: string[]; logGroup?: string } {
  const config = record(parseYaml(text));
  const metrics = record(record(record(config?.["service"])?.["pipelines"])?.["metrics"]);
  if (!config || !metrics) return { problems: ["has no metrics pipeline (service.pipelines.metrics), so the guard's metrics stop at the collector"] };
  const section = (name: string, id: string) => record(record(config[name])?.[id]);
  const problems: string[] = [];
  if (!componentIds(metrics["receivers"]).some((id) => componentType(id) === "otlp" && section("receivers", id))) problems.push("its metrics pipeline receives no OTLP");
  const processors = componentIds(metrics["processors"]);
  if (processors.length === 0 || componentType(processors[0]) !== "memory_limiter" || !section("processors", processors[0])) problems.push("its metrics pipeline does not start with a defined memory_limiter processor");

  const filters = processors.filter((id) => componentType(id) === "filter").map((id) => record(record(record(section("processors", id))?.["metrics"])?.["include"]));
  const guardNames: readonly string[] = Object.values(GUARD_METRICS);
  const keepsOnlyGuard = filters.some((include) => include?.["match_type"] === "strict" && componentIds(include["metric_names"]).length > 0 && componentIds(include["metric_names"]).every((name) => guardNames.includes(name)));
  if (!keepsOnlyGuard) problems.push("its metrics pipeline has no filter processor keeping only the guard's metrics (metrics.include, match_type strict, metric_names of GUARD_METRICS): any sender could add CloudWatch metrics");

  const mapsEnvironment = processors
    .filter((id) => componentType(id) === "resource")
    .some((id) => records(section("processors", id)?.["attributes"]).some((entry) => entry["key"] === "environment" && entry["from_attribute"] === ENVIRONMENT_ATTRIBUTE && ["insert", "upsert"].includes(String(entry["action"]))));

  const exporters = componentIds(metrics["exporters"]).filter((id) => componentType(id) === "awsemf" && section("exporters", id));
  const emf = exporters.map((id) => section("exporters", id)!).find((exporter) => exporter["namespace"] === GUARD_CLOUDWATCH.namespace);
  if (!emf) return { problems: [...problems, `its metrics pipeline has no awsemf exporter writing to the CloudWatch namespace ${GUARD_CLOUDWATCH.namespace}`] };
  if (!mapsEnvironment || record(emf["resource_to_telemetry_conversion"])?.["enabled"] !== true) {
    problems.push(`the environment dimension is not set: the pipeline needs a resource processor copying ${ENVIRONMENT_ATTRIBUTE} to environment (upsert) and awsemf resource_to_telemetry_conversion.enabled`);
  }
  if (emf["dimension_rollup_option"] !== "NoDimensionRollup") problems.push(`its awsemf exporter rolls dimensions up (dimension_rollup_option ${JSON.stringify(emf["dimension_rollup_option"] ?? "ZeroAndSingleDimensionRollup")}), adding dimension sets outside GUARD_CLOUDWATCH`);
  const declarations = records(emf["metric_declarations"]);
  for (const name of guardNames) {
    const matching = declarations.filter((declaration) => componentIds(declaration["metric_name_selectors"]).some((selector) => safeMatch(selector, name)));
    const sets = [...new Set(matching.flatMap((declaration) => (Array.isArray(declaration["dimensions"]) ? declaration["dimensions"] : []).map((set: unknown) => setKey(Array.isArray(set) ? set : []))))].sort();
    if (sets.join("|") !== CONTRACT_SETS.join("|")) problems.push(`its awsemf declarations give ${name} the dimension sets [${sets.join("] [")}], not exactly [${CONTRACT_SETS.join("] [")}]`);
  }
  declarations.forEach((declaration, index) => {
    const selectors = componentIds(declaration["metric_name_selectors"]);
    if (selectors.some((selector) => !guardNames.some((name) => selector === `^${name.replace(/\./g, "\\.")}$` || selector === `^(?:${name.replace(/\./g, "\\.")})$`))) {
      problems.push(`awsemf metric_declarations[${index}] selects metrics by ${JSON.stringify(selectors)}, not by the exact names of GUARD_METRICS`);
    }
    const usesTool = (Array.isArray(declaration["dimensions"]) ? declaration["dimensions"] : []).some((set: unknown) => Array.isArray(set) && set.includes("tool"));
    if (usesTool && !records(declaration["label_matchers"]).some((matcher) => componentIds(matcher["label_names"]).includes("tool"))) {
      problems.push(`awsemf metric_declarations[${index}] has a tool dimension without a label matcher on the declared tools: a caller naming random tools creates unbounded metrics`);
    }
  });
  const logGroup = typeof emf["log_group_name"] === "string" ? emf["log_group_name"] : undefined;
  if (logGroup === undefined) problems.push("its awsemf exporter names no log_group_name (it would create /metrics/default, unencrypted, with no retention)");
  return { problems, logGroup };
}

/** Whether a selector (RE2; the ones used here are also JavaScript) matches a name; false when it does not compile. */
function safeMatch(selector: string, name: string): boolean {
  try {
    return new RegExp(selector).test(name);
  } catch {
    return false;
  }
}

/** What is wrong with the collector's AWS side: the EMF log group exists, KMS-encrypted, and its role may write to it. */
function awsProblems(artifacts: Artifacts, collector: AgentWorkload, logGroup: string): string[] {
  const stack = environmentStack(artifacts, collector.item.group);
  if (!stack) return [];
  const group = stackResources(stack, "aws_cloudwatch_log_group").find((candidate) => candidate.values["name"] === logGroup);
  const problems: string[] = [];
  if (!group) problems.push(`its awsemf log group ${logGroup} is not created by stack ${stack.name}`);
  else if (typeof group.values["kms_key_id"] !== "string" || group.values["kms_key_id"] === "") problems.push(`its awsemf log group ${logGroup} is not encrypted with a KMS key`);
  const namespace = String(collector.item.object.metadata.namespace);
  const { statements } = podIdentityGrants(stack, namespace, String(collector.spec["serviceAccountName"] ?? "default"));
  const stream = logStreamArn(stack, logGroup);
  if (stream !== undefined && !(grants(statements, "logs:PutLogEvents", stream) && grants(statements, "logs:CreateLogStream", stream.replace(/:log-stream:any$/, "")))) {
    problems.push(`its Pod Identity role may not create streams in and put events to ${logGroup}, so no metric reaches CloudWatch`);
  }
  return problems;
}

/**
 * The MCP guard's metrics reach CloudWatch as the TOOL-09 baselines and alarms expect (`GUARD_CLOUDWATCH`): the
 * guard exports OTLP to the cluster's collector, whose metrics pipeline keeps only `GUARD_METRICS`, sets
 * `environment` from `deployment.environment.name`, and writes them with `awsemf` to namespace `MCP/Guard` with
 * exactly the dimension sets [environment, server] and [environment, server, tool] (no roll-up, tools bounded by a
 * label matcher), through a KMS-encrypted log group the collector's role may write to.
 */
const rule: Rule = {
  id: "tool-09-guard-metrics-pipeline",
  controls: ["TOOL-09"],
  severity: "medium",
  description:
    "The guard's telemetry.otlpEndpoint is the collector's OTLP/HTTP Service; the collector's metrics pipeline keeps only GUARD_METRICS and exports them with awsemf to MCP/Guard with exactly GUARD_CLOUDWATCH's dimension sets, into a KMS-encrypted log group its role may write.",
  remediation:
    "Deploy the OtelCollector with metrics: guardCloudWatchMetrics(environment) (stacks/observability.ts does), its role's WriteGuardMetricsLogGroupOnly statement and log group (stacks/observability-aws.ts), and generate the guard config with otlpEndpoint OTEL_COLLECTOR_HTTP_ENDPOINT.",
  check: (artifacts) =>
    guardConfigs(artifacts).flatMap((guard): Violation[] => {
      const where = guard.configMap ?? guard.workload;
      if (!guard.config) return [];
      const collectors = agentWorkloads(artifacts, guard.workload.group, (name) => isAgentImage("otelCollector", name)).filter((workload) => workload.item.object.kind === "Deployment");
      const target = exportTarget(artifacts, guard, collectors);
      if (typeof target === "string") return [kubernetesViolation(where, `the MCP guard ${target}`)];
      const loaded = loadedFile(mountedFiles(artifacts, target), target.container);
      if (!loaded) return [kubernetesViolation(target.item, "the collector the guard exports to loads no configuration file")];
      const { problems, logGroup } = pipelineProblems(loaded.text);
      const aws = logGroup === undefined ? [] : awsProblems(artifacts, target, logGroup);
      return [...problems, ...aws].map((problem) => kubernetesViolation(target.item, `the collector receiving the MCP guard's metrics: ${problem}`));
    }),
};

export default rule;
