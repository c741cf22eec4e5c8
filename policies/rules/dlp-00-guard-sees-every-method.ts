import { gatewayConfigs } from "../gateway";
import { GUARDED_METHODS, guardConfigsOfGroup, guardProcessors, methodPhase } from "../guard";
import { kubernetesViolation, record } from "../kubernetes";
import { Rule, Violation } from "../types";

/** What a phase leaves unchecked. */
const GAPS: Readonly<Record<string, string>> = {
  off: "neither its requests nor its results are checked",
  request: "its results reach the client unchecked (no DLP, no result threat patterns, tools/list unfiltered)",
  response: "its requests reach the server unchecked (no schema validation, no argument threat patterns)",
};

/**
 * The guard sees both phases of every MCP method (DLP-00, IO-00, IO-06, GW-02): for each request method of the accepted
 * MCP revisions, the guard's processor resolves (exact key, then prefix, then suffix, then `*`, as agentgateway matches
 * them) to `full`. A pattern that skips `tools/call`, or checks only its request, lets results through unfiltered; one
 * that skips a request phase lets arguments through un-normalized (IO-06: the guard returns them NFKC-normalized, with
 * invisible and bidirectional controls removed, as a `mutated` request).
 */
const rule: Rule = {
  id: "dlp-00-guard-sees-every-method",
  controls: ["DLP-00", "IO-00", "IO-06", "GW-02"],
  severity: "critical",
  description: "The MCP guard's processor covers every MCP method (tools/call, tools/list, resources/read, prompts/get, ...) in the full phase (request and response).",
  remediation: "Set methods: {\"*\": full} on the guard's processor (the McpGateway construct does); do not add keys that narrow a method to request, response or off.",
  check: (artifacts) =>
    gatewayConfigs(artifacts).flatMap(({ workload, configMap, routes }) => {
      const guards = guardConfigsOfGroup(artifacts, workload.group);
      const findings: Violation[] = [];
      for (const route of routes) {
        const processors = guardProcessors(route, guards);
        if (processors.length === 0) continue;
        for (const method of GUARDED_METHODS) {
          const phases = processors.map((processor) => methodPhase(record(processor["methods"]) ?? {}, method) ?? "off");
          if (phases.includes("full") || (phases.includes("request") && phases.includes("response"))) continue;
          const phase = phases.find((candidate) => candidate !== "off") ?? "off";
          findings.push(kubernetesViolation(configMap ?? workload, `${route.label} runs the MCP guard on ${method} in phase ${phase}: ${GAPS[phase] ?? GAPS.off}`));
        }
      }
      return findings;
    }),
};

export default rule;
