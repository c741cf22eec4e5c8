/**
 * The cluster's observability agents of one environment (LOG-02, GW-04, HOST-01, HOST-03), as the cdk8s chart
 * `observability` (`dist/k8s/<env>/observability.yaml`):
 * - namespace `mcp-observability`: the Fluent Bit DaemonSet `fluent-bit` shipping every container's log to
 *   `/mcp/<env>/containers`, and the OpenTelemetry Collector `otel-collector` (Service, OTLP 4317/4318) exporting
 *   traces to X-Ray, OTLP logs to `/mcp/<env>/traces` and the MCP guard's metrics to CloudWatch (namespace `MCP/Guard`,
 *   through `/mcp/<env>/guard-metrics`);
 * - namespace `falco`: the Falco DaemonSet `falco` with the MCP rules of this environment (its servers' namespaces,
 *   declared egress and writable paths), alerting as JSON on stdout, which Fluent Bit ships;
 * - in each MCP server's namespace, egress to the collector's OTLP ports.
 * The agents' AWS identities, the traces log group and the Falco alarm are in the environment stack
 * (stacks/observability-aws.ts). What the agents need beyond the MCP pod rules (host paths, UID 0, Falco's
 * capabilities, privileged Pod Security enforcement in their namespaces) is recorded on each object as an accepted
 * exception with its justification, so `check` lists it instead of failing, and never for anything else.
 */
import { App as Cdk8sApp, Chart } from "cdk8s";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import { cidrContains } from "../shared/ipv4-cidr";
import { falcoMcpRules } from "../constructs/k8s/falco-mcp-rules";
import { FalcoSensor } from "../constructs/k8s/falco-sensor";
import { FluentBitLogShipper } from "../constructs/k8s/fluent-bit-log-shipper";
import { selectorLabels, standardLabels, ZONE_LABEL } from "../constructs/k8s/labels";
import { McpNamespace } from "../constructs/k8s/mcp-namespace";
import { NamespaceIsolation } from "../constructs/k8s/namespace-isolation";
import { NamespaceQuota } from "../constructs/k8s/namespace-quota";
import { addObjectException } from "../constructs/k8s/object-exceptions";
import { CloudWatchMetricsProps, OTLP_PORTS, OtelCollector } from "../constructs/k8s/otel-collector";
import { GUARD_SERVICE_NAME } from "../constructs/k8s/guard-config";
import { EnvironmentConfig } from "../environments/schema";
import { isSandboxed } from "./sandbox";
import { GUARD_CLOUDWATCH, GUARD_METRICS } from "../guard/src/config/types";

/** The namespace of the log shipper and the trace collector. */
export const OBSERVABILITY_NAMESPACE = "mcp-observability";
/** The namespace of the runtime sensor. */
export const FALCO_NAMESPACE = "falco";
/** The names of the agents: each is its workload's, container's and service account's name. */
export const AGENTS = { fluentBit: "fluent-bit", otelCollector: "otel-collector", falco: "falco" } as const;
/** The MCP gateway's namespace (agentgateway). */
export const GATEWAY_NAMESPACE = "mcp-gateway";
/** Where Fluent Bit keeps its tail offsets on each node. */
export const FLUENT_BIT_POSITIONS_PATH = "/var/fluent-bit/state";
/** The writable paths of an MCP server's pods (HardenedDeployment mounts `/tmp` only). */
export const SERVER_WRITABLE_PATHS: readonly string[] = ["/tmp"];

/** `/mcp/<env>/containers`: every container's log, shipped by Fluent Bit. */
export function containerLogGroupName(environment: EnvironmentConfig): string {
  return `/mcp/${environment.name}/containers`;
}

/** `/mcp/<env>/traces`: OTLP logs received by the collector (span events, audit records with their trace ids). */
export function traceLogGroupName(environment: EnvironmentConfig): string {
  return `/mcp/${environment.name}/traces`;
}

/** `/mcp/<env>/guard-metrics`: the MCP guard's metrics as embedded metric format records, written by the collector. */
export function guardMetricsLogGroupName(environment: EnvironmentConfig): string {
  return `/mcp/${environment.name}/guard-metrics`;
}

/**
 * The collector's metrics pipeline of an environment (TOOL-09's data): the guard's metrics (`GUARD_METRICS`, sent with
 * `service.name` mcp-guard) to CloudWatch exactly as `GUARD_CLOUDWATCH` says: namespace `MCP/Guard`, names unchanged,
 * `environment` from the resource's `deployment.environment.name`, dimension sets [environment, server] and
 * [environment, server, tool], metrics only for the declared servers and their declared tools (a call naming an
 * unknown tool makes no CloudWatch metric), every other metric dropped.
 */
