/**
 * Read-only helpers for S3 buckets in synthesized Terraform JSON: which bucket a value names, the bucket's
 * configuration resources (versioning, encryption, lock, policy, ...), and which buckets are log archives.
 */
import { block, blocks, stackResources, TerraformResource } from "./terraform";
import { StackArtifact } from "./types";

const BUCKET_REFERENCE = /\$\{aws_s3_bucket\.([A-Za-z0-9_-]+)\.(?:id|bucket|arn)\}/;
const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::([^/]+)/;

/**
 * The bucket a value names: a `${aws_s3_bucket.<name>.id|bucket|arn}` reference anywhere in it (`<arn>/prefix`), or a
 * literal bucket name or ARN of a bucket of the stack.
 */
export function bucketOf(stack: StackArtifact, value: unknown): TerraformResource | undefined {
  if (typeof value !== "string") return undefined;
  const buckets = stackResources(stack, "aws_s3_bucket");
  const reference = BUCKET_REFERENCE.exec(value);
  if (reference) return buckets.find((bucket) => bucket.name === reference[1]);
  const name = BUCKET_ARN.exec(value)?.[1] ?? value;
  return buckets.find((bucket) => bucket.values["bucket"] === name);
}

/** The configuration resources of one type (`aws_s3_bucket_versioning`, ...) whose `bucket` names the bucket. */
export function bucketResources(stack: StackArtifact, bucket: TerraformResource, type: string): TerraformResource[] {
  return stackResources(stack, type).filter((resource) => bucketOf(stack, resource.values["bucket"])?.address === bucket.address);
}

/**
 * The log archives of a stack: buckets with Object Lock enabled, and every bucket a trail, AWS Config or a GuardDuty
 * findings export delivers to (so an archive that loses its lock is still judged as one).
 */
export function logArchives(stack: StackArtifact): TerraformResource[] {
  const destinations = [
    ...stackResources(stack, "aws_cloudtrail").map((trail) => trail.values["s3_bucket_name"]),
    ...stackResources(stack, "aws_config_delivery_channel").map((channel) => channel.values["s3_bucket_name"]),
    ...stackResources(stack, "aws_guardduty_publishing_destination").map((export_) => export_.values["destination_arn"]),
  ].map((value) => bucketOf(stack, value)?.address);
  return stackResources(stack, "aws_s3_bucket").filter((bucket) => bucket.values["object_lock_enabled"] === true || destinations.includes(bucket.address));
}

/** The default retention of a bucket's Object Lock configuration(s): mode and period. */
export function defaultRetentions(stack: StackArtifact, bucket: TerraformResource): { mode: unknown; days: unknown; years: unknown }[] {
  return bucketResources(stack, bucket, "aws_s3_bucket_object_lock_configuration").flatMap((lock) =>
    blocks(block(lock.values["rule"])?.["default_retention"]).map((retention) => ({ mode: retention["mode"], days: retention["days"], years: retention["years"] }))
  );
}
