/**
 * The MCP-aware gateway of an environment: the cdk8s chart `gateway` (written to `dist/k8s/<env>/gateway.yaml` and
 * applied by the workloads stack), holding agentgateway, its generated configuration and its rate-limit service.
 */
import { App as Cdk8sApp, Chart } from "cdk8s";
import { McpGateway, McpGatewayProps } from "../constructs/k8s/mcp-gateway";
import { selectorLabels } from "../constructs/k8s/labels";
import { addObjectException } from "../constructs/k8s/object-exceptions";
import { WorkloadPriorityClass } from "../constructs/k8s/workload-priority-class";
import { GuardConfig } from "../guard/src/config/types";
import { approvedToolLocks } from "../environments/approved-tools";
import { guardConfig } from "../constructs/k8s/guard-config";
import { KEYCLOAK_NAMES } from "../constructs/k8s/keycloak";
import { OTLP_PORTS } from "../constructs/k8s/otel-collector";
import { serverAudience } from "../environments/gateway-checks";
import { EnvironmentConfig } from "../environments/schema";
import { MCP_NODE_LABEL } from "./compute";
import { REDIS_PORT } from "../constructs/guard-store";
import { GUARD_SECRETS_DIR, GUARD_STORE_FILES } from "../constructs/k8s/mcp-guard";
import { tierSubnetCidrs } from "../constructs/mcp-network";
import { guardStoreSecretNames } from "./guard-store-aws";
import { environmentGuardAuth } from "./identity";

/** Where the guard finds its shared store: its host name and AUTH token in files mounted from Secrets Manager, TLS on the Redis port. */
export const GUARD_STORE_CONFIG = {
  hostFile: `${GUARD_SECRETS_DIR}/${GUARD_STORE_FILES.host}`,
  port: REDIS_PORT,
  tls: true,
  passwordFile: `${GUARD_SECRETS_DIR}/${GUARD_STORE_FILES.token}`,
} as const;

/** Keycloak's pods, where the guard fetches the realm's keys. */
const KEYCLOAK_PODS = { namespaceLabels: { "kubernetes.io/metadata.name": KEYCLOAK_NAMES.namespace }, podLabels: selectorLabels(KEYCLOAK_NAMES.name) };

/** The path every MCP server serves Streamable HTTP on: the blueprint's convention for server images. */
export const SERVER_MCP_PATH = "/mcp";

/** The OpenTelemetry collector's OTLP gRPC address. */
export const OTEL_COLLECTOR_ENDPOINT = "otel-collector.mcp-observability.svc.cluster.local:4317";

/** The PriorityClass of the gateway's pods: above MCP servers, so the entry point is scheduled first. */
export const GATEWAY_PRIORITY_CLASS = "mcp-gateway";

/** The collector's OTLP/HTTP endpoint, where the guard exports its metrics. */
export const OTEL_COLLECTOR_HTTP_ENDPOINT = `http://otel-collector.mcp-observability.svc.cluster.local:${OTLP_PORTS.http}`;

/**
 * The guard's configuration of an environment: each server's approved tools from its lock file (read and checked
 * again: a lock that changed since validation is refused), with the scopes, constraints, sinks and overrides its
 * `tools[]` entry declares, and the server's guard mode and DLP settings.
 */
export function environmentGuardConfig(environment: EnvironmentConfig): GuardConfig {
  const locks = approvedToolLocks(environment);
  return guardConfig({
    environment: environment.name,
    limits: { maxRequestBytes: environment.edge.maxRequestBodyBytes },
    otlpEndpoint: OTEL_COLLECTOR_HTTP_ENDPOINT,
    auth: { ...environmentGuardAuth(environment), store: GUARD_STORE_CONFIG },
    servers: environment.mcpServers.map((server) => {
      const lock = locks.get(server.name)!;
      return {
        name: server.name,
        mode: server.guard?.mode,
        dlpMode: server.guard?.dlp?.mode,
        maxResultBytes: server.guard?.dlp?.maxResultBytes,
        tools: server.tools.map((tool) => {
          const approved = lock.tools.find((entry) => entry.definition.name === tool.name)!;
          return { definition: approved.definition, pin: approved.pin, scopes: tool.scopes, constraints: tool.constraints, sinks: tool.sinks, overrides: tool.overrides, sensitive: tool.sensitive, jit: tool.jit };
        }),
      };
    }),
  });
}

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
    guard: {
      image: gateway.guardImage,
      config: environmentGuardConfig(environment),
      ...(environment.identity !== undefined ? { keySource: { pods: KEYCLOAK_PODS, port: KEYCLOAK_NAMES.port } } : {}),
      store: {
        region: environment.region,
        hostSecretName: guardStoreSecretNames(environment).host,
        tokenSecretName: guardStoreSecretNames(environment).token,
        cidrs: tierSubnetCidrs(environment.vpcCidr, "data", environment.azCount),
        port: REDIS_PORT,
      },
    },
  };
}

/** The rule that reports a server whose guard only reports: accepted on the guard's ConfigMap with the servers' justifications. */
export const GUARD_REPORT_MODE_RULE = "io-00-guard-enforce-mode";

/**
 * Adds the environment's `gateway` chart to its cdk8s app and returns the gateway. A server in guard report mode is
 * recorded as an accepted exception of {@link GUARD_REPORT_MODE_RULE} on the guard's ConfigMap, with its
 * justification, so `check` lists it next to what it weakens.
 */
export function addGateway(app: Cdk8sApp, environment: EnvironmentConfig): McpGateway {
  const chart = new Chart(app, "gateway", { disableResourceNameHashes: true });
  const priorityClass = new WorkloadPriorityClass(chart, "priority-class", {
    name: GATEWAY_PRIORITY_CLASS,
    value: 2000,
    description: "The MCP gateway and its rate-limit service: scheduled before MCP servers, never preempting.",
  });
  const gateway = new McpGateway(chart, "gateway", { ...gatewayProps(environment), priorityClassName: priorityClass.name, nodeSelector: { ...MCP_NODE_LABEL } });
  const reporting = environment.mcpServers.filter((server) => server.guard?.mode === "report");
  if (reporting.length > 0) {
    addObjectException(gateway.guard.configMap, {
      rule: GUARD_REPORT_MODE_RULE,
      justification: reporting.map((server) => `${server.name}: ${server.guard?.reportJustification ?? ""}`).join("; "),
    });
  }
  return gateway;
}
