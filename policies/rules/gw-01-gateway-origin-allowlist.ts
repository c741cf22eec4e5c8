import { gatewayConfigs } from "../gateway";
import { kubernetesViolation, record } from "../kubernetes";
import { Rule, Violation } from "../types";

/**
 * The gateway validates `Origin` (GW-01, MCP Streamable HTTP: servers MUST validate Origin): every route answers only
 * its named host names (no wildcard: DNS rebinding), allows CORS only for listed origins (never `*`), and checks the
 * Origin of state-changing requests (`csrf`).
 */
const rule: Rule = {
  id: "gw-01-gateway-origin-allowlist",
  controls: ["GW-01"],
  severity: "high",
  description: "Every gateway route names its host names (no wildcard), allows CORS only for listed origins (no *), and has the csrf Origin check.",
  remediation: "Set hostnames: [<edge domain>], cors.allowOrigins: <edge.allowedOrigins> and csrf on every route (the McpGateway construct does).",
  check: (artifacts) =>
    gatewayConfigs(artifacts).flatMap(({ configMap, workload, routes }) => {
      const where = configMap ?? workload;
      const findings: Violation[] = [];
      for (const { label, route, policies } of routes) {
        const hostnames = Array.isArray(route["hostnames"]) ? (route["hostnames"] as unknown[]).map(String) : [];
        if (hostnames.length === 0 || hostnames.some((host) => host.includes("*"))) findings.push(kubernetesViolation(where, `${label} answers ${hostnames.length === 0 ? "any host name" : `wildcard host names (${hostnames.join(", ")})`}: pin it to the MCP domain against DNS rebinding`));
        const origins = record(policies["cors"])?.["allowOrigins"];
        if (Array.isArray(origins) && origins.map(String).some((origin) => origin.includes("*"))) findings.push(kubernetesViolation(where, `${label} lets any origin call it (cors.allowOrigins ${JSON.stringify(origins)})`));
        if (record(policies["csrf"]) === undefined) findings.push(kubernetesViolation(where, `${label} has no csrf policy: the Origin of browser requests is not validated`));
      }
      return findings;
    }),
};

export default rule;
