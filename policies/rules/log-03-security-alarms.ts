import { accountViolation, isAwsAccountStack } from "../account-stacks";
import { findResource, referencedAddress, resolveReference, stackResources, TerraformResource, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/**
 * The alarms every account needs on its audit trail, each recognized by the events its metric filter's pattern must
 * name (all of them).
 */
const REQUIRED_ALARMS: readonly { readonly id: string; readonly names: readonly string[] }[] = [
  { id: "unauthorized API calls", names: ["UnauthorizedOperation", "AccessDenied"] },
  { id: "console sign-in without MFA", names: ["ConsoleLogin", "MFAUsed"] },
  { id: "root account usage", names: ['"Root"'] },
  { id: "IAM policy changes", names: ["PutRolePolicy", "AttachRolePolicy", "CreatePolicyVersion", "DeletePolicy"] },
  { id: "CloudTrail configuration changes", names: ["StopLogging", "DeleteTrail", "UpdateTrail"] },
  { id: "KMS key disabled or scheduled for deletion", names: ["DisableKey", "ScheduleKeyDeletion"] },
  { id: "S3 bucket policy changes", names: ["PutBucketPolicy", "DeleteBucketPolicy", "PutBucketAcl"] },
  { id: "security group changes", names: ["AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress", "CreateSecurityGroup"] },
  { id: "network ACL changes", names: ["CreateNetworkAclEntry", "ReplaceNetworkAclEntry", "DeleteNetworkAcl"] },
  { id: "route table changes", names: ["CreateRoute", "ReplaceRoute", "DeleteRoute"] },
  { id: "VPC changes", names: ["CreateVpc", "DeleteVpc", "ModifyVpcAttribute"] },
  { id: "console sign-in failure burst", names: ["ConsoleLogin", "Failed authentication"] },
];

/** The event sources and the pattern that makes a rule a high-severity route for each finding source. */
const REQUIRED_ROUTES: readonly { readonly source: string; readonly id: string; readonly high: (detail: Record<string, unknown>) => boolean }[] = [
  {
    source: "aws.guardduty",
    id: "GuardDuty findings of severity 7 or more",
    high: (detail) => {
      const severity = detail["severity"];
      return Array.isArray(severity) && severity.some((match) => {
        const numeric = (match as Record<string, unknown>)?.["numeric"];
        return Array.isArray(numeric) && numeric[0] === ">=" && typeof numeric[1] === "number" && numeric[1] <= 7;
      });
    },
  },
  {
    source: "aws.securityhub",
    id: "Security Hub HIGH and CRITICAL findings",
    high: (detail) => {
      const labels = ((detail["findings"] as Record<string, unknown> | undefined)?.["Severity"] as Record<string, unknown> | undefined)?.["Label"];
      return Array.isArray(labels) && labels.includes("HIGH") && labels.includes("CRITICAL");
    },
  },
  {
    source: "aws.inspector2",
    id: "Inspector CRITICAL findings",
    high: (detail) => Array.isArray(detail["severity"]) && (detail["severity"] as unknown[]).includes("CRITICAL"),
  },
];

/** Why an SNS action is not an acceptable alert destination, or undefined when it is. */
function topicProblem(stack: StackArtifact, action: unknown): string | undefined {
  const topic = resolveReference(stack, action);
  if (topic?.type !== "aws_sns_topic") return `action ${String(action)} is not an SNS topic of this stack`;
  if (typeof topic.values["kms_master_key_id"] !== "string" || topic.values["kms_master_key_id"] === "") return `topic ${topic.address} is not encrypted with a KMS key`;
  return undefined;
}

/** Why an alarm does not notify an encrypted topic, or an empty list when it does. */
function notifyProblems(stack: StackArtifact, alarm: TerraformResource): string[] {
  const actions = Array.isArray(alarm.values["alarm_actions"]) ? (alarm.values["alarm_actions"] as unknown[]) : [];
  if (alarm.values["actions_enabled"] === false) return ["its actions are disabled"];
  if (actions.length === 0) return ["it notifies nobody (no alarm_actions)"];
  return actions.flatMap((action) => topicProblem(stack, action) ?? []);
}

/** The log groups the stack's trails deliver to. */
function trailLogGroups(stack: StackArtifact): TerraformResource[] {
  return stackResources(stack, "aws_cloudtrail").flatMap((trail) => {
    const match = /^\$\{(aws_cloudwatch_log_group\.[A-Za-z0-9_-]+)\.arn\}:\*$/.exec(String(trail.values["cloud_watch_logs_group_arn"] ?? ""));
    const group = match ? findResource(stack, match[1]) : undefined;
    return group ? [group] : [];
  });
}

/** Whether a metric filter reads one of the log groups. */
function readsGroup(filter: TerraformResource, groups: readonly TerraformResource[]): boolean {
  const name = filter.values["log_group_name"];
  return groups.some((group) => referencedAddress(name) === group.address || name === group.values["name"]);
}

/** The alarms on a metric filter's metric. */
function alarmsOf(stack: StackArtifact, filter: TerraformResource): TerraformResource[] {
  const transformation = filter.values["metric_transformation"] as Record<string, unknown> | undefined;
  return stackResources(stack, "aws_cloudwatch_metric_alarm").filter(
    (alarm) => alarm.values["metric_name"] === transformation?.["name"] && alarm.values["namespace"] === transformation?.["namespace"]
  );
}

function alarmFindings(stack: StackArtifact): Violation[] {
  const groups = trailLogGroups(stack);
  if (groups.length === 0) return [accountViolation(stack, "no trail delivers to a CloudWatch log group, so no security alarm can read it")];
  const filters = stackResources(stack, "aws_cloudwatch_log_metric_filter").filter((filter) => readsGroup(filter, groups));
  const findings: Violation[] = [];
  const burstAlarms: TerraformResource[] = [];
  for (const required of REQUIRED_ALARMS) {
    const matching = filters.filter((filter) => required.names.every((name) => String(filter.values["pattern"] ?? "").includes(name)));
    const alarms = matching.flatMap((filter) => alarmsOf(stack, filter));
    if (required.id === "console sign-in failure burst") burstAlarms.push(...alarms);
    if (alarms.length === 0) {
      findings.push(accountViolation(stack, `no alarm on a metric filter of the trail's log group for ${required.id}`));
      continue;
    }
    const problems = alarms.map((alarm) => notifyProblems(stack, alarm));
    if (problems.every((list) => list.length > 0)) alarms.forEach((alarm, index) => problems[index].forEach((problem) => findings.push(violation(alarm, `${required.id}: ${problem}`))));
  }
  const correlations = stackResources(stack, "aws_cloudwatch_composite_alarm").filter((composite) => {
    const rule = String(composite.values["alarm_rule"] ?? "");
    return rule.includes(" AND ") && burstAlarms.some((alarm) => rule.includes(`\${${alarm.address}.`) || rule.includes(`ALARM(${String(alarm.values["alarm_name"])})`));
  });
  if (correlations.length === 0) findings.push(accountViolation(stack, "no composite alarm correlates a sign-in failure burst with a following success"));
  for (const composite of correlations) notifyProblems(stack, composite).forEach((problem) => findings.push(violation(composite, `correlation: ${problem}`)));
  return findings;
}

/** Web ACLs whose log group has no alarm on blocked requests that notifies an encrypted topic. */
function wafFindings(stack: StackArtifact): Violation[] {
  const filters = stackResources(stack, "aws_cloudwatch_log_metric_filter");
  return stackResources(stack, "aws_wafv2_web_acl_logging_configuration").flatMap((logging) => {
    const groups = (Array.isArray(logging.values["log_destination_configs"]) ? (logging.values["log_destination_configs"] as unknown[]) : []).flatMap((destination) => {
      const group = resolveReference(stack, destination);
      return group?.type === "aws_cloudwatch_log_group" ? [group] : [];
    });
    if (groups.length === 0) return [];
    const watched = filters
      .filter((filter) => readsGroup(filter, groups) && String(filter.values["pattern"] ?? "").includes('"BLOCK"'))
      .flatMap((filter) => alarmsOf(stack, filter))
      .some((alarm) => notifyProblems(stack, alarm).length === 0);
    return watched ? [] : [violation(logging, "no alarm on its log group counts blocked requests and notifies an encrypted SNS topic: attack spikes on MCP servers go unnoticed")];
  });
}

function routeFindings(stack: StackArtifact): Violation[] {
  const rules = stackResources(stack, "aws_cloudwatch_event_rule");
  const targets = stackResources(stack, "aws_cloudwatch_event_target");
  return REQUIRED_ROUTES.flatMap((route) => {
    const matching = rules.filter((rule) => {
      try {
        const pattern = JSON.parse(String(rule.values["event_pattern"] ?? "{}")) as Record<string, unknown>;
        const sources = pattern["source"];
        return Array.isArray(sources) && sources.includes(route.source) && route.high((pattern["detail"] ?? {}) as Record<string, unknown>) && rule.values["state"] !== "DISABLED";
      } catch {
        return false;
      }
    });
    const routed = matching.some((rule) =>
      targets.some((target) => (referencedAddress(target.values["rule"]) === rule.address || target.values["rule"] === rule.values["name"]) && topicProblem(stack, target.values["arn"]) === undefined)
    );
    return routed ? [] : [accountViolation(stack, `no enabled EventBridge rule sends ${route.id} to an encrypted SNS topic`)];
  });
}

function topicFindings(stack: StackArtifact): Violation[] {
  return stackResources(stack, "aws_sns_topic")
    .filter((topic) => typeof topic.values["kms_master_key_id"] !== "string" || topic.values["kms_master_key_id"] === "")
    .map((topic) => violation(topic, "the topic is not encrypted with a KMS key (kms_master_key_id)"));
}

/**
 * Security events raise real-time alerts (LOG-03, TS-04): alarms on the audit trail's log group for the CIS
 * monitoring events, a composite alarm correlating a burst of failed sign-ins with a following success, an alarm on
 * blocked requests in every web ACL's log group, and EventBridge routes for GuardDuty (severity 7+), Security Hub
 * (HIGH, CRITICAL) and Inspector (CRITICAL) findings, all notifying KMS-encrypted SNS topics; every topic is encrypted.
 */
const rule: Rule = {
  id: "log-03-security-alarms",
  controls: ["LOG-03", "TS-04"],
  severity: "high",
  description:
    "Every AWS account stack has the CIS-style alarms and the failure-burst-then-success composite alarm on its trail's log group, a blocked-request alarm on every web ACL's log group, and GuardDuty, Security Hub and Inspector high-severity routes, all to KMS-encrypted SNS topics.",
  remediation: "Add SecurityAlarms, WafBlockAlarms and FindingAlerts (constructs/) targeting the environment's SecurityAlertsTopic, or restore the missing alarm, route, action or topic key.",
  check: (artifacts) =>
    artifacts.stacks.flatMap((stack) => [...topicFindings(stack), ...wafFindings(stack), ...(isAwsAccountStack(stack) ? [...alarmFindings(stack), ...routeFindings(stack)] : [])]),
};

export default rule;
