import { AGENT_IMAGES, isAgentImage } from "../agent-images";
import { kubernetesViolation, objects, record, records, serviceSelects } from "../kubernetes";
import { AgentWorkload, agentWorkloads, componentIds as ids, componentType, environmentStack, loadedFile, mountedFiles, parseYaml, podIdentityGrants, serverNamespacesByGroup } from "../observability";
import { Artifacts, Rule, Violation } from "../types";

/** Images of OpenTelemetry Collector distributions. */
/** The OTLP ports: gRPC and HTTP. */
const OTLP_PORTS = [4317, 4318];
/** Exporters that deliver nothing anywhere. */
const NON_EXPORTERS = ["debug", "logging", "nop"];

/** What is wrong with a collector's configuration: it must run a traces pipeline from OTLP, memory-limited and batched, to a real exporter. */
function configProblems(text: string): string[] {
  const config = record(parseYaml(text));
  const traces = record(record(record(config?.["service"])?.["pipelines"])?.["traces"]);
  if (!config || !traces) return ["its configuration has no traces pipeline (service.pipelines.traces)"];
  const problems: string[] = [];
  const defined = (section: string, id: string) => record(config[section]) !== undefined && id in (record(config[section]) as Record<string, unknown>);
  const receivers = ids(traces["receivers"]);
  const otlp = receivers.find((id) => componentType(id) === "otlp" && defined("receivers", id));
  if (!otlp) problems.push("its traces pipeline receives no OTLP (a defined otlp receiver)");
  else {
    const protocols = record(record(record(config["receivers"])?.[otlp])?.["protocols"]) ?? {};
    for (const protocol of ["grpc", "http"]) if (!(protocol in protocols)) problems.push(`its OTLP receiver does not accept ${protocol}`);
  }
  const processors = ids(traces["processors"]);
  if (processors.length === 0 || componentType(processors[0]) !== "memory_limiter" || !defined("processors", processors[0])) {
    problems.push("its traces pipeline does not start with a defined memory_limiter processor, so a burst of spans can exhaust its memory");
  }
  if (!processors.some((id) => componentType(id) === "batch" && defined("processors", id))) problems.push("its traces pipeline has no defined batch processor");
  const exporters = ids(traces["exporters"]);
  const real = exporters.filter((id) => defined("exporters", id) && !NON_EXPORTERS.includes(componentType(id)));
  if (real.length === 0) problems.push(`its traces pipeline exports nowhere (no defined exporter other than ${NON_EXPORTERS.join(", ")})`);
  return problems;
}

/** What is wrong with one collector Deployment: its config, its Service, its ingress and its AWS identity. */
function collectorProblems(artifacts: Artifacts, collector: AgentWorkload): string[] {
  const problems: string[] = [];
  const config = loadedFile(mountedFiles(artifacts, collector), collector.container);
  if (!config) problems.push("loads no configuration file from a ConfigMap (--config=<mounted file>)");
  else problems.push(...configProblems(config.text));

  const { group } = collector.item;
  const namespace = collector.item.object.metadata.namespace;
  const podLabels = record(record(collector.template["metadata"])?.["labels"]) ?? {};
  const inNamespace = (kind: string) => objects(artifacts, kind).filter((item) => item.group === group && item.object.metadata.namespace === namespace);
  const services = inNamespace("Service").filter((service) => serviceSelects(record(service.object["spec"])?.["selector"], podLabels));
  const served = new Set(services.flatMap((service) => records(record(service.object["spec"])?.["ports"]).map((port) => Number(port["port"]))));
  const missing = OTLP_PORTS.filter((port) => !served.has(port));
  if (missing.length > 0) problems.push(`no Service in ${String(namespace)} exposes it on OTLP port${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);

  for (const policy of inNamespace("NetworkPolicy")) {
    const spec = record(policy.object["spec"]) ?? {};
    const podSelector = record(spec["podSelector"]);
    const matchLabels = record(podSelector?.["matchLabels"]) ?? {};
    if (Object.keys(matchLabels).length > 0 && !serviceSelects(matchLabels, podLabels)) continue;
    records(spec["ingress"]).forEach((rule, index) => {
      const ports = records(rule["ports"]).map((port) => Number(port["port"]));
      if (ports.length === 0 || ports.some((port) => !OTLP_PORTS.includes(port))) {
        problems.push(`NetworkPolicy ${policy.object.metadata.name} ingress rule ${index} admits ${ports.length === 0 ? "every port" : `ports ${ports.join(", ")}`}, not only OTLP ${OTLP_PORTS.join(" and ")}`);
      }
    });
  }

  const stack = environmentStack(artifacts, group);
  const serviceAccount = String(collector.spec["serviceAccountName"] ?? "default");
  if (stack && !podIdentityGrants(stack, String(namespace), serviceAccount).association) {
    problems.push(`service account ${String(namespace)}/${serviceAccount} has no EKS Pod Identity association in stack ${stack.name}, so it cannot export to AWS`);
  }
  return problems;
}

/**
 * Every cluster that hosts MCP servers runs a trace collector for the gateway and the servers (GW-04): an
 * OpenTelemetry Collector Deployment whose loaded configuration has a traces pipeline from an OTLP receiver (gRPC
 * and HTTP), starting with a memory limiter and batching, to at least one real exporter; a Service exposing OTLP on
 * 4317 and 4318; NetworkPolicies admitting nothing but those ports; and an EKS Pod Identity association for its
 * exporter's credentials.
 */
const rule: Rule = {
  id: "gw-04-trace-collector",
  controls: ["GW-04"],
  severity: "medium",
  description:
    "A cluster with MCP servers runs an OpenTelemetry Collector Deployment: loaded config with service.pipelines.traces (otlp grpc+http → memory_limiter first, batch → a real exporter), a Service on 4317 and 4318, ingress only on those ports, a Pod Identity association.",
  remediation:
    `Deploy the OtelCollector construct (stacks/observability.ts does) with an image whose repository name is one of ${AGENT_IMAGES.otelCollector.repositories.join(", ")} (the rule finds the collector by it), and give its service account a Pod Identity role (X-Ray and its log group).`,
  check: (artifacts) =>
    [...serverNamespacesByGroup(artifacts)].flatMap(([group, namespaces]): Violation[] => {
      const collectors = agentWorkloads(artifacts, group, (name) => isAgentImage("otelCollector", name)).filter((workload) => workload.item.object.kind === "Deployment");
      if (collectors.length === 0) return namespaces.map((namespace) => kubernetesViolation(namespace, "no OpenTelemetry Collector Deployment (a container whose image repository is a collector distribution's) receives this MCP server's traces"));
      return collectors.flatMap((collector) => collectorProblems(artifacts, collector).map((problem) => kubernetesViolation(collector.item, problem)));
    }),
};

export default rule;
