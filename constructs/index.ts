/**
 * The mcp-hardening construct library: hardened-by-default CDKTF constructs for hosting MCP servers on AWS.
 * Each construct takes typed props and knows nothing of environments, stacks or the command line.
 */
export * from "./encrypted-log-group";
export * from "./environment-key";
export * from "./ipv4-cidr";
export * from "./mcp-network";
export * from "./network-tier";
export * from "./policy-document";
export * from "./policy-exception";
export * from "./tier-network-acl";
export * from "./tier-security-groups";
export * from "./vpc-endpoints";
export * from "./vpc-flow-log";
