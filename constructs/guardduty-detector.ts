import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { GuarddutyDetector } from "@cdktf/provider-aws/lib/guardduty-detector";
import { GuarddutyDetectorFeature } from "@cdktf/provider-aws/lib/guardduty-detector-feature";
import { GuarddutyPublishingDestination } from "@cdktf/provider-aws/lib/guardduty-publishing-destination";

/**
 * The GuardDuty protection plans enabled by default, each a detector feature:
 * - `S3_DATA_EVENTS`: S3 object-level threats (exfiltration, unusual deletes);
 * - `EKS_AUDIT_LOGS`: Kubernetes audit-log findings (anonymous access, privileged pods, suspicious exec);
 * - `RUNTIME_MONITORING`: process, file and network behaviour on EKS nodes and EC2 hosts, including process injection
 *   and fileless execution (HOST-01, HOST-03, CV-02);
 * - `EBS_MALWARE_PROTECTION`: agentless malware scans of the volumes of flagged instances;
 * - `RDS_LOGIN_EVENTS`: anomalous database logins;
 * - `LAMBDA_NETWORK_LOGS`: network activity of Lambda functions.
 */
export const GUARDDUTY_FEATURES = [
  "S3_DATA_EVENTS",
  "EKS_AUDIT_LOGS",
  "RUNTIME_MONITORING",
  "EBS_MALWARE_PROTECTION",
  "RDS_LOGIN_EVENTS",
  "LAMBDA_NETWORK_LOGS",
] as const;

/** A GuardDuty detector feature. */
export type GuardDutyFeature = (typeof GUARDDUTY_FEATURES)[number];

/**
 * The Runtime Monitoring agents GuardDuty deploys and updates itself: the EKS add-on (with its VPC endpoint) and the
 * agent on EC2 hosts such as the bastion (through SSM).
 */
export const GUARDDUTY_RUNTIME_AGENTS = ["EKS_ADDON_MANAGEMENT", "EC2_AGENT_MANAGEMENT"] as const;

/** Where GuardDuty exports every finding, for evidence (IR-02d). */
export interface GuardDutyFindingsExport {
  /** ARN of the destination bucket; its policy must admit GuardDuty of this account. */
  readonly bucketArn: string;
  /** Key prefix in the bucket, without slashes at either end. */
  readonly prefix: string;
  /** Customer-managed KMS key GuardDuty encrypts exported findings with; its policy must admit GuardDuty. */
  readonly kmsKeyArn: string;
  /** Resources the export waits for, such as the bucket policy. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/** Properties of a {@link GuardDutyDetector}. */
export interface GuardDutyDetectorProps {
  /** Protection plans to enable; leaving one out is a weakening. @default GUARDDUTY_FEATURES (all) */
  readonly features?: readonly GuardDutyFeature[];
  /** How often updated findings are published: findings reach EventBridge at most this late. @default "FIFTEEN_MINUTES" */
  readonly findingPublishingFrequency?: "FIFTEEN_MINUTES" | "ONE_HOUR" | "SIX_HOURS";
  /** Export of every finding to S3. @default undefined (no export) */
  readonly findingsExport?: GuardDutyFindingsExport;
}

/**
 * The account's GuardDuty detector (PUB-07, CV-02, HOST-03, TI-01): threat detection on CloudTrail, VPC flow and DNS
 * logs against AWS's threat intelligence, with every protection plan of {@link GUARDDUTY_FEATURES} enabled and the
 * runtime agents managed by GuardDuty; findings published every 15 minutes and, optionally, exported to S3.
 */
export class GuardDutyDetector extends Construct {
  /** The detector. */
  readonly detector: GuarddutyDetector;

  constructor(scope: Construct, id: string, props: GuardDutyDetectorProps = {}) {
    super(scope, id);
    this.detector = new GuarddutyDetector(this, "detector", {
      enable: true,
      findingPublishingFrequency: props.findingPublishingFrequency ?? "FIFTEEN_MINUTES",
    });
    for (const feature of props.features ?? GUARDDUTY_FEATURES) {
      new GuarddutyDetectorFeature(this, feature.toLowerCase().replace(/_/g, "-"), {
        detectorId: this.detector.id,
        name: feature,
        status: "ENABLED",
        additionalConfiguration:
          feature === "RUNTIME_MONITORING" ? GUARDDUTY_RUNTIME_AGENTS.map((name) => ({ name, status: "ENABLED" })) : undefined,
      });
    }
    const exported = props.findingsExport;
    if (exported !== undefined) {
      if (!/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/.test(exported.prefix)) {
        throw new Error(`GuardDutyDetector findingsExport.prefix "${exported.prefix}" must be a key prefix without leading or trailing "/".`);
      }
      new GuarddutyPublishingDestination(this, "findings-export", {
        detectorId: this.detector.id,
        destinationType: "S3",
        destinationArn: `${exported.bucketArn}/${exported.prefix}`,
        kmsKeyArn: exported.kmsKeyArn,
        dependsOn: exported.dependsOn,
      });
    }
  }
}
