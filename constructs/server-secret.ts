import { Construct } from "constructs";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretPolicy } from "@cdktf/provider-aws/lib/secretsmanager-secret-policy";
import { SecretsmanagerSecretRotation } from "@cdktf/provider-aws/lib/secretsmanager-secret-rotation";
import { policyDocument } from "./policy-document";

/** Automatic rotation of a {@link ServerSecret} by a Lambda function. */
export interface SecretRotation {
  /** ARN of the rotation function, in the secret's account and region. */
  readonly lambdaArn: string;
  /** ARN of the rotation function's execution role: the only principal besides the reader that may change the value. */
  readonly roleArn: string;
  /** Days between rotations, 1 to 365. */
  readonly days: number;
}

/** Properties of a {@link ServerSecret}. */
export interface ServerSecretProps {
  /** Secret name, e.g. `mcp/prod/github-tools/api-token`. */
  readonly name: string;
  /** What the secret is for. */
  readonly description: string;
  /** ARN of the customer-managed KMS key that encrypts the secret (never the AWS managed `aws/secretsmanager`). */
  readonly kmsKeyArn: string;
  /** ARN of the one role that reads the secret (an MCP server's Pod Identity role). */
  readonly readerRoleArn: string;
  /**
   * ARNs of the roles that administer the secret (deploy, break-glass admin): exempt from the deny, so the account
   * cannot lock itself out, but granted nothing here; their own IAM policies decide what they may do.
   */
  readonly administratorRoleArns: readonly string[];
  /** Days a deleted secret can still be restored, 7 to 30. @default 30 */
  readonly recoveryWindowInDays?: number;
  /**
   * ARNs of roles that may start a rotation (`RotateSecret`) and nothing else the deny guards, e.g. the incident
   * recovery automation (IR-02b); their own IAM policies decide whether they may. @default none
   */
  readonly rotatorRoleArns?: readonly string[];
  /** Automatic rotation. @default no rotation */
  readonly rotation?: SecretRotation;
}

/** Actions that read, replace, delete or re-scope a secret's value: denied to everyone but the named roles. */
const GUARDED_ACTIONS: readonly string[] = [
  "secretsmanager:CancelRotateSecret",
  "secretsmanager:DeleteResourcePolicy",
  "secretsmanager:DeleteSecret",
  "secretsmanager:GetSecretValue",
  "secretsmanager:PutResourcePolicy",
  "secretsmanager:PutSecretValue",
  "secretsmanager:RemoveRegionsFromReplication",
  "secretsmanager:ReplicateSecretToRegions",
  "secretsmanager:RestoreSecret",
  "secretsmanager:RotateSecret",
  "secretsmanager:StopReplicationToReplica",
  "secretsmanager:UpdateSecret",
  "secretsmanager:UpdateSecretVersionStage",
  "secretsmanager:ValidateResourcePolicy",
];

const ROTATE = "secretsmanager:RotateSecret";

/**
 * A Secrets Manager secret *container* for one consumer (MSH-03): encrypted with a customer-managed key, a recovery
 * window, a resource policy that lets only the reader role read it and denies the value to every other principal
 * except the named administrators (and the rotation function), public policies blocked, and optional rotation.
 * It never holds a value: values are put out of band, so they never reach synthesized output or Terraform state.
 */
export class ServerSecret extends Construct {
  /** The secret. */
  readonly secret: SecretsmanagerSecret;
  /** The secret's ARN. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: ServerSecretProps) {
    super(scope, id);
    const recoveryWindowInDays = props.recoveryWindowInDays ?? 30;
    if (!Number.isInteger(recoveryWindowInDays) || recoveryWindowInDays < 7 || recoveryWindowInDays > 30) {
      throw new Error(`ServerSecret "${props.name}": recoveryWindowInDays must be an integer from 7 to 30, got ${recoveryWindowInDays}.`);
    }
    const { rotation } = props;
    if (rotation && (!Number.isInteger(rotation.days) || rotation.days < 1 || rotation.days > 365)) {
      throw new Error(`ServerSecret "${props.name}": rotation.days must be an integer from 1 to 365, got ${rotation.days}.`);
    }
    if (props.administratorRoleArns.length === 0) {
      throw new Error(`ServerSecret "${props.name}": name at least one administrator role, or nobody could ever put its value.`);
    }
    this.secret = new SecretsmanagerSecret(this, "secret", {
      name: props.name,
      description: props.description,
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays,
    });
    this.arn = this.secret.arn;
    const exempt = [props.readerRoleArn, ...props.administratorRoleArns, ...(rotation ? [rotation.roleArn] : [])];
    const rotators = [...(props.rotatorRoleArns ?? [])];
    new SecretsmanagerSecretPolicy(this, "policy", {
      secretArn: this.arn,
      blockPublicPolicy: true,
      policy: policyDocument([
        {
          Sid: "ReaderRoleReadsThisSecret",
          Effect: "Allow",
          Principal: { AWS: props.readerRoleArn },
          Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
          Resource: this.arn,
        },
        ...(rotators.length === 0
          ? [{ Sid: "NobodyElseTouchesTheValue", Effect: "Deny" as const, Principal: "*" as const, Action: GUARDED_ACTIONS, Resource: this.arn, Condition: { StringNotEquals: { "aws:PrincipalArn": exempt } } }]
          : [
              {
                Sid: "NobodyElseTouchesTheValue",
                Effect: "Deny" as const,
                Principal: "*" as const,
                Action: GUARDED_ACTIONS.filter((action) => action !== ROTATE),
                Resource: this.arn,
                Condition: { StringNotEquals: { "aws:PrincipalArn": exempt } },
              },
              { Sid: "OnlyNamedRolesRotate", Effect: "Deny" as const, Principal: "*" as const, Action: ROTATE, Resource: this.arn, Condition: { StringNotEquals: { "aws:PrincipalArn": [...exempt, ...rotators] } } },
            ]),
      ]),
    });
    if (rotation) {
      const permission = new LambdaPermission(this, "rotation-invoke", {
        statementId: `${props.name.replace(/[^A-Za-z0-9_-]/g, "-")}-rotation`.slice(0, 100),
        action: "lambda:InvokeFunction",
        functionName: rotation.lambdaArn,
        principal: "secretsmanager.amazonaws.com",
        sourceArn: this.arn,
      });
      new SecretsmanagerSecretRotation(this, "rotation", {
        secretId: this.secret.id,
        rotationLambdaArn: rotation.lambdaArn,
        rotationRules: { automaticallyAfterDays: rotation.days },
        // The container starts empty: its first value arrives out of band, so rotating at creation would fail.
        rotateImmediately: false,
        dependsOn: [permission],
      });
    }
  }
}
