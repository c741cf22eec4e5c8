import { Construct } from "constructs";
import { Token } from "cdktf";
import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { SsmDocument } from "@cdktf/provider-aws/lib/ssm-document";
import { Ec2InstanceRole, ssmManagedInstanceStatements, writeLogGroupsStatement } from "./ec2-instance-role";
import { EncryptedLogGroup } from "./encrypted-log-group";
import { TIER_TAG } from "../baselines/network-tier";

/** Properties of a {@link Bastion}. */
export interface BastionProps {
  /** Name of the instance, its role, launch template and group, e.g. `mcp-prod-bastion`. */
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /** Admin-tier subnets, one per AZ: the group replaces a failed instance in any of them. */
  readonly subnetIds: readonly string[];
  /** The admin tier's security group (SSH on the configured port from admin networks and the VPN only). */
  readonly securityGroupId: string;
  /** Customer-managed key of the root volume, the session logs and the session data channel. */
  readonly kmsKeyArn: string;
  /**
   * The image: `resolve:ssm:<parameter>` of the hardened image pipeline, resolved at every launch, so a replacement
   * instance always runs the latest hardened image.
   */
  readonly imageId: string;
  /** The `#cloud-config` user data (see `renderBastionUserData`). Public keys only: no secret. */
  readonly userData: string;
  /** Log group of Session Manager transcripts. */
  readonly sessionLogGroupName: string;
  /** Log group of the host's audit log and AIDE reports (shipped by the CloudWatch agent). */
  readonly hostLogGroupName: string;
  /** Retention of both log groups, days. */
  readonly logRetentionDays: number;
  /** EC2 instance type (x86_64, the image's architecture). @default "t3.small" */
  readonly instanceType?: string;
  /** Root volume size in GiB, at least the image's. @default 20 */
  readonly rootVolumeSizeGiB?: number;
  /**
   * Days an instance runs before the group replaces it with one from the latest image (OPS-01), 1 to 365; the new
   * instance starts before the old one stops. @default 7
   */
  readonly maxInstanceLifetimeDays?: number;
  /** Minutes an idle Session Manager session stays open, 1 to 60. @default 15 */
  readonly sessionIdleTimeoutMinutes?: number;
  /** Longest Session Manager session, minutes, 1 to 1440. @default 240 */
  readonly sessionMaxDurationMinutes?: number;
}

function wholeNumber(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`Bastion ${name} must be a whole number from ${min} to ${max}, got ${value}.`);
  return value;
}

/**
 * The administrators' bastion (PUB-05, HOST-00): one instance kept alive by an Auto Scaling group of exactly one, in the
 * admin tier with no public IP, IMDSv2 only with a hop limit of 1, an encrypted root volume under the environment key,
 * detailed monitoring, and an instance role limited to the SSM agent and its own log groups. Session Manager is the
 * audited alternative path: its account-wide preferences document encrypts sessions with the environment key, writes
 * every transcript to an encrypted log group, and runs sessions as the unprivileged `ssm-user` (the user data creates it
 * without sudo; root work goes through SSM Run Command, gated by IAM and logged by CloudTrail).
 *
 * Why a group of one rather than an `aws_instance`: a failed instance or AZ is replaced without a Terraform run, and
 * `max_instance_lifetime` rolls the bastion onto the latest hardened image every week.
 */
export class Bastion extends Construct {
  readonly launchTemplate: LaunchTemplate;
  readonly group: AutoscalingGroup;
  readonly role: Ec2InstanceRole;
  readonly sessionLogGroup: EncryptedLogGroup;
  readonly hostLogGroup: EncryptedLogGroup;
  readonly sessionPreferences: SsmDocument;

