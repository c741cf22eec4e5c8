import { Construct } from "constructs";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { EncryptedLogGroup } from "./encrypted-log-group";
import { policyDocument, serviceTrustPolicy } from "./policy-document";

/** Properties of a {@link VpcFlowLog}. */
export interface VpcFlowLogProps {
  readonly vpcId: string;
  /** Name of the log group (and prefix of the delivery role's name). */
  readonly logGroupName: string;
  /** Name of the IAM role that delivers the logs. */
  readonly roleName: string;
  readonly accountId: string;
  /** Customer-managed KMS key that encrypts the log group. */
  readonly kmsKeyArn: string;
  readonly retentionInDays: number;
  /** Aggregation interval in seconds. @default 60 */
  readonly maxAggregationInterval?: 60 | 600;
}

/**
 * Flow logs of ALL traffic (accepted and rejected) of a VPC, into a KMS-encrypted log group with explicit
 * retention (LOG-02, LOG-04), delivered by a role that can write only to that group.
 */
export class VpcFlowLog extends Construct {
  readonly flowLog: FlowLog;
  readonly logGroup: EncryptedLogGroup;

  constructor(scope: Construct, id: string, props: VpcFlowLogProps) {
    super(scope, id);
    this.logGroup = new EncryptedLogGroup(this, "logs", {
      name: props.logGroupName,
      kmsKeyArn: props.kmsKeyArn,
      retentionInDays: props.retentionInDays,
    });
    const groupArn = this.logGroup.logGroup.arn;
    const role = new IamRole(this, "role", {
      name: props.roleName,
      description: "Delivers VPC flow logs to their log group",
      assumeRolePolicy: serviceTrustPolicy("vpc-flow-logs.amazonaws.com", props.accountId),
    });
    new IamRolePolicy(this, "write-logs", {
      name: "write-flow-logs",
      role: role.id,
      policy: policyDocument([
        {
          Sid: "WriteToTheFlowLogGroupOnly",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
          Resource: [groupArn, `${groupArn}:*`],
        },
      ]),
    });
    this.flowLog = new FlowLog(this, "flow-log", {
      vpcId: props.vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: groupArn,
      iamRoleArn: role.arn,
      maxAggregationInterval: props.maxAggregationInterval ?? 60,
    });
  }
}
