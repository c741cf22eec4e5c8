import { Construct } from "constructs";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import { KUBERNETES_API_ACCESS_ANNOTATION, selectorLabels, standardLabels } from "./labels";
import { bytes, formatBytes } from "./quantity";
import { nonRootSecurityContext, requireDigestPinnedImage, resourceQuantities } from "./container-hardening";

/** CPU and memory a container requests when less than its limits. */
export interface ContainerRequests {
  /** CPU request, at most the limit. @default the CPU limit */
  readonly cpu?: string;
  /** Memory request, at most the limit. @default the memory limit */
  readonly memory?: string;
}

/** Per-container limits; requests equal them (the Guaranteed QoS class) unless `requests` lowers CPU or memory. */
export interface ContainerResources {
  /** CPU limit, e.g. "500m". */
  readonly cpu: string;
  /** Memory limit, e.g. "512Mi". */
  readonly memory: string;
  /** Ephemeral storage (writable layer, logs, disk-backed emptyDir), whole GiB, e.g. "1Gi"; requested in full. */
  readonly ephemeralStorage: string;
  /** Lower requests of CPU or memory, each at most its limit. @default requests equal limits */
  readonly requests?: ContainerRequests;
}

/** A ConfigMap mounted read-only as files. */
export interface ConfigMapMount {
  /** The ConfigMap in the deployment's namespace. */
  readonly configMap: string;
  /** The directory its keys appear in as files. */
  readonly mountPath: string;
}

/** CPU and memory of the Istio sidecar the mesh injects, set through Istio's pod annotations. */
export interface SidecarResources {
  /** CPU request and limit of the sidecar, e.g. "200m". */
  readonly cpu: string;
  /** Memory request and limit of the sidecar, e.g. "256Mi". */
  readonly memory: string;
}

/** The sidecar size used when none is given: enough for an MCP server's request rates, and bounded. */
export const DEFAULT_SIDECAR_RESOURCES: SidecarResources = { cpu: "200m", memory: "256Mi" };

/** A Secrets Store CSI volume, mounted read-only. */
export interface SecretsMount {
  /** The SecretProviderClass in the same namespace that lists the secrets. */
  readonly secretProviderClass: string;
  /** Where the files appear. @default "/var/run/secrets/mcp" */
  readonly mountPath?: string;
}

