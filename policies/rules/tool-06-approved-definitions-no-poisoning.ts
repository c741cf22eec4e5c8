import { approvedDefinitionViolations } from "../approved-definitions";
import { Rule } from "../types";

/**
 * No approved tool definition the guard enforces carries a poisoning pattern (directives to the model, secrecy, credential reads, exfiltration, shadowing, urgency, fake notices). Read from the guard configuration the manifests deploy (the ConfigMap the guard's `--config` names), so
 * it judges what the guard will enforce, whoever generated it.
 */
const rule: Rule = {
  id: "tool-06-approved-definitions-no-poisoning",
  controls: ["TOOL-06"],
  severity: "critical",
  description: "No approved tool definition the guard enforces carries a poisoning pattern (directives to the model, secrecy, credential reads, exfiltration, shadowing, urgency, fake notices).",
  remediation: "Refuse the definition: re-capture the server's tools/list, diff it (mcp-harden tools diff) and pin only a clean one; accept a finding only with a justification a reviewer signed off.",
  check: (artifacts) => approvedDefinitionViolations(artifacts, "TOOL-06"),
};

export default rule;
