import { GATEWAY_ACCESS_LOG_FIELDS } from "../../baselines/gateway-access-log";
import { CORRELATED_RULES, GUARD_AUDIT_EVENTS, mcpCorrelations } from "../../baselines/mcp-correlations";
import { accountViolation, isAwsAccountStack } from "../account-stacks";
import { alarmNotifyProblem, alarmsOfFilter, alertedServers, compositeRefersTo, compositeWatches } from "../alarms";
import { stackResources, TerraformResource, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

const pattern = (filter: TerraformResource) => String(filter.values["pattern"] ?? "");
const firstRule = (prefix: string) => `$.rules[0] = "${prefix}*"`;
const onServer = (server: string) => `$.server = "${server}"`;
const CORRELATION_IDS = mcpCorrelations(1).map((correlation) => correlation.id);

function stackFindings(stack: StackArtifact): Violation[] {
  if (!isAwsAccountStack(stack) || stackResources(stack, "aws_eks_cluster").length === 0) return [];
  const guardFilters = stackResources(stack, "aws_cloudwatch_log_metric_filter").filter((filter) => pattern(filter).includes('$.event = "mcp.guard.'));
  const findings: Violation[] = guardFilters
    .filter((filter) => !pattern(filter).includes('$.kubernetes.namespace_name = "'))
    .map((filter) => violation(filter, "it counts audit lines from any namespace: an MCP server could forge or drown the guard's lines; restrict it to the guard's namespace ($.kubernetes.namespace_name)"));
  const matching = (...parts: string[]) => guardFilters.filter((filter) => parts.every((part) => pattern(filter).includes(part)));
  const alarmsOf = (filters: readonly TerraformResource[]) => filters.flatMap((filter) => alarmsOfFilter(stack, filter));
  const notifying = (alarms: readonly TerraformResource[]) => alarms.filter((alarm) => alarmNotifyProblem(stack, alarm) === undefined);
  const composites = notifying(stackResources(stack, "aws_cloudwatch_composite_alarm"));
  const correlated = (first: readonly TerraformResource[], second: readonly TerraformResource[]) =>
    composites.some((composite) => String(composite.values["alarm_rule"]).includes(" AND ") && first.some((alarm) => compositeRefersTo(composite, alarm)) && second.some((alarm) => compositeRefersTo(composite, alarm)));

  const decision = `"${GUARD_AUDIT_EVENTS.decision}"`;
  const paging: readonly [string, readonly string[]][] = [
    ["authentication failure bursts", [decision, '"deny"', ...CORRELATED_RULES.authentication.map(firstRule)]],
    ["requests with a revoked token or session", [decision, ...CORRELATED_RULES.revokedSession.map(firstRule)]],
  ];
  for (const [what, parts] of paging) {
    if (notifying(alarmsOf(matching(...parts))).length === 0) findings.push(accountViolation(stack, `no alarm on the guard's audit lines for ${what} notifies an encrypted SNS topic`));
  }

  const names = alertedServers(stack);
  const largeResponses = (server: string) => alarmsOf(stackResources(stack, "aws_cloudwatch_log_metric_filter").filter((filter) => pattern(filter).includes(`$.${GATEWAY_ACCESS_LOG_FIELDS.server} = "${server}"`)));
  const denials = new Map(names.map((server) => [server, alarmsOf(matching(decision, '$.decision = "deny"', onServer(server)))]));
  for (const server of names) {
    const changed = alarmsOf(matching(`"${GUARD_AUDIT_EVENTS.toolChanged}"`, onServer(server)));
    if (notifying(changed).length === 0) findings.push(accountViolation(stack, `no alarm pages when a tool of ${server} differs from its pin (${GUARD_AUDIT_EVENTS.toolChanged})`));
    if (!correlated(changed, alarmsOf(matching(decision, onServer(server), '"tools/call"')))) {
      findings.push(accountViolation(stack, `no notifying composite alarm correlates a tool change on ${server} with calls to ${server} (rug pull then use)`));
    }
    if (!correlated(alarmsOf(matching(decision, onServer(server), "$.masked > 0")), largeResponses(server))) {
      findings.push(accountViolation(stack, `no notifying composite alarm correlates a DLP hit on ${server} with a large response of ${server}`));
    }
  }
  if (names.length >= 2) {
    const across = composites.some((composite) => names.every((server) => (denials.get(server) ?? []).some((alarm) => compositeWatches(stack, composite, alarm))));
    if (!across) findings.push(accountViolation(stack, `no notifying composite alarm correlates guard denial bursts across the servers ${names.join(", ")}`));
  }

  const groups = new Set(guardFilters.map((filter) => String(filter.values["log_group_name"])));
  const queries = stackResources(stack, "aws_cloudwatch_query_definition");
  for (const id of CORRELATION_IDS) {
    const saved = queries.some(
      (query) =>
        String(query.values["name"]).endsWith(`/correlation/${id}`) &&
        String(query.values["query_string"] ?? "").includes("mcp.guard.") &&
        (Array.isArray(query.values["log_group_names"]) ? (query.values["log_group_names"] as unknown[]) : []).some((group) => groups.has(String(group)))
    );
    if (!saved) findings.push(accountViolation(stack, `no saved Logs Insights query <prefix>/correlation/${id} over the guard's log group`));
  }
  return findings;
}

/**
 * Multi-step MCP attacks are correlated across servers (TOOL-12, TS-04, LOG-03): in every account stack with an EKS
 * cluster, metric filters over the guard's audit lines (restricted to the guard's namespace) with alarms to an
 * encrypted topic for authentication failure bursts, revoked sessions and each server's tool changes; composite alarms
 * for a tool change then calls, a DLP hit then a large response (per server) and denial bursts across servers; and a
 * saved Logs Insights query per correlation over the same log group.
 */
const rule: Rule = {
  id: "tool-12-guard-correlation",
  controls: ["TOOL-12", "TS-04", "LOG-03"],
  severity: "high",
  description:
    "Every account stack with an EKS cluster alarms on the guard's audit lines (auth failure bursts, revoked sessions, tool changes), correlates tool changes with calls, DLP hits with large responses and denials across servers in composite alarms to an encrypted topic, and saves a Logs Insights query per correlation.",
  remediation: "Add McpCorrelationAlarms (constructs/mcp-correlation.ts) over the container log group with the environment's servers, their large-response alarms and the security alerts topic, or restore the missing filter, alarm, composite or query.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
