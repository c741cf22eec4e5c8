import { gatewayConfigs } from "../gateway";
import { kubernetesViolation, record } from "../kubernetes";
import { Rule, Violation } from "../types";

/**
 * Tokens are audience-restricted per MCP server (AUTH-03): every route of every gateway configuration validates
 * tokens (`mcpAuthentication`) against exactly one audience, and no two routes accept the same audience, so a token
 * issued for one server is refused by every other (and, with the guard's one-tool grants, no token is valid for
 * several tool audiences: JIT-05).
 */
const rule: Rule = {
  id: "auth-03-gateway-audience-per-server",
  controls: ["AUTH-03", "JIT-05"],
  severity: "critical",
  description: "Every gateway route's mcpAuthentication names exactly one audience, and no two routes share one.",
  remediation: "Give each route mcpAuthentication.audiences: [<the server's resource URI>] (the McpGateway construct does; override per server in gateway.audiences).",
  check: (artifacts) =>
    gatewayConfigs(artifacts).flatMap(({ configMap, workload, routes }) => {
      const where = configMap ?? workload;
      const findings: Violation[] = [];
      const owner = new Map<string, string>();
      for (const { label, policies } of routes) {
        const authentication = record(policies["mcpAuthentication"]);
        if (!authentication) {
          findings.push(kubernetesViolation(where, `${label} has no mcpAuthentication: it accepts tokens for any audience, or none`));
          continue;
        }
        const audiences = Array.isArray(authentication["audiences"]) ? (authentication["audiences"] as unknown[]).map(String) : [];
        if (audiences.length !== 1 || audiences[0].trim() === "" || audiences[0] === "*") {
          findings.push(kubernetesViolation(where, `${label} accepts ${audiences.length === 0 ? "no audience restriction" : `audiences [${audiences.join(", ")}]`}, not exactly one audience of its own`));
          continue;
        }
        const first = owner.get(audiences[0]);
        if (first !== undefined) findings.push(kubernetesViolation(where, `${label} accepts audience "${audiences[0]}", which ${first} accepts too: a token for one server would open the other`));
        else owner.set(audiences[0], label);
      }
      return findings;
    }),
};

export default rule;
