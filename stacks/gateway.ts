/**
 * The MCP-aware gateway of an environment: the cdk8s chart `gateway` (written to `dist/k8s/<env>/gateway.yaml` and
 * applied by the workloads stack), holding agentgateway, its generated configuration and its rate-limit service.
 */
import { App as Cdk8sApp, Chart } from "cdk8s";
import { McpGateway, McpGatewayProps } from "../constructs/k8s/mcp-gateway";
import { selectorLabels } from "../constructs/k8s/labels";
import { WorkloadPriorityClass } from "../constructs/k8s/workload-priority-class";
import { serverAudience } from "../environments/gateway-checks";
import { EnvironmentConfig } from "../environments/schema";
import { MCP_NODE_LABEL } from "./compute";

/** The path every MCP server serves Streamable HTTP on: the blueprint's convention for server images. */
export const SERVER_MCP_PATH = "/mcp";

/** The OpenTelemetry collector's OTLP gRPC address. */
export const OTEL_COLLECTOR_ENDPOINT = "otel-collector.mcp-observability.svc.cluster.local:4317";

/** The PriorityClass of the gateway's pods: above MCP servers, so the entry point is scheduled first. */
export const GATEWAY_PRIORITY_CLASS = "mcp-gateway";

/** The gateway's props from an environment: one route per server, everything else from `gateway` and `edge`. */
export function gatewayProps(environment: EnvironmentConfig): Omit<McpGatewayProps, "priorityClassName" | "nodeSelector"> {
  const { edge, gateway } = environment;
  return {
    image: gateway.image,
    rateLimitImage: gateway.rateLimitImage,
    rateLimitStoreImage: gateway.rateLimitStoreImage,
    rateLimitDomain: `mcp-${environment.name}`,
    resources: gateway.resources,
    replicas: environment.azCount,
    podSecurityVersion: `v${environment.cluster.kubernetesVersion}`,
    hostname: edge.domain,
    issuer: gateway.jwt.issuer,
    jwksUrl: gateway.jwt.jwksUrl,
    allowedOrigins: edge.allowedOrigins,
    servers: environment.mcpServers.map((server) => ({
      server: server.name,
      path: `${edge.mcpPathPrefix}/${server.name}`,
      namespace: server.name,
      podLabels: selectorLabels(server.name),
      host: `${server.name}.${server.name}.svc.cluster.local`,
      port: server.port,
      upstreamPath: SERVER_MCP_PATH,
      resource: `https://${edge.domain}${edge.mcpPathPrefix}/${server.name}`,
      audience: serverAudience(environment, server),
      tools: server.tools,
      requestsPerUserPerMinute: server.quota.requestsPerMinute,
    })),
    rateLimits: gateway.rateLimits,
    tracing: {
      endpoint: OTEL_COLLECTOR_ENDPOINT,
      sampling: gateway.traceSampling,
      resource: { "service.name": "agentgateway", "deployment.environment": environment.name },
    },
    internalCidrs: [environment.vpcCidr],
  };
}

/** Adds the environment's `gateway` chart to its cdk8s app and returns the gateway. */
export function addGateway(app: Cdk8sApp, environment: EnvironmentConfig): McpGateway {
  const chart = new Chart(app, "gateway", { disableResourceNameHashes: true });
  const priorityClass = new WorkloadPriorityClass(chart, "priority-class", {
    name: GATEWAY_PRIORITY_CLASS,
    value: 2000,
    description: "The MCP gateway and its rate-limit service: scheduled before MCP servers, never preempting.",
  });
  return new McpGateway(chart, "gateway", { ...gatewayProps(environment), priorityClassName: priorityClass.name, nodeSelector: { ...MCP_NODE_LABEL } });
}
