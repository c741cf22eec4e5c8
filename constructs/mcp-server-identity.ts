import { Construct } from "constructs";
import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { podIdentityTrustPolicy, policyDocument } from "./policy-document";
import { SecretRotation, ServerSecret } from "./server-secret";

/** One secret an MCP server reads. */
export interface McpServerSecretSpec {
  /** Short name, unique per server; the construct id of its {@link ServerSecret}. */
  readonly id: string;
  /** Full Secrets Manager name, e.g. `mcp/prod/github-tools/api-token`. */
  readonly name: string;
  /** What the secret is for. */
  readonly description: string;
  /** Automatic rotation. @default no rotation */
  readonly rotation?: SecretRotation;
}

/** Properties of an {@link McpServerIdentity}. */
export interface McpServerIdentityProps {
  /** Name of the server's IAM role, e.g. `mcp-prod-github-tools`. */
  readonly roleName: string;
  /** The account of the role, the cluster, the key and the secrets. */
  readonly accountId: string;
  /** The region of the cluster, the key and the secrets. */
  readonly region: string;
  /** Name of the EKS cluster the server runs in. */
  readonly clusterName: string;
  /** ARN of that cluster. @default `arn:aws:eks:<region>:<accountId>:cluster/<clusterName>` */
  readonly clusterArn?: string;
  /** The server's Kubernetes namespace. */
  readonly namespace: string;
  /** The server's Kubernetes service account. */
  readonly serviceAccount: string;
  /** ARN of the customer-managed KMS key that encrypts the server's secrets. */
  readonly kmsKeyArn: string;
  /** Roles that administer the secrets (deploy, break-glass admin); see {@link ServerSecretProps.administratorRoleArns}. */
  readonly administratorRoleArns: readonly string[];
  /** Roles that may start a rotation of the secrets that rotate; see {@link ServerSecretProps.rotatorRoleArns}. @default none */
  readonly rotatorRoleArns?: readonly string[];
  /** The server's secrets. @default none */
  readonly secrets?: readonly McpServerSecretSpec[];
  /** Days a deleted secret can still be restored, 7 to 30. @default 30 */
  readonly recoveryWindowInDays?: number;
}

/**
 * The AWS identity of one MCP server (MSH-02, MSH-03, ISO-02): its own IAM role, assumable only by EKS Pod Identity
 * for its own service account and namespace in its own cluster and account; the Pod Identity association; and its
 * own secret containers, which only this role may read. The role may do nothing else: read its own secrets and
 * decrypt them through Secrets Manager with the environment key, bound to those secrets' ARNs.
 */
export class McpServerIdentity extends Construct {
  /** The server's role. */
  readonly role: IamRole;
  /** The role's ARN. */
  readonly roleArn: string;
  /** The Pod Identity association of the server's service account with the role. */
  readonly association: EksPodIdentityAssociation;
  /** The server's secrets, by {@link McpServerSecretSpec.id}. */
  readonly secrets: ReadonlyMap<string, ServerSecret>;

  constructor(scope: Construct, id: string, props: McpServerIdentityProps) {
    super(scope, id);
    const { accountId, region, clusterName } = props;
    const clusterArn = props.clusterArn ?? `arn:aws:eks:${region}:${accountId}:cluster/${clusterName}`;
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: `Pod Identity role of ${props.namespace}/${props.serviceAccount} in ${clusterName}`,
      assumeRolePolicy: podIdentityTrustPolicy({ accountId, clusterArn, namespace: props.namespace, serviceAccount: props.serviceAccount }),
    });
    this.roleArn = this.role.arn;
    this.association = new EksPodIdentityAssociation(this, "association", {
      clusterName,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      roleArn: this.roleArn,
    });

    const secrets = new Map<string, ServerSecret>();
    for (const spec of props.secrets ?? []) {
      if (secrets.has(spec.id)) throw new Error(`McpServerIdentity "${props.roleName}": secret id "${spec.id}" is used twice.`);
      secrets.set(
        spec.id,
        new ServerSecret(this, `secret-${spec.id}`, {
          name: spec.name,
          description: spec.description,
          kmsKeyArn: props.kmsKeyArn,
          readerRoleArn: this.roleArn,
          administratorRoleArns: props.administratorRoleArns,
          rotatorRoleArns: spec.rotation === undefined ? undefined : props.rotatorRoleArns,
          recoveryWindowInDays: props.recoveryWindowInDays,
          rotation: spec.rotation,
        })
      );
    }
    this.secrets = secrets;

    const secretArns = [...secrets.values()].map((secret) => secret.arn);
    if (secretArns.length === 0) return;
    new IamRolePolicy(this, "read-own-secrets", {
      name: "read-own-secrets",
      role: this.role.id,
      policy: policyDocument([
        {
          Sid: "ReadOwnSecretsOnly",
          Effect: "Allow",
          Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
          Resource: secretArns,
        },
        {
          Sid: "DecryptOwnSecretsThroughSecretsManagerOnly",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: props.kmsKeyArn,
          Condition: {
            StringEquals: {
              "kms:ViaService": `secretsmanager.${region}.amazonaws.com`,
              "kms:EncryptionContext:SecretARN": secretArns,
            },
          },
        },
      ]),
    });
  }
}
