import { Construct } from "constructs";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import { stringify } from "yaml";
import { DisruptionBudget } from "./disruption-budget";
import { POD_IDENTITY_AGENT } from "./fluent-bit-log-shipper";
import { ContainerResources } from "./hardened-deployment";
import { CONFIG_CHECKSUM_ANNOTATION, configChecksum, selectorLabels, standardLabels } from "./labels";
import { WorkloadServiceAccount } from "./workload-service-account";
import { nonRootSecurityContext, requireDigestPinnedImage, resourceQuantities } from "./container-hardening";
import { escapeRegExp } from "../../guard/src/patterns/text-rules";

/** The OTLP ports: gRPC and HTTP. */
export const OTLP_PORTS = { grpc: 4317, http: 4318 } as const;

/** Namespaces whose pods may send telemetry, selected by their labels. */
export interface TelemetrySenders {
  /** Labels of the sending namespaces (any one set matches). At least one set, none empty. */
  readonly namespaceLabels: readonly Readonly<Record<string, string>>[];
}

/** One set of CloudWatch dimensions the metrics pipeline extracts, and the values it admits. */
export interface CloudWatchDimensionSet {
  /** Names of the dimensions (data point attributes), at most 10. */
  readonly dimensions: readonly string[];
  /**
   * The value tuples admitted for some of these dimensions: a data point whose values of `labels` (in that order)
   * are not one of `values` gets no metric of this set (its EMF record still reaches the log group), so a sender
   * cannot create metrics for names nobody declared. @default every value
   */
  readonly allowed?: { readonly labels: readonly string[]; readonly values: readonly (readonly string[])[] };
}

/** The collector's metrics pipeline: OTLP metrics of one sender, written to CloudWatch as embedded metric format (EMF). */
export interface CloudWatchMetricsProps {
  /** The CloudWatch namespace of the metrics. */
  readonly namespace: string;
  /** The log group the EMF records are written to; it must exist. */
  readonly logGroupName: string;
  /** The only metric names the pipeline keeps (exact OTLP names, unchanged in CloudWatch); every other metric is dropped. At least one. */
  readonly metricNames: readonly string[];
  /** The resource attributes a metric must carry to be kept (the sender's `service.name`, for example). @default any resource */
  readonly resourceAttributes?: Readonly<Record<string, string>>;
  /** Resource attributes copied to each data point under a dimension name: dimension name → resource attribute. @default none */
  readonly resourceDimensions?: Readonly<Record<string, string>>;
  /** The dimension sets extracted, exactly these (no roll-up). At least one. */
  readonly dimensionSets: readonly CloudWatchDimensionSet[];
}

/** Properties of an {@link OtelCollector}. */
export interface OtelCollectorProps {
  /** Namespace of the collector. */
  readonly namespace: string;
  /** Name of the Deployment, Service, container, service account (bound to its IAM role by Pod Identity) and ConfigMap. @default "otel-collector" */
  readonly name?: string;
  /** An OpenTelemetry Collector image with the `awsxray` and `awscloudwatchlogs` exporters, pinned by digest. */
  readonly image: string;
  /** AWS region of X-Ray and the log group. */
  readonly region: string;
  /** The CloudWatch log group OTLP logs (span events, gateway audit records with their trace ids) are written to; it must exist. */
  readonly logGroupName: string;
  /** A metrics pipeline to CloudWatch through the `awsemf` exporter. @default no metrics pipeline: OTLP metrics are refused */
  readonly metrics?: CloudWatchMetricsProps;
  /** Who may send OTLP to the collector. */
  readonly senders: TelemetrySenders;
  /** CIDRs of the AWS API endpoints it writes to (the VPC's interface endpoints), reached on TCP 443 only. */
  readonly awsApiCidrs: readonly string[];
  /** Pods to run. @default 2 */
  readonly replicas?: number;
  /** Requests and limits of the container (requests equal limits). @default 250m CPU, 512Mi memory, 256Mi ephemeral storage */
  readonly resources?: ContainerResources;
  /** Non-zero UID and GID the collector runs as. @default 10001 */
  readonly runAsUser?: number;
}

const DEFAULT_RESOURCES: ContainerResources = { cpu: "250m", memory: "512Mi", ephemeralStorage: "256Mi" };
const CONFIG_DIR = "/etc/otelcol-mcp";
const CONFIG_FILE = "config.yaml";
const HEALTH_PORT = 13133;

