import { config, ENVIRONMENTS, only, ref, rulesFired } from "../support/compute";
import { archiveBucket, bucketPart, keyStatements } from "../support/detection";
import { findingsFor, removeResources, synthesizedPlans } from "../support/plans";

type Plans = ReturnType<typeof synthesizedPlans>;

describe("IR-02d evidence preservation (locked log archive, exported GuardDuty findings, undeletable keys)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const { accountId, logging } = config(environment);
    const archive = archiveBucket(plans, environment);

    test("evidence in the archive is locked in COMPLIANCE mode for the configured retention and survives a destroy", () => {
      expect(archive.values).toMatchObject({ object_lock_enabled: true, lifecycle: { prevent_destroy: true } });
      expect(bucketPart(plans, environment, archive, "aws_s3_bucket_object_lock_configuration").values["rule"]).toEqual({
        default_retention: { mode: "COMPLIANCE", days: logging.archiveRetentionDays },
      });
    });

    test("GuardDuty exports every finding, encrypted with the environment key, to the archive's guardduty/ prefix", () => {
      const destination = only(plans, environment, "aws_guardduty_publishing_destination");
      expect(destination.values).toMatchObject({
        detector_id: ref(only(plans, environment, "aws_guardduty_detector"), "id"),
        destination_type: "S3",
        destination_arn: `${ref(archive, "arn")}/guardduty`,
        kms_key_arn: ref(only(plans, environment, "aws_kms_key"), "arn"),
      });
      expect(destination.values["depends_on"]).toEqual([bucketPart(plans, environment, archive, "aws_s3_bucket_policy").address]);
      expect(keyStatements(plans, environment).get("GuardDutyEncryptsExportedFindings")).toEqual({
        Sid: "GuardDutyEncryptsExportedFindings",
        Effect: "Allow",
        Principal: { Service: "guardduty.amazonaws.com" },
        Action: "kms:GenerateDataKey",
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": `arn:aws:guardduty:*:${accountId}:detector/*` } },
      });
    });

    test("the key that decrypts the evidence cannot be destroyed by Terraform", () => {
      expect(only(plans, environment, "aws_kms_key").values["lifecycle"]).toEqual({ prevent_destroy: true });
    });

    test("the synthesized plan passes every IR-02d rule", () => {
      expect(findingsFor(plans, "IR-02d")).toEqual([]);
    });
  });

  describe("check reports IR-02d when the real plan is weakened", () => {
    const fired = (mutate: (plans: Plans) => void) => rulesFired("IR-02d", mutate);

    test("the findings export is removed", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_guardduty_publishing_destination"))).toEqual(["ir-02d-findings-export-to-archive"]);
    });

    test("findings are exported without a KMS key", () => {
      expect(fired((plans) => delete only(plans, "prod", "aws_guardduty_publishing_destination").values["kms_key_arn"])).toEqual(["ir-02d-findings-export-to-archive"]);
    });

    test("the archive loses Object Lock", () => {
      expect(fired((plans) => delete archiveBucket(plans, "prod").values["object_lock_enabled"])).toEqual(["ir-02d-findings-export-to-archive", "log-04-log-archive-object-lock"]);
    });

    test("the lock is switched to GOVERNANCE mode, which privileged users can lift", () => {
      expect(
        fired((plans) => (bucketPart(plans, "prod", archiveBucket(plans, "prod"), "aws_s3_bucket_object_lock_configuration").values["rule"] = { default_retention: { mode: "GOVERNANCE", days: 365 } })),
      ).toEqual(["log-04-log-archive-object-lock"]);
    });

    test("prevent_destroy is removed from the environment key", () => {
      expect(fired((plans) => delete only(plans, "prod", "aws_kms_key").values["lifecycle"])).toEqual(["log-04-kms-prevent-destroy"]);
    });
  });
});
