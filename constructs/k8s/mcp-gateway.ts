import { Construct } from "constructs";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import { agentgatewayConfig, AgentgatewayConfig, GatewayRoute, GatewayTracingSettings } from "./agentgateway-config";
import { DisruptionBudget } from "./disruption-budget";
import { GatewayNetworkPolicies, GatewayUpstream, LocalPeer } from "./gateway-network-policies";
import { GatewayRateLimit } from "./gateway-rate-limit";
import { GuardConfig } from "../../guard/src/config/types";
import { GUARD_NAMES, GuardStoreSecrets, MAX_CONFIG_MAP_BYTES, McpGuard } from "./mcp-guard";
import { StoreMeshEgress } from "./store-mesh-egress";
import { ContainerResources, DEFAULT_SIDECAR_RESOURCES, HardenedDeployment, SidecarResources } from "./hardened-deployment";
import { CONFIG_CHECKSUM_ANNOTATION, configChecksum, standardLabels } from "./labels";
import { McpNamespace } from "./mcp-namespace";
import { NamespaceResourceLimits } from "./namespace-resource-limits";
import { ServerService } from "./server-service";
import { WorkloadServiceAccount } from "./workload-service-account";

/** The gateway's fixed names, shared with the mesh and the servers' policies. */
export const GATEWAY_NAMES = {
  namespace: "mcp-gateway",
  /** Service account, Deployment, Service and pods' `app.kubernetes.io/name`. */
  name: "agentgateway",
  /** The ConfigMap holding the generated configuration. */
  configMap: "agentgateway-config",
  /** Its key: the file agentgateway reads. */
  configFile: "config.yaml",
  port: 8080,
} as const;

/** Where the configuration is mounted in the gateway's container. */
export const GATEWAY_CONFIG_DIR = "/etc/agentgateway";

/** Properties of an {@link McpGateway}. */
export interface McpGatewayProps {
  /** The agentgateway image, pinned by digest. */
  readonly image: string;
  /** The Envoy ratelimit service image, pinned by digest. */
  readonly rateLimitImage: string;
  /** The Redis image of the rate-limit counters, pinned by digest. */
  readonly rateLimitStoreImage: string;
  /** The rate-limit domain. */
  readonly rateLimitDomain: string;
  /** Resources of one gateway replica (requests equal limits). */
  readonly resources: ContainerResources;
  /** Gateway replicas. */
  readonly replicas: number;
  /** Pod Security Standards version enforced in the namespace, e.g. `v1.33`. */
  readonly podSecurityVersion: string;
  /** The host name clients use. */
  readonly hostname: string;
  /** The token issuer. */
  readonly issuer: string;
  /** The issuer's JWKS URL. */
  readonly jwksUrl: string;
  /** Browser origins allowed to call; empty allows none. */
  readonly allowedOrigins: readonly string[];
  /** One route per MCP server, with its upstream namespace and pods. */
  readonly servers: readonly (GatewayRoute & { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> })[];
  /** Per-user limits across servers and per tool. */
  readonly rateLimits: { readonly perUserPerMinute: number; readonly perUserPerToolPerMinute: number };
  /** Tracing to the OpenTelemetry collector. */
  readonly tracing: GatewayTracingSettings;
  /** Internal CIDRs (the VPC's) the JWKS egress excludes. @default none beyond the private and link-local ranges */
  readonly internalCidrs?: readonly string[];
  /** PriorityClass of the pods. @default none */
  readonly priorityClassName?: string;
  /** Node labels the pods must land on. @default any node */
  readonly nodeSelector?: Record<string, string>;
  /** Size of the injected Istio sidecar. @default {@link DEFAULT_SIDECAR_RESOURCES} */
  readonly sidecarResources?: SidecarResources;
  /** The MCP guard every MCP message passes: its image and generated configuration. */
  readonly guard: McpGatewayGuardProps;
}

