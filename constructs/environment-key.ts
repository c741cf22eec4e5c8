import { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { policyDocument } from "./policy-document";

/** Properties of an {@link EnvironmentKey}. */
export interface EnvironmentKeyProps {
  /** The AWS account that owns the key; only it administers and uses the key. */
  readonly accountId: string;
  /** The region of the key. */
  readonly region: string;
  /** Alias name without the `alias/` prefix. */
  readonly aliasName: string;
  /** Days a scheduled deletion waits, 7 to 30. @default 30 */
  readonly deletionWindowInDays?: number;
  /** Days between automatic rotations of the key material, 90 to 2560. @default 365 */
  readonly rotationPeriodInDays?: number;
}

/**
 * The environment's customer-managed KMS key: symmetric, automatic rotation on (AUTH-05), administered only by its
 * own account, and usable by CloudWatch Logs for this account's log groups (LOG-04).
 */
export class EnvironmentKey extends Construct {
  /** The key. */
  readonly key: KmsKey;
  /** The key's ARN. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: EnvironmentKeyProps) {
    super(scope, id);
    const { accountId, region } = props;
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
      policy: policyDocument([
        {
          Sid: "AccountAdministersKeyThroughIam",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${accountId}:root` },
          Action: "kms:*",
          Resource: "*",
        },
        {
          Sid: "CloudWatchLogsForThisAccountOnly",
          Effect: "Allow",
          Principal: { Service: `logs.${region}.amazonaws.com` },
          Action: ["kms:Decrypt", "kms:Describe*", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
          Resource: "*",
          Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${region}:${accountId}:log-group:*` } },
        },
      ]),
    });
    new KmsAlias(this, "alias", { name: `alias/${props.aliasName}`, targetKeyId: this.key.keyId });
    this.arn = this.key.arn;
  }
}
