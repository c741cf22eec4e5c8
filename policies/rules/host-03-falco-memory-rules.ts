import { kubernetesViolation } from "../kubernetes";
import { falcoLoad, falcoSensors, requiredRuleProblems } from "../falco";
import { serverNamespacesByGroup } from "../observability";
import { Rule, Violation } from "../types";

/** The in-memory attack rules every cluster's Falco must load (constructs/k8s/falco-mcp-rules.ts). */
export const REQUIRED_MEMORY_RULES: readonly string[] = ["MCP ptrace attach to process", "MCP fileless execution from memory", "MCP write to process memory"];

/**
 * Every cluster that hosts MCP servers detects in-memory attacks in MCP pods (HOST-03): its Falco DaemonSets load
 * rules for ptrace attach or injection, execution from a memfd, and writes to `/proc/<pid>/mem`, each with a
 * priority of WARNING or above, never disabled or rewritten afterwards. (The Falco DaemonSet itself is HOST-01's.)
 */
const rule: Rule = {
  id: "host-03-falco-memory-rules",
  controls: ["HOST-03"],
  severity: "high",
  description: "Every Falco DaemonSet of a cluster with MCP servers loads the MCP ptrace, memfd-execution and /proc/<pid>/mem write rules (priority ≥ WARNING, enabled, not rewritten).",
  remediation: "Load falcoMcpRules(...) in the FalcoSensor (stacks/observability.ts does) and keep its HOST-03 rules enabled.",
  check: (artifacts) =>
    [...serverNamespacesByGroup(artifacts)].flatMap(([group]): Violation[] =>
      falcoSensors(artifacts, group).flatMap((sensor) => requiredRuleProblems(falcoLoad(artifacts, sensor), REQUIRED_MEMORY_RULES).map((problem) => kubernetesViolation(sensor.item, problem)))
    ),
};

export default rule;
