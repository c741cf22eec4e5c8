import { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { policyDocument, PolicyStatement } from "./policy-document";

/** What administering a key means: everything but using it, granting it, and importing key material. */
export const KEY_ADMINISTRATION_ACTIONS: readonly string[] = [
  "kms:CancelKeyDeletion",
  "kms:CreateAlias",
  "kms:DeleteAlias",
  "kms:DescribeKey",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:EnableKey",
  "kms:EnableKeyRotation",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListAliases",
  "kms:ListGrants",
  "kms:ListKeyPolicies",
  "kms:ListResourceTags",
  "kms:PutKeyPolicy",
  "kms:RetireGrant",
  "kms:RevokeGrant",
  "kms:RotateKeyOnDemand",
  "kms:ScheduleKeyDeletion",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateAlias",
  "kms:UpdateKeyDescription",
];

/** Properties of an {@link EnvironmentKey}. */
export interface EnvironmentKeyProps {
  /** The AWS account that owns the key; only it administers and uses the key. */
  readonly accountId: string;
  /** The region of the key. */
  readonly region: string;
  /**
   * Roles of the account that administer the key (the deploy role, a break-glass admin role): only they may change
   * its policy, rotation, aliases, or schedule its deletion. Named by condition, so the roles may be created later.
   * Keep at least one that will always exist: a key nobody administers can only be recovered by AWS Support.
   */
  readonly administratorRoleArns: readonly string[];
  /** Alias name without the `alias/` prefix. */
  readonly aliasName: string;
  /** Days a scheduled deletion waits, 7 to 30. @default 30 */
  readonly deletionWindowInDays?: number;
  /** Days between automatic rotations of the key material, 90 to 2560. @default 365 */
  readonly rotationPeriodInDays?: number;
  /** Whether Terraform refuses to destroy the key (and with it everything it encrypts, LOG-04). @default true */
  readonly preventDestroy?: boolean;
  /** ARNs of this account's trails that may encrypt their log files with the key (LOG-04). @default [] */
  readonly cloudTrailArns?: readonly string[];
  /** Whether this account's GuardDuty detectors may encrypt exported findings with the key (IR-02d). @default false */
  readonly guardDutyFindingsExport?: boolean;
  /**
   * Names of this account's S3 buckets, encrypted with this key and S3 Bucket Keys, that hold GuardDuty threat intel or
   * trusted IP lists (TI-01): GuardDuty's service-linked role may decrypt objects of these buckets, through S3 only.
   * @default [] (GuardDuty reads no list encrypted with the key)
   */
  readonly guardDutyListBuckets?: readonly string[];
}

/**
 * The environment's customer-managed KMS key: symmetric, automatic rotation on (AUTH-05), administered only by the
 * named roles of its own account (MSH-03, least privilege: nobody holds `kms:*`), used for cryptographic operations
 * by principals of its own account whose IAM policies allow it, and by CloudWatch Logs for this account's log groups
 * (LOG-04). EC2 Auto
 * Scaling's service-linked role of this account may use it for EKS node volumes (a service-linked role gets no IAM
 * policy, so the key policy must name it), and this account's CloudWatch alarms and EventBridge rules may publish to
 * topics it encrypts. On request, the named trails encrypt their log files with it, GuardDuty its exported findings,
 * and GuardDuty's service-linked role decrypts the lists it reads from the named buckets.
 * Terraform refuses to destroy it unless `preventDestroy` is false.
 */
export class EnvironmentKey extends Construct {
  /** The key. */
  readonly key: KmsKey;
  /** The key's ARN. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: EnvironmentKeyProps) {
    super(scope, id);
    const { accountId, region } = props;
    // Named by condition, not as principal: KMS rejects a policy naming a role that does not exist yet, and this
    // service-linked role appears only when the account's first Auto Scaling group (the EKS node group) is created.
    const autoScalingRole = `arn:aws:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
    if (props.administratorRoleArns.length === 0 || props.administratorRoleArns.some((arn) => !new RegExp(`^arn:aws:iam::${accountId}:role/[\\w+=,.@/-]+$`).test(arn))) {
      throw new Error(`EnvironmentKey administratorRoleArns must name at least one role of account ${accountId} (arn:aws:iam::${accountId}:role/<name>), got ${JSON.stringify(props.administratorRoleArns)}.`);
    }
    const deletionWindowInDays = props.deletionWindowInDays ?? 30;
    if (!Number.isInteger(deletionWindowInDays) || deletionWindowInDays < 7 || deletionWindowInDays > 30) {
      throw new Error(`EnvironmentKey deletionWindowInDays must be an integer from 7 to 30, got ${deletionWindowInDays}.`);
    }
    this.key = new KmsKey(this, "key", {
      description: `mcp-hardening environment key (${props.aliasName})`,
      keyUsage: "ENCRYPT_DECRYPT",
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
      enableKeyRotation: true,
      rotationPeriodInDays: props.rotationPeriodInDays ?? 365,
      deletionWindowInDays,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
      policy: policyDocument([
        {
          Sid: "OnlyTheNamedRolesAdministerTheKey",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${accountId}:root` },
          Action: [...KEY_ADMINISTRATION_ACTIONS],
          Resource: "*",
          Condition: { ArnEquals: { "aws:PrincipalArn": [...props.administratorRoleArns].sort() } },
        },
        {
          Sid: "AccountPrincipalsUseTheKeyThroughIam",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${accountId}:root` },
          Action: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
          Resource: "*",
          Condition: { StringEquals: { "kms:CallerAccount": accountId } },
        },
        {
          Sid: "AccountPrincipalsGrantTheKeyToAwsResources",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${accountId}:root` },
          Action: "kms:CreateGrant",
          Resource: "*",
          Condition: { StringEquals: { "kms:CallerAccount": accountId }, Bool: { "kms:GrantIsForAWSResource": "true" } },
        },
        {
          Sid: "CloudWatchLogsForThisAccountOnly",
          Effect: "Allow",
          Principal: { Service: `logs.${region}.amazonaws.com` },
          Action: ["kms:Decrypt", "kms:Describe*", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
          Resource: "*",
          Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${region}:${accountId}:log-group:*` } },
        },
        {
          Sid: "AutoScalingUsesKeyForNodeVolumes",
          Effect: "Allow",
          Principal: "*",
          Action: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
          Resource: "*",
          Condition: { StringEquals: { "aws:PrincipalArn": autoScalingRole, "kms:CallerAccount": accountId } },
        },
        {
          Sid: "AutoScalingAttachesNodeVolumes",
          Effect: "Allow",
          Principal: "*",
          Action: "kms:CreateGrant",
          Resource: "*",
          Condition: {
            StringEquals: { "aws:PrincipalArn": autoScalingRole, "kms:CallerAccount": accountId },
            Bool: { "kms:GrantIsForAWSResource": "true" },
          },
        },
        {
          Sid: "CloudWatchAlarmsOfThisAccountOnly",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Condition: {
            StringEquals: { "aws:SourceAccount": accountId },
            ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${region}:${accountId}:alarm:*` },
          },
        },
        {
          Sid: "EventBridgeRulesOfThisAccountOnly",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Condition: {
            StringEquals: { "aws:SourceAccount": accountId },
            ArnLike: { "aws:SourceArn": `arn:aws:events:${region}:${accountId}:rule/*` },
          },
        },
        ...serviceStatements(accountId, region, props),
      ]),
    });
    new KmsAlias(this, "alias", { name: `alias/${props.aliasName}`, targetKeyId: this.key.keyId });
    this.arn = this.key.arn;
  }
}

/** The statements for log delivery services that use the key only when the props ask for them. */
function serviceStatements(accountId: string, region: string, props: EnvironmentKeyProps): PolicyStatement[] {
  const trails = props.cloudTrailArns ?? [];
  const statements: PolicyStatement[] = [];
  if (trails.length > 0) {
    statements.push(
      {
        Sid: "CloudTrailEncryptsTheNamedTrailsLogs",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "kms:GenerateDataKey*",
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceArn": [...trails] },
          StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${accountId}:trail/*` },
        },
      },
      {
        Sid: "CloudTrailDescribesTheKey",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "kms:DescribeKey",
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceArn": [...trails] } },
      }
    );
  }
  if (props.guardDutyFindingsExport === true) {
    statements.push({
      Sid: "GuardDutyEncryptsExportedFindings",
      Effect: "Allow",
      Principal: { Service: "guardduty.amazonaws.com" },
      Action: "kms:GenerateDataKey",
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": accountId },
        ArnLike: { "aws:SourceArn": `arn:aws:guardduty:*:${accountId}:detector/*` },
      },
    });
  }
  const listBuckets = [...new Set(props.guardDutyListBuckets ?? [])].sort();
  if (listBuckets.length > 0) {
    // GuardDuty reads its lists as its service-linked role, whose credentials S3 forwards to KMS: the caller is that
    // role (named by condition: it appears only when GuardDuty is first enabled), not the service principal, so the
    // request carries no aws:SourceArn; it is pinned instead to this account, to S3, and to the named buckets (with
    // S3 Bucket Keys the encryption context is the bucket's ARN).
    statements.push({
      Sid: "GuardDutyDecryptsItsListsThroughS3",
      Effect: "Allow",
      Principal: "*",
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: {
        StringEquals: {
          "aws:PrincipalArn": guardDutyServiceLinkedRole(accountId),
          "kms:CallerAccount": accountId,
          "kms:ViaService": `s3.${region}.amazonaws.com`,
          "kms:EncryptionContext:aws:s3:arn": listBuckets.map((bucket) => `arn:aws:s3:::${bucket}`),
        },
      },
    });
  }
  return statements;
}

/** The ARN of GuardDuty's service-linked role in an account. */
export function guardDutyServiceLinkedRole(accountId: string): string {
  return `arn:aws:iam::${accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`;
}
