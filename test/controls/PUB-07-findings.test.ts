import { config, ENVIRONMENTS, only, ref, rulesFired } from "../support/compute";
import { named } from "../support/detection";
import { findingsFor, removeResources, stackResources, synthesizedPlans } from "../support/plans";

type Plans = ReturnType<typeof synthesizedPlans>;

const FEATURES = ["EBS_MALWARE_PROTECTION", "EKS_AUDIT_LOGS", "LAMBDA_NETWORK_LOGS", "RDS_LOGIN_EVENTS", "RUNTIME_MONITORING", "S3_DATA_EVENTS"];
const feature = (plans: Plans, environment: string, name: string) => named(plans, environment, "aws_guardduty_detector_feature", name);

describe("PUB-07 intrusion detection and prevention (managed threat detection: GuardDuty, Security Hub, Inspector)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const { accountId, region } = config(environment);
    const detector = only(plans, environment, "aws_guardduty_detector");

    test("GuardDuty is enabled and publishes updated findings every 15 minutes", () => {
      expect(detector.values).toMatchObject({ enable: true, finding_publishing_frequency: "FIFTEEN_MINUTES" });
    });

    test("every GuardDuty protection plan is enabled on the detector (CV-02, TI-01)", () => {
      const features = stackResources(plans, environment, "aws_guardduty_detector_feature");
      expect(features.map((candidate) => candidate.values["name"]).sort()).toEqual(FEATURES);
      for (const candidate of features) expect(candidate.values).toMatchObject({ detector_id: ref(detector, "id"), status: "ENABLED" });
    });

    test("Runtime Monitoring runs GuardDuty-managed agents on EKS nodes and EC2 hosts (HOST-03)", () => {
      expect(feature(plans, environment, "RUNTIME_MONITORING").values["additional_configuration"]).toEqual([
        { name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" },
        { name: "EC2_AGENT_MANAGEMENT", status: "ENABLED" },
      ]);
    });

    test("Security Hub checks AWS Foundational Security Best Practices and CIS AWS Foundations v3.0.0, and only those", () => {
      expect(only(plans, environment, "aws_securityhub_account").values).toMatchObject({ enable_default_standards: false, auto_enable_controls: true, control_finding_generator: "SECURITY_CONTROL" });
      const subscriptions = stackResources(plans, environment, "aws_securityhub_standards_subscription");
      expect(subscriptions.map((subscription) => subscription.values["standards_arn"])).toEqual([
        `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`,
        `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`,
      ]);
      for (const subscription of subscriptions) expect(subscription.values["depends_on"]).toEqual([only(plans, environment, "aws_securityhub_account").address]);
    });

    test("Inspector scans EC2, ECR and Lambda of the environment's account (TI-01)", () => {
      expect(only(plans, environment, "aws_inspector2_enabler").values).toMatchObject({ account_ids: [accountId], resource_types: ["EC2", "ECR", "LAMBDA"] });
    });

    test("the synthesized plan passes every PUB-07 rule", () => {
      expect(findingsFor(plans, "PUB-07")).toEqual([]);
    });
  });

  describe("check reports PUB-07 when the real plan is weakened", () => {
    const fired = (mutate: (plans: Plans) => void) => rulesFired("PUB-07", mutate);
    const expected = ["pub-07-threat-detection-enabled"];

    test("Runtime Monitoring is turned off", () => {
      expect(fired((plans) => (feature(plans, "prod", "RUNTIME_MONITORING").values["status"] = "DISABLED"))).toEqual(expected);
    });

    test("the EKS audit log feature is removed", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_guardduty_detector_feature", (candidate) => candidate.values["name"] === "EKS_AUDIT_LOGS"))).toEqual(expected);
    });

    test("the EC2 agent is no longer managed", () => {
      expect(fired((plans) => (feature(plans, "prod", "RUNTIME_MONITORING").values["additional_configuration"] = [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }]))).toEqual(expected);
    });

    test("the detector is disabled", () => {
      expect(fired((plans) => (only(plans, "prod", "aws_guardduty_detector").values["enable"] = false))).toEqual(expected);
    });

    test("findings are published every six hours", () => {
      expect(fired((plans) => (only(plans, "prod", "aws_guardduty_detector").values["finding_publishing_frequency"] = "SIX_HOURS"))).toEqual(expected);
    });

    test("the CIS standard is removed from Security Hub", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_securityhub_standards_subscription", (subscription) => String(subscription.values["standards_arn"]).includes("cis-aws-foundations")))).toEqual(expected);
    });

    test("Security Hub is removed", () => {
      expect(
        fired((plans) => {
          removeResources(plans, "prod", "aws_securityhub_account");
          removeResources(plans, "prod", "aws_securityhub_standards_subscription");
        }),
      ).toEqual(expected);
    });

    test("Inspector stops scanning Lambda", () => {
      expect(fired((plans) => (only(plans, "prod", "aws_inspector2_enabler").values["resource_types"] = ["EC2", "ECR"]))).toEqual(expected);
    });

    test("Inspector is enabled for another account only", () => {
      expect(fired((plans) => (only(plans, "prod", "aws_inspector2_enabler").values["account_ids"] = ["999999999999"]))).toEqual(expected);
    });
  });
});
