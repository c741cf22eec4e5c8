import { accountViolation, isAwsAccountStack } from "../account-stacks";
import { blocks, findResource, stackResources, TerraformResource, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

const LOG_GROUP_ARN = /^\$\{(aws_cloudwatch_log_group\.[A-Za-z0-9_-]+)\.arn\}:\*$/;

/**
 * Whether a trail records every management event, read and write: no selectors (CloudTrail's default), an advanced
 * selector for the Management category with no other condition, or a basic selector including management events of
 * every read/write type.
 */
function recordsAllManagementEvents(trail: TerraformResource): boolean {
  const advanced = blocks(trail.values["advanced_event_selector"]);
  const basic = blocks(trail.values["event_selector"]);
  if (advanced.length === 0 && basic.length === 0) return true;
  return (
    advanced.some((selector) => {
      const fields = blocks(selector["field_selector"]);
      const category = fields.find((field) => field["field"] === "eventCategory");
      return fields.length === 1 && Array.isArray(category?.["equals"]) && (category["equals"] as unknown[]).includes("Management");
    }) || basic.some((selector) => selector["include_management_events"] !== false && (selector["read_write_type"] ?? "All") === "All")
  );
}

/** What keeps a trail from being a complete, tamper-evident record. */
function trailProblems(stack: StackArtifact, trail: TerraformResource): string[] {
  const { values } = trail;
  const problems: string[] = [];
  if (values["is_multi_region_trail"] !== true) problems.push("is_multi_region_trail is not true: other regions go unrecorded");
  if (values["include_global_service_events"] !== true) problems.push("include_global_service_events is not true: IAM and other global events go unrecorded");
  if (values["enable_log_file_validation"] !== true) problems.push("enable_log_file_validation is not true: tampering with log files would go unnoticed");
  if (values["enable_logging"] === false) problems.push("enable_logging is false");
  if (!recordsAllManagementEvents(trail)) problems.push("its event selectors do not record every management event, read and write (LOG-01)");
  if (typeof values["kms_key_id"] !== "string" || values["kms_key_id"] === "") problems.push("kms_key_id is not set: log files are not encrypted with a customer-managed key");
  const group = LOG_GROUP_ARN.exec(String(values["cloud_watch_logs_group_arn"] ?? ""));
  if (!group || findResource(stack, group[1]) === undefined) {
    problems.push("cloud_watch_logs_group_arn does not name a log group of the stack (as <arn>:*): the security alarms cannot read the trail");
  } else if (typeof values["cloud_watch_logs_role_arn"] !== "string" || values["cloud_watch_logs_role_arn"] === "") {
    problems.push("cloud_watch_logs_role_arn is not set: CloudTrail cannot deliver to the log group");
  }
  return problems;
}

function stackFindings(stack: StackArtifact): Violation[] {
  if (!isAwsAccountStack(stack)) return [];
  const trails = stackResources(stack, "aws_cloudtrail");
  if (trails.length === 0) return [accountViolation(stack, "no aws_cloudtrail records the account's API activity")];
  return trails.flatMap((trail) => trailProblems(stack, trail).map((problem) => violation(trail, problem)));
}

/**
 * Every AWS account stack has an audit trail, and every trail is complete and tamper-evident (LOG-01, LOG-04): every
 * management event read and write, all regions, global service events, log file validation, a customer-managed KMS
 * key, and delivery to a CloudWatch log group of the stack for the alarms (LOG-03).
 */
const rule: Rule = {
  id: "log-04-cloudtrail-integrity",
  controls: ["LOG-04", "LOG-01"],
  severity: "high",
  description:
    "Every AWS account stack has an aws_cloudtrail; every trail records all management events, is multi-region, includes global service events, validates log files, uses a KMS key and delivers to a CloudWatch log group of the stack.",
  remediation: "Add an AuditTrail (constructs/audit-trail.ts), or restore the missing setting on the trail.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
