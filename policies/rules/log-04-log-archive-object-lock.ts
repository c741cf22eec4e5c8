import { denies, policyStatements } from "../iam";
import { bucketResources, defaultRetentions, logArchives } from "../s3-buckets";
import { block, blocks, preventsDestroy, TerraformResource, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

const PUBLIC_ACCESS_FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];

/** What keeps a log archive from being tamper-proof. */
function archiveProblems(stack: StackArtifact, bucket: TerraformResource): string[] {
  const problems: string[] = [];
  if (bucket.values["object_lock_enabled"] !== true) problems.push("Object Lock is not enabled (object_lock_enabled)");
  const retentions = defaultRetentions(stack, bucket);
  const locked = retentions.some(
    (retention) => retention.mode === "COMPLIANCE" && ((typeof retention.days === "number" && retention.days > 0) || (typeof retention.years === "number" && retention.years > 0))
  );
  if (!locked) {
    const modes = retentions.map((retention) => String(retention.mode));
    problems.push(modes.length === 0 ? "no default Object Lock retention" : `default Object Lock retention is ${modes.join(", ")}, not COMPLIANCE with a positive period`);
  }
  const versioned = bucketResources(stack, bucket, "aws_s3_bucket_versioning").some(
    (versioning) => block(versioning.values["versioning_configuration"])?.["status"] === "Enabled"
  );
  if (!versioned) problems.push("versioning is not Enabled");
  const kms = bucketResources(stack, bucket, "aws_s3_bucket_server_side_encryption_configuration").some((encryption) =>
    blocks(encryption.values["rule"]).some((rule) => {
      const byDefault = block(rule["apply_server_side_encryption_by_default"]);
      return byDefault?.["sse_algorithm"] === "aws:kms" && typeof byDefault["kms_master_key_id"] === "string" && byDefault["kms_master_key_id"] !== "";
    })
  );
  if (!kms) problems.push("default encryption is not SSE-KMS with a customer-managed key");
  const blocked = bucketResources(stack, bucket, "aws_s3_bucket_public_access_block").some((publicAccess) =>
    PUBLIC_ACCESS_FLAGS.every((flag) => publicAccess.values[flag] === true)
  );
  if (!blocked) problems.push(`public access is not blocked (${PUBLIC_ACCESS_FLAGS.join(", ")} all true)`);
  const tlsOnly = bucketResources(stack, bucket, "aws_s3_bucket_policy").some((policy) =>
    (policyStatements(stack, policy.values["policy"]) ?? []).some(
      (statement) => denies(statement, "s3:GetObject") && denies(statement, "s3:PutObject") && statement.conditions["Bool"]?.["aws:SecureTransport"]?.includes("false") === true
    )
  );
  if (!tlsOnly) problems.push("its bucket policy does not deny requests without TLS (aws:SecureTransport false)");
  if (!preventsDestroy(bucket)) problems.push("lifecycle.prevent_destroy is not true");
  return problems;
}

function stackFindings(stack: StackArtifact): Violation[] {
  return logArchives(stack).flatMap((bucket) => archiveProblems(stack, bucket).map((problem) => violation(bucket, `log archive: ${problem}`)));
}

/**
 * Every log archive is tamper-proof (LOG-04, IR-02d): a bucket with Object Lock or one that receives CloudTrail,
 * AWS Config or GuardDuty deliveries has a default retention in COMPLIANCE mode, versioning, SSE-KMS, all public
 * access blocked, a TLS-only policy, and `prevent_destroy`. (The retention length is checked against the
 * environment's configuration when the config is validated: a rule sees only the plan.)
 */
const rule: Rule = {
  id: "log-04-log-archive-object-lock",
  controls: ["LOG-04", "IR-02d"],
  severity: "high",
  description: "Every log archive bucket has Object Lock in COMPLIANCE mode, versioning, SSE-KMS, a full public access block, a TLS-only policy and prevent_destroy.",
  remediation: "Build the archive with LogArchiveBucket (constructs/log-archive-bucket.ts), or restore the missing setting on the bucket.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
