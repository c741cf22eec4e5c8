import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "cdktf";
import { GuarddutyThreatintelset } from "@cdktf/provider-aws/lib/guardduty-threatintelset";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { containmentSourceDirectory, packageFile } from "./containment-function";
import { deterministicZip } from "./deterministic-zip";
import { EncryptedLogGroup } from "./encrypted-log-group";
import { guardDutyServiceLinkedRole } from "./environment-key";
import { policyDocument, serviceTrustPolicy } from "./policy-document";
import { NODEJS_LAMBDA_RUNTIME } from "./lambda-runtime";

/** Where the loader reads feeds and writes the GuardDuty list, in the feed bucket (functions/threat-intel). */
export const THREAT_INTEL_PREFIXES = { feeds: "feeds/", guardDuty: "guardduty/" } as const;
/** The GuardDuty threat intel set's list, written by the loader. */
export const GUARDDUTY_LIST_KEY = `${THREAT_INTEL_PREFIXES.guardDuty}threat-intel-set.txt`;

/** The loader's deployment package: a deterministic ZIP of its handler (the AWS SDK comes with the runtime). */
export function threatIntelPackage(): Buffer {
  const directory = path.join(path.dirname(containmentSourceDirectory()), "threat-intel");
  return deterministicZip([{ name: "index.js", data: fs.readFileSync(path.join(directory, "index.js")) }]);
}

/** The feed bucket's name, `<prefix>-threat-intel-<account>`: known before the bucket exists, so the key that encrypts it can let GuardDuty read it. */
export function threatIntelBucketName(namePrefix: string, accountId: string): string {
  return `${namePrefix}-threat-intel-${accountId}`;
}

/** Properties of a {@link ThreatIntelFeed}. */
export interface ThreatIntelFeedProps {
  /** Prefix of every name, e.g. `mcp-prod`: bucket `<prefix>-threat-intel-<account>`, function `<prefix>-threat-intel-loader`. */
  readonly namePrefix: string;
  readonly environment: string;
  readonly accountId: string;
  readonly region: string;
  /** Customer-managed KMS key: encrypts the bucket, the function's environment and its log group. */
  readonly kmsKeyArn: string;
  /** The Network Firewall rule group the loader replaces the rules of (EgressFirewall.threatIntelRules). */
  readonly ruleGroupArn: string;
  /** The DNS Firewall domain list the loader replaces (DnsFirewall.threatIntelList). */
  readonly domainListId: string;
  /** The GuardDuty detector whose threat intel set the loader reloads. */
  readonly detectorId: string;
  /** Domains the environment itself reaches (its declared egress): a feed may never block them. */
  readonly protectedDomains: readonly string[];
  /** The loader's log group, e.g. `/mcp/prod/threat-intel`. */
  readonly logGroupName: string;
  readonly logRetentionInDays: number;
}

/**
 * Threat intelligence for the blocking layers (TI-01): a feed bucket `<prefix>-threat-intel-<account>` (SSE-KMS with
 * the environment key, versioned, owner-enforced, public access blocked, TLS only, uploads only KMS-encrypted) whose
 * feeds under `feeds/` are loaded on every write by the function `<prefix>-threat-intel-loader`
 * (`functions/threat-intel`) into the egress firewall's threat-intel rule group, the DNS Firewall's threat-intel
 * domain list, and a GuardDuty threat intel set `<prefix>-threat-intel` read from `guardduty/` in the bucket. The
 * function's role may do exactly that; every load is a JSON line in its own KMS-encrypted log group.
 */
export class ThreatIntelFeed extends Construct {
  readonly bucket: S3Bucket;
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly threatIntelSet: GuarddutyThreatintelset;
  readonly logGroup: EncryptedLogGroup;

