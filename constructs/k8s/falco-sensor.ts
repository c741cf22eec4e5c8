import { Construct } from "constructs";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import { stringify } from "yaml";
import { FalcoRulesEntry } from "./falco-mcp-rules";
import { ContainerResources } from "./hardened-deployment";
import { CONFIG_CHECKSUM_ANNOTATION, configChecksum, selectorLabels, standardLabels } from "./labels";
import { WorkloadServiceAccount } from "./workload-service-account";
import { requireDigestPinnedImage, resourceQuantities } from "./container-hardening";

/** Properties of a {@link FalcoSensor}. */
export interface FalcoSensorProps {
  /** Namespace of the DaemonSet. */
  readonly namespace: string;
  /** Name of the DaemonSet, its container and service account. @default "falco" */
  readonly name?: string;
  /** Falco 0.41 or later (modern eBPF driver built in, container plugin), pinned by digest. */
  readonly image: string;
  /** The rules loaded besides Falco's defaults (e.g. {@link falcoMcpRules}). */
  readonly rules: readonly FalcoRulesEntry[];
  /** Requests and limits of the container (requests equal limits). @default 500m CPU, 512Mi memory, 256Mi ephemeral storage */
  readonly resources?: ContainerResources;
  /**
   * Run the container privileged instead of with the four capabilities the modern eBPF driver needs (BPF, PERFMON,
   * SYS_RESOURCE, SYS_PTRACE). Only for kernels or security modules that refuse the least-privileged mode. @default false
   */
  readonly privileged?: boolean;
  /** Directory of the container runtime's socket on the node (the container plugin reads pod and image metadata there). @default "/run/containerd" */
  readonly containerRuntimeDir?: string;
  /** PriorityClass of the pods. @default "system-node-critical" (no node runs unwatched) */
  readonly priorityClassName?: string;
}

const DEFAULT_RESOURCES: ContainerResources = { cpu: "500m", memory: "512Mi", ephemeralStorage: "256Mi" };
/** The capabilities the modern eBPF driver needs (Falco's documented least-privileged set). */
export const FALCO_CAPABILITIES: readonly string[] = ["BPF", "PERFMON", "SYS_PTRACE", "SYS_RESOURCE"];
const CONFIG_FILE = "mcp.yaml";
const RULES_FILE = "mcp_rules.yaml";
const WEB_PORT = 8765;

/**
 * Falco's configuration drop-in (loaded from `/etc/falco/config.d` over the image's `falco.yaml`): the modern eBPF
 * driver; Falco's default rules and the rules directory; alerts as JSON on stdout only (where the node's log shipper
 * picks them up), unbuffered; every other output off; the health endpoint on, its metrics off.
 */
export function falcoConfig(): Record<string, unknown> {
  return {
    engine: { kind: "modern_ebpf", modern_ebpf: { cpus_for_each_buffer: 2, buf_size_preset: 4, drop_failed_exit: false } },
    rules_files: ["/etc/falco/falco_rules.yaml", "/etc/falco/rules.d"],
    priority: "notice",
    json_output: true,
    json_include_output_property: true,
    json_include_tags_property: true,
    buffered_outputs: false,
    stdout_output: { enabled: true },
    syslog_output: { enabled: false },
    file_output: { enabled: false },
    program_output: { enabled: false },
    http_output: { enabled: false },
    grpc_output: { enabled: false },
    log_stderr: true,
    log_syslog: false,
    log_level: "info",
    webserver: { enabled: true, listen_port: WEB_PORT, k8s_healthz_endpoint: "/healthz", prometheus_metrics_enabled: false },
  };
}

/**
 * The runtime sensor (HOST-01, HOST-03): a Falco DaemonSet on every node, whatever its taints, with the modern eBPF
 * driver, Falco's default rules and the given rules, alerting as JSON on stdout. Hardened except for what watching
 * the kernel needs, which a caller must accept as exceptions: it runs as UID 0 with the capabilities BPF, PERFMON,
 * SYS_RESOURCE and SYS_PTRACE (never privileged unless asked), and reads the node's `/proc`, `/etc` and container
 * runtime socket directory through read-only hostPath mounts. Everything else is as for an MCP server: read-only
 * root filesystem, every other capability dropped, no privilege escalation, `RuntimeDefault` seccomp (it allows
 * `bpf` and `perf_event_open` to holders of BPF and PERFMON), no service account token (pod metadata comes from the
 * runtime, not the Kubernetes API), requests equal limits. Its namespace isolation gives it no network at all.
 */
export class FalcoSensor extends Construct {
  /** The DaemonSet's name. */
  readonly name: string;
  readonly serviceAccount: WorkloadServiceAccount;
  /** The configuration drop-in. */
  readonly configMap: k8s.KubeConfigMap;
  /** The rules file. */
  readonly rulesConfigMap: k8s.KubeConfigMap;
  readonly daemonSet: k8s.KubeDaemonSet;
  /** The container's resources. */
  readonly resources: ContainerResources;
  /** The rules file's text, as the ConfigMap holds it. */
  readonly rulesText: string;

