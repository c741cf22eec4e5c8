import { kubernetesViolation } from "../kubernetes";
import { falcoLoad, falcoSensors, FalcoLoad, listItems, namespaceNames, requiredRuleProblems } from "../falco";
import { serverNamespacesByGroup } from "../observability";
import { Rule, Violation } from "../types";
import { falcoServerBaseline } from "../../baselines/falco";

/** What keeps one server's baseline rules from running in a Falco that loads `load`. */
function baselineProblems(load: FalcoLoad, namespace: string): string[] {
  const names = falcoServerBaseline(namespace);
  const problems = requiredRuleProblems(load, [names.process, names.port]);
  const entries = load.rulesFiles.flatMap((file) => file.entries);
  const condition = (rule: string) => String(entries.find((entry) => entry["rule"] === rule && typeof entry["condition"] === "string")?.["condition"] ?? "");
  for (const rule of [names.process, names.port]) {
    if (condition(rule) !== "" && !condition(rule).includes(`k8s.ns.name = "${namespace}"`)) problems.push(`Falco rule "${rule}" does not watch namespace ${namespace} (k8s.ns.name = "${namespace}")`);
  }
  if (condition(names.process) !== "" && !condition(names.process).includes(`not proc.name in (${names.processList})`)) problems.push(`Falco rule "${names.process}" does not judge processes against the list ${names.processList}`);
  if (listItems(load, names.processList) === undefined) problems.push(`Falco list ${names.processList} (the programs ${namespace} may start) is not defined`);
  return problems;
}

/**
 * Every MCP server's expected runtime behaviour is described to Falco (TOOL-09): for each server namespace of a
 * cluster, each Falco DaemonSet loads the server's baseline rules (a process other than its entrypoint and declared
 * programs, egress outside the internal networks on a port other than 443) enabled, at WARNING or above, watching
 * that namespace, with the server's list of declared programs defined.
 */
const rule: Rule = {
  id: "tool-09-falco-server-baselines",
  controls: ["TOOL-09"],
  severity: "medium",
  description:
    "For each MCP server namespace, the cluster's Falco loads the rules 'MCP baseline <namespace>: unexpected process' and '...: egress on an undeclared port' (enabled, priority ≥ WARNING, watching that namespace) and the list of its declared programs.",
  remediation: "Generate the Falco rules with falcoMcpRules(...) for every server of the environment (stacks/observability.ts does); declare programs a server legitimately starts in mcpServers[].processes instead of disabling its rule.",
  check: (artifacts) =>
    [...serverNamespacesByGroup(artifacts)].flatMap(([group, namespaces]): Violation[] =>
      falcoSensors(artifacts, group).flatMap((sensor) => {
        const load = falcoLoad(artifacts, sensor);
        return namespaceNames(namespaces).flatMap((namespace) => baselineProblems(load, namespace).map((problem) => kubernetesViolation(sensor.item, problem)));
      })
    ),
};

export default rule;
