/**
 * The blueprint's cdk8s constructs: the Kubernetes objects that host MCP servers, hardened by default. Each takes
 * typed props and knows nothing of environments or stacks.
 */
export * from "./aws-secret-provider-class";
export * from "./disruption-budget";
export * from "./hardened-deployment";
export * from "./labels";
export * from "./mcp-namespace";
export * from "./mcp-server";
export * from "./namespace-resource-limits";
export * from "./quantity";
export * from "./server-network-policies";
export * from "./server-service";
export * from "./workload-priority-class";
export * from "./workload-service-account";
