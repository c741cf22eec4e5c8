import { INCIDENT_TYPES } from "../../baselines/incident-types";
import { accountViolation } from "../account-stacks";
import { alarmNotifyProblem } from "../alarms";
import { incidentStackNames, RunbookError, RunbookNames } from "../runbook-names";
import { stackResources, TerraformResource } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

type IncidentFile = (typeof INCIDENT_TYPES)[number]["file"];

/** The plan's first signals of each incident type (alarm names, or the EventBridge rules that start containment). */
const SIGNALS: Readonly<Record<IncidentFile, { readonly what: string; readonly of: (names: RunbookNames) => readonly string[]; readonly alarms: boolean }>> = {
  "tool-poisoning.md": { what: "alarm on the guard's tool-change events (TOOL-08)", of: (names) => names.alarms.toolChanges, alarms: true },
  "unauthorized-access.md": { what: "alarm on the audit trail's metric filters (LOG-03)", of: (names) => names.alarms.auditTrail, alarms: true },
  "data-exfiltration.md": { what: "large-response alarm (DLP-03)", of: (names) => names.alarms.largeResponses, alarms: true },
  "server-compromise.md": { what: "EventBridge rule sending GuardDuty or Security Hub findings to the containment function (OPS-03)", of: (names) => names.containmentTriggers, alarms: false },
  "denial-of-service.md": { what: "alarm on the web ACL's blocked requests", of: (names) => names.alarms.wafBlocked, alarms: true },
};

function stackFindings(stack: StackArtifact): Violation[] {
  const names = incidentStackNames(stack);
  if (names === undefined || names instanceof RunbookError) return []; // ir-00-incident-runbooks reports a RunbookError
  const alarms = new Map<unknown, TerraformResource>();
  for (const alarm of [...stackResources(stack, "aws_cloudwatch_metric_alarm"), ...stackResources(stack, "aws_cloudwatch_composite_alarm")]) {
    if (!alarms.has(alarm.values["alarm_name"])) alarms.set(alarm.values["alarm_name"], alarm);
  }
  return INCIDENT_TYPES.flatMap((type) => {
    const signal = SIGNALS[type.file];
    const found = signal.of(names);
    if (found.length === 0) return [accountViolation(stack, `incident type "${type.title}" (IR-01) has no first signal in this plan: no ${signal.what}, so its runbook ${type.file} would start from nothing`)];
    if (!signal.alarms) return [];
    const problems = found.map((name) => alarms.get(name)).map((alarm) => (alarm === undefined ? "it is not an alarm of this stack" : alarmNotifyProblem(stack, alarm)));
    if (problems.some((problem) => problem === undefined)) return [];
    return [accountViolation(stack, `incident type "${type.title}" (IR-01): no ${signal.what} pages anyone: ${String(problems[0])}`)];
  });
}

/**
 * Every incident type of the IR-01 classification (tool poisoning, unauthorized access, data leakage, server
 * compromise, denial of service) has its first signal in the plan of every account stack with an EKS cluster, and the
 * signal reaches people: at least one of its alarms notifies a KMS-encrypted SNS topic, or, for a compromise, an
 * EventBridge rule hands the finding to the containment function. The runbooks (`mcp-harden runbooks`) name these
 * signals as where each response starts.
 */
const rule: Rule = {
  id: "ir-01-incident-signals",
  controls: ["IR-01"],
  severity: "medium",
  description: `Each IR-01 incident type (${INCIDENT_TYPES.map((type) => type.title).join(", ")}) has a first signal in the plan that pages through a KMS-encrypted SNS topic or starts containment.`,
  remediation: "Add the missing detection (McpCorrelationAlarms for tool changes, SecurityAlarms, LargeResponseAlarms, WafBlockAlarms, ContainmentFunction with its EventBridge rules) and point its alarms at the security alerts topic.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
