import { isAgentImage } from "../agent-images";
import { fluentBitEntries, fluentBitOn, matchCovers, pathGlobsMatch } from "../fluent-bit";
import { GuardConfigView, guardConfigs } from "../guard";
import { kubernetesViolation, record, records } from "../kubernetes";
import { AgentWorkload, agentWorkloads, commandLine, environmentOfGroup, loadedFile, mountedFiles, parseYaml, toleratesAllTaints } from "../observability";
import { Artifacts, Rule, Violation } from "../types";

/** Fluent Bit filters that can drop or divert records. */
const DROPPING_FILTERS = ["grep", "lua", "rewrite_tag", "throttle"];

/** A log file the kubelet writes for one of the guard's containers: `<pod>_<namespace>_<container>-<container id>.log`. */
function guardLogFile(guard: GuardConfigView, container: string): string {
  const { name, namespace } = guard.workload.object.metadata;
  return `/var/log/containers/${name}-7d9f8b6c5d-x7k2p_${String(namespace)}_${container}-${"0123456789abcdef".repeat(4)}.log`;
}

/** Why a Fluent Bit DaemonSet does not ship the guard's stdout into the container log group; empty when it does. */
function shipperProblems(artifacts: Artifacts, shipper: AgentWorkload, guard: GuardConfigView, container: string, logGroupName: string): string[] {
  const guardNodes = record(guard.template.spec["nodeSelector"]) ?? {};
  const problems: string[] = [];
  const unmatched = Object.entries(record(shipper.spec["nodeSelector"]) ?? {}).filter(([key, value]) => guardNodes[key] !== value);
  if (unmatched.length > 0) problems.push(`runs only on nodes labelled ${unmatched.map(([key, value]) => `${key}=${String(value)}`).join(", ")}, which the guard's pods do not select`);
  if (!toleratesAllTaints(shipper.spec)) problems.push("does not tolerate every taint, so it may not run on the guard's nodes");
  const loaded = loadedFile(mountedFiles(artifacts, shipper), shipper.container);
  const pipeline = record(record(parseYaml(loaded?.text ?? ""))?.["pipeline"]);
  if (!pipeline) return [...problems, "loads no Fluent Bit YAML configuration with a pipeline section"];
  const file = guardLogFile(guard, container);
  const tails = fluentBitEntries(pipeline["inputs"]).filter((input) => input["name"] === "tail" && pathGlobsMatch(input["path"], file) && !pathGlobsMatch(input["exclude_path"], file));
  if (tails.length === 0) return [...problems, `tails no log file of the guard's container "${container}" (such as ${file}): its path does not match it or exclude_path skips it`];
  const tags = tails.map((input) => String(input["tag"] ?? ""));
  const covers = (entry: Record<string, unknown>) => tags.some((tag) => matchCovers(entry["match"], tag));
  const filters = fluentBitEntries(pipeline["filters"]).filter(covers);
  if (!filters.some((filter) => filter["name"] === "kubernetes" && fluentBitOn(filter["merge_log"]))) {
    problems.push("does not merge JSON log lines into the record (kubernetes filter merge_log on), so the audit lines' fields (event, decision, rules) cannot be queried or alarmed on");
  }
  const dropping = filters.filter((filter) => DROPPING_FILTERS.includes(String(filter["name"])));
  if (dropping.length > 0) problems.push(`may drop or divert the guard's audit lines (${dropping.map((filter) => `filter ${String(filter["name"])}`).join(", ")} on the guard's tag)`);
  const outputs = fluentBitEntries(pipeline["outputs"]).filter((output) => output["name"] === "cloudwatch_logs" && output["log_group_name"] === logGroupName && covers(output));
  if (outputs.length === 0) problems.push(`has no cloudwatch_logs output to ${logGroupName} matching the guard's tag ${tags.join(", ")}`);
  return problems;
}

/**
 * The MCP guard's audit lines (one JSON line per decision on stdout, LOG-01) reach the environment's container log
 * group: the guard's container runs the image's own entrypoint (no `command` that could redirect stdout; the guard
 * has no switch that turns its audit off and refuses unknown config keys), and a Fluent Bit DaemonSet of the same
 * cluster runs on its nodes, tails its container's log file (no exclude_path skips it), merges the JSON so the
 * fields are queryable, drops nothing on that tag (no grep, lua, rewrite_tag or throttle filter) and writes it to
 * `/mcp/<env>/containers`. That group's encryption, subscription and the shipper's IAM are LOG-02's and LOG-04's rules.
 */
const rule: Rule = {
  id: "log-01-guard-audit-shipped",
  controls: ["LOG-01"],
  severity: "high",
  description:
    "The guard runs its image's entrypoint (audit lines on stdout) and a Fluent Bit DaemonSet on its nodes tails its container log (no exclude_path), merges JSON, drops nothing on its tag and writes it to /mcp/<env>/containers.",
  remediation:
    "Deploy the guard with McpGuard (no command override) and the FluentBitLogShipper (stacks/observability.ts) unchanged: tail /var/log/containers/*.log without excluding the gateway namespace, kubernetes filter merge_log on, no grep/lua/rewrite_tag/throttle filter on kube.*, cloudwatch_logs to /mcp/<env>/containers.",
  check: (artifacts) =>
    guardConfigs(artifacts).flatMap((guard): Violation[] => {
      const containers = records(guard.template.spec["containers"]);
      const container = containers.find((candidate) => commandLine(candidate).includes("--config")) ?? containers[0];
      const name = String(container?.["name"] ?? "");
      const violations: Violation[] = [];
      if (container?.["command"] !== undefined) {
        violations.push(kubernetesViolation(guard.workload, `the guard's container "${name}" overrides the image's entrypoint (command ${JSON.stringify(container["command"])}): its audit lines must be the entrypoint's stdout`));
      }
      const logGroupName = `/mcp/${environmentOfGroup(guard.workload.group) ?? "?"}/containers`;
      const shippers = agentWorkloads(artifacts, guard.workload.group, (image) => isAgentImage("fluentBit", image)).filter((workload) => workload.item.object.kind === "DaemonSet");
      if (shippers.length === 0) return [...violations, kubernetesViolation(guard.workload, `no Fluent Bit DaemonSet ships the guard's audit lines to ${logGroupName}`)];
      const problems = shippers.map((shipper) => ({ shipper, problems: shipperProblems(artifacts, shipper, guard, name, logGroupName) }));
      if (problems.some((entry) => entry.problems.length === 0)) return violations;
      return [...violations, ...problems.flatMap((entry) => entry.problems.map((problem) => kubernetesViolation(entry.shipper.item, `does not ship the MCP guard's audit lines: it ${problem}`)))];
    }),
};

export default rule;
