import { gatewayConfigs, hostNamespace } from "../gateway";
import { kubernetesViolation } from "../kubernetes";
import { Rule, Violation } from "../types";

/**
 * Agent sessions never span MCP servers at the gateway (ISO-02): every route has exactly one backend with exactly one
 * MCP target, no two routes share a target name or a server namespace, so each server's sessions (and the session
 * state agentgateway encodes per target) stay its own.
 */
const rule: Rule = {
  id: "iso-02-gateway-route-isolation",
  controls: ["ISO-02"],
  severity: "high",
  description: "Every gateway route forwards to exactly one MCP target, and no two routes share a target or a server namespace.",
  remediation: "Route each MCP server on its own path to its own single target (the McpGateway construct does); never multiplex servers into one virtual MCP server.",
  check: (artifacts) =>
    gatewayConfigs(artifacts).flatMap(({ configMap, workload, routes }) => {
      const where = configMap ?? workload;
      const findings: Violation[] = [];
      const targetOwner = new Map<string, string>();
      const namespaceOwner = new Map<string, string>();
      for (const { label, targets, backendCount } of routes) {
        if (backendCount !== 1 || targets.length !== 1) {
          findings.push(kubernetesViolation(where, `${label} forwards to ${targets.length} MCP target${targets.length === 1 ? "" : "s"} over ${backendCount} backend${backendCount === 1 ? "" : "s"}, not one server: sessions would span servers`));
        }
        for (const target of targets) {
          const namespace = hostNamespace(target.host) ?? target.host;
          for (const [owners, key, what] of [[targetOwner, target.name, `target "${target.name}"`], [namespaceOwner, namespace, `server namespace ${namespace}`]] as const) {
            const first = owners.get(key);
            if (first !== undefined && first !== label) findings.push(kubernetesViolation(where, `${label} shares ${what} with ${first}`));
            else owners.set(key, label);
          }
        }
      }
      return findings;
    }),
};

export default rule;