/** The MCP guard of a gateway. */
export interface McpGatewayGuardProps {
  /** The guard's image, pinned by digest. */
  readonly image: string;
  /** Its generated configuration (see guardConfig). */
  readonly config: GuardConfig;
  /** Replicas, at least 2. @default the gateway's replicas, at least 2 */
  readonly replicas?: number;
  /** The in-cluster authorization server the guard fetches token keys from: its pods and port. @default none (the guard's config names an external JWKS) */
  readonly keySource?: LocalPeer;
  /** The guard's shared store: its secrets, and the data-tier CIDRs its nodes are in (the guard's only egress on 6379). @default none (the guard keeps its state in memory) */
  readonly store?: GuardStoreSecrets & { readonly cidrs: readonly string[]; readonly port: number };
}

/** Readiness port of agentgateway, off the ports (150xx) the Istio sidecar holds. */
const READINESS_PORT = 9090;

/**
 * The MCP-aware gateway (GW-01, GW-03, GW-04, AUTH-03, CV-01, TS-01, ISO-02): agentgateway in its own namespace
 * `mcp-gateway`, hardened exactly like an MCP server (restricted Pod Security, mesh sidecar, own service account
 * without API token, read-only root, no capabilities, seccomp, image by digest, quota and limits, default-deny
 * NetworkPolicies), running the configuration {@link agentgatewayConfig} generates from typed props, delivered as a
 * ConfigMap mounted read-only and pinned by checksum on the pod template; with its rate-limit service. The gateway's
 * Service is ClusterIP: the Istio ingress gateway is its only client.
 */
export class McpGateway extends Construct {
  readonly namespace: McpNamespace;
  readonly serviceAccount: WorkloadServiceAccount;
  /** The generated configuration. */
  readonly config: AgentgatewayConfig;
  /**
   * Its text, as mounted: JSON, indented (JSON is YAML, which agentgateway reads), because it is the largest file the
   * blueprint generates and every reader parses JSON many times faster than YAML; without indentation when the
   * indented text is more than a ConfigMap holds.
   */
  readonly configText: string;
  readonly configMap: k8s.KubeConfigMap;
  readonly deployment: HardenedDeployment;
  readonly service: ServerService;
  readonly rateLimit: GatewayRateLimit;
  /** The MCP guard the gateway calls for every MCP message. */
  readonly guard: McpGuard;
  readonly resourceLimits: NamespaceResourceLimits;
  readonly networkPolicies: GatewayNetworkPolicies;
  /** The mesh registry entry of the guard's shared store, when it has one. */
  readonly guardStoreEgress?: StoreMeshEgress;
  /** Present when the gateway runs more than one replica. */
  readonly disruptionBudget?: DisruptionBudget;

