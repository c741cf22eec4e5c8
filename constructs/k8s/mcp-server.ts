import { Construct } from "constructs";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import { AwsSecretProviderClass, MountedSecret } from "./aws-secret-provider-class";
import { ContainmentAccess } from "./containment-access";
import { CONTAINMENT_GROUP } from "../../baselines/containment";
import { RECOVERY_GROUP, RecoveryAccess } from "./recovery-access";
import { DisruptionBudget } from "./disruption-budget";
import { ConfigMapMount, ContainerResources, HardenedDeployment, SidecarResources } from "./hardened-deployment";
import { DECLARED_TOOLS_ANNOTATION, DeclaredTool, declaredToolsAnnotation } from "./labels";
import { McpNamespace } from "./mcp-namespace";
import { EGRESS_CA_MOUNT } from "./mesh-egress";
import { NamespaceResourceLimits } from "./namespace-resource-limits";
import { ONBOARDING_RECORD_ANNOTATION, OnboardingRecord, onboardingRecordAnnotation } from "../../baselines/onboarding";
import { ServerNetworkPolicies } from "./server-network-policies";
import { ServerService } from "./server-service";
import { WorkloadServiceAccount } from "./workload-service-account";

/** Secrets Manager secrets an MCP server reads, as files. */
export interface McpServerSecrets {
  /** AWS region of the secrets. */
  readonly region: string;
  /** The secrets; an empty list mounts nothing. */
  readonly files: readonly MountedSecret[];
}

/** The annotations of a server's namespace: its declared tools and onboarding record, when given. */
function namespaceAnnotations(props: McpServerProps): Record<string, string> | undefined {
  const annotations: Record<string, string> = {
    ...(props.declaredTools !== undefined ? { [DECLARED_TOOLS_ANNOTATION]: declaredToolsAnnotation(props.declaredTools) } : {}),
    ...(props.onboarding !== undefined ? { [ONBOARDING_RECORD_ANNOTATION]: onboardingRecordAnnotation(props.onboarding) } : {}),
  };
  return Object.keys(annotations).length > 0 ? annotations : undefined;
}

/** Properties of an {@link McpServer}. */
export interface McpServerProps {
  /** Server name: the name of its namespace, service account, deployment, container and service. */
  readonly name: string;
  /** Image pinned by digest. */
  readonly image: string;
  /** TCP port the server listens on, 1024 or above unless `privilegedPortJustification` is given. */
  readonly port: number;
  /** Why the server needs a port below 1024 (see HardenedDeployment). @default none */
  readonly privilegedPortJustification?: string;
  /** The tools the server declares, recorded on its namespace for the gateway's rules to be checked against (TS-01). @default none recorded */
  readonly declaredTools?: readonly DeclaredTool[];
  /**
   * The server's onboarding record (TOOL-02, TOOL-03, TOOL-04, TS-03), recorded on its namespace with its next review
   * date for the control report and the rules. @default none recorded
   */
  readonly onboarding?: OnboardingRecord;
  /** Resources of one replica's server container (requests equal limits). */
  readonly resources: ContainerResources;
  /** Replicas to run. */
  readonly replicas: number;
  /** Most replicas the server may scale to; the namespace quota holds this many pods plus one for rolling updates. */
  readonly maxReplicas: number;
  /** Pod Security Standards version enforced in the namespace, e.g. `v1.33`. */
  readonly podSecurityVersion: string;
  /** Secrets mounted read-only through the Secrets Store CSI driver. @default none */
  readonly secrets?: McpServerSecrets;
  /** HTTP health path for probes. @default TCP probes on the port */
  readonly healthPath?: string;
  /** Mount a Kubernetes API token (see {@link WorkloadServiceAccountProps.kubernetesApiAccess}). @default false */
  readonly kubernetesApiAccess?: boolean;
  /**
   * Open TLS egress to internet addresses, for a server with declared egress domains; its sidecar then mounts the
   * namespace's pinned egress CAs ({@link EGRESS_CA_MOUNT}, which MeshEgress creates). @default false
   */
  readonly internetEgress?: boolean;
  /** ConfigMaps mounted read-only into the Istio sidecar. @default [{@link EGRESS_CA_MOUNT}] with `internetEgress`, else none */
  readonly sidecarConfigMaps?: readonly ConfigMapMount[];
  /** Internal CIDRs (the VPC's) excluded from internet egress. @default none beyond the private and link-local ranges */
  readonly internalCidrs?: readonly string[];
  /** PriorityClass of the pods. @default none */
  readonly priorityClassName?: string;
  /** Node labels the pods must land on. @default any node */
  readonly nodeSelector?: Record<string, string>;
  /** Node taints the pods tolerate (the sandbox node group's, TOOL-10). @default none */
  readonly tolerations?: readonly k8s.Toleration[];
  /** Further labels of the server's namespace (its stage, TOOL-10). @default none */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  /** Size of the injected Istio sidecar. @default {@link DEFAULT_SIDECAR_RESOURCES} */
  readonly sidecarResources?: SidecarResources;
  /** The Kubernetes group automated containment authenticates as. @default {@link CONTAINMENT_GROUP} */
  readonly containmentGroup?: string;
  /** The Kubernetes group the incident recovery automation authenticates as. @default {@link RECOVERY_GROUP} */
  readonly recoveryGroup?: string;
}

