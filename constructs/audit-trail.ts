import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { Cloudtrail, CloudtrailAdvancedEventSelector } from "@cdktf/provider-aws/lib/cloudtrail";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { EncryptedLogGroup } from "./encrypted-log-group";
import { policyDocument, serviceTrustPolicy } from "./policy-document";

/** The ARN of a trail, known before the trail exists (key and bucket policies name it). */
export function cloudTrailArn(region: string, accountId: string, name: string): string {
  return `arn:aws:cloudtrail:${region}:${accountId}:trail/${name}`;
}

/** Data events on an audited bucket's objects that change or remove evidence, recorded besides every read. */
export const AUDITED_OBJECT_WRITE_EVENTS: readonly string[] = ["DeleteObject", "DeleteObjects", "PutObjectLegalHold", "PutObjectRetention"];

/** Properties of an {@link AuditTrail}. */
export interface AuditTrailProps {
  /** Trail name. */
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /** Name of the bucket log files are delivered to (the log archive). */
  readonly bucketName: string;
  /** Key prefix of the log files in the bucket. @default "cloudtrail" */
  readonly s3KeyPrefix?: string;
  /** Customer-managed KMS key that encrypts the log files and the log group; its policy must let this trail use it. */
  readonly kmsKeyArn: string;
  /** CloudWatch log group the trail also delivers to, for metric filters and alarms (LOG-03). */
  readonly logGroupName: string;
  /** Retention of that log group, in days. */
  readonly logRetentionInDays: number;
  /** Name of the IAM role CloudTrail delivers to the log group with. */
  readonly roleName: string;
  /**
   * ARNs of buckets whose object reads, deletions and lock changes are recorded as data events, such as the log
   * archive itself (its writes are left out: recording CloudTrail's own deliveries would loop). @default []
   */
  readonly auditedBucketArns?: readonly string[];
  /** Whether CloudTrail Insights flags unusual API call and error rates (CV-02). @default true */
  readonly insights?: boolean;
  /** Resources the trail waits for, such as the bucket policy that admits it. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The environment's audit trail (LOG-01, LOG-04): every region, global service events, every management event read
 * and write (Secrets Manager's GetSecretValue is one), log file integrity validation (signed digest files), encrypted
 * with the customer-managed key, delivered to the log archive and to an encrypted CloudWatch log group through a role
 * that can write only to that group; optionally data events on audited buckets and CloudTrail Insights.
 */
export class AuditTrail extends Construct {
  /** The trail. */
  readonly trail: Cloudtrail;
  /** The log group the trail delivers to. */
  readonly logGroup: EncryptedLogGroup;
  /** The trail's ARN. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    this.logGroup = new EncryptedLogGroup(this, "logs", {
      name: props.logGroupName,
      kmsKeyArn: props.kmsKeyArn,
      retentionInDays: props.logRetentionInDays,
    });
    const groupArn = this.logGroup.logGroup.arn;
    const role = new IamRole(this, "role", {
      name: props.roleName,
      description: "Delivers the audit trail to its log group",
      assumeRolePolicy: serviceTrustPolicy("cloudtrail.amazonaws.com", props.accountId),
    });
    const writeLogs = new IamRolePolicy(this, "write-logs", {
      name: "write-audit-trail-logs",
      role: role.id,
      policy: policyDocument([
        {
          Sid: "WriteToTheTrailLogGroupOnly",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${groupArn}:log-stream:*`,
        },
      ]),
    });
    const selectors: CloudtrailAdvancedEventSelector[] = [
      { name: "Every management event, read and write", fieldSelector: [{ field: "eventCategory", equalTo: ["Management"] }] },
    ];
    const audited = (props.auditedBucketArns ?? []).map((arn) => `${arn}/`);
    if (audited.length > 0) {
      const objectsOfAuditedBuckets = [
        { field: "eventCategory", equalTo: ["Data"] },
        { field: "resources.type", equalTo: ["AWS::S3::Object"] },
        { field: "resources.ARN", startsWith: audited },
      ];
      selectors.push(
        { name: "Reads of audited buckets' objects", fieldSelector: [...objectsOfAuditedBuckets, { field: "readOnly", equalTo: ["true"] }] },
        {
          name: "Deletions and lock changes of audited buckets' objects",
          fieldSelector: [...objectsOfAuditedBuckets, { field: "eventName", equalTo: [...AUDITED_OBJECT_WRITE_EVENTS] }],
        }
      );
    }
    this.trail = new Cloudtrail(this, "trail", {
      name: props.name,
      s3BucketName: props.bucketName,
      s3KeyPrefix: props.s3KeyPrefix ?? "cloudtrail",
      kmsKeyId: props.kmsKeyArn,
      enableLogging: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      cloudWatchLogsGroupArn: `${groupArn}:*`,
      cloudWatchLogsRoleArn: role.arn,
      advancedEventSelector: selectors,
      insightSelector: props.insights === false ? undefined : [{ insightType: "ApiCallRateInsight" }, { insightType: "ApiErrorRateInsight" }],
      dependsOn: [...(props.dependsOn ?? []), writeLogs],
    });
    this.arn = this.trail.arn;
  }
}
