/** Types of the containment function (index.js), for its tests and for the construct that deploys it. */

/** The tags the function writes on a quarantined instance and on evidence snapshots. */
export declare const TAGS: {
  readonly quarantine: "mcp:quarantine";
  readonly quarantineFinding: "mcp:quarantine-finding";
  readonly evidence: "mcp:evidence";
  readonly environment: "mcp:environment";
  readonly instance: "mcp:instance-id";
  readonly finding: "mcp:finding-id";
  readonly findingSource: "mcp:finding-source";
};

/** The names of the environment variables the function reads. */
export declare const SETTINGS: { readonly quarantineGroupId: string; readonly vpcId: string; readonly environment: string };

/** The names of the environment variables naming the cluster (all set, or none). */
export declare const CLUSTER_SETTINGS: { readonly name: string; readonly endpoint: string; readonly certificateAuthority: string };

/** The cluster whose MCP servers the function may scale to zero. */
export interface ClusterSettings {
  readonly name: string;
  /** The API's https URL. */
  readonly endpoint: string;
  /** The cluster CA, base64 PEM as EKS reports it. */
  readonly certificateAuthority: string;
}

/** What the function acts on. */
export interface ContainmentSettings {
  readonly quarantineGroupId: string;
  readonly vpcId: string;
  readonly environment: string;
  /** Without it, workload findings are logged for an operator. */
  readonly cluster?: ClusterSettings;
}

/** An EC2 instance as the function sees it. */
export interface InstanceState {
  readonly instanceId: string;
  readonly vpcId: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly networkInterfaces: readonly { readonly id: string; readonly groupIds: readonly string[] }[];
  readonly volumeIds: readonly string[];
}

/** The EC2 operations the handler uses. */
export interface Ec2Operations {
  describeInstance(instanceId: string): Promise<InstanceState | undefined>;
  setNetworkInterfaceGroups(networkInterfaceId: string, groupIds: readonly string[]): Promise<void>;
  tagInstance(instanceId: string, tags: Readonly<Record<string, string>>): Promise<void>;
  snapshotVolume(volumeId: string, description: string, tags: Readonly<Record<string, string>>): Promise<string>;
}

/** One JSON log record. */
export type LogRecord = Record<string, unknown>;

/** A finding as the function reads it from an event. */
export interface Finding {
  readonly id: string;
  readonly source: "guardduty" | "securityhub";
  readonly title: string;
  readonly severity: unknown;
  readonly instanceIds: readonly string[];
  /** The Kubernetes workloads it names, with the cluster when the finding names it. */
  readonly workloads: readonly { readonly namespace: string; readonly name: string; readonly kind: string; readonly cluster?: string }[];
}

export declare function readSettings(env: Readonly<Record<string, string | undefined>>): ContainmentSettings;
export declare function findingsOf(event: unknown): Finding[];
/** The Kubernetes operations of scale-to-zero (see kubernetes.d.ts). */
export type KubernetesOperations = import("./kubernetes").KubernetesOperations;

export declare function createHandler(dependencies: {
  readonly ec2: Ec2Operations;
  readonly kubernetes?: KubernetesOperations;
  readonly settings: ContainmentSettings;
  readonly log: (record: LogRecord) => void;
}): (event: unknown) => Promise<{ findings: number }>;

/** A command object of the AWS SDK v3: constructed with its input. */
export type SdkCommandClass = new (input: Record<string, unknown>) => { readonly input: Record<string, unknown> };

export declare function ec2Operations(
  sdk: {
    readonly DescribeInstancesCommand: SdkCommandClass;
    readonly ModifyNetworkInterfaceAttributeCommand: SdkCommandClass;
    readonly CreateTagsCommand: SdkCommandClass;
    readonly CreateSnapshotCommand: SdkCommandClass;
  },
  client: { send(command: { readonly input: Record<string, unknown> }): Promise<unknown> }
): Ec2Operations;

export declare function handler(event: unknown): Promise<{ findings: number }>;
