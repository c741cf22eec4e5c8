import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { denyRequestsWithoutTls, policyDocument } from "./policy-document";

/** The service principal Elastic Load Balancing delivers Application Load Balancer access logs as. */
export const ELB_LOG_DELIVERY_PRINCIPAL = "logdelivery.elasticloadbalancing.amazonaws.com";

/** Properties of an {@link AccessLogBucket}. */
export interface AccessLogBucketProps {
  /** Globally unique bucket name, 3 to 63 lower-case characters. */
  readonly bucketName: string;
  /** The account whose load balancers write logs; delivery is allowed only under `<prefix>/AWSLogs/<accountId>/`. */
  readonly accountId: string;
  /** Key prefix the load balancers write under, without slashes at either end and never containing `AWSLogs`. */
  readonly prefix: string;
  /** Days a log object is kept before it expires (an explicit retention, LOG-04). */
  readonly retentionInDays: number;
  /** Days a replaced or deleted object version is kept. @default 30 */
  readonly noncurrentVersionRetentionInDays?: number;
  /** Extra tags. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * An S3 bucket for load balancer access logs (LOG-02): public access blocked, ACLs disabled (bucket owner enforced),
 * versioned, encrypted at rest with SSE-S3 (the only encryption ALB log delivery supports), a lifecycle that expires
 * logs after the retention, and a bucket policy that refuses every request without TLS (NET-04) and lets only the
 * Elastic Load Balancing log delivery service write, only under this account's prefix.
 */
export class AccessLogBucket extends Construct {
  /** The bucket. */
  readonly bucket: S3Bucket;
  /** The bucket policy; a load balancer that logs here must depend on it. */
  readonly policy: S3BucketPolicy;
  /** The key prefix load balancers write under. */
  readonly prefix: string;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    const noncurrentDays = props.noncurrentVersionRetentionInDays ?? 30;
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.bucketName)) {
      throw new Error(`AccessLogBucket bucketName "${props.bucketName}" must be 3 to 63 lower-case letters, digits, dots and hyphens.`);
    }
    if (!/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/.test(props.prefix) || props.prefix.includes("AWSLogs")) {
      throw new Error(`AccessLogBucket prefix "${props.prefix}" must be a key prefix without leading or trailing "/" and without "AWSLogs", e.g. "alb".`);
    }
    for (const [name, days] of [["retentionInDays", props.retentionInDays], ["noncurrentVersionRetentionInDays", noncurrentDays]] as const) {
      if (!Number.isInteger(days) || days <= 0) throw new Error(`AccessLogBucket ${name} must be a positive number of days, got ${days}.`);
    }
    this.prefix = props.prefix;
    this.bucket = new S3Bucket(this, "bucket", { bucket: props.bucketName, tags: props.tags });
    const bucket = this.bucket.id;
    const publicAccess = new S3BucketPublicAccessBlock(this, "public-access", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketVersioningA(this, "versioning", { bucket, versioningConfiguration: { status: "Enabled" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket,
      rule: [
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: [{ prefix: `${props.prefix}/` }],
          expiration: [{ days: props.retentionInDays }],
          noncurrentVersionExpiration: [{ noncurrentDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    const arn = this.bucket.arn;
    this.policy = new S3BucketPolicy(this, "policy", {
      bucket,
      dependsOn: [publicAccess],
      policy: policyDocument([
        denyRequestsWithoutTls(arn),
        {
          Sid: "AllowLoadBalancerLogDeliveryForThisAccountOnly",
          Effect: "Allow",
          Principal: { Service: ELB_LOG_DELIVERY_PRINCIPAL },
          Action: "s3:PutObject",
          Resource: `${arn}/${props.prefix}/AWSLogs/${props.accountId}/*`,
        },
      ]),
    });
  }
}
