import { Construct } from "constructs";
import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { podIdentityTrustPolicy, policyDocument, PolicyStatement } from "./policy-document";

/** Properties of a {@link PodIdentityRole}. */
export interface PodIdentityRoleProps {
  /** Name of the IAM role, e.g. `mcp-prod-fluent-bit`. */
  readonly roleName: string;
  /** The account of the role and the cluster. */
  readonly accountId: string;
  /** The region of the cluster. */
  readonly region: string;
  /** Name of the EKS cluster the workload runs in. */
  readonly clusterName: string;
  /** ARN of that cluster. @default `arn:aws:eks:<region>:<accountId>:cluster/<clusterName>` */
  readonly clusterArn?: string;
  /** The workload's namespace. */
  readonly namespace: string;
  /** The workload's service account. */
  readonly serviceAccount: string;
  /** Name of the inline policy. */
  readonly policyName: string;
  /** What the workload may do: name actions and resources exactly (no wildcard resource unless the service has no resource-level permissions). At least one. */
  readonly statements: readonly PolicyStatement[];
}

/**
 * The AWS identity of one platform workload in the cluster (MSH-02): its own IAM role, assumable only by EKS Pod
 * Identity for its own service account and namespace in its own cluster and account, the Pod Identity association,
 * and one inline policy with exactly the given statements, nothing attached besides.
 */
export class PodIdentityRole extends Construct {
  readonly role: IamRole;
  readonly association: EksPodIdentityAssociation;
  readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    const { accountId, region, clusterName } = props;
    if (props.statements.length === 0) throw new Error(`PodIdentityRole "${props.roleName}": statements must grant at least one action.`);
    const clusterArn = props.clusterArn ?? `arn:aws:eks:${region}:${accountId}:cluster/${clusterName}`;
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: `Pod Identity role of ${props.namespace}/${props.serviceAccount} in ${clusterName}`,
      assumeRolePolicy: podIdentityTrustPolicy({ accountId, clusterArn, namespace: props.namespace, serviceAccount: props.serviceAccount }),
    });
    this.association = new EksPodIdentityAssociation(this, "association", {
      clusterName,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      roleArn: this.role.arn,
    });
    this.policy = new IamRolePolicy(this, "policy", { name: props.policyName, role: this.role.id, policy: policyDocument(props.statements) });
  }
}
