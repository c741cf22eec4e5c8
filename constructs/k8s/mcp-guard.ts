import { Construct } from "constructs";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import { GuardConfig } from "../../guard/src/config/types";
import { toolsDigest } from "../../guard/src/pin";
import { AwsSecretProviderClass } from "./aws-secret-provider-class";
import { DisruptionBudget } from "./disruption-budget";
import { guardConfigParts, guardConfigText } from "./guard-config";
import { ContainerResources, HardenedDeployment, SidecarResources } from "./hardened-deployment";
import { CONFIG_CHECKSUM_ANNOTATION, configChecksum, standardLabels } from "./labels";
import { ServerService } from "./server-service";
import { WorkloadServiceAccount } from "./workload-service-account";

/** The guard's fixed names. */
export const GUARD_NAMES = {
  /** Service account, Deployment, Service and pods' `app.kubernetes.io/name`. */
  name: "mcp-guard",
  /** The ConfigMap holding the generated configuration; when it is split, the parts' are `<name>-1`, `<name>-2`, …. */
  configMap: "mcp-guard-config",
  /** Its key: the file the guard reads (in each part's ConfigMap too). */
  configFile: "guard-config.json",
  /** The gRPC port (ExtMcp and gRPC health). */
  port: 9000,
} as const;

/** Where the configuration is mounted in the guard's container; when it is split, part `i` under `<dir>/<i>`. */
export const GUARD_CONFIG_DIR = "/etc/mcp-guard";

/** Where the guard's secrets (its shared store's host name and AUTH token) are mounted. */
export const GUARD_SECRETS_DIR = "/var/run/secrets/mcp-guard";

/** The files of the shared store's secrets under {@link GUARD_SECRETS_DIR}. */
export const GUARD_STORE_FILES = { host: "guard-store-host", token: "guard-store-token" } as const;

/** The Secrets Manager secrets of the guard's shared store, mounted as {@link GUARD_STORE_FILES}. */
export interface GuardStoreSecrets {
  /** AWS region of the secrets. */
  readonly region: string;
  /** Secrets Manager name of the store's host name. */
  readonly hostSecretName: string;
  /** Secrets Manager name of the store's AUTH token. */
  readonly tokenSecretName: string;
}

/** Properties of an {@link McpGuard}. */
export interface McpGuardProps {
  /** Namespace of the guard: the gateway's, so only the gateway's pods are its neighbours. */
  readonly namespace: string;
  /** The guard's image, pinned by digest. */
  readonly image: string;
  /** The generated configuration. */
  readonly config: GuardConfig;
  /** Resources of one replica (requests equal limits). */
  readonly resources: ContainerResources;
  /** Replicas, at least 2: the guard is on every MCP message's path and fails closed. @default 2 */
  readonly replicas?: number;
  /** PriorityClass of the pods. @default none */
  readonly priorityClassName?: string;
  /** Node labels the pods must land on. @default any node */
  readonly nodeSelector?: Record<string, string>;
  /** Size of the injected Istio sidecar. @default the HardenedDeployment default */
  readonly sidecarResources?: SidecarResources;
  /** The shared store's secrets, mounted read-only through the Secrets Store CSI driver. @default no secrets volume */
  readonly storeSecrets?: GuardStoreSecrets;
}

/** The most data a ConfigMap holds: keys and values together (the API server's validation). */
export const MAX_CONFIG_MAP_BYTES = 1024 * 1024;

/**
 * The MCP guard (IO-00..IO-08, GW-02, PUB-02, DLP-00..DLP-04, TS-01, LOG-01): agentgateway's ExtMcp processor, which
 * checks every MCP request and result of every server. It runs hardened like an MCP server (restricted Pod Security
 * through its namespace, own service account without API token, non-root, read-only root, no capabilities, seccomp,
 * image by digest, requests equal limits), at least two replicas spread over zones with a PodDisruptionBudget, since
 * the gateway fails closed without it. Its configuration is generated ({@link guardConfig}), delivered as a ConfigMap
 * mounted read-only (or, larger than a ConfigMap holds, as parts in several, each passed by its own `--config`:
 * {@link guardConfigParts}) and pinned by checksum on the pod template, so a changed policy rolls the pods; the digest of its
 * approved tools' pins is a start argument (`--tools-digest`, PROV-02), so the guard refuses a ConfigMap whose pins
 * were changed without the Deployment. It runs its image's entrypoint (the compiled `main.js`, `guard/Dockerfile`)
 * with arguments only, so its audit lines are that process's stdout (LOG-01). It serves plaintext
 * gRPC on {@link GUARD_NAMES.port} (the mesh's mutual TLS protects the hop) and answers gRPC health for its probes.
 */
