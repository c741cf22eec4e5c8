import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { addLogDeliveryBucket } from "./log-delivery-bucket";

/** The service principal S3 delivers server access logs as. */
export const S3_SERVER_ACCESS_LOG_PRINCIPAL = "logging.s3.amazonaws.com";

/** Properties of a {@link ServerAccessLogBucket}. */
export interface ServerAccessLogBucketProps {
  /** Globally unique bucket name, 3 to 63 lower-case characters. */
  readonly bucketName: string;
  /** The account that owns the bucket and the source buckets; delivery is accepted only for its buckets. */
  readonly accountId: string;
  /** ARNs of the buckets whose server access logs land here: the only sources S3 log delivery may write for. */
  readonly sourceBucketArns: readonly string[];
  /** Days a log object is kept before it expires (an explicit retention, LOG-04). */
  readonly retentionInDays: number;
  /** Days a replaced or deleted object version is kept. @default 30 */
  readonly noncurrentVersionRetentionInDays?: number;
}

/**
 * The target bucket of S3 server access logs (LOG-02) of other buckets, such as the log archive. S3 refuses an
 * Object Lock bucket as a server-access-log target, so this is a separate bucket. It is hardened as far as log
 * delivery allows: public access blocked, ACLs disabled (bucket owner enforced), versioned, SSE-S3 at rest (the
 * default encryption AWS documents for server-access-log targets; SSE-KMS targets are not supported), a lifecycle that
 * expires logs after the retention, and a policy that refuses requests without TLS and lets S3 log delivery write only
 * for the named source buckets of this account.
 */
export class ServerAccessLogBucket extends Construct {
  /** The bucket. */
  readonly bucket: S3Bucket;
  /** The bucket policy; a source bucket's logging configuration should depend on it. */
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: ServerAccessLogBucketProps) {
    super(scope, id);
    if (props.sourceBucketArns.length === 0) {
      throw new Error("ServerAccessLogBucket sourceBucketArns must name at least one bucket whose access logs land here.");
    }
    const { bucket, policy } = addLogDeliveryBucket(this, {
      owner: "ServerAccessLogBucket",
      bucketName: props.bucketName,
      expirePrefix: "",
      retentionInDays: props.retentionInDays,
      noncurrentVersionRetentionInDays: props.noncurrentVersionRetentionInDays ?? 30,
      delivery: (arn) => ({
        Sid: "AllowServerAccessLogDeliveryForTheSourceBucketsOnly",
        Effect: "Allow",
        Principal: { Service: S3_SERVER_ACCESS_LOG_PRINCIPAL },
        Action: "s3:PutObject",
        Resource: `${arn}/*`,
        Condition: {
          ArnEquals: { "aws:SourceArn": [...props.sourceBucketArns] },
          StringEquals: { "aws:SourceAccount": props.accountId },
        },
      }),
    });
    this.bucket = bucket;
    this.policy = policy;
  }
}
