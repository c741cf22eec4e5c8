import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { denyRequestsWithoutTls, PolicyStatement, policyDocument } from "./policy-document";

/** What a bucket that an AWS log delivery service writes into is made of. */
export interface LogDeliveryBucketProps {
  /** The construct's class name, for error messages. */
  readonly owner: string;
  /** Globally unique bucket name, 3 to 63 lower-case characters. */
  readonly bucketName: string;
  /** The key prefix whose objects expire (`""` for the whole bucket). */
  readonly expirePrefix: string;
  /** Days a log object is kept before it expires. */
  readonly retentionInDays: number;
  /** Days a replaced or deleted object version is kept. */
  readonly noncurrentVersionRetentionInDays: number;
  /** The statement that lets the delivery service write, given the bucket's ARN. */
  readonly delivery: (bucketArn: string) => PolicyStatement;
  /** Tags of the bucket. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * Adds to `scope` the parts every log delivery target shares: the bucket, public access blocked, ACLs disabled
 * (bucket owner enforced), versioning, SSE-S3 at rest (the encryption the delivery services support), a lifecycle that
 * expires logs after the retention, and a policy that refuses requests without TLS and admits the delivery service.
 * Throws, naming the owner and the field, on a malformed bucket name or retention.
 */
export function addLogDeliveryBucket(scope: Construct, props: LogDeliveryBucketProps): { readonly bucket: S3Bucket; readonly policy: S3BucketPolicy } {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.bucketName)) {
    throw new Error(`${props.owner} bucketName "${props.bucketName}" must be 3 to 63 lower-case letters, digits, dots and hyphens.`);
  }
  const noncurrentDays = props.noncurrentVersionRetentionInDays;
  for (const [name, days] of [["retentionInDays", props.retentionInDays], ["noncurrentVersionRetentionInDays", noncurrentDays]] as const) {
    if (!Number.isInteger(days) || days <= 0) throw new Error(`${props.owner} ${name} must be a positive number of days, got ${days}.`);
  }
  const bucket = new S3Bucket(scope, "bucket", { bucket: props.bucketName, tags: props.tags });
  const publicAccess = new S3BucketPublicAccessBlock(scope, "public-access", {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, "ownership", { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
  new S3BucketVersioningA(scope, "versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
  new S3BucketServerSideEncryptionConfigurationA(scope, "encryption", {
    bucket: bucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
  });
  new S3BucketLifecycleConfiguration(scope, "lifecycle", {
    bucket: bucket.id,
    rule: [
      {
        id: "expire-access-logs",
        status: "Enabled",
        filter: [{ prefix: props.expirePrefix }],
        expiration: [{ days: props.retentionInDays }],
        noncurrentVersionExpiration: [{ noncurrentDays }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      },
    ],
  });
  const policy = new S3BucketPolicy(scope, "policy", {
    bucket: bucket.id,
    dependsOn: [publicAccess],
    policy: policyDocument([denyRequestsWithoutTls(bucket.arn), props.delivery(bucket.arn)]),
  });
  return { bucket, policy };
}