  constructor(scope: Construct, id: string, props: BastionProps) {
    super(scope, id);
    const { name, region, accountId, kmsKeyArn } = props;
    if (props.subnetIds.length === 0) throw new Error("Bastion subnetIds must list at least one admin-tier subnet.");
    if (!/^resolve:ssm:\/[A-Za-z0-9_.\/-]+$|^ami-[0-9a-f]{8,17}$/.test(props.imageId)) {
      throw new Error(`Bastion imageId must be resolve:ssm:/<parameter> of the image pipeline (or an AMI ID), got "${props.imageId}".`);
    }
    const lifetimeDays = wholeNumber("maxInstanceLifetimeDays", props.maxInstanceLifetimeDays ?? 7, 1, 365);
    const idleMinutes = wholeNumber("sessionIdleTimeoutMinutes", props.sessionIdleTimeoutMinutes ?? 15, 1, 60);
    const maxSessionMinutes = wholeNumber("sessionMaxDurationMinutes", props.sessionMaxDurationMinutes ?? 240, 1, 1440);
    const volumeSize = wholeNumber("rootVolumeSizeGiB", props.rootVolumeSizeGiB ?? 20, 8, 200);

    this.sessionLogGroup = new EncryptedLogGroup(this, "session-logs", { name: props.sessionLogGroupName, kmsKeyArn, retentionInDays: props.logRetentionDays });
    this.hostLogGroup = new EncryptedLogGroup(this, "host-logs", { name: props.hostLogGroupName, kmsKeyArn, retentionInDays: props.logRetentionDays });

    this.role = new Ec2InstanceRole(this, "role", {
      name,
      description: "Bastion: SSM agent, Session Manager with its encrypted transcripts, and its own host logs",
      statements: [
        ...ssmManagedInstanceStatements(region, accountId),
        {
          Sid: "DecryptSessionDataChannel",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: kmsKeyArn,
        },
        writeLogGroupsStatement("WriteOwnLogGroups", [this.sessionLogGroup.logGroup.arn, this.hostLogGroup.logGroup.arn]),
        {
          Sid: "FindOwnLogGroups",
          Effect: "Allow",
          Action: "logs:DescribeLogGroups",
          Resource: `arn:aws:logs:${region}:${accountId}:log-group:*`,
        },
      ],
    });

    const tags = { Name: name, [TIER_TAG]: "admin" };
    this.launchTemplate = new LaunchTemplate(this, "launch-template", {
      name,
      description: "Hardened bastion: no public IP, IMDSv2 with hop limit 1, encrypted root volume, detailed monitoring",
      imageId: props.imageId,
      instanceType: props.instanceType ?? "t3.small",
      updateDefaultVersion: true,
      ebsOptimized: "true",
      userData: Buffer.from(props.userData, "utf8").toString("base64"),
      iamInstanceProfile: { arn: this.role.instanceProfile.arn },
      networkInterfaces: [
        { deviceIndex: 0, associatePublicIpAddress: "false", deleteOnTermination: "true", securityGroups: [props.securityGroupId] },
      ],
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled", httpProtocolIpv6: "disabled" },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: { volumeType: "gp3", volumeSize, encrypted: "true", kmsKeyId: kmsKeyArn, deleteOnTermination: "true" },
        },
      ],
      monitoring: { enabled: true },
      tagSpecifications: [
        { resourceType: "instance", tags },
        { resourceType: "volume", tags },
        { resourceType: "network-interface", tags },
      ],
      tags,
    });

    this.group = new AutoscalingGroup(this, "group", {
      name,
      minSize: 1,
      maxSize: 1,
      desiredCapacity: 1,
      vpcZoneIdentifier: [...props.subnetIds],
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      healthCheckType: "EC2",
      healthCheckGracePeriod: 300,
      maxInstanceLifetime: lifetimeDays * 86400,
      instanceMaintenancePolicy: { minHealthyPercentage: 100, maxHealthyPercentage: 200 },
      instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 100, maxHealthyPercentage: 200 } },
      terminationPolicies: ["OldestInstance"],
      waitForCapacityTimeout: "0",
      tag: Object.entries(tags).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
    });

    this.sessionPreferences = new SsmDocument(this, "session-preferences", {
      name: "SSM-SessionManagerRunShell",
      documentType: "Session",
      documentFormat: "JSON",
      content: JSON.stringify({
        schemaVersion: "1.0",
        description: "Session Manager preferences (mcp-hardening): encrypted, logged, unprivileged ssm-user",
        sessionType: "Standard_Stream",
        inputs: {
          kmsKeyId: kmsKeyArn,
          s3BucketName: "",
          s3KeyPrefix: "",
          s3EncryptionEnabled: true,
          cloudWatchLogGroupName: props.sessionLogGroupName,
          cloudWatchEncryptionEnabled: true,
          cloudWatchStreamingEnabled: true,
          runAsEnabled: false,
          runAsDefaultUser: "",
          idleSessionTimeout: String(idleMinutes),
          maxSessionDuration: String(maxSessionMinutes),
          shellProfile: { linux: "", windows: "" },
        },
      }),
    });
  }
}
