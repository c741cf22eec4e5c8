import { gatewayConfigs } from "../gateway";
import { guardConfigsOfGroup, guardProcessors } from "../guard";
import { kubernetesViolation } from "../kubernetes";
import { Rule, Violation } from "../types";

/**
 * Every MCP message passes the guard (IO-00, PUB-02): wherever an MCP gateway runs, an MCP guard runs beside it, and
 * every route of the gateway's configuration has an `mcpGuardrails` processor (`kind: remote`) calling the guard's
 * Service. A route without it reaches its server with no schema validation, no threat patterns and no output filtering.
 */
const rule: Rule = {
  id: "io-00-guard-on-every-route",
  controls: ["IO-00", "PUB-02"],
  severity: "critical",
  description: "An MCP guard is deployed with every MCP gateway, and every gateway route calls it through mcpGuardrails (kind remote, the guard's Service).",
  remediation: "Deploy the guard with the gateway and give every route mcpGuardrails: { processors: [{ kind: remote, host: <guard service>:<port>, methods: {\"*\": full}, failureMode: failClosed }] } (the McpGateway construct does).",
  check: (artifacts) =>
    gatewayConfigs(artifacts).flatMap(({ workload, configMap, routes, config }) => {
      if (config === undefined) return [];
      const guards = guardConfigsOfGroup(artifacts, workload.group);
      if (guards.length === 0) return [kubernetesViolation(workload, "is an MCP gateway, but no MCP guard (pods labelled app.kubernetes.io/name: mcp-guard) is deployed with it: no MCP message is validated or filtered")];
      const findings: Violation[] = [];
      for (const route of routes) {
        const processors = guardProcessors(route, guards);
        if (processors.length === 0) findings.push(kubernetesViolation(configMap ?? workload, `${route.label} calls no MCP guard (no mcpGuardrails processor with host ${guards[0].addresses[0] ?? "<guard service>"}): its messages are neither validated nor filtered`));
        else if (processors.some((processor) => processor["kind"] !== "remote")) findings.push(kubernetesViolation(configMap ?? workload, `${route.label} calls the MCP guard with kind ${JSON.stringify(processors[0]["kind"])}, not remote`));
      }
      return findings;
    }),
};

export default rule;
