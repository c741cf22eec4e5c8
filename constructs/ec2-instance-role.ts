import { Construct } from "constructs";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { policyDocument, PolicyStatement } from "./policy-document";

/**
 * What the SSM agent needs, equivalent to the AWS managed policy AmazonSSMManagedInstanceCore but written out, so the
 * plan shows every action and parameters are readable in this account only: registration, Session Manager channels,
 * Run Command messages (patching, OPS-01), inventory and compliance reporting.
 */
export function ssmManagedInstanceStatements(region: string, accountId: string): PolicyStatement[] {
  return [
    {
      Sid: "SsmAgentCore",
      Effect: "Allow",
      Action: [
        "ssm:DescribeAssociation",
        "ssm:DescribeDocument",
        "ssm:GetDeployablePatchSnapshotForInstance",
        "ssm:GetDocument",
        "ssm:GetManifest",
        "ssm:ListAssociations",
        "ssm:ListInstanceAssociations",
        "ssm:PutComplianceItems",
        "ssm:PutConfigurePackageResult",
        "ssm:PutInventory",
        "ssm:UpdateAssociationStatus",
        "ssm:UpdateInstanceAssociationStatus",
        "ssm:UpdateInstanceInformation",
      ],
      Resource: "*",
    },
    {
      Sid: "SsmParametersOfThisAccount",
      Effect: "Allow",
      Action: ["ssm:GetParameter", "ssm:GetParameters"],
      Resource: `arn:aws:ssm:${region}:${accountId}:parameter/*`,
    },
    {
      Sid: "SessionManagerChannels",
      Effect: "Allow",
      Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
      Resource: "*",
    },
    {
      Sid: "RunCommandMessages",
      Effect: "Allow",
      Action: [
        "ec2messages:AcknowledgeMessage",
        "ec2messages:DeleteMessage",
        "ec2messages:FailMessage",
        "ec2messages:GetEndpoint",
        "ec2messages:GetMessages",
        "ec2messages:SendReply",
      ],
      Resource: "*",
    },
  ];
}

/** Statements that let an instance write to the given log groups, and nothing else in CloudWatch Logs. */
export function writeLogGroupsStatement(sid: string, logGroupArns: readonly string[]): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
    Resource: logGroupArns.flatMap((arn) => [arn, `${arn}:*`]),
  };
}

/** Properties of an {@link Ec2InstanceRole}. */
export interface Ec2InstanceRoleProps {
  /** Role and instance profile name. */
  readonly name: string;
  readonly description: string;
  /** The role's only permissions, as one inline policy (no managed policies). */
  readonly statements: readonly PolicyStatement[];
}

/**
 * An IAM role EC2 instances assume through an instance profile, with one inline least-privilege policy and no managed
 * policies attached, so the plan is the complete statement of what the instance may do.
 */
export class Ec2InstanceRole extends Construct {
  readonly role: IamRole;
  readonly instanceProfile: IamInstanceProfile;

  constructor(scope: Construct, id: string, props: Ec2InstanceRoleProps) {
    super(scope, id);
    if (props.statements.length === 0) throw new Error(`Ec2InstanceRole "${props.name}" needs at least one statement.`);
    this.role = new IamRole(this, "role", {
      name: props.name,
      description: props.description,
      assumeRolePolicy: policyDocument([
        { Sid: "Ec2AssumesThisRole", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]),
    });
    new IamRolePolicy(this, "policy", { name: `${props.name}-permissions`, role: this.role.id, policy: policyDocument(props.statements) });
    this.instanceProfile = new IamInstanceProfile(this, "profile", { name: props.name, role: this.role.name });
  }
}
