import { authorizationRules, DECLARED_TOOLS_ANNOTATION, declaredTools, gatewayConfigs, hostNamespace, serverNamespaces } from "../gateway";
import { kubernetesViolation } from "../kubernetes";
import { Rule, Violation } from "../types";

/** An allow rule naming one tool, then the scopes it requires: what the blueprint generates. */
const TOOL_RULE = /^mcp\.tool\.name == "([A-Za-z0-9_.-]{1,128})"((?: && \(" " \+ jwt\.scope \+ " "\)\.contains\(" [^"\\ ]+ "\))*)$/;
const SCOPE_CLAUSE = /\.contains\(" ([^"\\ ]+) "\)/g;

/** The tool and scopes an allow rule admits, or undefined when it is not one tool with its scopes. */
function parseToolRule(expression: string): { readonly tool: string; readonly scopes: readonly string[] } | undefined {
  const match = TOOL_RULE.exec(expression.trim());
  return match ? { tool: match[1], scopes: [...match[2].matchAll(SCOPE_CLAUSE)].map((clause) => clause[1]) } : undefined;
}

/**
 * MCP clients discover and call only the tools each server declares (TS-01): every gateway route has authorization
 * rules (agentgateway then filters `tools/list` and refuses other calls, prompts and resources); every allow rule names
 * exactly one tool, which the target server's namespace declares (`mcp.security/declared-tools`), and requires every
 * scope declared for it.
 */
const rule: Rule = {
  id: "ts-01-gateway-declared-tools-only",
  controls: ["TS-01"],
  severity: "high",
  description: "Every gateway route's mcpAuthorization allows only declared tools, one per rule, each with all its declared scopes; a route without rules is a finding.",
  remediation: "Generate one allow rule per declared tool, `mcp.tool.name == \"<tool>\" && (\" \" + jwt.scope + \" \").contains(\" <scope> \")` (the McpGateway construct does), and declare every tool in the environment config.",
  check: (artifacts) =>
    gatewayConfigs(artifacts).flatMap(({ configMap, workload, routes }) => {
      const where = configMap ?? workload;
      const namespaces = serverNamespaces(artifacts, workload.group);
      const findings: Violation[] = [];
      for (const { label, policies, targets } of routes) {
        const rules = authorizationRules(policies);
        if (rules === undefined || rules.length === 0) {
          findings.push(kubernetesViolation(where, `${label} has no mcpAuthorization rules, so every tool, prompt and resource of its servers is listed and callable`));
          continue;
        }
        const declared = new Map<string, readonly string[]>();
        for (const target of targets) {
          const name = hostNamespace(target.host);
          const namespace = namespaces.find((candidate) => candidate.object.metadata.name === name);
          const tools = namespace ? declaredTools(namespace) : undefined;
          if (!tools) {
            findings.push(kubernetesViolation(where, `${label} targets ${target.host}, whose MCP server namespace records no declared tools (${DECLARED_TOOLS_ANNOTATION})`));
            continue;
          }
          for (const [tool, scopes] of tools) declared.set(tool, scopes);
        }
        rules.forEach(({ kind, expression }, index) => {
          if (kind === "deny" || kind === "require") return;
          const allowed = kind === "allow" ? parseToolRule(expression) : undefined;
          if (!allowed) {
            findings.push(kubernetesViolation(where, `${label} rule ${index} (${kind} ${JSON.stringify(expression)}) does not allow exactly one named tool with its scopes`));
            return;
          }
          const scopes = declared.get(allowed.tool);
          if (scopes === undefined) {
            findings.push(kubernetesViolation(where, `${label} rule ${index} allows tool "${allowed.tool}", which its server does not declare`));
            return;
          }
          const missing = scopes.filter((scope) => !allowed.scopes.includes(scope));
          if (missing.length > 0) findings.push(kubernetesViolation(where, `${label} rule ${index} allows tool "${allowed.tool}" without the declared scope${missing.length === 1 ? "" : "s"} ${missing.join(", ")}`));
        });
      }
      return findings;
    }),
};

export default rule;