/** The exact-match regular expression (RE2) of a list of alternatives. */
function exactly(alternatives: readonly string[]): string {
  return `^(?:${alternatives.map(escapeRegExp).join("|")})$`;
}

/** What the metrics pipeline adds to the configuration: its processors, its `awsemf` exporter and its pipeline. */
function metricsPipeline(region: string, logStreamName: string, metrics: CloudWatchMetricsProps) {
  const resourceAttributes = Object.entries(metrics.resourceAttributes ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  const resourceDimensions = Object.entries(metrics.resourceDimensions ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  const processors: Record<string, unknown> = {
    "filter/metrics": {
      metrics: {
        include: {
          match_type: "strict",
          metric_names: [...metrics.metricNames],
          ...(resourceAttributes.length > 0 ? { resource_attributes: resourceAttributes.map(([key, value]) => ({ key, value })) } : {}),
        },
      },
    },
  };
  if (resourceDimensions.length > 0) {
    processors["resource/metrics"] = { attributes: resourceDimensions.map(([key, attribute]) => ({ key, from_attribute: attribute, action: "upsert" })) };
  }
  const awsemf = {
    region,
    namespace: metrics.namespace,
    log_group_name: metrics.logGroupName,
    log_stream_name: logStreamName,
    dimension_rollup_option: "NoDimensionRollup",
    ...(resourceDimensions.length > 0 ? { resource_to_telemetry_conversion: { enabled: true } } : {}),
    metric_declarations: metrics.dimensionSets.map((set) => ({
      dimensions: [[...set.dimensions]],
      metric_name_selectors: metrics.metricNames.map((name) => exactly([name])),
      ...(set.allowed
        ? { label_matchers: [{ label_names: [...set.allowed.labels], separator: ";", regex: exactly(set.allowed.values.map((tuple) => tuple.join(";"))) }] }
        : {}),
    })),
  };
  return { processors, awsemf, pipelineProcessors: Object.keys(processors) };
}

/**
 * The collector's configuration: OTLP in on the pod's own address (gRPC and HTTP, bounded message size), memory
 * limiter first then batching, traces to AWS X-Ray and OTLP logs to a CloudWatch log group; with `metrics`, the
 * declared metrics of the declared sender to CloudWatch (EMF) with exactly the declared dimension sets, every other
 * metric dropped; no other receiver, exporter or listening port (its own metrics are off).
 */
export function otelCollectorConfig(props: { region: string; logGroupName: string; logStreamName: string; metrics?: CloudWatchMetricsProps }): Record<string, unknown> {
  const processors = ["memory_limiter", "batch"];
  const metrics = props.metrics ? metricsPipeline(props.region, props.logStreamName, props.metrics) : undefined;
  return {
    extensions: { health_check: { endpoint: `\${env:MY_POD_IP}:${HEALTH_PORT}` } },
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: `\${env:MY_POD_IP}:${OTLP_PORTS.grpc}`, max_recv_msg_size_mib: 4 },
          http: { endpoint: `\${env:MY_POD_IP}:${OTLP_PORTS.http}` },
        },
      },
    },
    processors: {
      memory_limiter: { check_interval: "1s", limit_percentage: 80, spike_limit_percentage: 20 },
      batch: { send_batch_size: 512, send_batch_max_size: 1024, timeout: "5s" },
      ...metrics?.processors,
    },
    exporters: {
      awsxray: { region: props.region },
      awscloudwatchlogs: { region: props.region, log_group_name: props.logGroupName, log_stream_name: props.logStreamName },
      ...(metrics ? { awsemf: metrics.awsemf } : {}),
    },
    service: {
      extensions: ["health_check"],
      telemetry: { logs: { level: "info", encoding: "json" }, metrics: { level: "none" } },
      pipelines: {
        traces: { receivers: ["otlp"], processors, exporters: ["awsxray"] },
        logs: { receivers: ["otlp"], processors, exporters: ["awscloudwatchlogs"] },
        ...(metrics ? { metrics: { receivers: ["otlp"], processors: ["memory_limiter", ...metrics.pipelineProcessors, "batch"], exporters: ["awsemf"] } } : {}),
      },
    },
  };
}

