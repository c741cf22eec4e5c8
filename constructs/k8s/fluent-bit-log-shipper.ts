import { Construct } from "constructs";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import { stringify } from "yaml";
import { ContainerResources } from "./hardened-deployment";
import { CONFIG_CHECKSUM_ANNOTATION, configChecksum, selectorLabels, standardLabels } from "./labels";
import { WorkloadServiceAccount } from "./workload-service-account";
import { requireDigestPinnedImage, resourceQuantities } from "./container-hardening";

/** The EKS Pod Identity agent, on every node's link-local address: where pods get their role's credentials. */
export const POD_IDENTITY_AGENT = { cidr: "169.254.170.23/32", port: 80 } as const;

/** Properties of a {@link FluentBitLogShipper}. */
export interface FluentBitLogShipperProps {
  /** Namespace of the DaemonSet. */
  readonly namespace: string;
  /** Name of the DaemonSet, its container, service account (bound to the IAM role by Pod Identity) and ConfigMap. @default "fluent-bit" */
  readonly name?: string;
  /** Fluent Bit 4.0 or later (EKS Pod Identity credentials), pinned by digest. */
  readonly image: string;
  /** AWS region of the log group. */
  readonly region: string;
  /** The CloudWatch log group every container log line is written to; it must exist (the shipper never creates one). */
  readonly logGroupName: string;
  /** Prefix of each log stream's name; the rest is the source file's tag (pod, namespace, container). @default "containers." */
  readonly logStreamPrefix?: string;
  /** CIDRs of the AWS API endpoints it writes to (the VPC's interface endpoints), reached on TCP 443 only. */
  readonly awsApiCidrs: readonly string[];
  /** Requests and limits of the container (requests equal limits). @default 200m CPU, 256Mi memory, 256Mi ephemeral storage */
  readonly resources?: ContainerResources;
  /**
   * Node directory where tail offsets are kept, so a replaced pod resumes where the last one stopped instead of
   * losing or re-sending lines: a writable hostPath. @default none: offsets in a size-limited emptyDir, kept across
   * container restarts but lost when the pod is replaced
   */
  readonly positionsHostPath?: string;
  /** PriorityClass of the pods. @default "system-node-critical" (a node's logs are shipped before anything else runs there) */
  readonly priorityClassName?: string;
  /** Memory one pod may buffer before it pauses reading (Fluent Bit size). @default "50MB" */
  readonly memoryBufferLimit?: string;
}

const DEFAULT_RESOURCES: ContainerResources = { cpu: "200m", memory: "256Mi", ephemeralStorage: "256Mi" };
const CONFIG_DIR = "/fluent-bit/etc/mcp";
const CONFIG_FILE = "fluent-bit.yaml";
const STATE_DIR = "/var/fluent-bit/state";
const HEALTH_PORT = 2020;

/** Fluent Bit's configuration (YAML format): tail every container log, tag metadata, write to one CloudWatch log group. */
export function fluentBitConfig(props: { region: string; logGroupName: string; logStreamPrefix: string; memoryBufferLimit: string }): Record<string, unknown> {
  return {
    service: { flush: 5, log_level: "info", http_server: "on", http_listen: "0.0.0.0", http_port: HEALTH_PORT, health_check: "on" },
    pipeline: {
      inputs: [
        {
          name: "tail",
          tag: "kube.*",
          path: "/var/log/containers/*.log",
          "multiline.parser": "cri",
          db: `${STATE_DIR}/tail-containers.db`,
          "db.locking": "true",
          mem_buf_limit: props.memoryBufferLimit,
          skip_long_lines: "on",
          refresh_interval: 10,
        },
      ],
      filters: [
        {
          name: "kubernetes",
          match: "kube.*",
          kube_tag_prefix: "kube.var.log.containers.",
          use_tag_for_meta: "on",
          merge_log: "on",
          keep_log: "off",
          labels: "off",
          annotations: "off",
          "k8s-logging.parser": "off",
          "k8s-logging.exclude": "off",
        },
      ],
      outputs: [
        {
          name: "cloudwatch_logs",
          match: "kube.*",
          region: props.region,
          log_group_name: props.logGroupName,
          log_stream_prefix: props.logStreamPrefix,
          auto_create_group: "off",
          retry_limit: "no_limits",
        },
      ],
    },
  };
}

/**
 * The node log shipper (LOG-02): a Fluent Bit DaemonSet on every node, whatever its taints, that tails every
 * container's log under `/var/log/containers` and writes each line, with its pod, namespace and container (taken
 * from the file name: no Kubernetes API access, no token) and with JSON logs merged into the record, to one
 * CloudWatch log group through EKS Pod Identity. Pods cannot opt their logs out (`k8s-logging.exclude: off`), and
 * the shipper never creates a log group, so logs only land in the encrypted group the environment declares.
 *
 * Hardened as far as reading node logs allows: read-only root filesystem, every capability dropped, no privilege
 * escalation, `RuntimeDefault` seccomp, no service account token, requests equal limits; it runs as UID 0 without
 * capabilities (container log files are root's, mode 0640) and mounts the node's `/var/log` read-only. Those two
 * are the exceptions a caller must accept. Its network: nothing in, DNS (from the namespace) and the AWS endpoints
 * on 443 and the Pod Identity agent out.
 */
