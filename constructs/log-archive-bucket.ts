import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration, S3BucketLifecycleConfigurationRuleTransition } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { denyRequestsWithoutTls, policyDocument, PolicyStatement } from "./policy-document";
import { OBJECT_LOCK_MAX_DAYS } from "./service-limits";

/** The key prefixes of the log archive, one per delivering service. */
export const LOG_ARCHIVE_PREFIXES = {
  /** CloudTrail log and digest files. */
  cloudTrail: "cloudtrail",
  /** AWS Config snapshots and history. */
  config: "config",
  /** Exported GuardDuty findings. */
  guardDuty: "guardduty",
  /** Every log record shipped to the SIEM, written by the SIEM delivery stream. */
  firehose: "firehose",
} as const;

export { OBJECT_LOCK_MAX_DAYS };

/** Days after upload an archived object moves to a colder storage class. */
export interface LogArchiveTransitions {
  /** To S3 Standard-IA (at least 30). */
  readonly standardIa: number;
  /** To S3 Glacier Flexible Retrieval. */
  readonly glacier: number;
  /** To S3 Glacier Deep Archive. */
  readonly deepArchive: number;
}

/** The bucket-level actions only the named administrators may take on the archive. */
export const LOG_ARCHIVE_PROTECTED_ACTIONS: readonly string[] = [
  "s3:DeleteBucket",
  "s3:DeleteBucketPolicy",
  "s3:PutBucketLogging",
  "s3:PutBucketObjectLockConfiguration",
  "s3:PutBucketOwnershipControls",
  "s3:PutBucketPolicy",
  "s3:PutBucketPublicAccessBlock",
  "s3:PutBucketVersioning",
  "s3:PutEncryptionConfiguration",
  "s3:PutLifecycleConfiguration",
];

/** Properties of a {@link LogArchiveBucket}. */
export interface LogArchiveBucketProps {
  /** Globally unique bucket name, 3 to 63 lower-case characters. */
  readonly bucketName: string;
  /** The account that owns the archive. */
  readonly accountId: string;
  /** ARN of the customer-managed KMS key that encrypts every object (SSE-KMS with an S3 bucket key). */
  readonly kmsKeyArn: string;
  /**
   * Days every object version is locked in compliance mode, from 1 to 36500: nobody, the root user included, can
   * delete or overwrite it earlier, and the period can never be shortened. Objects expire when it ends.
   */
  readonly retentionDays: number;
  /** Name of the bucket that receives the archive's S3 server access logs (not an Object Lock bucket). */
  readonly accessLogBucketName: string;
  /**
   * IAM principals (role ARNs) that may change the bucket's policy, lock, versioning, encryption, lifecycle, logging
   * and public access settings, or delete the bucket: normally only the deploy role.
   */
  readonly administratorArns: readonly string[];
  /** AWS Organizations ID (`o-...`); when set, principals of the organization may reach the bucket, else only this account's. @default undefined */
  readonly organizationId?: string;
  /** ARNs of the trails allowed to deliver under `cloudtrail/`. @default [] */
  readonly cloudTrailArns?: readonly string[];
  /** Whether AWS Config of this account may deliver under `config/`. @default false */
  readonly configDelivery?: boolean;
  /** Whether GuardDuty of this account may export findings under `guardduty/`. @default false */
  readonly guardDutyFindingsExport?: boolean;
  /** Days after upload objects move to colder storage; transitions at or after the expiration are left out. @default 30, 90, 180 */
  readonly transitions?: LogArchiveTransitions;
  /** Object Lock mode. GOVERNANCE lets privileged principals shorten or remove locks: a weakening. @default "COMPLIANCE" */
  readonly lockMode?: "COMPLIANCE" | "GOVERNANCE";
  /** Whether Terraform refuses to destroy the bucket. @default true */
  readonly preventDestroy?: boolean;
}

/**
 * The tamper-evident log archive (LOG-04, IR-02d): an S3 bucket with Object Lock in compliance mode for the
 * retention period, versioning, SSE-KMS with the environment key, all public access blocked, ACLs disabled,
 * server access logs to a separate bucket, colder storage over time, and a bucket policy that refuses requests
 * without TLS, principals outside the account (or organization), object deletions, objects not encrypted with KMS,
 * and configuration changes by anyone but the named administrators. The delivering services (CloudTrail, AWS Config,
 * GuardDuty) may write only under their own prefix, for this account's resources only. Terraform refuses to destroy
 * it.
 */
export class LogArchiveBucket extends Construct {
  /** The bucket. */
  readonly bucket: S3Bucket;
  /** The bucket policy; delivering services must depend on it. */
  readonly policy: S3BucketPolicy;
  /** The bucket's name. */
  readonly bucketName: string;

