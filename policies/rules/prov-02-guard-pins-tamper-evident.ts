import { toolsDigest } from "../../guard/src/pin";
import { guardConfigs } from "../guard";
import { containers, kubernetesViolation } from "../kubernetes";
import { Rule, Violation } from "../types";

/** The value after a flag in a container's arguments, or undefined. */
function flagValue(args: readonly unknown[], flag: string): unknown {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
}

/**
 * The guard's pins are tamper-evident where they are deployed (PROV-02, TOOL-08): every guard workload reads its
 * configuration from a ConfigMap, and its container is started with `--tools-digest` equal to the digest of every pin
 * in that configuration, so the approved registry cannot be changed in the ConfigMap alone (the guard refuses to
 * start on a mismatch) and a change shows in two reviewed objects.
 */
const rule: Rule = {
  id: "prov-02-guard-pins-tamper-evident",
  controls: ["PROV-02", "TOOL-08"],
  severity: "high",
  description: "Every MCP guard reads its approved tools from a ConfigMap and is started with --tools-digest equal to the digest of their pins.",
  remediation: "Deploy the guard with the McpGuard construct, which passes --tools-digest from the generated configuration; never edit the guard's ConfigMap or arguments by hand: re-pin with mcp-harden tools pin and synthesize.",
  check: (artifacts) =>
    guardConfigs(artifacts).flatMap((guard): Violation[] => {
      if (guard.config === undefined) return [kubernetesViolation(guard.workload, `the guard's pin source cannot be read: ${guard.problem ?? "no configuration"}`)];
      if (guard.configMap === undefined) return [kubernetesViolation(guard.workload, "the guard reads its approved tools from no ConfigMap")];
      const expected = (() => {
        try {
          return toolsDigest(guard.config as never);
        } catch {
          return undefined;
        }
      })();
      const args = (entry: { readonly container: Record<string, unknown> }) => (Array.isArray(entry.container["args"]) ? (entry.container["args"] as unknown[]) : []);
      const guardContainers = containers(guard.template.spec).filter((entry) => args(entry).includes("--config"));
      if (guardContainers.length === 0) return [kubernetesViolation(guard.workload, "no container of the guard is started with --config")];
      const source = guard.configMap.address;
      return guardContainers.flatMap((entry) => {
        const given = flagValue(args(entry), "--tools-digest");
        if (given === undefined) return [kubernetesViolation(guard.workload, `${entry.label} is started without --tools-digest, so pins changed in ConfigMap ${source} alone would be enforced`)];
        if (given !== expected) return [kubernetesViolation(guard.workload, `${entry.label} expects tools digest ${String(given)}, but ConfigMap ${source} carries pins with digest ${expected ?? "(unreadable)"}: the approved tools were changed on one side only`)];
        return [];
      });
    }),
};

export default rule;
