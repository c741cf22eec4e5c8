import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { addLogDeliveryBucket } from "./log-delivery-bucket";

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
    if (!/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/.test(props.prefix) || props.prefix.includes("AWSLogs")) {
      throw new Error(`AccessLogBucket prefix "${props.prefix}" must be a key prefix without leading or trailing "/" and without "AWSLogs", e.g. "alb".`);
    }
    this.prefix = props.prefix;
    const { bucket, policy } = addLogDeliveryBucket(this, {
      owner: "AccessLogBucket",
      bucketName: props.bucketName,
      expirePrefix: `${props.prefix}/`,
      retentionInDays: props.retentionInDays,
      noncurrentVersionRetentionInDays: props.noncurrentVersionRetentionInDays ?? 30,
      tags: props.tags,
      delivery: (arn) => ({
        Sid: "AllowLoadBalancerLogDeliveryForThisAccountOnly",
        Effect: "Allow",
        Principal: { Service: ELB_LOG_DELIVERY_PRINCIPAL },
        Action: "s3:PutObject",
        Resource: `${arn}/${props.prefix}/AWSLogs/${props.accountId}/*`,
      }),
    });
    this.bucket = bucket;
    this.policy = policy;
  }
}
