import { kubernetesViolation, record } from "../kubernetes";
import { falcoLoad, falcoSensors, listItems, namespaceNames, requiredRuleProblems } from "../falco";
import { AgentWorkload, serverNamespacesByGroup, toleratesAllTaints, zoneNamespaces } from "../observability";
import { Artifacts, Rule, Violation } from "../types";

/** The MCP rules every cluster's Falco must load, by the names the blueprint fixes (constructs/k8s/falco-mcp-rules.ts). */
export const REQUIRED_MCP_RULES: readonly string[] = [
  "MCP shell spawned in server container",
  "MCP write outside declared writable mount",
  "MCP outbound connection to undeclared destination",
  "MCP credential file read",
  "MCP unexpected process in gateway",
];

/** What keeps one Falco DaemonSet from detecting MCP behaviour in this cluster. */
function sensorProblems(artifacts: Artifacts, sensor: AgentWorkload, servers: readonly string[]): string[] {
  const problems: string[] = [];
  if (!toleratesAllTaints(sensor.spec)) problems.push("does not tolerate every taint (tolerations: [{operator: Exists}]), so tainted nodes run unwatched");
  const load = falcoLoad(artifacts, sensor);
  problems.push(...load.problems, ...requiredRuleProblems(load, REQUIRED_MCP_RULES));
  const covered = (list: string, names: readonly string[]) => {
    const items = listItems(load, list);
    const missing = names.filter((name) => !(items ?? []).includes(name));
    if (missing.length > 0) problems.push(`Falco list ${list} ${items === undefined ? "is not defined" : `misses ${missing.join(", ")}`}, so the MCP rules do not watch ${missing.length > 1 ? "those namespaces" : "that namespace"}`);
  };
  covered("mcp_server_namespaces", servers);
  covered("mcp_gateway_namespaces", namespaceNames(zoneNamespaces(artifacts, sensor.item.group, "gateway")));
  if (load.config["json_output"] !== true) problems.push("Falco does not write alerts as JSON (json_output: true), which the log pipeline and the alarm parse");
  if (record(load.config["stdout_output"])?.["enabled"] !== true) problems.push("Falco's stdout output is not enabled, so no alert reaches the log shipper");
  return problems;
}

/**
 * Every cluster that hosts MCP servers runs Falco with the MCP rules (HOST-01): a Falco DaemonSet tolerating every
 * taint whose loaded rules define each required MCP rule (shell in a server, write outside a declared writable
 * mount, undeclared outbound destination, credential file read, unexpected process in the gateway) with a
 * condition, an output and a priority of WARNING or above, never disabled or rewritten afterwards; whose lists name
 * every MCP server and gateway namespace of the cluster; and whose configuration writes JSON alerts to stdout.
 */
const rule: Rule = {
  id: "host-01-falco-mcp-rules",
  controls: ["HOST-01"],
  severity: "high",
  description:
    "A cluster with MCP servers runs a Falco DaemonSet tolerating all taints that loads each required MCP rule (priority ≥ WARNING, enabled, not rewritten), lists every server and gateway namespace in mcp_server_namespaces / mcp_gateway_namespaces, and sets json_output and stdout_output.enabled.",
  remediation:
    "Deploy the FalcoSensor construct with falcoMcpRules(...) for the environment's servers (stacks/observability.ts does); never delete or disable an MCP rule, tune it with a reviewed exception instead.",
  check: (artifacts) =>
    [...serverNamespacesByGroup(artifacts)].flatMap(([group, namespaces]): Violation[] => {
      const sensors = falcoSensors(artifacts, group);
      if (sensors.length === 0) return namespaces.map((namespace) => kubernetesViolation(namespace, "no Falco DaemonSet watches this MCP server at run time"));
      return sensors.flatMap((sensor) => sensorProblems(artifacts, sensor, namespaceNames(namespaces)).map((problem) => kubernetesViolation(sensor.item, problem)));
    }),
};

export default rule;