/** Refuses a metrics pipeline that would keep nothing, extract nothing, or more than CloudWatch's 10 dimensions. */
function checkMetrics(what: string, metrics: CloudWatchMetricsProps): void {
  if (metrics.metricNames.length === 0) throw new Error(`${what}: metrics.metricNames is empty; name the metrics the pipeline keeps`);
  if (metrics.dimensionSets.length === 0) throw new Error(`${what}: metrics.dimensionSets is empty; declare at least one dimension set`);
  metrics.dimensionSets.forEach((set, index) => {
    if (set.dimensions.length === 0 || set.dimensions.length > 10) throw new Error(`${what}: metrics.dimensionSets[${index}] has ${set.dimensions.length} dimensions; CloudWatch takes 1 to 10`);
    if (set.allowed && (set.allowed.labels.length === 0 || set.allowed.values.some((tuple) => tuple.length !== set.allowed!.labels.length))) {
      throw new Error(`${what}: metrics.dimensionSets[${index}].allowed must name labels and give each value tuple one value per label`);
    }
  });
}

/**
 * The cluster's trace collector (GW-04, LOG-02): an OpenTelemetry Collector Deployment behind a ClusterIP Service
 * with OTLP gRPC (4317) and HTTP (4318), exporting traces to X-Ray and OTLP logs to a CloudWatch log group through
 * EKS Pod Identity. Hardened like an MCP server: non-root UID, read-only root filesystem, every capability dropped,
 * no privilege escalation, `RuntimeDefault` seccomp, no service account token, requests equal limits, a size-limited
 * `/tmp` the only writable path, spread over zones and nodes, a PodDisruptionBudget. Its network: OTLP in only from
 * the sending namespaces, DNS (from the namespace) and the AWS endpoints on 443 and the Pod Identity agent out.
 */
export class OtelCollector extends Construct {
  /** The Deployment's and Service's name. */
  readonly name: string;
  readonly serviceAccount: WorkloadServiceAccount;
  readonly configMap: k8s.KubeConfigMap;
  readonly deployment: k8s.KubeDeployment;
  readonly service: k8s.KubeService;
  readonly networkPolicies: readonly k8s.KubeNetworkPolicy[];
  /** Present when more than one replica runs. */
  readonly disruptionBudget?: DisruptionBudget;
  /** The container's resources. */
  readonly resources: ContainerResources;
  /** Pods run. */
  readonly replicas: number;
  /** The configuration file's text, as the ConfigMap holds it. */
  readonly configText: string;

