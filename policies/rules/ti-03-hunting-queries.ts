import { accountViolation, isAwsAccountStack } from "../account-stacks";
import { resolveReference, stackResources, TerraformResource } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/** The log groups a saved query reads, by name. */
function groupsRead(stack: StackArtifact, query: TerraformResource): string[] {
  const groups = Array.isArray(query.values["log_group_names"]) ? (query.values["log_group_names"] as unknown[]) : [];
  return groups.map((group) => String(resolveReference(stack, group)?.values["name"] ?? group));
}

function stackFindings(stack: StackArtifact): Violation[] {
  if (!isAwsAccountStack(stack) || stackResources(stack, "aws_networkfirewall_firewall").length === 0) return [];
  const queries = stackResources(stack, "aws_cloudwatch_query_definition");
  const named = (part: string) => queries.filter((query) => String(query.values["name"]).includes(part));
  const findings: Violation[] = [];
  const dnsLogs = stackResources(stack, "aws_route53_resolver_query_log_config").map((config) => String(resolveReference(stack, String(config.values["destination_arn"]).replace(/:\*$/, ""))?.values["name"] ?? ""));
  const exportsDns = named("/threat-intel/export-").some((query) => groupsRead(stack, query).some((group) => dnsLogs.includes(group)) && String(query.values["query_string"]).includes("BLOCK"));
  if (!exportsDns) findings.push(accountViolation(stack, "no saved query <prefix>/threat-intel/export-* lists the domains the DNS Firewall blocked: the environment's own indicators cannot be shared (TI-02)"));
  const exportsAlerts = named("/threat-intel/export-").some((query) => String(query.values["query_string"]).includes('event.event_type = "alert"'));
  if (!exportsAlerts) findings.push(accountViolation(stack, "no saved query <prefix>/threat-intel/export-* lists the egress firewall's alerts (TI-02)"));
  if (named("/correlation/").length === 0) findings.push(accountViolation(stack, "no saved hunting query <prefix>/correlation/* over the guard's audit lines (TI-03)"));
  return findings;
}

/**
 * Hunting and sharing have their artifacts (TI-02, TI-03): every account stack with an egress firewall saves Logs
 * Insights queries that export its own indicators (domains the DNS Firewall blocked, the egress firewall's alerts) and
 * hunting queries over the guard's audit lines, which the incident runbooks name.
 */
const rule: Rule = {
  id: "ti-03-hunting-queries",
  controls: ["TI-02", "TI-03"],
  severity: "low",
  description: "Every account stack with an egress firewall saves indicator-export queries over the DNS Firewall's query log and the firewall's alert log, and correlation hunting queries over the guard's audit lines.",
  remediation: "Add the threat-intel export queries (stacks/threat-intel.ts) and McpCorrelationAlarms' queries, or restore the missing query definition.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