  constructor(scope: Construct, id: string, props: McpGatewayProps) {
    super(scope, id);
    const { namespace: namespaceName, name, port } = GATEWAY_NAMES;
    if (!Number.isInteger(props.replicas) || props.replicas < 1) throw new Error(`McpGateway: replicas must be a positive whole number, got ${props.replicas}`);
    const placement = { priorityClassName: props.priorityClassName, nodeSelector: props.nodeSelector };
    this.namespace = new McpNamespace(this, "namespace", { name: namespaceName, podSecurityVersion: props.podSecurityVersion, zone: "gateway" });
    const namespace = this.namespace.name;
    this.serviceAccount = new WorkloadServiceAccount(this, "service-account", { namespace, name });

    this.rateLimit = new GatewayRateLimit(this, "rate-limit", {
      namespace,
      domain: props.rateLimitDomain,
      image: props.rateLimitImage,
      storeImage: props.rateLimitStoreImage,
      ...placement,
    });

    const sidecar = props.sidecarResources ?? DEFAULT_SIDECAR_RESOURCES;
    // The guard runs at the gateway's size, so the namespace's LimitRange (sized for a gateway pod) admits it.
    this.guard = new McpGuard(this, "guard", {
      namespace,
      image: props.guard.image,
      config: props.guard.config,
      resources: props.resources,
      replicas: props.guard.replicas ?? Math.max(2, props.replicas),
      sidecarResources: sidecar,
      storeSecrets: props.guard.store,
      ...placement,
    });

    this.config = agentgatewayConfig({
      hostname: props.hostname,
      port,
      readinessPort: READINESS_PORT,
      issuer: props.issuer,
      jwksUrl: props.jwksUrl,
      allowedOrigins: props.allowedOrigins,
      routes: props.servers,
      rateLimits: { service: this.rateLimit.address, domain: props.rateLimitDomain, ...props.rateLimits },
      tracing: props.tracing,
      guard: { host: this.guard.address },
    });
    const indented = `${JSON.stringify(this.config, null, 2)}\n`;
    this.configText = Buffer.byteLength(indented) + Buffer.byteLength(GATEWAY_NAMES.configFile) <= MAX_CONFIG_MAP_BYTES ? indented : `${JSON.stringify(this.config)}\n`;
    if (Buffer.byteLength(this.configText) + Buffer.byteLength(GATEWAY_NAMES.configFile) > MAX_CONFIG_MAP_BYTES) {
      throw new Error(`McpGateway: the generated configuration has ${Buffer.byteLength(this.configText)} bytes, more than a ConfigMap holds (${MAX_CONFIG_MAP_BYTES}); split the servers over several gateways`);
    }
    this.configMap = new k8s.KubeConfigMap(this, "config", {
      metadata: { name: GATEWAY_NAMES.configMap, namespace, labels: standardLabels(name) },
      data: { [GATEWAY_NAMES.configFile]: this.configText },
    });

    this.deployment = new HardenedDeployment(this, "deployment", {
      namespace,
      name,
      image: props.image,
      port,
      resources: props.resources,
      serviceAccountName: this.serviceAccount.name,
      replicas: props.replicas,
      args: ["--file", `${GATEWAY_CONFIG_DIR}/${GATEWAY_NAMES.configFile}`],
      configMaps: [{ configMap: GATEWAY_NAMES.configMap, mountPath: GATEWAY_CONFIG_DIR }],
      podAnnotations: { [CONFIG_CHECKSUM_ANNOTATION]: configChecksum(this.configText) },
      sidecarResources: sidecar,
      ...placement,
    });
    this.service = new ServerService(this, "service", { namespace, name, selector: this.deployment.selector, port });
    if (props.replicas > 1) this.disruptionBudget = new DisruptionBudget(this, "disruption-budget", { namespace, name, selector: this.deployment.selector });

    // One quota for the namespace's four workloads, sized as if every pod were a gateway pod (the largest).
    this.resourceLimits = new NamespaceResourceLimits(this, "resource-limits", {
      namespace,
      application: name,
      container: props.resources,
      maxPods: props.replicas + 1 + this.rateLimit.maxPods + this.guard.maxPods,
      sidecarResources: sidecar,
    });

    const upstreams: GatewayUpstream[] = props.servers.map((server) => ({ namespace: server.namespace, podLabels: server.podLabels, port: server.port }));
    if (props.guard.store !== undefined) {
      this.guardStoreEgress = new StoreMeshEgress(this, "guard-store-egress", { namespace, application: GUARD_NAMES.name, cidrs: props.guard.store.cidrs, port: props.guard.store.port });
    }
    this.networkPolicies = new GatewayNetworkPolicies(this, "network-policies", {
      namespace,
      gateway: { podLabels: this.deployment.selector, port },
      rateLimitService: this.rateLimit.service,
      rateLimitStore: this.rateLimit.store,
      guard: this.guard.workload,
      guardKeySource: props.guard.keySource,
      guardStore: props.guard.store,
      upstreams,
      internalCidrs: props.internalCidrs,
    });
  }
}