  constructor(scope: Construct, id: string, props: ThreatIntelFeedProps) {
    super(scope, id);
    const { accountId, region, kmsKeyArn } = props;
    const bucketName = threatIntelBucketName(props.namePrefix, accountId);
    const functionName = `${props.namePrefix}-threat-intel-loader`;

    this.bucket = new S3Bucket(this, "bucket", { bucket: bucketName, forceDestroy: false });
    new S3BucketVersioningA(this, "versioning", { bucket: this.bucket.id, versioningConfiguration: { status: "Enabled" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: kmsKeyArn }, bucketKeyEnabled: true }],
    });
    new S3BucketPublicAccessBlock(this, "public-access-block", { bucket: this.bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    new S3BucketOwnershipControls(this, "ownership", { bucket: this.bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
    const bucketPolicy = new S3BucketPolicy(this, "policy", {
      bucket: this.bucket.id,
      policy: policyDocument([
        { Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [this.bucket.arn, `${this.bucket.arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
        {
          Sid: "KmsEncryptedUploadsOnly",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:PutObject",
          Resource: `${this.bucket.arn}/*`,
          Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption": "aws:kms" } },
        },
      ]),
    });

    const initialList = new S3Object(this, "guardduty-list", {
      bucket: this.bucket.id,
      key: GUARDDUTY_LIST_KEY,
      content: "192.0.2.1\n",
      contentType: "text/plain",
      serverSideEncryption: "aws:kms",
      kmsKeyId: kmsKeyArn,
      dependsOn: [bucketPolicy],
    });
    initialList.lifecycle = { ignoreChanges: ["content", "etag", "version_id"] };
    this.threatIntelSet = new GuarddutyThreatintelset(this, "threat-intel-set", {
      name: `${props.namePrefix}-threat-intel`,
      detectorId: props.detectorId,
      format: "TXT",
      location: `https://s3.amazonaws.com/${bucketName}/${GUARDDUTY_LIST_KEY}`,
      activate: true,
      dependsOn: [initialList],
    });

    this.logGroup = new EncryptedLogGroup(this, "logs", { name: props.logGroupName, kmsKeyArn, retentionInDays: props.logRetentionInDays });
    this.role = new IamRole(this, "role", { name: functionName, description: "Loads threat-intelligence feeds into the firewalls and GuardDuty (TI-01)", assumeRolePolicy: serviceTrustPolicy("lambda.amazonaws.com", accountId) });
    const detectorArn = `arn:aws:guardduty:${region}:${accountId}:detector/${props.detectorId}`;
    const policy = new IamRolePolicy(this, "role-policy", {
      name: "load-threat-intel",
      role: this.role.id,
      policy: policyDocument([
        { Sid: "ListFeeds", Effect: "Allow", Action: "s3:ListBucket", Resource: this.bucket.arn, Condition: { StringLike: { "s3:prefix": [`${THREAT_INTEL_PREFIXES.feeds}*`] } } },
        { Sid: "ReadFeeds", Effect: "Allow", Action: "s3:GetObject", Resource: `${this.bucket.arn}/${THREAT_INTEL_PREFIXES.feeds}*` },
        { Sid: "WriteTheGuardDutyList", Effect: "Allow", Action: "s3:PutObject", Resource: `${this.bucket.arn}/${GUARDDUTY_LIST_KEY}` },
        { Sid: "UseTheKeyThroughS3", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: kmsKeyArn, Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } } },
        { Sid: "ReplaceTheFirewallRules", Effect: "Allow", Action: ["network-firewall:DescribeRuleGroup", "network-firewall:UpdateRuleGroup"], Resource: props.ruleGroupArn },
        { Sid: "ReplaceTheDnsDomains", Effect: "Allow", Action: "route53resolver:UpdateFirewallDomains", Resource: `arn:aws:route53resolver:${region}:${accountId}:firewall-domain-list/${props.domainListId}` },
        { Sid: "ReloadTheThreatIntelSet", Effect: "Allow", Action: ["guardduty:GetThreatIntelSet", "guardduty:UpdateThreatIntelSet"], Resource: [detectorArn, `${detectorArn}/threatintelset/*`] },
        {
          Sid: "LetGuardDutyReadTheList",
          Effect: "Allow",
          Action: ["iam:PutRolePolicy", "iam:DeleteRolePolicy"],
          Resource: guardDutyServiceLinkedRole(accountId),
        },
        { Sid: "WriteItsOwnLogGroup", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${this.logGroup.logGroup.arn}:*` },
        { Sid: "DecryptItsEnvironment", Effect: "Allow", Action: "kms:Decrypt", Resource: kmsKeyArn, Condition: { StringEquals: { "kms:EncryptionContext:LambdaFunctionName": functionName } } },
      ]),
    });

    const zip = threatIntelPackage();
    const asset = new TerraformAsset(this, "package", { path: packageFile(zip, "threat-intel.zip"), type: AssetType.FILE });
    this.function = new LambdaFunction(this, "function", {
      functionName,
      description: "Loads threat-intelligence feeds into the egress firewall, the DNS Firewall and GuardDuty (TI-01)",
      role: this.role.arn,
      runtime: NODEJS_LAMBDA_RUNTIME,
      handler: "index.handler",
      architectures: ["arm64"],
      filename: asset.path,
      sourceCodeHash: createHash("sha256").update(zip).digest("base64"),
      memorySize: 256,
      timeout: 120,
      reservedConcurrentExecutions: 1,
      kmsKeyArn,
      environment: {
        variables: {
          ENVIRONMENT: props.environment,
          FEED_BUCKET: bucketName,
          THREAT_INTEL_RULE_GROUP_ARN: props.ruleGroupArn,
          DNS_DOMAIN_LIST_ID: props.domainListId,
          GUARDDUTY_DETECTOR_ID: props.detectorId,
          GUARDDUTY_THREAT_INTEL_SET_ID: this.threatIntelSet.id,
          PROTECTED_DOMAINS: [...new Set(props.protectedDomains)].sort().join(","),
        },
      },
      loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.logGroup.name, applicationLogLevel: "INFO", systemLogLevel: "WARN" },
      dependsOn: [policy],
    });
    const permission = new LambdaPermission(this, "invoke-from-bucket", {
      statementId: "invoke-from-feed-bucket",
      action: "lambda:InvokeFunction",
      functionName: this.function.functionName,
      principal: "s3.amazonaws.com",
      sourceArn: this.bucket.arn,
      sourceAccount: accountId,
    });
    new S3BucketNotification(this, "notification", {
      bucket: this.bucket.id,
      lambdaFunction: [{ lambdaFunctionArn: this.function.arn, events: ["s3:ObjectCreated:*"], filterPrefix: THREAT_INTEL_PREFIXES.feeds }],
      dependsOn: [permission],
    });
  }
}