export function guardCloudWatchMetrics(environment: EnvironmentConfig): CloudWatchMetricsProps {
  const [serverSet, toolSet] = GUARD_CLOUDWATCH.dimensionSets;
  return {
    namespace: GUARD_CLOUDWATCH.namespace,
    logGroupName: guardMetricsLogGroupName(environment),
    metricNames: Object.values(GUARD_METRICS),
    resourceAttributes: { "service.name": GUARD_SERVICE_NAME },
    resourceDimensions: { environment: "deployment.environment.name" },
    dimensionSets: [
      { dimensions: serverSet, allowed: { labels: ["server"], values: environment.mcpServers.map((server) => [server.name]) } },
      { dimensions: toolSet, allowed: { labels: ["server", "tool"], values: environment.mcpServers.flatMap((server) => server.tools.map((tool) => [server.name, tool.name])) } },
    ],
  };
}

/**
 * The cluster's Service range as EKS chooses it when none is configured: 172.20.0.0/16 for a VPC inside
 * 10.0.0.0/8, 10.100.0.0/16 otherwise. MCP servers reach the cluster DNS and in-cluster services at these addresses.
 */
export function eksServiceCidr(vpcCidr: string): string {
  return cidrContains("10.0.0.0/8", vpcCidr) ? "172.20.0.0/16" : "10.100.0.0/16";
}

/** Most nodes at once: the node group's maximum plus the surge of a node group update (one per AZ, twice). */
export function maxNodes(environment: EnvironmentConfig): number {
  return environment.cluster.nodeGroup.maxSize + 2 * environment.azCount;
}

/** Why each agent needs what the MCP pod rules refuse, recorded as accepted exceptions on its objects. */
const JUSTIFICATIONS = {
  observabilityNamespace:
    "Fluent Bit reads the node's container logs through a read-only hostPath of /var/log, which every Pod Security level below privileged refuses. The namespace enforces privileged but audits and warns at restricted, and its ResourceQuota admits only the blueprint's log shipper and trace collector. Accepted in the blueprint's design (issue 6, LOG-02); reviewed with every Fluent Bit upgrade.",
  fluentBitHostPaths:
    "Fluent Bit must read every container's log file on the node: /var/log is mounted read-only; /var/fluent-bit/state is its only writable host path and holds nothing but tail offsets, so a replaced pod neither loses nor re-sends log lines. Accepted in the blueprint's design (issue 6, LOG-02); reviewed with every Fluent Bit upgrade.",
  fluentBitRoot:
    "Container log files on the node are owned by root with mode 0640, so Fluent Bit runs as UID 0, but with every capability dropped, no privilege escalation, a read-only root filesystem and RuntimeDefault seccomp; the hostPaths are those of its ctr-01 exception. Accepted in the blueprint's design (issue 6, LOG-02); reviewed with every Fluent Bit upgrade.",
  falcoNamespace:
    "Falco's modern eBPF driver needs the capabilities BPF, PERFMON, SYS_RESOURCE and SYS_PTRACE and read-only host paths, which every Pod Security level below privileged refuses. The namespace enforces privileged but audits and warns at restricted, holds only the Falco DaemonSet (ResourceQuota) and has no network at all. Accepted in the blueprint's design (issue 6, HOST-01); reviewed with every Falco upgrade.",
  falcoHostPaths:
    "Falco reads the node's /proc (processes of every container), /etc (user and OS names) and the container runtime's socket directory (pod, namespace and image of each event) through read-only hostPath mounts; without them the MCP rules cannot tell which server did what. Accepted in the blueprint's design (issue 6, HOST-01); reviewed with every Falco upgrade.",
  falcoPrivileges:
    "Falco's modern eBPF driver loads kernel probes: it runs as UID 0 with exactly BPF, PERFMON, SYS_RESOURCE and SYS_PTRACE added after dropping ALL (never privileged), under RuntimeDefault seccomp with a read-only root filesystem; the hostPaths are those of its ctr-01 exception. Accepted in the blueprint's design (issue 6, HOST-01, HOST-03); reviewed with every Falco upgrade.",
} as const;

/** The chart of an environment's observability agents. */
export class ObservabilityChart extends Chart {
  readonly fluentBit: FluentBitLogShipper;
  readonly collector: OtelCollector;
  readonly falco: FalcoSensor;

