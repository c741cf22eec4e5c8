/**
 * Helpers for the tests of detection, logging and response: the log archive and its configuration resources, bucket
 * and key policy statements by Sid, and resources found by a name attribute.
 */
import { TerraformResource } from "../../policies/terraform";
import { Artifacts } from "../../policies/types";
import { config, only, ref } from "./compute";
import { stackResources } from "./plans";

/** A policy statement as the plan carries it. */
export type Statement = Record<string, unknown> & { Sid: string };

/** The resource of a type whose attribute `key` equals `value`; fails unless there is exactly one. */
export function named(plans: Artifacts, environment: string, type: string, value: string, key = "name"): TerraformResource {
  const found = stackResources(plans, environment, type).filter((resource) => resource.values[key] === value);
  if (found.length !== 1) throw new Error(`expected one ${type} with ${key} "${value}" in mcp-${environment}, found ${found.length}`);
  return found[0];
}

/** The environment's log archive bucket. */
export function archiveBucket(plans: Artifacts, environment: string): TerraformResource {
  return named(plans, environment, "aws_s3_bucket", `mcp-${environment}-log-archive-${config(environment).accountId}`, "bucket");
}

/** The environment's S3 server access log bucket. */
export function accessLogBucket(plans: Artifacts, environment: string): TerraformResource {
  return named(plans, environment, "aws_s3_bucket", `mcp-${environment}-s3-access-logs-${config(environment).accountId}`, "bucket");
}

/** The one configuration resource of a type (`aws_s3_bucket_versioning`, ...) of a bucket. */
export function bucketPart(plans: Artifacts, environment: string, bucket: TerraformResource, type: string): TerraformResource {
  return named(plans, environment, type, ref(bucket, "id"), "bucket");
}

/** The statements of a JSON policy attribute, by Sid. */
export function statements(resource: TerraformResource, attribute = "policy"): Map<string, Statement> {
  const document = JSON.parse(String(resource.values[attribute])) as { Statement: Statement[] };
  return new Map(document.Statement.map((statement) => [statement.Sid, statement]));
}

/** The environment key's policy statements, by Sid. */
export function keyStatements(plans: Artifacts, environment: string): Map<string, Statement> {
  return statements(only(plans, environment, "aws_kms_key"));
}

/** The environment's audit trail ARN as the key and bucket policies name it. */
export function trailArn(environment: string): string {
  const { region, accountId } = config(environment);
  return `arn:aws:cloudtrail:${region}:${accountId}:trail/mcp-${environment}-audit`;
}

/** The environment's security alerts topic. */
export function alertsTopic(plans: Artifacts, environment: string): TerraformResource {
  return named(plans, environment, "aws_sns_topic", `mcp-${environment}-security-alerts`);
}

/** Replaces a JSON policy attribute with the statements `edit` returns. */
export function editStatements(resource: TerraformResource, edit: (statements: Statement[]) => Statement[], attribute = "policy"): void {
  const document = JSON.parse(String(resource.values[attribute])) as { Version: string; Statement: Statement[] };
  resource.values[attribute] = JSON.stringify({ ...document, Statement: edit(document.Statement) });
}
