import { gatewayConfigs } from "../gateway";
import { kubernetesViolation, record } from "../kubernetes";
import { Rule } from "../types";

/** Whether a sampling setting traces some requests: a number above 0, true, or a numeric string above 0. */
function samples(value: unknown): boolean {
  if (value === true) return true;
  if (typeof value === "number") return value > 0;
  if (typeof value === "string") return value.trim() === "true" || Number(value) > 0;
  return false;
}

/**
 * The gateway traces requests with OpenTelemetry (GW-04): its configuration exports traces over OTLP gRPC to an
 * in-cluster collector (`frontendPolicies.tracing.host`, or `config.tracing.otlpEndpoint`) and samples a share above 0.
 */
const rule: Rule = {
  id: "gw-04-gateway-tracing",
  controls: ["GW-04"],
  severity: "medium",
  description: "Every gateway configuration exports traces to an in-cluster OpenTelemetry collector with random sampling above 0.",
  remediation: "Set frontendPolicies.tracing { host: otel-collector.mcp-observability.svc.cluster.local:4317, protocol: grpc, randomSampling: <share> } (the McpGateway construct does).",
  check: (artifacts) =>
    gatewayConfigs(artifacts).flatMap(({ configMap, workload, config, problem }) => {
      if (problem !== undefined || !config) return [kubernetesViolation(workload, `the MCP gateway ${problem ?? "has no configuration"}, so it traces nothing`)];
      const frontend = record(record(config["frontendPolicies"])?.["tracing"]);
      const global = record(record(config["config"])?.["tracing"]);
      const endpoint = frontend?.["host"] ?? global?.["otlpEndpoint"];
      const where = configMap ?? workload;
      if (typeof endpoint !== "string" || !/\.svc(\.cluster\.local)?(:\d+)?$/.test(endpoint.replace(/^https?:\/\//, "").replace(/\/.*$/, ""))) {
        return [kubernetesViolation(where, `exports no traces to an in-cluster OpenTelemetry collector (tracing endpoint ${JSON.stringify(endpoint ?? null)})`)];
      }
      const sampling = frontend?.["randomSampling"] ?? global?.["randomSampling"];
      return samples(sampling) ? [] : [kubernetesViolation(where, `samples no request (randomSampling ${JSON.stringify(sampling ?? null)}): set a share above 0`)];
    }),
};

export default rule;
