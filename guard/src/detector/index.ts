/**
 * The tool-poisoning detector (TOOL-05, TOOL-06, TOOL-07, TOOL-11): one function over one MCP `Tool` definition,
 * used by `mcp-harden tools scan|pin`, `validate` and the guard's `tools/list` check. Pure, synchronous, in-process;
 * every rule runs in time linear in the definition's size.
 */
import { ToolDefinition } from "../config/types";
import { textFields } from "./fields";
import { DETECTOR_RULES } from "./rules";
import { DetectorSeverity, Finding, ScanContext } from "./types";

export { DETECTOR_RULES, DETECTOR_RULES_VERSION } from "./rules";
export type { DetectorRule, DetectorSeverity, Finding, ScanContext } from "./types";

/** Severities that `tools pin` refuses unless accepted by name, and the guard treats as poisoned. */
export const BLOCKING_SEVERITIES: readonly DetectorSeverity[] = ["critical", "high"];

/**
 * Every finding of every rule on one definition, in rule order then field order. A definition that is not an object
 * with a string `name` is reported as one TOOL-05 finding rather than thrown on.
 */
export function scanTool(definition: ToolDefinition, context: ScanContext = {}): Finding[] {
  if (typeof definition !== "object" || definition === null || typeof definition.name !== "string") {
    return [{ rule: "TOOL-05-identifier", control: "TOOL-05", severity: "high", field: "name", message: "Not a tool definition: an MCP Tool is an object with a string name." }];
  }
  const input = { definition, fields: textFields(definition), context };
  const findings: Finding[] = [];
  for (const rule of DETECTOR_RULES) {
    for (const hit of rule.check(input)) {
      findings.push({ rule: rule.id, control: rule.control, severity: rule.severity, field: hit.field, message: `${rule.description}: ${hit.detail} in ${hit.field}. ${rule.remediation}` });
    }
  }
  return findings;
}