/**
 * Everything one MCP server runs as in Kubernetes (MSH-01, MSH-02, CTR-00..04, ISO-01, ISO-02, MSH-03, MSH-04):
 * its own restricted, mesh-injected namespace; its own service account without an API token; a hardened
 * Deployment and a ClusterIP Service; the namespace's ResourceQuota and LimitRange; default-deny NetworkPolicies
 * with ingress from the gateway only; a PodDisruptionBudget when it runs more than one replica; and, when it reads
 * secrets, a SecretProviderClass mounted read-only; and the one permission of automated containment, scaling its
 * Deployment to zero (see {@link ContainmentAccess}), and that of incident recovery, redeploying it from its approved
 * digest (see {@link RecoveryAccess}). The EKS Pod Identity association (namespace = service
 * account = server name) lives in the Terraform stack.
 */
export class McpServer extends Construct {
  readonly namespace: McpNamespace;
  readonly serviceAccount: WorkloadServiceAccount;
  readonly deployment: HardenedDeployment;
  readonly service: ServerService;
  readonly resourceLimits: NamespaceResourceLimits;
  readonly networkPolicies: ServerNetworkPolicies;
  /** Present when the server runs more than one replica. */
  readonly disruptionBudget?: DisruptionBudget;
  /** Present when the server reads secrets. */
  readonly secretProviderClass?: AwsSecretProviderClass;
  /** Lets automated containment scale the server's Deployment to zero, and nothing else. */
  readonly containmentAccess: ContainmentAccess;
  /** Lets incident recovery read and patch the server's Deployment, and nothing else. */
  readonly recoveryAccess: RecoveryAccess;

  constructor(scope: Construct, id: string, props: McpServerProps) {
    super(scope, id);
    const { name } = props;
    if (!Number.isInteger(props.replicas) || props.replicas < 1 || props.replicas > props.maxReplicas) {
      throw new Error(`McpServer ${name}: replicas must be a whole number from 1 to maxReplicas (${props.maxReplicas}), got ${props.replicas}`);
    }
    this.namespace = new McpNamespace(this, "namespace", {
      name,
      podSecurityVersion: props.podSecurityVersion,
      annotations: namespaceAnnotations(props),
      labels: props.namespaceLabels,
    });
    const namespace = this.namespace.name;
    this.serviceAccount = new WorkloadServiceAccount(this, "service-account", { namespace, name, kubernetesApiAccess: props.kubernetesApiAccess });
    const files = props.secrets?.files ?? [];
    if (props.secrets && files.length > 0) {
      this.secretProviderClass = new AwsSecretProviderClass(this, "secrets", {
        namespace,
        name: `${name}-secrets`,
        application: name,
        region: props.secrets.region,
        secrets: files,
      });
    }
    this.resourceLimits = new NamespaceResourceLimits(this, "resource-limits", {
      namespace,
      application: name,
      container: props.resources,
      maxPods: props.maxReplicas + 1,
      sidecarResources: props.sidecarResources,
    });
    this.deployment = new HardenedDeployment(this, "deployment", {
      namespace,
      name,
      image: props.image,
      port: props.port,
      resources: props.resources,
      serviceAccountName: this.serviceAccount.name,
      replicas: props.replicas,
      healthPath: props.healthPath,
      kubernetesApiAccess: props.kubernetesApiAccess,
      secrets: this.secretProviderClass ? { secretProviderClass: this.secretProviderClass.name } : undefined,
      priorityClassName: props.priorityClassName,
      nodeSelector: props.nodeSelector,
      tolerations: props.tolerations,
      sidecarResources: props.sidecarResources,
      sidecarConfigMaps: props.sidecarConfigMaps ?? (props.internetEgress ? [EGRESS_CA_MOUNT] : []),
      privilegedPortJustification: props.privilegedPortJustification,
    });
    const selector = this.deployment.selector;
    this.service = new ServerService(this, "service", { namespace, name, selector, port: props.port });
    this.networkPolicies = new ServerNetworkPolicies(this, "network-policies", {
      namespace,
      application: name,
      podSelector: selector,
      port: props.port,
      internetEgress: props.internetEgress,
      internalCidrs: props.internalCidrs,
    });
    if (props.replicas > 1) this.disruptionBudget = new DisruptionBudget(this, "disruption-budget", { namespace, name, selector });
    this.containmentAccess = new ContainmentAccess(this, "containment-access", { namespace, deployment: name, application: name, group: props.containmentGroup });
    this.recoveryAccess = new RecoveryAccess(this, "recovery-access", { namespace, deployment: name, application: name, group: props.recoveryGroup });
  }
}