/** Properties of a {@link HardenedDeployment}. */
export interface HardenedDeploymentProps {
  /** Namespace of the deployment. */
  readonly namespace: string;
  /** Name of the deployment, its container and its pods' `app.kubernetes.io/name`. */
  readonly name: string;
  /** Image pinned by digest, `<registry>/<repository>@sha256:<64 hex>` (MSH-01, CTR-01). */
  readonly image: string;
  /** TCP port the container listens on, 1024 or above (the container has no capability to bind below). */
  readonly port: number;
  /** The container's requests and limits. */
  readonly resources: ContainerResources;
  /** The service account the pods run as. */
  readonly serviceAccountName: string;
  /** Pods to run. @default 2 */
  readonly replicas?: number;
  /** HTTP path of the health endpoint; omitted, probes open a TCP connection to the port. @default TCP probes */
  readonly healthPath?: string;
  /**
   * Probe with the gRPC health protocol (`grpc.health.v1.Health/Check`) on the port instead of HTTP or TCP, for a gRPC
   * server; not with `healthPath`. @default false
   */
  readonly grpcHealthProbe?: boolean;
  /**
   * Mount the service account's Kubernetes API token. Only for a workload that calls the Kubernetes API: the pod
   * template is annotated `mcp.security/kubernetes-api-access: "true"`. @default false
   */
  readonly kubernetesApiAccess?: boolean;
  /** Secrets to mount from a SecretProviderClass. @default no secrets volume */
  readonly secrets?: SecretsMount;
  /** PriorityClass of the pods. @default none (priority 0) */
  readonly priorityClassName?: string;
  /** Node labels the pods must land on. @default any node */
  readonly nodeSelector?: Record<string, string>;
  /** Node taints the pods tolerate, e.g. the sandbox node group's (TOOL-10). @default none */
  readonly tolerations?: readonly k8s.Toleration[];
  /** Non-zero UID and GID the container runs as, also the pod's fsGroup. @default 10001 */
  readonly runAsUser?: number;
  /** Size of the writable, disk-backed `/tmp`. @default half of `resources.ephemeralStorage` */
  readonly tmpSize?: string;
  /** Seconds a pod gets to finish in-flight requests when stopped. @default 30 */
  readonly terminationGracePeriodSeconds?: number;
  /** Size of the injected Istio sidecar. @default {@link DEFAULT_SIDECAR_RESOURCES} */
  readonly sidecarResources?: SidecarResources;
  /** The program the container runs, replacing the image's entrypoint. @default the image's entrypoint */
  readonly command?: readonly string[];
  /** Arguments passed to the image's entrypoint. @default the image's own */
  readonly args?: readonly string[];
  /** Environment variables of the container (never secrets: those come as files). @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** ConfigMaps mounted read-only. @default none */
  readonly configMaps?: readonly ConfigMapMount[];
  /**
   * ConfigMaps mounted read-only into the injected Istio sidecar (not the workload's container), through Istio's pod
   * annotations `sidecar.istio.io/userVolume` and `sidecar.istio.io/userVolumeMount`, e.g. the CAs a DestinationRule
   * pins egress to ({@link SIDECAR_VOLUME_ANNOTATION}). @default none
   */
  readonly sidecarConfigMaps?: readonly ConfigMapMount[];
  /** Extra annotations of the pod template, e.g. a checksum of mounted configuration that rolls the pods when it changes. @default none */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Why the container must listen on a port below 1024. Only then is such a port accepted: the pod gets the
   * namespaced sysctl `net.ipv4.ip_unprivileged_port_start` set to the port (allowed by the restricted Pod Security
   * profile), never a capability, and the template is annotated `mcp.security/privileged-port-justification`.
   * @default none: ports below 1024 are refused
   */
  readonly privilegedPortJustification?: string;
}

/** Istio's pod annotation adding volumes for the sidecar: a JSON object of volume name to volume source. */
export const SIDECAR_VOLUME_ANNOTATION = "sidecar.istio.io/userVolume";

/** Istio's pod annotation mounting volumes into the sidecar: a JSON object of volume name to mount (`mountPath`, `readOnly`). */
export const SIDECAR_VOLUME_MOUNT_ANNOTATION = "sidecar.istio.io/userVolumeMount";

/**
 * The sidecar annotations mounting ConfigMaps read-only into the injected Istio proxy. Istio's injection template
 * ranges over the JSON object, naming each volume by its key (the object form of Istio's own injection test data).
 */
function sidecarVolumeAnnotations(mounts: readonly ConfigMapMount[]): Record<string, string> {
  if (mounts.length === 0) return {};
  const names = mounts.map((_, index) => `sidecar-config-${index}`);
  return {
    [SIDECAR_VOLUME_ANNOTATION]: JSON.stringify(Object.fromEntries(mounts.map((mount, index) => [names[index], { configMap: { name: mount.configMap, defaultMode: 0o444 } }]))),
    [SIDECAR_VOLUME_MOUNT_ANNOTATION]: JSON.stringify(Object.fromEntries(mounts.map((mount, index) => [names[index], { mountPath: mount.mountPath, readOnly: true }]))),
  };
}

/** The annotation of a pod template that records why its container listens on a port below 1024. */
export const PRIVILEGED_PORT_ANNOTATION = "mcp.security/privileged-port-justification";

const TMP_VOLUME = "tmp";
const SECRETS_VOLUME = "secrets";
/** The Secrets Store CSI driver's name. */
export const SECRETS_STORE_CSI_DRIVER = "secrets-store.csi.k8s.io";