  constructor(scope: Construct, id: string, props: FalcoSensorProps) {
    super(scope, id);
    const name = props.name ?? "falco";
    const { namespace } = props;
    requireDigestPinnedImage(`FalcoSensor ${namespace}/${name}`, props.image);
    if (!props.rules.some((entry) => "rule" in entry)) throw new Error(`FalcoSensor ${namespace}/${name}: rules must contain at least one rule`);
    this.name = name;
    this.resources = props.resources ?? DEFAULT_RESOURCES;
    const labels = standardLabels(name);
    const selector = selectorLabels(name);
    const privileged = props.privileged ?? false;
    const runtimeDir = props.containerRuntimeDir ?? "/run/containerd";

    this.serviceAccount = new WorkloadServiceAccount(this, "service-account", { namespace, name });
    const configText = stringify(falcoConfig(), { lineWidth: 0, aliasDuplicateObjects: false });
    this.rulesText = stringify(props.rules, { lineWidth: 0, aliasDuplicateObjects: false });
    this.configMap = new k8s.KubeConfigMap(this, "config", { metadata: { name: `${name}-config`, namespace, labels }, data: { [CONFIG_FILE]: configText } });
    this.rulesConfigMap = new k8s.KubeConfigMap(this, "rules", { metadata: { name: `${name}-mcp-rules`, namespace, labels }, data: { [RULES_FILE]: this.rulesText } });

    const quantities = resourceQuantities(this.resources);
    const probe = (periodSeconds: number, failureThreshold: number): k8s.Probe => ({
      httpGet: { path: "/healthz", port: k8s.IntOrString.fromNumber(WEB_PORT) },
      periodSeconds,
      failureThreshold,
      timeoutSeconds: 5,
    });
    const hostPath = (volume: string, path: string) => ({ name: volume, hostPath: { path, type: "Directory" } });
    const nodeName = { valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } };
    this.daemonSet = new k8s.KubeDaemonSet(this, "daemon-set", {
      metadata: { name, namespace, labels },
      spec: {
        selector: { matchLabels: { ...selector } },
        updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } },
        revisionHistoryLimit: 3,
        template: {
          metadata: {
            labels,
            annotations: {
              "kubectl.kubernetes.io/default-container": name,
              [CONFIG_CHECKSUM_ANNOTATION]: configChecksum(configText + this.rulesText),
            },
          },
          spec: {
            serviceAccountName: this.serviceAccount.name,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            priorityClassName: props.priorityClassName ?? "system-node-critical",
            tolerations: [{ operator: "Exists" }],
            terminationGracePeriodSeconds: 60,
            securityContext: { seccompProfile: { type: "RuntimeDefault" } },
            containers: [
              {
                name,
                image: props.image,
                imagePullPolicy: "IfNotPresent",
                command: ["/usr/bin/falco"],
                env: [
                  { name: "HOST_ROOT", value: "/host" },
                  { name: "FALCO_HOSTNAME", ...nodeName },
                  { name: "FALCO_K8S_NODE_NAME", ...nodeName },
                ],
                ports: [{ name: "health", containerPort: WEB_PORT, protocol: "TCP" }],
                resources: { requests: { ...quantities }, limits: { ...quantities } },
                securityContext: {
                  runAsUser: 0,
                  runAsGroup: 0,
                  runAsNonRoot: false,
                  privileged,
                  allowPrivilegeEscalation: privileged,
                  readOnlyRootFilesystem: true,
                  capabilities: privileged ? { drop: ["ALL"] } : { drop: ["ALL"], add: [...FALCO_CAPABILITIES] },
                  seccompProfile: { type: "RuntimeDefault" },
                },
                startupProbe: probe(5, 24),
                readinessProbe: probe(15, 3),
                livenessProbe: probe(30, 3),
                volumeMounts: [
                  { name: "config", mountPath: "/etc/falco/config.d", readOnly: true },
                  { name: "rules", mountPath: "/etc/falco/rules.d", readOnly: true },
                  { name: "host-proc", mountPath: "/host/proc", readOnly: true },
                  { name: "host-etc", mountPath: "/host/etc", readOnly: true },
                  { name: "host-container-runtime", mountPath: `/host${runtimeDir}`, readOnly: true },
                  { name: "tmp", mountPath: "/tmp" },
                ],
              },
            ],
            volumes: [
              { name: "config", configMap: { name: this.configMap.name } },
              { name: "rules", configMap: { name: this.rulesConfigMap.name } },
              hostPath("host-proc", "/proc"),
              hostPath("host-etc", "/etc"),
              hostPath("host-container-runtime", runtimeDir),
              { name: "tmp", emptyDir: { sizeLimit: k8s.Quantity.fromString("64Mi") } },
            ],
          },
        },
      },
    });
  }
}
