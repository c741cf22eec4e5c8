import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { ConfigConfigurationRecorder } from "@cdktf/provider-aws/lib/config-configuration-recorder";
import { ConfigConfigurationRecorderStatus } from "@cdktf/provider-aws/lib/config-configuration-recorder-status";
import { ConfigDeliveryChannel } from "@cdktf/provider-aws/lib/config-delivery-channel";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { policyDocument, serviceTrustPolicy } from "./policy-document";

/** The AWS managed policy that lets AWS Config read the configuration of every supported resource type. */
export const AWS_CONFIG_ROLE_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole";

/** Properties of a {@link ConfigRecorder}. */
export interface ConfigRecorderProps {
  /** Name of the recorder and of the delivery channel. */
  readonly name: string;
  /** Name of the recorder's IAM role. */
  readonly roleName: string;
  readonly accountId: string;
  /** Name of the bucket configuration snapshots and history are delivered to; its policy must admit AWS Config. */
  readonly bucketName: string;
  /** Key prefix in the bucket. @default "config" */
  readonly s3KeyPrefix?: string;
  /** Customer-managed KMS key delivered objects are encrypted with. */
  readonly kmsKeyArn: string;
  /** How often a full configuration snapshot is delivered. @default "TwentyFour_Hours" */
  readonly snapshotFrequency?: "One_Hour" | "Three_Hours" | "Six_Hours" | "Twelve_Hours" | "TwentyFour_Hours";
  /** Resources delivery waits for, such as the bucket policy. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * AWS Config recording the configuration of every supported resource type, global ones (IAM) included, continuously
 * (OPS-02): the record drift detection and Security Hub's controls are evaluated against. Snapshots and history go
 * KMS-encrypted to the named bucket; the recorder is switched on. The recorder's role reads configuration through
 * the AWS managed `AWS_ConfigRole` policy and may write only under its prefix of the bucket.
 */
export class ConfigRecorder extends Construct {
  /** The recorder. */
  readonly recorder: ConfigConfigurationRecorder;
  /** The recorder's status (enabled); rules and conformance packs depend on it. */
  readonly status: ConfigConfigurationRecorderStatus;

  constructor(scope: Construct, id: string, props: ConfigRecorderProps) {
    super(scope, id);
    const prefix = props.s3KeyPrefix ?? "config";
    const role = new IamRole(this, "role", {
      name: props.roleName,
      description: "Lets AWS Config record resource configuration and deliver it to the log archive",
      assumeRolePolicy: serviceTrustPolicy("config.amazonaws.com", props.accountId),
    });
    new IamRolePolicyAttachment(this, "read-configuration", { role: role.name, policyArn: AWS_CONFIG_ROLE_POLICY_ARN });
    const bucketArn = `arn:aws:s3:::${props.bucketName}`;
    const deliver = new IamRolePolicy(this, "deliver", {
      name: "deliver-to-the-archive",
      role: role.id,
      policy: policyDocument([
        { Sid: "CheckTheBucket", Effect: "Allow", Action: ["s3:GetBucketAcl", "s3:ListBucket"], Resource: bucketArn },
        {
          Sid: "WriteOnlyUnderTheConfigPrefix",
          Effect: "Allow",
          Action: "s3:PutObject",
          Resource: `${bucketArn}/${prefix}/AWSLogs/${props.accountId}/Config/*`,
        },
        { Sid: "EncryptWithTheKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: props.kmsKeyArn },
      ]),
    });
    this.recorder = new ConfigConfigurationRecorder(this, "recorder", {
      name: props.name,
      roleArn: role.arn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
      recordingMode: { recordingFrequency: "CONTINUOUS" },
    });
    const channel = new ConfigDeliveryChannel(this, "delivery", {
      name: props.name,
      s3BucketName: props.bucketName,
      s3KeyPrefix: prefix,
      s3KmsKeyArn: props.kmsKeyArn,
      snapshotDeliveryProperties: { deliveryFrequency: props.snapshotFrequency ?? "TwentyFour_Hours" },
      dependsOn: [this.recorder, deliver, ...(props.dependsOn ?? [])],
    });
    this.status = new ConfigConfigurationRecorderStatus(this, "status", {
      name: this.recorder.name,
      isEnabled: true,
      dependsOn: [channel],
    });
  }
}