export class McpGuard extends Construct {
  /** The configuration file's text, as mounted and as written to `dist/guard/<env>/guard-config.json`. */
  readonly configText: string;
  /** The ConfigMap of the configuration, or of its first part. */
  readonly configMap: k8s.KubeConfigMap;
  /** Every ConfigMap of the configuration, in the order of the guard's `--config` arguments. */
  readonly configMaps: readonly k8s.KubeConfigMap[];
  readonly serviceAccount: WorkloadServiceAccount;
  readonly deployment: HardenedDeployment;
  readonly service: ServerService;
  readonly disruptionBudget: DisruptionBudget;
  /** The class that mounts the store's secrets, when given. */
  readonly secretProviderClass?: AwsSecretProviderClass;
  /** `host:port` of the guard's Service, for the gateway's `mcpGuardrails`. */
  readonly address: string;
  /** The guard's pods' labels and port. */
  readonly workload: { readonly podLabels: Readonly<Record<string, string>>; readonly port: number };
  /** The most pods it runs at once, the rolling-update surge included. */
  readonly maxPods: number;

  constructor(scope: Construct, id: string, props: McpGuardProps) {
    super(scope, id);
    const { namespace } = props;
    const { name, port } = GUARD_NAMES;
    const replicas = props.replicas ?? 2;
    if (!Number.isInteger(replicas) || replicas < 2) throw new Error(`McpGuard: replicas must be at least 2 (every MCP message waits on the guard, and the gateway fails closed), got ${replicas}`);
    if (Object.keys(props.config.servers).length === 0) throw new Error("McpGuard: the configuration names no MCP server");
    this.configText = guardConfigText(props.config);
    const parts = guardConfigParts(props.config, MAX_CONFIG_MAP_BYTES - Buffer.byteLength(GUARD_NAMES.configFile));
    const mounts = parts.map((part, index) => {
      const suffix = parts.length === 1 ? "" : `-${index + 1}`;
      const configMap = new k8s.KubeConfigMap(this, `config${suffix}`, {
        metadata: { name: `${GUARD_NAMES.configMap}${suffix}`, namespace, labels: standardLabels(name) },
        data: { [GUARD_NAMES.configFile]: parts.length === 1 ? this.configText : guardConfigText(part) },
      });
      return { configMap, mountPath: parts.length === 1 ? GUARD_CONFIG_DIR : `${GUARD_CONFIG_DIR}/${index + 1}` };
    });
    this.configMaps = mounts.map((mount) => mount.configMap);
    this.configMap = this.configMaps[0];
    this.serviceAccount = new WorkloadServiceAccount(this, "service-account", { namespace, name });
    const store = props.storeSecrets;
    if (store !== undefined) {
      this.secretProviderClass = new AwsSecretProviderClass(this, "secrets", {
        namespace,
        name: `${name}-secrets`,
        application: name,
        region: store.region,
        secrets: [
          { secretName: store.hostSecretName, fileName: GUARD_STORE_FILES.host },
          { secretName: store.tokenSecretName, fileName: GUARD_STORE_FILES.token },
        ],
      });
    }
    this.deployment = new HardenedDeployment(this, "deployment", {
      namespace,
      name,
      image: props.image,
      port,
      resources: props.resources,
      serviceAccountName: this.serviceAccount.name,
      replicas,
      args: [...mounts.flatMap((mount) => ["--config", `${mount.mountPath}/${GUARD_NAMES.configFile}`]), "--listen", `0.0.0.0:${port}`, "--tools-digest", toolsDigest(props.config)],
      grpcHealthProbe: true,
      configMaps: mounts.map((mount) => ({ configMap: mount.configMap.name, mountPath: mount.mountPath })),
      ...(this.secretProviderClass !== undefined ? { secrets: { secretProviderClass: this.secretProviderClass.name, mountPath: GUARD_SECRETS_DIR } } : {}),
      podAnnotations: { [CONFIG_CHECKSUM_ANNOTATION]: configChecksum(this.configText) },
      sidecarResources: props.sidecarResources,
      priorityClassName: props.priorityClassName,
      nodeSelector: props.nodeSelector,
    });
    this.service = new ServerService(this, "service", { namespace, name, selector: this.deployment.selector, port, appProtocol: "grpc" });
    this.disruptionBudget = new DisruptionBudget(this, "disruption-budget", { namespace, name, selector: this.deployment.selector });
    this.address = `${name}.${namespace}.svc.cluster.local:${port}`;
    this.workload = { podLabels: this.deployment.selector, port };
    this.maxPods = replicas + 1;
  }
}
