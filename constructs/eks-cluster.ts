import { Construct } from "constructs";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksCluster as EksClusterResource } from "@cdktf/provider-aws/lib/eks-cluster";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { EncryptedLogGroup } from "./encrypted-log-group";
import { TIER_TAG } from "../baselines/network-tier";
import { EKS_CLUSTER_ADMIN_POLICY, EKS_CONTROL_PLANE_LOG_TYPES } from "../baselines/eks";
import { policyDocument } from "./policy-document";

/** What EKS does at the end of a Kubernetes version's standard support. */
export type EksSupportType = "STANDARD" | "EXTENDED";

/** Properties of an {@link EksCluster}. */
export interface EksClusterProps {
  /** Cluster name, e.g. `mcp-prod`; also prefixes the role and security group names. */
  readonly name: string;
  /** Kubernetes minor version, e.g. "1.33". */
  readonly kubernetesVersion: string;
  readonly vpcId: string;
  /** Private subnets of the control plane's network interfaces (the MCP tier), in at least two AZs. */
  readonly subnetIds: readonly string[];
  /** Security group of the nodes: it reaches the API on 443, and the control plane reaches kubelets and webhooks in it. */
  readonly nodeSecurityGroupId: string;
  /** Security groups whose members may call the API on 443 (the bastion's). */
  readonly adminSecurityGroupIds: readonly string[];
  /** Customer-managed KMS key that encrypts Kubernetes secrets and the control-plane log group. */
  readonly kmsKeyArn: string;
  /** Retention of the control-plane log group, in days. */
  readonly logRetentionInDays: number;
  /**
   * IAM roles given cluster administration (AmazonEKSClusterAdminPolicy) through access entries. The creator of the
   * cluster gets nothing: `bootstrap_cluster_creator_admin_permissions` is off.
   */
  readonly clusterAdminRoleArns: readonly string[];
  /**
   * Refuse deletion of the cluster until this is turned off. Turn off only for disposable clusters. @default true
   */
  readonly deletionProtection?: boolean;
  /** End-of-standard-support behaviour: `STANDARD` upgrades automatically, `EXTENDED` pays to stay. @default "STANDARD" */
  readonly supportType?: EksSupportType;
  /** Extra tags. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * An EKS cluster hardened for MCP workloads (CTR-00, NET-01, MSH-02, LOG-01):
 * - API endpoint private only, reached from the node and bastion security groups, never a CIDR;
 * - Kubernetes secrets envelope-encrypted with the customer-managed key;
 * - every control-plane log type, into a pre-created KMS-encrypted log group with explicit retention;
 * - authentication through access entries only (no aws-auth ConfigMap), the creator not made admin, cluster admin
 *   only for the named roles;
 * - self-managed add-ons not bootstrapped: networking comes from managed add-ons (see {@link EksAddons}).
 */
export class EksCluster extends Construct {
  /** The cluster resource. */
  readonly cluster: EksClusterResource;
  /** Cluster name. */
  readonly name: string;
  /** Cluster ARN. */
  readonly arn: string;
  /** The security group attached to the control plane's network interfaces (tier `mcp`). */
  readonly securityGroup: SecurityGroup;
  /** The control plane's role. */
  readonly role: IamRole;
  /** The pre-created control-plane log group `/aws/eks/<name>/cluster`. */
  readonly logGroup: EncryptedLogGroup;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    const { name } = props;
    if (!/^1\.\d{2}$/.test(props.kubernetesVersion)) {
      throw new Error(`EksCluster "${name}": kubernetesVersion must be a minor version like "1.33", got "${props.kubernetesVersion}".`);
    }
    if (props.subnetIds.length < 2) throw new Error(`EksCluster "${name}": subnetIds must list subnets in at least two AZs.`);
    if (props.clusterAdminRoleArns.length === 0) {
      throw new Error(`EksCluster "${name}": clusterAdminRoleArns must name at least one role, or nobody can administer the cluster.`);
    }

    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: `${name}-eks-cluster`,
      description: "EKS control plane: API from the nodes and the bastion, to kubelets and webhooks on the nodes",
      vpcId: props.vpcId,
      revokeRulesOnDelete: true,
      tags: { ...props.tags, Name: `${name}-eks-cluster`, [TIER_TAG]: "mcp" },
    });
    const clusterGroup = this.securityGroup.id;
    const tcp = (fromPort: number, toPort = fromPort) => ({ ipProtocol: "tcp", fromPort, toPort });
    new VpcSecurityGroupIngressRule(this, "api-from-nodes", { securityGroupId: clusterGroup, referencedSecurityGroupId: props.nodeSecurityGroupId, ...tcp(443), description: "Kubernetes API from the nodes" });
    new VpcSecurityGroupEgressRule(this, "nodes-to-api", { securityGroupId: props.nodeSecurityGroupId, referencedSecurityGroupId: clusterGroup, ...tcp(443), description: "Kubernetes API (private endpoint)" });
    props.adminSecurityGroupIds.forEach((group, index) => {
      new VpcSecurityGroupIngressRule(this, `api-from-admin-${index}`, { securityGroupId: clusterGroup, referencedSecurityGroupId: group, ...tcp(443), description: "Kubernetes API from the bastion" });
      new VpcSecurityGroupEgressRule(this, `admin-${index}-to-api`, { securityGroupId: group, referencedSecurityGroupId: clusterGroup, ...tcp(443), description: "Kubernetes API (private endpoint)" });
    });
    for (const [ruleId, ports, what] of [
      ["https", tcp(443), "admission webhooks on 443"],
      ["high-ports", tcp(1025, 65535), "kubelets (10250) and webhooks"],
    ] as const) {
      new VpcSecurityGroupEgressRule(this, `control-plane-to-nodes-${ruleId}`, { securityGroupId: clusterGroup, referencedSecurityGroupId: props.nodeSecurityGroupId, ...ports, description: `To the nodes: ${what}` });
      new VpcSecurityGroupIngressRule(this, `nodes-from-control-plane-${ruleId}`, { securityGroupId: props.nodeSecurityGroupId, referencedSecurityGroupId: clusterGroup, ...ports, description: `From the EKS control plane: ${what}` });
    }

    this.role = new IamRole(this, "role", {
      name: `${name}-cluster`,
      description: `Control plane of EKS cluster ${name}`,
      assumeRolePolicy: policyDocument([
        { Sid: "EksControlPlane", Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] },
      ]),
    });
    const clusterPolicy = new IamRolePolicyAttachment(this, "cluster-policy", {
      role: this.role.name,
      policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
    });
    const keyPolicy = new IamRolePolicy(this, "secrets-key", {
      name: "encrypt-kubernetes-secrets",
      role: this.role.id,
      policy: policyDocument([
        {
          Sid: "EnvelopeEncryptionOfSecrets",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:ListGrants"],
          Resource: props.kmsKeyArn,
        },
      ]),
    });

    this.logGroup = new EncryptedLogGroup(this, "logs", {
      name: `/aws/eks/${name}/cluster`,
      kmsKeyArn: props.kmsKeyArn,
      retentionInDays: props.logRetentionInDays,
    });

    this.cluster = new EksClusterResource(this, "cluster", {
      name,
      version: props.kubernetesVersion,
      roleArn: this.role.arn,
      vpcConfig: {
        subnetIds: [...props.subnetIds],
        securityGroupIds: [clusterGroup],
        endpointPrivateAccess: true,
        endpointPublicAccess: false,
      },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: props.kmsKeyArn } },
      enabledClusterLogTypes: [...EKS_CONTROL_PLANE_LOG_TYPES],
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
      upgradePolicy: { supportType: props.supportType ?? "STANDARD" },
      bootstrapSelfManagedAddons: false,
      deletionProtection: props.deletionProtection ?? true,
      tags: { ...props.tags, Name: name },
      dependsOn: [clusterPolicy, keyPolicy, this.logGroup.logGroup],
    });
    this.name = this.cluster.name;
    this.arn = this.cluster.arn;

    props.clusterAdminRoleArns.forEach((principalArn, index) => {
      const entry = new EksAccessEntry(this, `admin-${index}`, { clusterName: this.cluster.name, principalArn, type: "STANDARD" });
      new EksAccessPolicyAssociation(this, `admin-${index}-policy`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: EKS_CLUSTER_ADMIN_POLICY,
        accessScope: { type: "cluster" },
      });
    });
  }
}
