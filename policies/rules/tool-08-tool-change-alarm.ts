import { TOOL_CHANGED_EVENT } from "../../guard/src/checks/TOOL-08";
import { accountViolation } from "../account-stacks";
import { alarmNotifyProblem, alarmsOfFilter } from "../alarms";
import { guardConfigs } from "../guard";
import { environmentOfGroup } from "../observability";
import { stackResources, TerraformResource } from "../terraform";
import { Artifacts, Rule, StackArtifact, Violation } from "../types";

const pattern = (filter: TerraformResource) => String(filter.values["pattern"] ?? "");
const TOOL_CHANGED = `$.event = "${TOOL_CHANGED_EVENT}"`;

/** The MCP servers whose tools the guards of an environment pin, sorted. */
function pinnedServers(artifacts: Artifacts, environment: string): string[] {
  const views = guardConfigs(artifacts).filter((view) => environmentOfGroup(view.workload.group) === environment);
  return [...new Set(views.flatMap((view) => view.servers.map((server) => server.name)))].sort();
}

/** Why no alarm pages on a tool change of `server` (filter restricted to the guard's namespace, alarm to an encrypted topic), or undefined. */
function serverProblem(stack: StackArtifact, filters: readonly TerraformResource[], server: string): string | undefined {
  const own = filters.filter((filter) => pattern(filter).includes(`$.server = "${server}"`));
  if (own.length === 0) return `no metric filter counts the guard's ${TOOL_CHANGED_EVENT} events of server ${server}: a rug pull on it raises no alarm`;
  const scoped = own.filter((filter) => pattern(filter).includes('$.kubernetes.namespace_name = "'));
  if (scoped.length === 0) return `the tool-change filter of server ${server} counts lines from any namespace: an MCP server could forge or drown the guard's events; restrict it to the guard's namespace`;
  const alarms = scoped.flatMap((filter) => alarmsOfFilter(stack, filter));
  if (alarms.length === 0) return `no alarm watches the tool-change metric of server ${server}`;
  const problems = alarms.map((alarm) => alarmNotifyProblem(stack, alarm));
  if (problems.some((problem) => problem === undefined)) return undefined;
  return `the tool-change alarm of server ${server} pages nobody: ${problems[0] as string}`;
}

function stackFindings(artifacts: Artifacts, stack: StackArtifact): Violation[] {
  if (stackResources(stack, "aws_eks_cluster").length === 0) return [];
  const filters = stackResources(stack, "aws_cloudwatch_log_metric_filter").filter((filter) => pattern(filter).includes(TOOL_CHANGED));
  const environment = /^mcp-(.+)$/.exec(stack.name)?.[1];
  const servers = environment === undefined ? [] : pinnedServers(artifacts, environment);
  if (servers.length === 0 && filters.length === 0) {
    return [accountViolation(stack, `no metric filter counts the guard's ${TOOL_CHANGED_EVENT} events: a server changing an approved tool (rug pull) raises no alarm`)];
  }
  return servers.flatMap((server) => serverProblem(stack, filters, server) ?? []).map((message) => accountViolation(stack, message));
}

/**
 * A changed or unknown tool raises an alarm (TOOL-08): in every stack with an EKS cluster (where the guard runs), each
 * MCP server whose tools the environment's guard pins has its own metric filter counting the guard's
 * `mcp.guard.tool_changed` audit events of that server (restricted to the guard's namespace), watched by an alarm that
 * notifies a KMS-encrypted SNS topic (the environment's security alerts topic). One alarm per server, no second,
 * environment-wide one counting the same events.
 */
const rule: Rule = {
  id: "tool-08-tool-change-alarm",
  controls: ["TOOL-08"],
  severity: "high",
  description: `Every MCP server the guard pins has a metric filter on its ${TOOL_CHANGED_EVENT} events in the guard's namespace and an alarm on it notifying a KMS-encrypted SNS topic.`,
  remediation:
    "Keep the per-server guard-tool-changed-<server> alarms of McpCorrelationAlarms (constructs/mcp-correlation.ts, added by stacks/response.ts) over the container log group with the environment's security alerts topic, for every server of the environment.",
  check: (artifacts) => artifacts.stacks.flatMap((stack) => stackFindings(artifacts, stack)),
};

export default rule;
