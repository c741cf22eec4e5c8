import { JsonValue, ToolDefinition } from "../../guard/src/config/types";
import { toolPin } from "../../guard/src/pin";
import { authorizationRules, gatewayConfigs } from "../gateway";
import { guardConfigsOfGroup } from "../guard";
import { kubernetesViolation, record } from "../kubernetes";
import { Rule, Violation } from "../types";

/** The tool an allow rule names (`mcp.tool.name == "<tool>"`). */
const NAMED_TOOL = /mcp\.tool\.name\s*==\s*"([^"]+)"/;

/** The pin of a definition as the guard computes it, or why it has none. */
function pinOf(definition: unknown): string | undefined {
  try {
    return record(definition) ? toolPin(definition as unknown as ToolDefinition) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The guard knows every server and tool the gateway routes, each by its pinned definition (TS-01): every MCP target of
 * every route has an entry in every guard configuration of its environment; every tool a route's authorization rules
 * allow is an approved tool of that entry; and each approved tool's pin is the SHA-256 of its definition's canonical
 * JSON, under the definition's own name. A tool allowed by the gateway but unknown to the guard, or a pin that does not
 * match, means the definition clients see is not the reviewed one.
 */
const rule: Rule = {
  id: "ts-01-guard-approved-tools",
  controls: ["TS-01"],
  severity: "high",
  description: "Every routed server and every tool its route allows has an approved, correctly pinned definition in the MCP guard's configuration.",
  remediation: "Approve each tool in the server's lock file (mcpServers[].approvedTools) with its pin, and list it in mcpServers[].tools; synth generates the guard configuration from both.",
  check: (artifacts) => {
    const findings: Violation[] = [];
    for (const { workload, routes } of gatewayConfigs(artifacts)) {
      for (const guard of guardConfigsOfGroup(artifacts, workload.group)) {
        const where = guard.configMap ?? guard.workload;
        if (guard.config === undefined) continue;
        const servers = new Map(guard.servers.map((server) => [server.name, server]));
        for (const route of routes) {
          const allowed = (authorizationRules(route.policies) ?? []).flatMap((entry) => (entry.kind === "allow" ? [NAMED_TOOL.exec(entry.expression)?.[1]].filter((tool): tool is string => tool !== undefined) : []));
          for (const target of route.targets) {
            const server = servers.get(target.name);
            if (server === undefined) {
              findings.push(kubernetesViolation(where, `has no entry for server "${target.name}", which the gateway's ${route.label} routes: none of its tools has an approved definition`));
              continue;
            }
            for (const tool of [...new Set(allowed)].filter((name) => server.tools[name] === undefined)) {
              findings.push(kubernetesViolation(where, `server "${target.name}" has no approved definition of tool "${tool}", which the gateway's ${route.label} allows`));
            }
          }
        }
        for (const server of guard.servers) {
          for (const [name, tool] of Object.entries(server.tools)) {
            const definition = record(tool["definition"]);
            if (definition?.["name"] !== name) findings.push(kubernetesViolation(where, `server "${server.name}" lists tool "${name}" with a definition named ${JSON.stringify(definition?.["name"] ?? null)}`));
            const pin = pinOf(definition as unknown as JsonValue);
            if (pin === undefined || tool["pin"] !== pin) findings.push(kubernetesViolation(where, `server "${server.name}" tool "${name}" is pinned ${JSON.stringify(tool["pin"] ?? null)}, but its definition's pin is ${pin ?? "(none: not a definition)"}: the definition is not the approved one`));
          }
        }
      }
    }
    return findings;
  },
};

export default rule;
