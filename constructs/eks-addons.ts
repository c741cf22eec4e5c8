import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { policyDocument } from "./policy-document";

/** The managed add-ons an {@link EksAddons} installs. */
export type EksAddonName = "vpc-cni" | "kube-proxy" | "eks-pod-identity-agent" | "coredns";

/** The vpc-cni settings: enforce Kubernetes NetworkPolicy (without it, policies are silently ignored; ISO-01). */
export const VPC_CNI_CONFIGURATION = { enableNetworkPolicy: "true" } as const;

/** Properties of {@link EksAddons}. */
export interface EksAddonsProps {
  /** Name of the cluster (a reference, so the add-ons wait for it). */
  readonly clusterName: string;
  /** ARN of the cluster: the vpc-cni role trusts Pod Identity sessions of this cluster only. */
  readonly clusterArn: string;
  /** The account of the cluster. */
  readonly accountId: string;
  /** Name of the vpc-cni add-on's role, e.g. `mcp-prod-vpc-cni`. */
  readonly cniRoleName: string;
  /** Add-on versions. @default the default version of each add-on for the cluster's Kubernetes version */
  readonly versions?: Partial<Record<EksAddonName, string>>;
}

/**
 * The cluster's managed add-ons, each updated by EKS with conflicts resolved in favour of this configuration:
 * vpc-cni with NetworkPolicy enforcement (ISO-01) and its own Pod Identity role (the node role has no ENI
 * permissions), kube-proxy, the Pod Identity agent, and CoreDNS.
 *
 * GuardDuty's runtime agent (`aws-guardduty-agent`) is deliberately not here: GuardDuty Runtime Monitoring with
 * automated agent management (`EKS_ADDON_MANAGEMENT`) installs and updates it, with its VPC endpoint (HOST-00).
 * Two owners of one add-on would fight over it.
 *
 * vpc-cni, kube-proxy and the Pod Identity agent go in before nodes ({@link beforeNodes}): nodes become Ready
 * only with pod networking. CoreDNS is a Deployment that needs nodes: call {@link addCoreDns} with the node group.
 */
export class EksAddons extends Construct {
  /** The add-ons nodes need to become Ready; the node group depends on them. */
  readonly beforeNodes: readonly EksAddon[];
  /** The vpc-cni add-on's role. */
  readonly cniRole: IamRole;

  private readonly props: EksAddonsProps;

  constructor(scope: Construct, id: string, props: EksAddonsProps) {
    super(scope, id);
    this.props = props;
    const { accountId, clusterArn } = props;
    this.cniRole = new IamRole(this, "cni-role", {
      name: props.cniRoleName,
      description: "vpc-cni (aws-node) through EKS Pod Identity",
      assumeRolePolicy: policyDocument([
        {
          Sid: "PodIdentityOfAwsNodeOnly",
          Effect: "Allow",
          Principal: { Service: "pods.eks.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession"],
          Condition: {
            StringEquals: {
              "aws:SourceAccount": accountId,
              "aws:RequestTag/kubernetes-namespace": "kube-system",
              "aws:RequestTag/kubernetes-service-account": "aws-node",
            },
            ArnEquals: { "aws:SourceArn": clusterArn },
          },
        },
      ]),
    });
    const cniPolicy = new IamRolePolicyAttachment(this, "cni-policy", {
      role: this.cniRole.name,
      policyArn: "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    });
    const podIdentityAgent = this.addon("eks-pod-identity-agent");
    const vpcCni = this.addon("vpc-cni", {
      configurationValues: JSON.stringify(VPC_CNI_CONFIGURATION),
      podIdentityAssociation: [{ roleArn: this.cniRole.arn, serviceAccount: "aws-node" }],
      dependsOn: [podIdentityAgent, cniPolicy],
    });
    this.beforeNodes = [podIdentityAgent, vpcCni, this.addon("kube-proxy")];
  }

  /** Installs CoreDNS once `nodes` exist to run it. */
  addCoreDns(nodes: ITerraformDependable): EksAddon {
    return this.addon("coredns", { dependsOn: [nodes] });
  }

  private addon(addonName: EksAddonName, extra: Partial<ConstructorParameters<typeof EksAddon>[2]> = {}): EksAddon {
    return new EksAddon(this, addonName, {
      clusterName: this.props.clusterName,
      addonName,
      addonVersion: this.props.versions?.[addonName],
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "OVERWRITE",
      ...extra,
    });
  }
}
