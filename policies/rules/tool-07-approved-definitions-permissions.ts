import { approvedDefinitionViolations } from "../approved-definitions";
import { Rule } from "../types";

/**
 * What each approved tool's description says it does (writes, deletes, network, shell) agrees with its MCP annotations and the OAuth scopes declared for it. Read from the guard configuration the manifests deploy (the ConfigMap the guard's `--config` names), so
 * it judges what the guard will enforce, whoever generated it.
 */
const rule: Rule = {
  id: "tool-07-approved-definitions-permissions",
  controls: ["TOOL-07"],
  severity: "high",
  description: "What each approved tool's description says it does (writes, deletes, network, shell) agrees with its MCP annotations and the OAuth scopes declared for it.",
  remediation: "Correct the server's annotations or the scopes in mcpServers[].tools so they state what the tool really does, or pin a definition that only does what its scopes grant.",
  check: (artifacts) => approvedDefinitionViolations(artifacts, "TOOL-07"),
};

export default rule;
