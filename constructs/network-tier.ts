/**
 * The network tiers of an MCP environment's VPC, and the tag that marks each resource's tier.
 * Policy rules read the tag from the synthesized plan, so it is part of the output contract.
 */

/** The tag key naming the tier of subnets, route tables, NACLs and security groups. */
export const TIER_TAG = "mcp:tier";

/**
 * - `edge`: internet-facing load balancers and NAT gateways only.
 * - `mcp`: the MCP security zone: Kubernetes nodes running MCP servers and the gateway.
 * - `admin`: bastion and administration endpoints.
 * - `data`: data stores and AWS service interface endpoints.
 */
export type NetworkTier = "edge" | "mcp" | "admin" | "data";

/** Every tier, in allocation order. */
export const NETWORK_TIERS: readonly NetworkTier[] = ["edge", "mcp", "admin", "data"];

/** Tiers that never get a route to an internet gateway. */
export const PRIVATE_TIERS: readonly NetworkTier[] = ["mcp", "admin", "data"];
