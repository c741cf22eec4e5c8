import { guardConfigs } from "../guard";
import { kubernetesViolation } from "../kubernetes";
import { Rule } from "../types";

/**
 * The guard enforces for every server (IO-00, DLP-00, GW-02): a server in `report` mode has every message let through
 * and only reported. Sandboxing a new server that way is a deliberate weakening: synth records its justification
 * (`mcpServers[].guard.reportJustification`) as an accepted exception of this rule on the guard's ConfigMap, so
 * `check` lists it.
 */
const rule: Rule = {
  id: "io-00-guard-enforce-mode",
  controls: ["IO-00", "DLP-00", "GW-02"],
  severity: "high",
  description: "The MCP guard runs in enforce mode for every server (report mode only with an accepted, justified exception).",
  remediation: "Remove guard.mode: report from the server once its baseline is reviewed; while it is needed, set guard.reportJustification (who approved it, until when).",
  check: (artifacts) =>
    guardConfigs(artifacts).flatMap(({ workload, configMap, servers }) =>
      servers
        .filter(({ server }) => server["mode"] !== "enforce")
        .map(({ name, server }) => kubernetesViolation(configMap ?? workload, `server "${name}" runs in guard mode ${JSON.stringify(server["mode"] ?? null)}, not enforce: its messages are only reported, never denied or masked`))
    ),
};

export default rule;