export class FluentBitLogShipper extends Construct {
  /** The DaemonSet's name. */
  readonly name: string;
  readonly serviceAccount: WorkloadServiceAccount;
  readonly configMap: k8s.KubeConfigMap;
  readonly daemonSet: k8s.KubeDaemonSet;
  readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** The container's resources. */
  readonly resources: ContainerResources;
  /** The configuration file's text, as the ConfigMap holds it. */
  readonly configText: string;

  constructor(scope: Construct, id: string, props: FluentBitLogShipperProps) {
    super(scope, id);
    const name = props.name ?? "fluent-bit";
    const { namespace } = props;
    requireDigestPinnedImage(`FluentBitLogShipper ${namespace}/${name}`, props.image);
    if (props.awsApiCidrs.length === 0) throw new Error(`FluentBitLogShipper ${namespace}/${name}: awsApiCidrs must name the network of the AWS endpoints`);
    if (props.positionsHostPath !== undefined && !/^(\/[A-Za-z0-9._-]+)+$/.test(props.positionsHostPath)) {
      throw new Error(`FluentBitLogShipper ${namespace}/${name}: positionsHostPath "${props.positionsHostPath}" must be an absolute directory such as /var/fluent-bit/state`);
    }
    this.name = name;
    this.resources = props.resources ?? DEFAULT_RESOURCES;
    const labels = standardLabels(name);
    const selector = selectorLabels(name);

    this.serviceAccount = new WorkloadServiceAccount(this, "service-account", { namespace, name });
    this.configText = stringify(
      fluentBitConfig({ region: props.region, logGroupName: props.logGroupName, logStreamPrefix: props.logStreamPrefix ?? "containers.", memoryBufferLimit: props.memoryBufferLimit ?? "50MB" }),
      { lineWidth: 0, aliasDuplicateObjects: false }
    );
    this.configMap = new k8s.KubeConfigMap(this, "config", { metadata: { name: `${name}-config`, namespace, labels }, data: { [CONFIG_FILE]: this.configText } });

    const quantities = resourceQuantities(this.resources);
    const probe = (periodSeconds: number): k8s.Probe => ({ httpGet: { path: "/api/v1/health", port: k8s.IntOrString.fromNumber(HEALTH_PORT) }, periodSeconds, failureThreshold: 3, timeoutSeconds: 2 });
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
              [CONFIG_CHECKSUM_ANNOTATION]: configChecksum(this.configText),
            },
          },
          spec: {
            serviceAccountName: this.serviceAccount.name,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            priorityClassName: props.priorityClassName ?? "system-node-critical",
            tolerations: [{ operator: "Exists" }],
            terminationGracePeriodSeconds: 30,
            securityContext: { seccompProfile: { type: "RuntimeDefault" } },
            containers: [
              {
                name,
                image: props.image,
                imagePullPolicy: "IfNotPresent",
                command: ["/fluent-bit/bin/fluent-bit"],
                args: [`--config=${CONFIG_DIR}/${CONFIG_FILE}`],
                ports: [{ name: "health", containerPort: HEALTH_PORT, protocol: "TCP" }],
                resources: { requests: { ...quantities }, limits: { ...quantities } },
                securityContext: {
                  runAsUser: 0,
                  runAsGroup: 0,
                  runAsNonRoot: false,
                  privileged: false,
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ["ALL"] },
                  seccompProfile: { type: "RuntimeDefault" },
                },
                readinessProbe: probe(10),
                livenessProbe: probe(30),
                volumeMounts: [
                  { name: "var-log", mountPath: "/var/log", readOnly: true },
                  { name: "config", mountPath: CONFIG_DIR, readOnly: true },
                  { name: "state", mountPath: STATE_DIR },
                ],
              },
            ],
            volumes: [
              { name: "var-log", hostPath: { path: "/var/log", type: "Directory" } },
              { name: "config", configMap: { name: this.configMap.name } },
              props.positionsHostPath !== undefined
                ? { name: "state", hostPath: { path: props.positionsHostPath, type: "DirectoryOrCreate" } }
                : { name: "state", emptyDir: { sizeLimit: k8s.Quantity.fromString("64Mi") } },
            ],
          },
        },
      },
    });

    const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: "TCP", port: k8s.IntOrString.fromNumber(port) });
    this.networkPolicy = new k8s.KubeNetworkPolicy(this, "egress", {
      metadata: { name: `allow-${name}-egress-to-aws`, namespace, labels },
      spec: {
        podSelector: { matchLabels: { ...selector } },
        policyTypes: ["Egress"],
        egress: [
          { to: props.awsApiCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(443)] },
          { to: [{ ipBlock: { cidr: POD_IDENTITY_AGENT.cidr } }], ports: [tcp(POD_IDENTITY_AGENT.port)] },
        ],
      },
    });
  }
}
