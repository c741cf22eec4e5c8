/**
 * The blueprint's cdk8s constructs: the Kubernetes objects that host MCP servers, hardened by default. Each takes
 * typed props and knows nothing of environments or stacks.
 */
export * from "./access-review-job";
export * from "./admission-policies";
export * from "./agentgateway-config";
export * from "./aws-secret-provider-class";
export * from "./container-hardening";
export * from "./containment-access";
export * from "./disruption-budget";
export * from "./falco-mcp-rules";
export * from "./falco-sensor";
export * from "./fluent-bit-log-shipper";
export * from "./gateway-network-policies";
export * from "./gateway-rate-limit";
export * from "./guard-config";
export * from "./hardened-deployment";
export * from "./keycloak";
export * from "./edge-gateway";
export * from "./keycloak-ingress";
export * from "./mcp-edge-route";
export * from "./keycloak-network-policies";
export * from "./keycloak-realm";
export * from "./labels";
export * from "./mcp-gateway";
export * from "./mcp-guard";
export * from "./mcp-namespace";
export * from "./mcp-server";
export * from "./mesh-authorization";
export * from "./mesh-egress";
export * from "./mesh-mtls";
export * from "./namespace-isolation";
export * from "./namespace-quota";
export * from "./namespace-resource-limits";
export * from "./object-exceptions";
export * from "../../baselines/onboarding";
export * from "./otel-collector";
export * from "./quantity";
export * from "./recovery-access";
export * from "./server-network-policies";
export * from "./server-service";
export * from "./server-traffic-policy";
export * from "./signed-images-policy";
export * from "./store-mesh-egress";
export * from "./workload-priority-class";
export * from "./workload-service-account";