  constructor(scope: Construct, id: string, props: LogArchiveBucketProps) {
    super(scope, id);
    const { accountId, retentionDays } = props;
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.bucketName)) {
      throw new Error(`LogArchiveBucket bucketName "${props.bucketName}" must be 3 to 63 lower-case letters, digits, dots and hyphens.`);
    }
    if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > OBJECT_LOCK_MAX_DAYS) {
      throw new Error(`LogArchiveBucket retentionDays must be a whole number from 1 to ${OBJECT_LOCK_MAX_DAYS}, got ${retentionDays}.`);
    }
    if (props.administratorArns.length === 0) {
      throw new Error("LogArchiveBucket administratorArns must name at least one principal (the deploy role), or nobody could update the bucket.");
    }
    const transitions = props.transitions ?? { standardIa: 30, glacier: 90, deepArchive: 180 };
    if (transitions.standardIa < 30) {
      throw new Error(`LogArchiveBucket transitions.standardIa must be at least 30 days (S3's minimum), got ${transitions.standardIa}.`);
    }
    if (!(transitions.standardIa < transitions.glacier && transitions.glacier < transitions.deepArchive)) {
      throw new Error("LogArchiveBucket transitions must be in increasing order: standardIa < glacier < deepArchive.");
    }
    this.bucketName = props.bucketName;

    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      objectLockEnabled: true,
      forceDestroy: false,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    const bucket = this.bucket.id;
    const publicAccess = new S3BucketPublicAccessBlock(this, "public-access", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
    const versioning = new S3BucketVersioningA(this, "versioning", { bucket, versioningConfiguration: { status: "Enabled" } });
    new S3BucketObjectLockConfigurationA(this, "object-lock", {
      bucket,
      dependsOn: [versioning],
      rule: { defaultRetention: { mode: props.lockMode ?? "COMPLIANCE", days: retentionDays } },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }],
    });
    new S3BucketLoggingA(this, "access-logging", {
      bucket,
      targetBucket: props.accessLogBucketName,
      targetPrefix: `${props.bucketName}/`,
    });
    const transition: S3BucketLifecycleConfigurationRuleTransition[] = (
      [
        [transitions.standardIa, "STANDARD_IA"],
        [transitions.glacier, "GLACIER"],
        [transitions.deepArchive, "DEEP_ARCHIVE"],
      ] as const
    )
      .filter(([days]) => days < retentionDays)
      .map(([days, storageClass]) => ({ days, storageClass }));
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket,
      dependsOn: [versioning],
      rule: [
        {
          id: "archive-then-expire-after-the-lock",
          status: "Enabled",
          filter: [{ prefix: "" }],
          transition,
          expiration: [{ days: retentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: retentionDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });

    const arn = this.bucket.arn;
    const objects = `${arn}/*`;
    const statements: PolicyStatement[] = [
      denyRequestsWithoutTls(arn),
      {
        Sid: props.organizationId === undefined ? "DenyPrincipalsOutsideTheAccount" : "DenyPrincipalsOutsideTheOrganization",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [arn, objects],
        Condition: {
          StringNotEqualsIfExists:
            props.organizationId === undefined ? { "aws:PrincipalAccount": accountId } : { "aws:PrincipalOrgID": props.organizationId },
          BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
        },
      },
      {
        Sid: "DenyObjectDeletion",
        Effect: "Deny",
        Principal: "*",
        Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
        Resource: objects,
      },
      {
        Sid: "DenyObjectsNotEncryptedWithKms",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objects,
        Condition: {
          StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
          Null: { "s3:x-amz-server-side-encryption": "false" },
        },
      },
      {
        Sid: "DenyConfigurationChangesExceptByAdministrators",
        Effect: "Deny",
        Principal: "*",
        Action: LOG_ARCHIVE_PROTECTED_ACTIONS,
        Resource: arn,
        Condition: { ArnNotEquals: { "aws:PrincipalArn": [...props.administratorArns] } },
      },
    ];
    const cloudTrailArns = props.cloudTrailArns ?? [];
    if (cloudTrailArns.length > 0) {
      const fromTrails = { "aws:SourceArn": [...cloudTrailArns] };
      statements.push(
        {
          Sid: "CloudTrailChecksTheBucketAcl",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "s3:GetBucketAcl",
          Resource: arn,
          Condition: { StringEquals: fromTrails },
        },
        {
          Sid: "CloudTrailWritesOnlyItsPrefix",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${arn}/${LOG_ARCHIVE_PREFIXES.cloudTrail}/AWSLogs/${accountId}/*`,
          Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", ...fromTrails } },
        }
      );
    }
    const fromAccount = { "aws:SourceAccount": accountId };
    if (props.configDelivery === true) {
      statements.push(
        {
          Sid: "ConfigChecksTheBucket",
          Effect: "Allow",
          Principal: { Service: "config.amazonaws.com" },
          Action: ["s3:GetBucketAcl", "s3:ListBucket"],
          Resource: arn,
          Condition: { StringEquals: fromAccount },
        },
        {
          Sid: "ConfigWritesOnlyItsPrefix",
          Effect: "Allow",
          Principal: { Service: "config.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${arn}/${LOG_ARCHIVE_PREFIXES.config}/AWSLogs/${accountId}/Config/*`,
          Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", ...fromAccount } },
        }
      );
    }
    if (props.guardDutyFindingsExport === true) {
      const fromDetectors = { ArnLike: { "aws:SourceArn": `arn:aws:guardduty:*:${accountId}:detector/*` }, StringEquals: fromAccount };
      statements.push(
        {
          Sid: "GuardDutyLocatesTheBucket",
          Effect: "Allow",
          Principal: { Service: "guardduty.amazonaws.com" },
          Action: "s3:GetBucketLocation",
          Resource: arn,
          Condition: fromDetectors,
        },
        {
          Sid: "GuardDutyWritesOnlyItsPrefix",
          Effect: "Allow",
          Principal: { Service: "guardduty.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${arn}/${LOG_ARCHIVE_PREFIXES.guardDuty}/*`,
          Condition: fromDetectors,
        }
      );
    }
    this.policy = new S3BucketPolicy(this, "policy", { bucket, dependsOn: [publicAccess], policy: policyDocument(statements) });
  }
}