/**
 * A Deployment hardened for an untrusted MCP server (CTR-01..04, MSH-01, MSH-04, ISO-02). Pod and container run
 * as a non-zero UID with `runAsNonRoot`, a read-only root filesystem, no privilege escalation, every capability
 * dropped, and the `RuntimeDefault` seccomp profile (set at pod level too, so the injected Istio containers inherit
 * it). The only writable path is a size-limited, disk-backed `/tmp` (a full `/tmp` evicts the pod rather than
 * exhausting its memory); secrets and configuration arrive read-only (Secrets Store CSI driver, ConfigMaps). The
 * image is pinned by digest and pulled `IfNotPresent` (a digest cannot change content). Requests equal limits for
 * CPU, memory and ephemeral storage (Guaranteed QoS) unless lower CPU or memory requests are given; the Istio sidecar
 * is sized by annotation with requests equal to limits. A port below 1024 only with a recorded justification, through
 * the namespaced unprivileged-port sysctl, never a capability.
 * No service account token, no service links, spread across zones and nodes, startup/readiness/liveness probes.
 */
export class HardenedDeployment extends Construct {
  /** The Deployment object. */
  readonly deployment: k8s.KubeDeployment;
  /** The labels that select the deployment's pods. */
  readonly selector: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: HardenedDeploymentProps) {
    super(scope, id);
    const { name, namespace, port, resources } = props;
    requireDigestPinnedImage(`HardenedDeployment ${namespace}/${name}`, props.image);
    const privileged = props.privilegedPortJustification !== undefined;
    if (!Number.isInteger(port) || port < (privileged ? 1 : 1024) || port > 65535) {
      throw new Error(`HardenedDeployment ${namespace}/${name}: port ${port} is not from 1024 to 65535 (below 1024 only with privilegedPortJustification)`);
    }
    const user = props.runAsUser ?? 10001;
    if (!Number.isInteger(user) || user <= 0) throw new Error(`HardenedDeployment ${namespace}/${name}: runAsUser must be a positive UID, got ${user}`);
    const apiAccess = props.kubernetesApiAccess ?? false;
    const sidecar = props.sidecarResources ?? DEFAULT_SIDECAR_RESOURCES;
    const tmpSize = props.tmpSize ?? formatBytes(bytes(resources.ephemeralStorage) / 2);
    this.selector = selectorLabels(name);

    const quantities = resourceQuantities(resources);
    const requests = {
      ...quantities,
      ...(resources.requests?.cpu !== undefined ? { cpu: k8s.Quantity.fromString(resources.requests.cpu) } : {}),
      ...(resources.requests?.memory !== undefined ? { memory: k8s.Quantity.fromString(resources.requests.memory) } : {}),
    };
    const configMaps = props.configMaps ?? [];
    if (props.grpcHealthProbe && props.healthPath !== undefined) throw new Error(`HardenedDeployment ${namespace}/${name}: set healthPath or grpcHealthProbe, not both`);
    const probe = (periodSeconds: number, failureThreshold: number): k8s.Probe => ({
      ...(props.grpcHealthProbe
        ? { grpc: { port } }
        : props.healthPath !== undefined
          ? { httpGet: { path: props.healthPath, port: k8s.IntOrString.fromString("http"), scheme: "HTTP" } }
          : { tcpSocket: { port: k8s.IntOrString.fromString("http") } }),
      periodSeconds,
      failureThreshold,
      timeoutSeconds: 2,
    });
    const secretsPath = props.secrets?.mountPath ?? "/var/run/secrets/mcp";
    const spread = (topologyKey: string): k8s.TopologySpreadConstraint => ({
      maxSkew: 1,
      topologyKey,
      whenUnsatisfiable: "ScheduleAnyway",
      labelSelector: { matchLabels: { ...this.selector } },
      matchLabelKeys: ["pod-template-hash"],
    });

    this.deployment = new k8s.KubeDeployment(this, "deployment", {
      metadata: { name, namespace, labels: standardLabels(name) },
      spec: {
        replicas: props.replicas ?? 2,
        revisionHistoryLimit: 3,
        selector: { matchLabels: { ...this.selector } },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(1), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
        template: {
          metadata: {
            labels: standardLabels(name),
            annotations: {
              "kubectl.kubernetes.io/default-container": name,
              "proxy.istio.io/config": JSON.stringify({ holdApplicationUntilProxyStarts: true }),
              "sidecar.istio.io/proxyCPU": sidecar.cpu,
              "sidecar.istio.io/proxyCPULimit": sidecar.cpu,
              "sidecar.istio.io/proxyMemory": sidecar.memory,
              "sidecar.istio.io/proxyMemoryLimit": sidecar.memory,
              ...(apiAccess ? { [KUBERNETES_API_ACCESS_ANNOTATION]: "true" } : {}),
              ...(privileged ? { [PRIVILEGED_PORT_ANNOTATION]: props.privilegedPortJustification } : {}),
              ...sidecarVolumeAnnotations(props.sidecarConfigMaps ?? []),
              ...props.podAnnotations,
            },
          },
          spec: {
            serviceAccountName: props.serviceAccountName,
            automountServiceAccountToken: apiAccess,
            enableServiceLinks: false,
            ...(props.priorityClassName !== undefined ? { priorityClassName: props.priorityClassName } : {}),
            ...(props.nodeSelector !== undefined ? { nodeSelector: { ...props.nodeSelector } } : {}),
            ...(props.tolerations !== undefined ? { tolerations: props.tolerations.map((toleration) => ({ ...toleration })) } : {}),
            terminationGracePeriodSeconds: props.terminationGracePeriodSeconds ?? 30,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: user,
              runAsGroup: user,
              fsGroup: user,
              fsGroupChangePolicy: "OnRootMismatch",
              seccompProfile: { type: "RuntimeDefault" },
              ...(privileged ? { sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: String(port) }] } : {}),
            },
            topologySpreadConstraints: [spread("topology.kubernetes.io/zone"), spread("kubernetes.io/hostname")],
            containers: [
              {
                name,
                image: props.image,
                imagePullPolicy: "IfNotPresent",
                ...(props.command !== undefined ? { command: [...props.command] } : {}),
                ...(props.args !== undefined ? { args: [...props.args] } : {}),
                ...(props.env !== undefined ? { env: Object.entries(props.env).map(([variable, value]) => ({ name: variable, value })) } : {}),
                ports: [{ name: "http", containerPort: port, protocol: "TCP" }],
                resources: { requests, limits: { ...quantities } },
                securityContext: nonRootSecurityContext(user),
                startupProbe: probe(2, 30),
                readinessProbe: probe(5, 3),
                livenessProbe: probe(10, 3),
                volumeMounts: [
                  { name: TMP_VOLUME, mountPath: "/tmp" },
                  ...(props.secrets ? [{ name: SECRETS_VOLUME, mountPath: secretsPath, readOnly: true }] : []),
                  ...configMaps.map((mount, index) => ({ name: `config-${index}`, mountPath: mount.mountPath, readOnly: true })),
                ],
              },
            ],
            volumes: [
              { name: TMP_VOLUME, emptyDir: { sizeLimit: k8s.Quantity.fromString(tmpSize) } },
              ...(props.secrets
                ? [{ name: SECRETS_VOLUME, csi: { driver: SECRETS_STORE_CSI_DRIVER, readOnly: true, volumeAttributes: { secretProviderClass: props.secrets.secretProviderClass } } }]
                : []),
              ...configMaps.map((mount, index) => ({ name: `config-${index}`, configMap: { name: mount.configMap, defaultMode: 0o444 } })),
            ],
          },
        },
      },
    });
  }
}
