import { guardConfigs } from "../guard";
import { kubernetesViolation, records } from "../kubernetes";
import { Rule, Violation } from "../types";

/** The shortest justification of a rule override. */
const MIN_JUSTIFICATION = 20;

/**
 * The guard applies its versioned threat-pattern rule pack (GW-02, PUB-02) to arguments, results and tool
 * definitions: the configuration names the pack's version, and every per-tool override names one rule and says why, in
 * at least 20 characters (the guard still reports an overridden rule in its audit line).
 */
const rule: Rule = {
  id: "gw-02-guard-threat-rules",
  controls: ["GW-02", "PUB-02"],
  severity: "high",
  description: "The MCP guard's configuration names its threat rule pack, and every rule override is justified.",
  remediation: "Keep threatRulePack as synth writes it; justify each override in mcpServers[].tools[].overrides (at least 20 characters: why, who approved it, until when).",
  check: (artifacts) =>
    guardConfigs(artifacts).flatMap(({ workload, configMap, config, servers }) => {
      if (config === undefined) return [];
      const where = configMap ?? workload;
      const findings: Violation[] = [];
      if (typeof config["threatRulePack"] !== "string" || config["threatRulePack"].trim() === "") findings.push(kubernetesViolation(where, "names no threatRulePack: the guard would apply no injection, traversal, SSRF or exfiltration patterns"));
      for (const server of servers) {
        for (const [name, tool] of Object.entries(server.tools)) {
          for (const override of records(tool["overrides"])) {
            const justification = typeof override["justification"] === "string" ? override["justification"].trim() : "";
            if (typeof override["rule"] !== "string" || justification.length < MIN_JUSTIFICATION) {
              findings.push(kubernetesViolation(where, `server "${server.name}" tool "${name}" overrides rule ${JSON.stringify(override["rule"] ?? null)} without a justification of at least ${MIN_JUSTIFICATION} characters`));
            }
          }
        }
      }
      return findings;
    }),
};

export default rule;