  constructor(scope: Construct, id: string, props: OtelCollectorProps) {
    super(scope, id);
    const name = props.name ?? "otel-collector";
    const { namespace } = props;
    requireDigestPinnedImage(`OtelCollector ${namespace}/${name}`, props.image);
    if (props.senders.namespaceLabels.length === 0 || props.senders.namespaceLabels.some((labels) => Object.keys(labels).length === 0)) {
      throw new Error(`OtelCollector ${namespace}/${name}: senders must name namespaces by non-empty labels; an empty selector would admit every namespace`);
    }
    if (props.metrics) checkMetrics(`OtelCollector ${namespace}/${name}`, props.metrics);
    if (props.awsApiCidrs.length === 0) throw new Error(`OtelCollector ${namespace}/${name}: awsApiCidrs must name the network of the AWS endpoints`);
    const user = props.runAsUser ?? 10001;
    if (!Number.isInteger(user) || user <= 0) throw new Error(`OtelCollector ${namespace}/${name}: runAsUser must be a positive UID, got ${user}`);
    this.name = name;
    this.replicas = props.replicas ?? 2;
    this.resources = props.resources ?? DEFAULT_RESOURCES;
    const labels = standardLabels(name);
    const selector = selectorLabels(name);

    this.serviceAccount = new WorkloadServiceAccount(this, "service-account", { namespace, name });
    this.configText = stringify(otelCollectorConfig({ region: props.region, logGroupName: props.logGroupName, logStreamName: name, metrics: props.metrics }), { lineWidth: 0, aliasDuplicateObjects: false });
    this.configMap = new k8s.KubeConfigMap(this, "config", { metadata: { name: `${name}-config`, namespace, labels }, data: { [CONFIG_FILE]: this.configText } });

    const quantities = resourceQuantities(this.resources);
    const probe = (periodSeconds: number, failureThreshold: number): k8s.Probe => ({
      httpGet: { path: "/", port: k8s.IntOrString.fromString("health") },
      periodSeconds,
      failureThreshold,
      timeoutSeconds: 2,
    });
    const spread = (topologyKey: string): k8s.TopologySpreadConstraint => ({
      maxSkew: 1,
      topologyKey,
      whenUnsatisfiable: "ScheduleAnyway",
      labelSelector: { matchLabels: { ...selector } },
      matchLabelKeys: ["pod-template-hash"],
    });
    this.deployment = new k8s.KubeDeployment(this, "deployment", {
      metadata: { name, namespace, labels },
      spec: {
        replicas: this.replicas,
        revisionHistoryLimit: 3,
        selector: { matchLabels: { ...selector } },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(1), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
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
            terminationGracePeriodSeconds: 30,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: user,
              runAsGroup: user,
              fsGroup: user,
              fsGroupChangePolicy: "OnRootMismatch",
              seccompProfile: { type: "RuntimeDefault" },
            },
            topologySpreadConstraints: [spread("topology.kubernetes.io/zone"), spread("kubernetes.io/hostname")],
            containers: [
              {
                name,
                image: props.image,
                imagePullPolicy: "IfNotPresent",
                args: [`--config=${CONFIG_DIR}/${CONFIG_FILE}`],
                env: [{ name: "MY_POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } }],
                ports: [
                  { name: "otlp-grpc", containerPort: OTLP_PORTS.grpc, protocol: "TCP" },
                  { name: "otlp-http", containerPort: OTLP_PORTS.http, protocol: "TCP" },
                  { name: "health", containerPort: HEALTH_PORT, protocol: "TCP" },
                ],
                resources: { requests: { ...quantities }, limits: { ...quantities } },
                securityContext: nonRootSecurityContext(user),
                startupProbe: probe(2, 30),
                readinessProbe: probe(5, 3),
                livenessProbe: probe(10, 3),
                volumeMounts: [
                  { name: "config", mountPath: CONFIG_DIR, readOnly: true },
                  { name: "tmp", mountPath: "/tmp" },
                ],
              },
            ],
            volumes: [
              { name: "config", configMap: { name: this.configMap.name } },
              { name: "tmp", emptyDir: { sizeLimit: k8s.Quantity.fromString("64Mi") } },
            ],
          },
        },
      },
    });

    this.service = new k8s.KubeService(this, "service", {
      metadata: { name, namespace, labels },
      spec: {
        type: "ClusterIP",
        selector: { ...selector },
        ports: [
          { name: "otlp-grpc", port: OTLP_PORTS.grpc, targetPort: k8s.IntOrString.fromString("otlp-grpc"), protocol: "TCP", appProtocol: "grpc" },
          { name: "otlp-http", port: OTLP_PORTS.http, targetPort: k8s.IntOrString.fromString("otlp-http"), protocol: "TCP", appProtocol: "http" },
        ],
      },
    });

    const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: "TCP", port: k8s.IntOrString.fromNumber(port) });
    const pods = { matchLabels: { ...selector } };
    this.networkPolicies = [
      new k8s.KubeNetworkPolicy(this, "ingress", {
        metadata: { name: `allow-otlp-ingress-to-${name}`, namespace, labels },
        spec: {
          podSelector: pods,
          policyTypes: ["Ingress"],
          ingress: [
            {
              from: props.senders.namespaceLabels.map((matchLabels) => ({ namespaceSelector: { matchLabels: { ...matchLabels } } })),
              ports: [tcp(OTLP_PORTS.grpc), tcp(OTLP_PORTS.http)],
            },
          ],
        },
      }),
      new k8s.KubeNetworkPolicy(this, "egress", {
        metadata: { name: `allow-${name}-egress-to-aws`, namespace, labels },
        spec: {
          podSelector: pods,
          policyTypes: ["Egress"],
          egress: [
            { to: props.awsApiCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(443)] },
            { to: [{ ipBlock: { cidr: POD_IDENTITY_AGENT.cidr } }], ports: [tcp(POD_IDENTITY_AGENT.port)] },
          ],
        },
      }),
    ];
    if (this.replicas > 1) this.disruptionBudget = new DisruptionBudget(this, "disruption-budget", { namespace, name, selector });
  }
}
