import { falcoLoad, falcoSensors, listItems, requiredRuleProblems } from "../falco";
import { guardConfigs } from "../guard";
import { kubernetesViolation } from "../kubernetes";
import { sandboxNamespaces } from "../sandbox";
import { Rule, Violation } from "../types";
import { FALCO_MCP_RULE_NAMES } from "../../baselines/falco";

/** The Falco rules that report everything a sandboxed server does. */
export const SANDBOX_FALCO_RULES: readonly string[] = [FALCO_MCP_RULE_NAMES.sandboxProcess, FALCO_MCP_RULE_NAMES.sandboxConnection, FALCO_MCP_RULE_NAMES.sandboxWrite];

/**
 * The sandbox reports everything (TOOL-10): for each sandbox namespace, every guard of its cluster that serves the
 * server does so in report mode (so each audit line says what enforce would have decided), and every Falco of the
 * cluster lists the namespace in `mcp_sandbox_namespaces` and loads the sandbox rules (every process, outbound
 * connection and file write) enabled, at NOTICE or above.
 */
const rule: Rule = {
  id: "tool-10-sandbox-reports",
  controls: ["TOOL-10"],
  severity: "medium",
  description:
    "For each sandbox namespace, the guard serves its server in report mode and Falco lists it in mcp_sandbox_namespaces and loads the MCP sandbox process, outbound connection and file write rules (enabled, priority ≥ NOTICE).",
  remediation: "Let synth deploy the server with stage: sandbox (the guard's mode and Falco's sandbox rules follow from it); never set guard.mode: enforce on a sandboxed server.",
  check: (artifacts) => {
    const namespaces = sandboxNamespaces(artifacts);
    const guards = guardConfigs(artifacts);
    return [...new Set(namespaces.map((namespace) => namespace.group))].flatMap((group): Violation[] => {
      const names = namespaces.filter((namespace) => namespace.group === group).map((namespace) => namespace.object.metadata.name);
      const findings: Violation[] = [];
      for (const guard of guards.filter((candidate) => candidate.workload.group === group)) {
        for (const { name, server } of guard.servers.filter((candidate) => names.includes(candidate.name))) {
          if (server["mode"] !== "report") findings.push(kubernetesViolation(guard.configMap ?? guard.workload, `sandboxed server "${name}" runs in guard mode ${JSON.stringify(server["mode"] ?? null)}: the sandbox's guard reports what it would decide and lets everything through`));
        }
      }
      for (const sensor of falcoSensors(artifacts, group)) {
        const load = falcoLoad(artifacts, sensor);
        const listed = listItems(load, "mcp_sandbox_namespaces") ?? [];
        const missing = names.filter((name) => !listed.includes(name));
        const problems = [
          ...requiredRuleProblems(load, SANDBOX_FALCO_RULES, "NOTICE"),
          ...(missing.length === 0 ? [] : [`Falco list mcp_sandbox_namespaces misses ${missing.join(", ")}, so the sandbox rules do not report what ${missing.length > 1 ? "those servers do" : "that server does"}`]),
        ];
        findings.push(...problems.map((problem) => kubernetesViolation(sensor.item, problem)));
      }
      return findings;
    });
  },
};

export default rule;