  constructor(scope: Cdk8sApp, id: string, readonly environment: EnvironmentConfig) {
    super(scope, id, { disableResourceNameHashes: true });
    const { observability, region } = environment;
    const podSecurityVersion = `v${environment.cluster.kubernetesVersion}`;
    const awsApiCidrs = [environment.vpcCidr];
    const nodes = maxNodes(environment);

    const observabilityNamespace = new McpNamespace(this, "observability-namespace", {
      name: OBSERVABILITY_NAMESPACE,
      podSecurityVersion,
      zone: "observability",
      podSecurityLevel: "privileged",
      podSecurityAuditLevel: "restricted",
      istioInjection: false,
    });
    new NamespaceIsolation(this, "observability-isolation", { namespace: OBSERVABILITY_NAMESPACE, application: OBSERVABILITY_NAMESPACE });
    this.fluentBit = new FluentBitLogShipper(this, "fluent-bit", {
      namespace: OBSERVABILITY_NAMESPACE,
      name: AGENTS.fluentBit,
      image: observability.fluentBitImage,
      region,
      logGroupName: containerLogGroupName(environment),
      awsApiCidrs,
      positionsHostPath: FLUENT_BIT_POSITIONS_PATH,
    });
    this.collector = new OtelCollector(this, "otel-collector", {
      namespace: OBSERVABILITY_NAMESPACE,
      name: AGENTS.otelCollector,
      image: observability.otelCollectorImage,
      region,
      logGroupName: traceLogGroupName(environment),
      metrics: guardCloudWatchMetrics(environment),
      senders: { namespaceLabels: [{ [ZONE_LABEL]: "mcp" }, { [ZONE_LABEL]: "gateway" }] },
      awsApiCidrs,
    });
    new NamespaceQuota(this, "observability-quota", {
      namespace: OBSERVABILITY_NAMESPACE,
      application: OBSERVABILITY_NAMESPACE,
      workloads: [
        { containers: [this.fluentBit.resources], maxPods: nodes },
        { containers: [this.collector.resources], maxPods: this.collector.replicas + 1 },
      ],
    });

    const falcoNamespace = new McpNamespace(this, "falco-namespace", {
      name: FALCO_NAMESPACE,
      podSecurityVersion,
      zone: "runtime-security",
      podSecurityLevel: "privileged",
      podSecurityAuditLevel: "restricted",
      istioInjection: false,
    });
    new NamespaceIsolation(this, "falco-isolation", { namespace: FALCO_NAMESPACE, application: FALCO_NAMESPACE, dns: false });
    this.falco = new FalcoSensor(this, "falco", {
      namespace: FALCO_NAMESPACE,
      name: AGENTS.falco,
      image: observability.falcoImage,
      rules: falcoMcpRules({
        servers: environment.mcpServers.map((server) => ({ namespace: server.name, egressDomains: server.egressDomains, kubernetesApiAccess: server.kubernetesApiAccess ?? false, processes: server.processes ?? [], sandbox: isSandboxed(server) })),
        gatewayNamespaces: [GATEWAY_NAMESPACE],
        internalCidrs: [environment.vpcCidr, eksServiceCidr(environment.vpcCidr)],
        writablePaths: SERVER_WRITABLE_PATHS,
      }),
    });
    new NamespaceQuota(this, "falco-quota", { namespace: FALCO_NAMESPACE, application: FALCO_NAMESPACE, workloads: [{ containers: [this.falco.resources], maxPods: nodes }] });

    for (const server of environment.mcpServers) {
      new k8s.KubeNetworkPolicy(this, `${server.name}-to-otel-collector`, {
        metadata: { name: `allow-egress-to-${AGENTS.otelCollector}`, namespace: server.name, labels: standardLabels(server.name) },
        spec: {
          podSelector: { matchLabels: selectorLabels(server.name) },
          policyTypes: ["Egress"],
          egress: [
            {
              to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": OBSERVABILITY_NAMESPACE } }, podSelector: { matchLabels: selectorLabels(AGENTS.otelCollector) } }],
              ports: [OTLP_PORTS.grpc, OTLP_PORTS.http].map((port) => ({ protocol: "TCP", port: k8s.IntOrString.fromNumber(port) })),
            },
          ],
        },
      });
    }

    addObjectException(observabilityNamespace.namespace, { rule: "ctr-00-pod-security-restricted", justification: JUSTIFICATIONS.observabilityNamespace });
    addObjectException(this.fluentBit.daemonSet, { rule: "ctr-01-read-only-root", justification: JUSTIFICATIONS.fluentBitHostPaths });
    addObjectException(this.fluentBit.daemonSet, { rule: "ctr-02-no-privileges", justification: JUSTIFICATIONS.fluentBitRoot });
    addObjectException(falcoNamespace.namespace, { rule: "ctr-00-pod-security-restricted", justification: JUSTIFICATIONS.falcoNamespace });
    addObjectException(this.falco.daemonSet, { rule: "ctr-01-read-only-root", justification: JUSTIFICATIONS.falcoHostPaths });
    addObjectException(this.falco.daemonSet, { rule: "ctr-02-no-privileges", justification: JUSTIFICATIONS.falcoPrivileges });
  }
}

/** Adds the chart `observability` to an environment's cdk8s app. */
export function addObservability(app: Cdk8sApp, environment: EnvironmentConfig): ObservabilityChart {
  return new ObservabilityChart(app, "observability", environment);
}
