import { gatewayConfigs } from "../gateway";
import { guardConfigsOfGroup, guardProcessors } from "../guard";
import { kubernetesViolation } from "../kubernetes";
import { Rule } from "../types";

/**
 * The guard's failure is a denial, never a bypass (IO-00, DLP-00): every `mcpGuardrails` processor calling the guard
 * fails closed. With `failOpen`, an unreachable, overloaded or crashing guard lets every message through unchecked, so
 * an attacker who can slow the guard turns it off.
 */
const rule: Rule = {
  id: "io-00-guard-fails-closed",
  controls: ["IO-00", "DLP-00"],
  severity: "critical",
  description: "Every mcpGuardrails processor that calls the MCP guard has failureMode failClosed (or the default).",
  remediation: "Set failureMode: failClosed on the guard's processor (the McpGateway construct does); scale the guard instead of failing open.",
  check: (artifacts) =>
    gatewayConfigs(artifacts).flatMap(({ workload, configMap, routes }) => {
      const guards = guardConfigsOfGroup(artifacts, workload.group);
      return routes.flatMap((route) =>
        guardProcessors(route, guards)
          .filter((processor) => String(processor["failureMode"] ?? "failClosed") !== "failClosed")
          .map((processor) => kubernetesViolation(configMap ?? workload, `${route.label} calls the MCP guard with failureMode ${String(processor["failureMode"])}: when the guard is unreachable, every message passes unchecked`))
      );
    }),
};

export default rule;
