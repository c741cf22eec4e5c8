/**
 * The network tiers of an MCP environment's VPC, and the tag that marks each resource's tier.
 * Policy rules read the tag from the synthesized plan, so it is part of the output contract; the tiers and which of
 * them are private are the segmentation baseline of NET-01 and PUB-06.
 */

/** The tag key naming the tier of subnets, route tables, NACLs and security groups. */
export const TIER_TAG = "mcp:tier";

/**
 * - `edge`: internet-facing load balancers and NAT gateways only.
 * - `mcp`: the MCP security zone: Kubernetes nodes running MCP servers and the gateway.
 * - `admin`: bastion and administration endpoints.
 * - `data`: data stores and AWS service interface endpoints.
 * - `firewall`: the egress firewall's endpoints only: no hosts, no security group, no internet gateway route (it
 *   reaches the internet through the NAT gateways).
 */
export type NetworkTier = "edge" | "mcp" | "admin" | "data" | "firewall";

/** The tiers that hold hosts, load balancers or interface endpoints; each has its own security group. */
export type WorkloadTier = Exclude<NetworkTier, "firewall">;

/** Every tier, in allocation order. */
export const NETWORK_TIERS: readonly NetworkTier[] = ["edge", "mcp", "admin", "data", "firewall"];

/** Every workload tier: the tiers every VPC must have, each with a security group. */
export const WORKLOAD_TIERS: readonly WorkloadTier[] = ["edge", "mcp", "admin", "data"];

/** Tiers that never get a route to an internet gateway: every tier but `edge`. */
export const PRIVATE_TIERS: readonly NetworkTier[] = ["mcp", "admin", "data", "firewall"];

/** Private tiers that hold workloads or interface endpoints: the private tiers without `firewall`. */
export const PRIVATE_WORKLOAD_TIERS: readonly WorkloadTier[] = ["mcp", "admin", "data"];
