import { Construct } from "constructs";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import { stringify } from "yaml";
import { DisruptionBudget } from "./disruption-budget";
import { ContainerResources, HardenedDeployment } from "./hardened-deployment";
import { CONFIG_CHECKSUM_ANNOTATION, configChecksum, standardLabels } from "./labels";
import { bytes } from "./quantity";
import { ServerService } from "./server-service";
import { WorkloadServiceAccount } from "./workload-service-account";

/** Properties of a {@link GatewayRateLimit}. */
export interface GatewayRateLimitProps {
  /** The gateway's namespace. */
  readonly namespace: string;
  /** The rate-limit domain the gateway sends descriptors in; the service knows only this one. */
  readonly domain: string;
  /** Envoy's ratelimit service image, pinned by digest. */
  readonly image: string;
  /** The Redis image holding the counters, pinned by digest. */
  readonly storeImage: string;
  /** Replicas of the service. @default 2 */
  readonly replicas?: number;
  /** Resources of a service replica. @default 100m CPU, 128Mi memory, 1Gi ephemeral storage */
  readonly resources?: ContainerResources;
  /** Resources of the store. @default 100m CPU, 128Mi memory, 1Gi ephemeral storage */
  readonly storeResources?: ContainerResources;
  /** PriorityClass of the pods. @default none */
  readonly priorityClassName?: string;
  /** Node labels the pods must land on. @default any node */
  readonly nodeSelector?: Record<string, string>;
}

const SMALL: ContainerResources = { cpu: "100m", memory: "128Mi", ephemeralStorage: "1Gi" };
const CONFIG_DIR = "/data/ratelimit/config";

/**
 * The shared counters behind the gateway's exact rate limits (GW-03): Envoy's ratelimit service (gRPC on 8081),
 * which applies the limit each descriptor carries, and a Redis holding the counters in memory only (no snapshot, no
 * append-only file, counters lost on restart: limits restart empty, they never block wrongly). Both run hardened
 * like MCP servers, each under its own service account without an API token. Redis has no password: only the
 * service's pods reach it (NetworkPolicy) and the mesh encrypts the hop.
 */
export class GatewayRateLimit extends Construct {
  /** `host:port` of the service, for the gateway's `remoteRateLimit`. */
  readonly address: string;
  /** The service's pods' labels and port. */
  readonly service: { readonly podLabels: Readonly<Record<string, string>>; readonly port: number };
  /** The store's pods' labels and port. */
  readonly store: { readonly podLabels: Readonly<Record<string, string>>; readonly port: number };
  /** The most pods both run at once, rolling-update surges included. */
  readonly maxPods: number;
  /** The service's configuration. */
  readonly configMap: k8s.KubeConfigMap;
  readonly deployment: HardenedDeployment;
  readonly storeDeployment: HardenedDeployment;

  constructor(scope: Construct, id: string, props: GatewayRateLimitProps) {
    super(scope, id);
    const { namespace } = props;
    const name = "ratelimit";
    const storeName = "ratelimit-redis";
    const port = 8081;
    const storePort = 6379;
    const storeResources = props.storeResources ?? SMALL;
    const replicas = props.replicas ?? 2;
    const placement = { priorityClassName: props.priorityClassName, nodeSelector: props.nodeSelector };

    const configText = stringify({ domain: props.domain, descriptors: [] }, { lineWidth: 0, version: "1.1" });
    this.configMap = new k8s.KubeConfigMap(this, "config", { metadata: { name: `${name}-config`, namespace, labels: standardLabels(name) }, data: { "config.yaml": configText } });

    const storeAccount = new WorkloadServiceAccount(this, "store-account", { namespace, name: storeName });
    this.storeDeployment = new HardenedDeployment(this, "store", {
      namespace,
      name: storeName,
      image: props.storeImage,
      port: storePort,
      resources: storeResources,
      serviceAccountName: storeAccount.name,
      replicas: 1,
      args: [
        "--port", String(storePort),
        "--save", "",
        "--appendonly", "no",
        "--protected-mode", "no",
        "--dir", "/tmp",
        "--maxmemory", String(Math.floor((bytes(storeResources.memory) * 3) / 4)),
        "--maxmemory-policy", "volatile-ttl",
      ],
      ...placement,
    });
    new ServerService(this, "store-service", { namespace, name: storeName, selector: this.storeDeployment.selector, port: storePort, appProtocol: "tcp" });

    const account = new WorkloadServiceAccount(this, "account", { namespace, name });
    this.deployment = new HardenedDeployment(this, "service", {
      namespace,
      name,
      image: props.image,
      port,
      resources: props.resources ?? SMALL,
      serviceAccountName: account.name,
      replicas,
      env: {
        GRPC_PORT: String(port),
        PORT: "8080",
        DEBUG_PORT: "6070",
        USE_STATSD: "false",
        LOG_LEVEL: "warn",
        REDIS_SOCKET_TYPE: "tcp",
        REDIS_URL: `${storeName}.${namespace}.svc.cluster.local:${storePort}`,
        RUNTIME_ROOT: "/data",
        RUNTIME_SUBDIRECTORY: "ratelimit",
        RUNTIME_WATCH_ROOT: "false",
        RUNTIME_IGNOREDOTFILES: "true",
      },
      configMaps: [{ configMap: this.configMap.name, mountPath: CONFIG_DIR }],
      podAnnotations: { [CONFIG_CHECKSUM_ANNOTATION]: configChecksum(configText) },
      ...placement,
    });
    new ServerService(this, "service-service", { namespace, name, selector: this.deployment.selector, port, appProtocol: "grpc" });
    if (replicas > 1) new DisruptionBudget(this, "disruption-budget", { namespace, name, selector: this.deployment.selector });

    this.maxPods = replicas + 1 + (1 + 1);
    this.address = `${name}.${namespace}.svc.cluster.local:${port}`;
    this.service = { podLabels: this.deployment.selector, port };
    this.store = { podLabels: this.storeDeployment.selector, port: storePort };
  }
}
