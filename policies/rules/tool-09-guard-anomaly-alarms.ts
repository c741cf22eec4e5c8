import { GUARD_CLOUDWATCH } from "../../guard/src/config/types";
import { accountViolation } from "../account-stacks";
import { alarmNotifyProblem } from "../alarms";
import { guardConfigs } from "../guard";
import { environmentStack } from "../observability";
import { Attributes, block, blocks, stackResources, TerraformResource, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";
import { GUARD_BASELINES, GuardBaseline } from "../../baselines/guard-anomaly";

/** What one metric query of an alarm watches. */
interface WatchedMetric {
  readonly name: string;
  readonly dimensions: Readonly<Record<string, unknown>>;
}

/** An anomaly-detection alarm's watched series, as read from its `metric_query` blocks. */
interface AnomalyAlarm {
  readonly alarm: TerraformResource;
  /** The guard metrics the band is computed over: one, or numerator then denominator of a ratio. */
  readonly metrics: readonly WatchedMetric[];
  /** Why the alarm is no working baseline alarm, or undefined. */
  readonly problem?: string;
}

const BAND = /^ANOMALY_DETECTION_BAND\(\s*([a-z]\w*)\s*(?:,\s*[\d.]+\s*)?\)$/;
const RATIO = /^(?:100\s*\*\s*)?(?:FILL\(\s*([a-z]\w*)\s*,\s*0\s*\)|([a-z]\w*))\s*\/\s*([a-z]\w*)$/;
const ALARMING = new Set(["GreaterThanUpperThreshold", "LessThanLowerOrGreaterThanUpperThreshold"]);
const QUIET = new Set(["notBreaching", "ignore"]);

/** The guard metric a metric query reads, when it reads one of `MCP/Guard`. */
function guardMetric(query: Attributes): WatchedMetric | undefined {
  const metric = block(query["metric"]);
  if (metric === undefined || metric["namespace"] !== GUARD_CLOUDWATCH.namespace) return undefined;
  return { name: String(metric["metric_name"]), dimensions: block(metric["dimensions"]) ?? {} };
}

/** The series an alarm's anomaly band is computed over, or undefined when the alarm reads no guard metric. */
function anomalyAlarm(alarm: TerraformResource): AnomalyAlarm | undefined {
  const queries = new Map(blocks(alarm.values["metric_query"]).map((query) => [String(query["id"]), query]));
  const metricOf = (id: string | undefined) => (id === undefined ? undefined : guardMetric(queries.get(id) ?? {}));
  const direct = [...queries.values()].map(guardMetric).filter((metric): metric is WatchedMetric => metric !== undefined);
  if (direct.length === 0) return undefined;
  const threshold = queries.get(String(alarm.values["threshold_metric_id"]));
  const band = BAND.exec(String(threshold?.["expression"] ?? "").trim());
  if (band === null) return { alarm, metrics: direct, problem: "it compares with a fixed threshold, not an anomaly-detection band (threshold_metric_id naming ANOMALY_DETECTION_BAND)" };
  const watched = queries.get(band[1]);
  if (watched === undefined || watched["return_data"] !== true) return { alarm, metrics: direct, problem: `its band's series ${band[1]} is not a returned query of the alarm` };
  const single = metricOf(band[1]);
  const ratio = RATIO.exec(String(watched["expression"] ?? "").trim());
  const metrics = single !== undefined ? [single] : ratio === null ? [] : [metricOf(ratio[1] ?? ratio[2]), metricOf(ratio[3])].filter((metric): metric is WatchedMetric => metric !== undefined);
  if (metrics.length === 0) return { alarm, metrics: direct, problem: `its band's series ${band[1]} is neither a guard metric nor a ratio of two` };
  const problems = [
    ALARMING.has(String(alarm.values["comparison_operator"])) ? undefined : `it does not fire above the band (comparison_operator ${String(alarm.values["comparison_operator"])})`,
    QUIET.has(String(alarm.values["treat_missing_data"])) ? undefined : `it treats missing data as ${String(alarm.values["treat_missing_data"] ?? "missing")}, so a quiet server ${alarm.values["treat_missing_data"] === "breaching" ? "pages" : "leaves it without a state"} (use notBreaching)`,
  ].filter((problem): problem is string => problem !== undefined);
  return { alarm, metrics, ...(problems.length > 0 ? { problem: problems.join("; ") } : {}) };
}

/** The series an alarm watches, or a baseline needs, as one string: metric names in order, each with its dimensions sorted by key. */
function seriesKey(metrics: readonly WatchedMetric[]): string {
  return JSON.stringify(metrics.map((metric) => [metric.name, Object.entries(metric.dimensions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]));
}

function stackFindings(stack: StackArtifact, environment: string, servers: readonly { readonly name: string; readonly tools: readonly string[] }[]): Violation[] {
  const bySeries = new Map<string, AnomalyAlarm[]>();
  for (const candidate of stackResources(stack, "aws_cloudwatch_metric_alarm").map(anomalyAlarm)) {
    if (candidate === undefined) continue;
    const key = seriesKey(candidate.metrics);
    const group = bySeries.get(key);
    if (group === undefined) bySeries.set(key, [candidate]);
    else group.push(candidate);
  }
  const missing: string[] = [];
  const findings: Violation[] = [];
  const require = (server: string, tool: string | undefined, baseline: GuardBaseline) => {
    const dimensions = { environment, server, ...(tool === undefined ? {} : { tool }) };
    const names = baseline.per === undefined ? [baseline.metric.name] : [baseline.metric.name, baseline.per.name];
    const watching = bySeries.get(seriesKey(names.map((name) => ({ name, dimensions })))) ?? [];
    const subject = `${tool === undefined ? `server ${server}` : `tool ${tool} of server ${server}`}: ${baseline.id}`;
    const problems = watching.map((candidate) => candidate.problem ?? alarmNotifyProblem(stack, candidate.alarm));
    if (watching.length === 0) missing.push(subject);
    else if (problems.every((problem) => problem !== undefined)) watching.forEach((candidate, index) => findings.push(violation(candidate.alarm, `baseline alarm of ${subject} does not work: ${problems[index] as string}`)));
  };
  for (const server of servers) {
    for (const baseline of GUARD_BASELINES) require(server.name, undefined, baseline);
    for (const tool of server.tools) for (const baseline of GUARD_BASELINES.filter((entry) => entry.perTool)) require(server.name, tool, baseline);
  }
  if (missing.length > 0) {
    findings.push(accountViolation(stack, `no anomaly-detection alarm on the guard's metrics (${GUARD_CLOUDWATCH.namespace}, environment ${environment}) watches ${missing.join(", ")}: a change in that behaviour goes unnoticed`));
  }
  return findings;
}

/**
 * Every MCP server, and every approved tool, is watched against its own baseline (TOOL-09, CV-02): for each server the
 * guard is configured for, the environment's AWS stack has an anomaly-detection alarm (threshold_metric_id naming
 * `ANOMALY_DETECTION_BAND` over the series) on each baseline of GUARD_BASELINES, reading the guard's metrics in
 * `MCP/Guard` with exactly the dimensions {environment, server} (and {environment, server, tool} for the per-tool
 * baselines of each tool), firing above the band, treating missing data as not breaching (or ignoring it), and
 * notifying a KMS-encrypted SNS topic.
 */
const rule: Rule = {
  id: "tool-09-guard-anomaly-alarms",
  controls: ["TOOL-09", "CV-02"],
  severity: "medium",
  description:
    "Each MCP server the guard serves, and each of its approved tools, has anomaly-detection alarms (ANOMALY_DETECTION_BAND) on the guard's MCP/Guard metrics: calls, error rate, denials, masked items, bytes and (per server) latency; firing above the band, missing data not breaching, notifying a KMS-encrypted SNS topic.",
  remediation: "Add GuardAnomalyAlarms (constructs/) for the environment's servers and their tools, targeting the SecurityAlertsTopic (stacks/detection.ts does), or restore the missing alarm, band, dimension or action.",
  check: (artifacts) =>
    guardConfigs(artifacts).flatMap(({ workload, config, servers }) => {
      const stack = environmentStack(artifacts, workload.group);
      if (stack === undefined || typeof config?.["environment"] !== "string") return [];
      return stackFindings(
        stack,
        config["environment"],
        servers.map(({ name, tools }) => ({ name, tools: Object.keys(tools).sort() }))
      );
    }),
};

export default rule;
