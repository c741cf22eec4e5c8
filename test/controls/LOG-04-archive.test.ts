import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { EnvironmentKey, LogArchiveBucket } from "../../constructs";
import { loadStacks, runPolicies } from "../../policies/engine";
import { config, ENVIRONMENTS, only, ref, rulesFired } from "../support/compute";
import { accessLogBucket, archiveBucket, bucketPart, editStatements, keyStatements, named, statements, trailArn } from "../support/detection";
import { findingsFor, removeResources, synthesizedPlans, tempDir } from "../support/plans";

describe("LOG-04 tamper-evident audit records (the Object Lock log archive and the audit trail's integrity)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const { accountId, region, deployRoleName, logging, security } = config(environment);
    const archive = archiveBucket(plans, environment);
    const arn = ref(archive, "arn");
    const key = only(plans, environment, "aws_kms_key");
    const part = (type: string) => bucketPart(plans, environment, archive, type).values;

    test("the archive bucket has Object Lock and Terraform refuses to destroy it", () => {
      expect(archive.values).toMatchObject({ object_lock_enabled: true, force_destroy: false, lifecycle: { prevent_destroy: true } });
    });

    test("every object is locked in COMPLIANCE mode for the configured retention", () => {
      expect(part("aws_s3_bucket_object_lock_configuration")).toMatchObject({ rule: { default_retention: { mode: "COMPLIANCE", days: logging.archiveRetentionDays } } });
      expect(logging.archiveRetentionDays).toBeGreaterThanOrEqual(config(environment).production ? 365 : 1);
    });

    test("versioned, SSE-KMS with the environment key and a bucket key, public access blocked, ACLs disabled", () => {
      expect(part("aws_s3_bucket_versioning")).toMatchObject({ versioning_configuration: { status: "Enabled" } });
      expect(part("aws_s3_bucket_server_side_encryption_configuration")["rule"]).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: ref(key, "arn") }, bucket_key_enabled: true },
      ]);
      expect(part("aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
      expect(part("aws_s3_bucket_ownership_controls")).toMatchObject({ rule: { object_ownership: "BucketOwnerEnforced" } });
    });

    test("objects move to colder storage and expire only when their lock ends", () => {
      const [rule] = part("aws_s3_bucket_lifecycle_configuration")["rule"] as Record<string, unknown>[];
      const colder = [
        { days: 30, storage_class: "STANDARD_IA" },
        { days: 90, storage_class: "GLACIER" },
        { days: 180, storage_class: "DEEP_ARCHIVE" },
      ].filter((transition) => transition.days < logging.archiveRetentionDays);
      expect(rule).toMatchObject({ status: "Enabled", expiration: [{ days: logging.archiveRetentionDays }], noncurrent_version_expiration: [{ noncurrent_days: logging.archiveRetentionDays }] });
      expect(rule["transition"] ?? []).toEqual(colder);
    });

    test("the bucket policy refuses plain HTTP, outside principals, deletions, non-KMS objects and changes by anyone but the deploy role", () => {
      const policy = statements(bucketPart(plans, environment, archive, "aws_s3_bucket_policy"));
      const objects = `${arn}/*`;
      expect([...policy.keys()]).toEqual([
        "DenyRequestsWithoutTls",
        "DenyPrincipalsOutsideTheAccount",
        "DenyObjectDeletion",
        "DenyObjectsNotEncryptedWithKms",
        "DenyConfigurationChangesExceptByAdministrators",
        "CloudTrailChecksTheBucketAcl",
        "CloudTrailWritesOnlyItsPrefix",
        "ConfigChecksTheBucket",
        "ConfigWritesOnlyItsPrefix",
        "GuardDutyLocatesTheBucket",
        "GuardDutyWritesOnlyItsPrefix",
      ]);
      expect(policy.get("DenyRequestsWithoutTls")).toEqual({
        Sid: "DenyRequestsWithoutTls",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [arn, objects],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      });
      expect(policy.get("DenyPrincipalsOutsideTheAccount")).toMatchObject({
        Effect: "Deny",
        Action: "s3:*",
        Condition: { StringNotEqualsIfExists: { "aws:PrincipalAccount": accountId }, BoolIfExists: { "aws:PrincipalIsAWSService": "false" } },
      });
      expect(policy.get("DenyObjectDeletion")).toMatchObject({ Effect: "Deny", Principal: "*", Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"], Resource: objects });
      expect(policy.get("DenyConfigurationChangesExceptByAdministrators")).toMatchObject({
        Effect: "Deny",
        Resource: arn,
        Condition: { ArnNotEquals: { "aws:PrincipalArn": [`arn:aws:iam::${accountId}:role/${deployRoleName}`] } },
      });
      expect(policy.get("DenyConfigurationChangesExceptByAdministrators")?.["Action"]).toEqual(
        expect.arrayContaining(["s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketObjectLockConfiguration", "s3:PutBucketVersioning", "s3:PutLifecycleConfiguration", "s3:DeleteBucket"]),
      );
      expect(policy.get("CloudTrailWritesOnlyItsPrefix")).toEqual({
        Sid: "CloudTrailWritesOnlyItsPrefix",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${arn}/cloudtrail/AWSLogs/${accountId}/*`,
        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": [trailArn(environment)] } },
      });
      expect(policy.get("ConfigWritesOnlyItsPrefix")).toMatchObject({ Resource: `${arn}/config/AWSLogs/${accountId}/Config/*`, Condition: { StringEquals: { "aws:SourceAccount": accountId } } });
      expect(policy.get("GuardDutyWritesOnlyItsPrefix")).toMatchObject({
        Resource: `${arn}/guardduty/*`,
        Condition: { ArnLike: { "aws:SourceArn": `arn:aws:guardduty:*:${accountId}:detector/*` }, StringEquals: { "aws:SourceAccount": accountId } },
      });
    });

    test("S3 server access logs go to a separate, hardened bucket that expires them", () => {
      const target = accessLogBucket(plans, environment);
      const targetPart = (type: string) => bucketPart(plans, environment, target, type).values;
      expect(part("aws_s3_bucket_logging")).toMatchObject({ target_bucket: ref(target, "bucket"), target_prefix: `mcp-${environment}-log-archive-${accountId}/` });
      expect(target.values["object_lock_enabled"]).toBeUndefined();
      expect(targetPart("aws_s3_bucket_server_side_encryption_configuration")["rule"]).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
      expect(targetPart("aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
      expect(targetPart("aws_s3_bucket_lifecycle_configuration")["rule"]).toEqual([expect.objectContaining({ expiration: [{ days: security.logRetentionDays }] })]);
      const policy = statements(bucketPart(plans, environment, target, "aws_s3_bucket_policy"));
      expect(policy.get("DenyRequestsWithoutTls")).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
      expect(policy.get("AllowServerAccessLogDeliveryForTheSourceBucketsOnly")).toMatchObject({
        Principal: { Service: "logging.s3.amazonaws.com" },
        Condition: { ArnEquals: { "aws:SourceArn": [`arn:aws:s3:::mcp-${environment}-log-archive-${accountId}`] }, StringEquals: { "aws:SourceAccount": accountId } },
      });
    });

    test("the audit trail covers every region and global events, validates its files, encrypts them and also delivers to CloudWatch", () => {
      const trail = only(plans, environment, "aws_cloudtrail");
      const group = named(plans, environment, "aws_cloudwatch_log_group", `/mcp/${environment}/cloudtrail`);
      expect(trail.values).toMatchObject({
        name: `mcp-${environment}-audit`,
        is_multi_region_trail: true,
        include_global_service_events: true,
        enable_log_file_validation: true,
        enable_logging: true,
        kms_key_id: ref(key, "arn"),
        s3_bucket_name: ref(archive, "bucket"),
        s3_key_prefix: "cloudtrail",
        cloud_watch_logs_group_arn: `${ref(group, "arn")}:*`,
      });
      expect(trail.values["depends_on"]).toContain(bucketPart(plans, environment, archive, "aws_s3_bucket_policy").address);
      expect(group.values).toMatchObject({ kms_key_id: ref(key, "arn"), retention_in_days: security.logRetentionDays });
    });

    test("the environment key may encrypt only this trail's files, and Terraform refuses to destroy it", () => {
      expect(key.values["lifecycle"]).toEqual({ prevent_destroy: true });
      expect(keyStatements(plans, environment).get("CloudTrailEncryptsTheNamedTrailsLogs")).toEqual({
        Sid: "CloudTrailEncryptsTheNamedTrailsLogs",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "kms:GenerateDataKey*",
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceArn": [trailArn(environment)] },
          StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${accountId}:trail/*` },
        },
      });
      expect(trailArn(environment)).toBe(`arn:aws:cloudtrail:${region}:${accountId}:trail/mcp-${environment}-audit`);
    });

    test("the synthesized plan passes every LOG-04 rule", () => {
      expect(findingsFor(plans, "LOG-04")).toEqual([]);
    });
  });

  describe("check reports LOG-04 when the real plan is weakened", () => {
    const archiveRule = ["log-04-log-archive-object-lock"];
    const trailRule = ["log-04-cloudtrail-integrity"];
    const archivePart = (plans: ReturnType<typeof synthesizedPlans>, type: string) => bucketPart(plans, "prod", archiveBucket(plans, "prod"), type);

    test("Object Lock is removed from the archive", () => {
      expect(
        rulesFired("LOG-04", (plans) => {
          delete archiveBucket(plans, "prod").values["object_lock_enabled"];
          removeResources(plans, "prod", "aws_s3_bucket_object_lock_configuration");
        }),
      ).toEqual(archiveRule);
    });

    test("the lock is switched to GOVERNANCE mode", () => {
      expect(rulesFired("LOG-04", (plans) => (archivePart(plans, "aws_s3_bucket_object_lock_configuration").values["rule"] = { default_retention: { mode: "GOVERNANCE", days: 365 } }))).toEqual(archiveRule);
    });

    test("versioning is suspended", () => {
      expect(rulesFired("LOG-04", (plans) => (archivePart(plans, "aws_s3_bucket_versioning").values["versioning_configuration"] = { status: "Suspended" }))).toEqual(archiveRule);
    });

    test("encryption falls back to SSE-S3", () => {
      expect(
        rulesFired("LOG-04", (plans) => (archivePart(plans, "aws_s3_bucket_server_side_encryption_configuration").values["rule"] = [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }])),
      ).toEqual(archiveRule);
    });

    test("one public access flag is turned off", () => {
      expect(rulesFired("LOG-04", (plans) => (archivePart(plans, "aws_s3_bucket_public_access_block").values["restrict_public_buckets"] = false))).toEqual(archiveRule);
    });

    test("the TLS-only statement is dropped from the bucket policy", () => {
      expect(
        rulesFired("LOG-04", (plans) => editStatements(archivePart(plans, "aws_s3_bucket_policy"), (list) => list.filter((statement) => statement.Sid !== "DenyRequestsWithoutTls"))),
      ).toEqual(archiveRule);
    });

    test("prevent_destroy is removed from the archive bucket", () => {
      expect(rulesFired("LOG-04", (plans) => delete archiveBucket(plans, "prod").values["lifecycle"])).toEqual(archiveRule);
    });

    test("prevent_destroy is removed from the environment key", () => {
      expect(rulesFired("LOG-04", (plans) => delete only(plans, "prod", "aws_kms_key").values["lifecycle"])).toEqual(["log-04-kms-prevent-destroy"]);
    });

    test("log file validation is turned off", () => {
      expect(rulesFired("LOG-04", (plans) => (only(plans, "prod", "aws_cloudtrail").values["enable_log_file_validation"] = false))).toEqual(trailRule);
    });

    test("the trail is limited to one region", () => {
      expect(rulesFired("LOG-04", (plans) => (only(plans, "prod", "aws_cloudtrail").values["is_multi_region_trail"] = false))).toEqual(trailRule);
    });

    test("global service events are left out", () => {
      expect(rulesFired("LOG-04", (plans) => (only(plans, "prod", "aws_cloudtrail").values["include_global_service_events"] = false))).toEqual(trailRule);
    });

    test("the trail's KMS key is removed", () => {
      expect(rulesFired("LOG-04", (plans) => delete only(plans, "prod", "aws_cloudtrail").values["kms_key_id"])).toEqual(trailRule);
    });

    test("CloudWatch delivery is removed", () => {
      expect(rulesFired("LOG-04", (plans) => delete only(plans, "prod", "aws_cloudtrail").values["cloud_watch_logs_group_arn"])).toEqual(trailRule);
    });

    test("the trail is deleted", () => {
      expect(rulesFired("LOG-04", (plans) => removeResources(plans, "prod", "aws_cloudtrail"))).toEqual(trailRule);
    });
  });

  describe("the constructs weaken only through named options, and check still reports it", () => {
    const outdir = path.join(tempDir("log-archive"), "cdktf.out");
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "platform-archive");
    new AwsProvider(stack, "aws", { region: "eu-west-1", allowedAccountIds: ["123456789012"] });
    const key = new EnvironmentKey(stack, "key", { accountId: "123456789012", region: "eu-west-1", administratorRoleArns: ["arn:aws:iam::123456789012:role/platform-deploy"], aliasName: "platform", preventDestroy: false });
    const archiveProps = { bucketName: "platform-archive-123456789012", accountId: "123456789012", kmsKeyArn: key.arn, accessLogBucketName: "platform-access-logs", administratorArns: ["arn:aws:iam::123456789012:role/deployer"] };
    new LogArchiveBucket(stack, "archive", { ...archiveProps, retentionDays: 30, lockMode: "GOVERNANCE", preventDestroy: false });
    app.synth();
    const findings = runPolicies({ stacks: loadStacks(outdir), kubernetes: [] }).findings.filter((finding) => finding.rule.startsWith("log-04-") && finding.rule !== "log-04-cloudtrail-integrity");

    test("GOVERNANCE mode and preventDestroy false are reported on the bucket and the key", () => {
      expect(findings.map((finding) => [finding.rule, finding.message])).toEqual([
        ["log-04-kms-prevent-destroy", expect.stringMatching(/^lifecycle.prevent_destroy is not true/)],
        ["log-04-log-archive-object-lock", "log archive: default Object Lock retention is GOVERNANCE, not COMPLIANCE with a positive period"],
        ["log-04-log-archive-object-lock", "log archive: lifecycle.prevent_destroy is not true"],
      ]);
    });

    test("bad props get an error naming the field and the fix", () => {
      const scope = new TerraformStack(new App({ outdir }), "bad");
      const props = { ...archiveProps, retentionDays: 365 };
      expect(() => new LogArchiveBucket(scope, "a", { ...props, retentionDays: 0 })).toThrow(/retentionDays must be a whole number from 1 to 36500, got 0/);
      expect(() => new LogArchiveBucket(scope, "b", { ...props, administratorArns: [] })).toThrow(/administratorArns must name at least one principal/);
      expect(() => new LogArchiveBucket(scope, "c", { ...props, transitions: { standardIa: 10, glacier: 90, deepArchive: 180 } })).toThrow(/transitions.standardIa must be at least 30 days/);
      expect(() => new LogArchiveBucket(scope, "d", { ...props, bucketName: "Archive" })).toThrow(/bucketName "Archive" must be 3 to 63 lower-case/);
    });
  });
});
