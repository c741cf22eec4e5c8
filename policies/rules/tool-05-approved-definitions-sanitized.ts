import { approvedDefinitionViolations } from "../approved-definitions";
import { Rule } from "../types";

/**
 * Every approved tool definition the guard enforces passes the detector's structure and sanitization rules (lengths, identifiers, no hidden Unicode, HTML, markdown links or instructions in names, titles and values). Read from the guard configuration the manifests deploy (the ConfigMap the guard's `--config` names), so
 * it judges what the guard will enforce, whoever generated it.
 */
const rule: Rule = {
  id: "tool-05-approved-definitions-sanitized",
  controls: ["TOOL-05"],
  severity: "high",
  description: "Every approved tool definition the guard enforces passes the detector's structure and sanitization rules (lengths, identifiers, no hidden Unicode, HTML, markdown links or instructions in names, titles and values).",
  remediation: "Fix the definition upstream and re-pin it (mcp-harden tools pin), or accept the finding for that tool with a justification (tools pin --accept, the tool's overrides); never edit the guard configuration by hand.",
  check: (artifacts) => approvedDefinitionViolations(artifacts, "TOOL-05"),
};

export default rule;
