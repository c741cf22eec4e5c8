import { authorizationRules, gatewayConfigs } from "../gateway";
import { kubernetesViolation, record } from "../kubernetes";
import { Rule, Violation } from "../types";

/** What is wrong with a route's token validation, if anything. */
function authenticationProblems(authentication: Record<string, unknown> | undefined): string[] {
  if (!authentication) return ["has no mcpAuthentication: requests pass without a validated token"];
  const problems: string[] = [];
  const mode = authentication["mode"] ?? "strict";
  if (mode !== "strict") problems.push(`validates tokens in mode "${String(mode)}", which lets requests without a valid token through`);
  const issuer = authentication["issuer"];
  if (typeof issuer !== "string" || !issuer.startsWith("https://")) problems.push(`trusts issuer ${JSON.stringify(issuer ?? null)}, not an https issuer`);
  const jwks = authentication["jwks"];
  const jwksUrl = typeof jwks === "string" ? undefined : record(jwks)?.["url"];
  if (jwks === undefined || (jwksUrl !== undefined && !String(jwksUrl).startsWith("https://"))) problems.push("has no JWKS fetched over https to verify token signatures");
  const header = record(record(authentication["authorizationLocation"])?.["header"]);
  if (authentication["authorizationLocation"] !== undefined && !header) problems.push("reads the token from elsewhere than the Authorization header (MCP forbids tokens in the query string)");
  return problems;
}

/**
 * Authorization is re-verified on every MCP request (CV-01): every gateway route validates a token on each request
 * (`mcpAuthentication` in strict mode, an https issuer and JWKS, the token in the Authorization header only) and
 * evaluates per-request authorization rules (`mcpAuthorization` with at least one rule).
 */
const rule: Rule = {
  id: "cv-01-gateway-authenticates-every-request",
  controls: ["CV-01"],
  severity: "critical",
  description: "Every gateway route has strict mcpAuthentication (https issuer and JWKS, header token) and mcpAuthorization rules, evaluated per request.",
  remediation: "Set mcpAuthentication mode strict with the issuer and its JWKS URL, and mcpAuthorization rules on every route (the McpGateway construct does).",
  check: (artifacts) =>
    gatewayConfigs(artifacts).flatMap(({ configMap, workload, routes, problem }) => {
      const where = configMap ?? workload;
      if (problem !== undefined) return [kubernetesViolation(workload, `the MCP gateway ${problem}, so no request is provably authenticated`)];
      const findings: Violation[] = [];
      for (const { label, policies } of routes) {
        for (const found of authenticationProblems(record(policies["mcpAuthentication"]))) findings.push(kubernetesViolation(where, `${label} ${found}`));
        const rules = authorizationRules(policies);
        if (rules === undefined || rules.length === 0) findings.push(kubernetesViolation(where, `${label} has no mcpAuthorization rules: no per-request authorization decision`));
      }
      return findings;
    }),
};

export default rule;
