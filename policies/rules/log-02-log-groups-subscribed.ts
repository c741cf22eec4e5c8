import { block, referencedAddress, resolveReference, stackResources, TerraformResource, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/** The HTTP endpoint configuration of a delivery stream. */
function httpEndpoint(stream: TerraformResource): Record<string, unknown> | undefined {
  return block(stream.values["http_endpoint_configuration"]);
}

/** Why a Kinesis Data Firehose delivery stream is not a complete SIEM pipeline; empty when it is. */
export function siemStreamProblems(stack: StackArtifact, stream: TerraformResource): string[] {
  const problems: string[] = [];
  const encryption = block(stream.values["server_side_encryption"]);
  if (encryption?.["enabled"] !== true || encryption["key_type"] !== "CUSTOMER_MANAGED_CMK" || typeof encryption["key_arn"] !== "string" || encryption["key_arn"] === "") {
    problems.push("is not encrypted at rest with a customer-managed KMS key (server_side_encryption)");
  }
  const http = httpEndpoint(stream);
  if (stream.values["destination"] !== "http_endpoint" || http === undefined) return [...problems, "does not deliver to an HTTP endpoint (the SIEM)"];
  if (typeof http["url"] !== "string" || !http["url"].startsWith("https://")) problems.push(`delivers to ${JSON.stringify(http["url"])}, not to an https:// endpoint`);
  if (typeof http["access_key"] === "string" && http["access_key"] !== "") problems.push("carries the SIEM access key in the plan (access_key): read it from Secrets Manager");
  const secret = block(http["secrets_manager_configuration"]);
  if (secret?.["enabled"] !== true || typeof secret["secret_arn"] !== "string" || secret["secret_arn"] === "") problems.push("does not read the SIEM access key from Secrets Manager (secrets_manager_configuration)");
  if (http["s3_backup_mode"] !== undefined && !["AllData", "FailedDataOnly"].includes(String(http["s3_backup_mode"]))) problems.push(`has s3_backup_mode ${JSON.stringify(http["s3_backup_mode"])}`);
  const backup = block(http["s3_configuration"]);
  const bucket = resolveReference(stack, backup?.["bucket_arn"]);
  if (bucket?.type !== "aws_s3_bucket") problems.push("backs up to no S3 bucket of this stack");
  else if (bucket.values["object_lock_enabled"] !== true) problems.push(`backs up to ${bucket.address}, which has no Object Lock: the backup must be tamper-evident (the log archive)`);
  if (typeof backup?.["kms_key_arn"] !== "string" || backup["kms_key_arn"] === "") problems.push("does not encrypt its backup objects with a KMS key (s3_configuration.kms_key_arn)");
  if (block(http["cloudwatch_logging_options"])?.["enabled"] !== true) problems.push("does not log delivery errors (cloudwatch_logging_options)");
  return problems;
}

/** The log groups delivery streams write their own errors to: subscribing them would feed a failing delivery into itself. */
function errorLogGroups(streams: readonly TerraformResource[]): Set<string> {
  const names = new Set<string>();
  for (const stream of streams) {
    const http = httpEndpoint(stream);
    for (const options of [http?.["cloudwatch_logging_options"], block(http?.["s3_configuration"])?.["cloudwatch_logging_options"]]) {
      const group = block(options)?.["log_group_name"];
      if (typeof group === "string") names.add(referencedAddress(group) ?? group);
    }
  }
  return names;
}

/** Whether a subscription filter reads a log group, by reference or by name. */
function reads(filter: TerraformResource, group: TerraformResource): boolean {
  const name = filter.values["log_group_name"];
  return referencedAddress(name) === group.address || name === group.values["name"];
}

function stackFindings(stack: StackArtifact): Violation[] {
  const groups = stackResources(stack, "aws_cloudwatch_log_group");
  if (groups.length === 0) return [];
  const filters = stackResources(stack, "aws_cloudwatch_log_subscription_filter");
  const streams = stackResources(stack, "aws_kinesis_firehose_delivery_stream");
  const complete = streams.filter((stream) => siemStreamProblems(stack, stream).length === 0);
  const exempt = errorLogGroups(complete);
  return groups.flatMap((group) => {
    if (exempt.has(group.address) || exempt.has(String(group.values["name"]))) return [];
    const mine = filters.filter((filter) => reads(filter, group));
    if (mine.length === 0) return [violation(group, "has no subscription filter: its events never reach the SIEM")];
    const problems = mine.map((filter) => {
      const stream = resolveReference(stack, filter.values["destination_arn"]);
      if (stream?.type !== "aws_kinesis_firehose_delivery_stream") return `${filter.address} sends to ${String(filter.values["destination_arn"])}, not to a Kinesis Data Firehose delivery stream of this stack`;
      if (filter.values["filter_pattern"] !== "") return `${filter.address} ships only events matching ${JSON.stringify(filter.values["filter_pattern"])}, not every event`;
      if (typeof filter.values["role_arn"] !== "string" || filter.values["role_arn"] === "") return `${filter.address} has no role to put records with`;
      const streamProblems = siemStreamProblems(stack, stream);
      return streamProblems.length === 0 ? undefined : `its delivery stream ${stream.address} ${streamProblems.join("; ")}`;
    });
    return problems.every((problem) => problem !== undefined) ? problems.map((problem) => violation(group, problem as string)) : [];
  });
}

/**
 * Every log group reaches the SIEM (LOG-02, TS-04): it has a subscription filter with an empty pattern (every event)
 * to a Kinesis Data Firehose delivery stream that is encrypted with a customer-managed key, delivers to an https://
 * endpoint with the access key read from Secrets Manager, backs up to an Object Lock bucket with KMS, and logs its
 * delivery errors. Only the streams' own error log groups are exempt.
 */
const rule: Rule = {
  id: "log-02-log-groups-subscribed",
  controls: ["LOG-02", "TS-04"],
  severity: "high",
  description: "Every aws_cloudwatch_log_group has a subscription filter shipping every event to a KMS-encrypted Firehose stream that delivers to the SIEM over HTTPS, with its key from Secrets Manager and a KMS-encrypted, object-locked backup.",
  remediation: "Add LogGroupSubscriptions and SiemDeliveryStream (constructs/) to the stack, or restore the missing filter, encryption, secret, backup or error logging.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
