import { Construct } from "constructs";
import { ITerraformDependable, Token } from "cdktf";
import { EksNodeGroup as EksNodeGroupResource } from "@cdktf/provider-aws/lib/eks-node-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { BottlerocketSettings, hardenedBottlerocketSettings, renderBottlerocketToml } from "./bottlerocket-settings";
import { TIER_TAG } from "../baselines/network-tier";
import { policyDocument } from "./policy-document";

/** CPU architecture of a Bottlerocket node group. */
export type NodeArchitecture = "x86_64" | "arm64";

/** A Kubernetes taint on every node of the group. */
export interface NodeTaint {
  readonly key: string;
  /** @default no value */
  readonly value?: string;
  readonly effect: "NO_SCHEDULE" | "NO_EXECUTE" | "PREFER_NO_SCHEDULE";
}

/**
 * Managed policies of the node role. Not the CNI policy: the vpc-cni add-on gets its own role through Pod Identity,
 * so no pod on the node inherits ENI permissions.
 */
export const NODE_ROLE_POLICIES: readonly string[] = [
  "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
  "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
  "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
];

/** Properties of an {@link EksNodeGroup}. */
export interface EksNodeGroupProps {
  /** Name of the cluster the nodes join (a reference, so the group waits for the cluster). */
  readonly clusterName: string;
  /** Node group name, e.g. `mcp-prod-mcp`; also names the launch template and the node role (`<name>-node`). */
  readonly name: string;
  /** Private subnets of the nodes (the MCP tier), one per AZ. */
  readonly subnetIds: readonly string[];
  /** Security groups of the nodes' network interface (the MCP tier's). */
  readonly securityGroupIds: readonly string[];
  /** Customer-managed KMS key that encrypts both Bottlerocket volumes. */
  readonly kmsKeyArn: string;
  /** @default "x86_64" */
  readonly architecture?: NodeArchitecture;
  /** EC2 instance types, all of `architecture`. */
  readonly instanceTypes: readonly string[];
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  /** Nodes replaced at a time during an update. @default 1 */
  readonly maxUnavailable?: number;
  /** Size of the OS volume `/dev/xvda`, in GiB. @default 4 */
  readonly osVolumeGiB?: number;
  /** Size of the data volume `/dev/xvdb` (images, container storage), in GiB. @default 40 */
  readonly dataVolumeGiB?: number;
  /** Node settings rendered as user data. @default {@link hardenedBottlerocketSettings}() */
  readonly settings?: BottlerocketSettings;
  /** Kubernetes labels on every node. @default {} */
  readonly labels?: Record<string, string>;
  /** Kubernetes taints on every node. @default none */
  readonly taints?: readonly NodeTaint[];
  /**
   * Instance metadata hop limit. 1 keeps pods (one hop further) away from the node's credentials; raise it only for
   * pods that must read instance metadata, and record a policy exception. @default 1
   */
  readonly metadataHopLimit?: number;
  /** Resources that must exist before nodes launch, such as the cluster's networking add-ons. @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Extra tags on the node group, its instances and volumes. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * An EKS managed node group of Bottlerocket nodes (CTR-04, PUB-03, HOST-00) through its own launch template:
 * IMDSv2 only with hop limit 1 (pods cannot reach the node's credentials), both Bottlerocket volumes encrypted with
 * the customer-managed key, no public IP, detailed monitoring, and hardened Bottlerocket settings as user data. The
 * node role can join the cluster, pull images and be reached by SSM; it has no ENI permissions.
 */
export class EksNodeGroup extends Construct {
  /** The node group. */
  readonly nodeGroup: EksNodeGroupResource;
  /** The nodes' launch template. */
  readonly launchTemplate: LaunchTemplate;
  /** The nodes' role. */
  readonly role: IamRole;
  /** The name of the Auto Scaling group EKS creates for the node group. */
  readonly autoScalingGroupName: string;

  constructor(scope: Construct, id: string, props: EksNodeGroupProps) {
    super(scope, id);
    const { name } = props;
    const sizes = { minSize: props.minSize, desiredSize: props.desiredSize, maxSize: props.maxSize };
    if (!Object.values(sizes).every((size) => Number.isInteger(size) && size >= 0) || props.minSize > props.desiredSize || props.desiredSize > props.maxSize || props.maxSize < 1) {
      throw new Error(`EksNodeGroup "${name}": sizes must be whole numbers with minSize ≤ desiredSize ≤ maxSize and maxSize ≥ 1, got ${JSON.stringify(sizes)}.`);
    }
    if (props.instanceTypes.length === 0) throw new Error(`EksNodeGroup "${name}": instanceTypes must name at least one instance type.`);
    const hopLimit = props.metadataHopLimit ?? 1;
    if (!Number.isInteger(hopLimit) || hopLimit < 1 || hopLimit > 64) {
      throw new Error(`EksNodeGroup "${name}": metadataHopLimit must be a whole number from 1 to 64, got ${hopLimit}.`);
    }
    const tags = { ...props.tags, Name: name, [TIER_TAG]: "mcp" };

    this.role = new IamRole(this, "role", {
      name: `${name}-node`,
      description: `Nodes of EKS node group ${name}`,
      assumeRolePolicy: policyDocument([{ Sid: "Ec2Instances", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]),
    });
    const attachments = NODE_ROLE_POLICIES.map(
      (policyArn) => new IamRolePolicyAttachment(this, `policy-${policyArn.slice(policyArn.lastIndexOf("/") + 1)}`, { role: this.role.name, policyArn }),
    );

    const volume = (deviceName: string, volumeSize: number) => ({
      deviceName,
      ebs: { volumeSize, volumeType: "gp3", encrypted: "true", kmsKeyId: props.kmsKeyArn, deleteOnTermination: "true" },
    });
    const userData = renderBottlerocketToml(props.settings ?? hardenedBottlerocketSettings());
    this.launchTemplate = new LaunchTemplate(this, "launch-template", {
      name,
      description: `Bottlerocket nodes of ${name}`,
      updateDefaultVersion: true,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: hopLimit, instanceMetadataTags: "disabled" },
      blockDeviceMappings: [volume("/dev/xvda", props.osVolumeGiB ?? 4), volume("/dev/xvdb", props.dataVolumeGiB ?? 40)],
      networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "false", deleteOnTermination: "true", securityGroups: [...props.securityGroupIds] }],
      monitoring: { enabled: true },
      userData: Buffer.from(userData, "utf8").toString("base64"),
      tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({ resourceType, tags })),
      tags,
    });

    this.nodeGroup = new EksNodeGroupResource(this, "node-group", {
      clusterName: props.clusterName,
      nodeGroupName: name,
      nodeRoleArn: this.role.arn,
      subnetIds: [...props.subnetIds],
      amiType: props.architecture === "arm64" ? "BOTTLEROCKET_ARM_64" : "BOTTLEROCKET_x86_64",
      capacityType: "ON_DEMAND",
      instanceTypes: [...props.instanceTypes],
      scalingConfig: sizes,
      updateConfig: { maxUnavailable: props.maxUnavailable ?? 1 },
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      labels: props.labels,
      taint: props.taints?.map((taint) => ({ ...taint })),
      tags,
      dependsOn: [...attachments, ...(props.dependsOn ?? [])],
    });
    this.autoScalingGroupName = this.nodeGroup.resources.get(0).autoscalingGroups.get(0).name;
  }
}
