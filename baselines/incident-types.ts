/**
 * The incident classification of IR-01: the MCP incident types the blueprint prepares for, each with the signals that
 * first show it and the file of its runbook. `mcp-harden runbooks` writes one runbook per type (review/runbooks.ts);
 * the IR rule checks that each type's first signal exists in the plan and reaches the alert topic.
 */

/** The incident types of IR-01, each with its runbook. */
export const INCIDENT_TYPES = [
  { file: "tool-poisoning.md", title: "Suspected tool poisoning", signal: "a tool's description, schema or behaviour changed unexpectedly; agents act on injected instructions" },
  { file: "unauthorized-access.md", title: "Unauthorized access via MCP", signal: "a burst of failed sign-ins followed by a success, root or break-glass use, calls refused for missing permissions" },
  { file: "data-exfiltration.md", title: "Data leakage", signal: "a large-response alarm, egress firewall alerts, DNS queries to undeclared domains" },
  { file: "server-compromise.md", title: "MCP server compromise", signal: "a GuardDuty or Security Hub finding of high severity, a Falco alert in an MCP container" },
  { file: "denial-of-service.md", title: "Denial of service", signal: "WAF block spikes per server, rate limits hit, node group scaling to its maximum" },
] as const;
