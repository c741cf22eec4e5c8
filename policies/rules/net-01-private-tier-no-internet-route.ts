import { PRIVATE_TIERS } from "../../baselines/network-tier";
import { Attributes, blocks, resolveReference, resources, stackOf, TerraformResource, tierOf, violation } from "../terraform";
import { Artifacts, Rule, Violation } from "../types";

/** The tiers a route table serves: its own tag and the tags of the subnets associated with it. */
function servedTiers(artifacts: Artifacts, table: TerraformResource): string[] {
  const stack = stackOf(artifacts, table);
  const associated = resources(artifacts, "aws_route_table_association")
    .filter((association) => association.stack === table.stack && resolveReference(stack, association.values["route_table_id"])?.address === table.address)
    .map((association) => resolveReference(stack, association.values["subnet_id"]))
    .flatMap((subnet) => (subnet ? [tierOf(subnet)] : []));
  return [tierOf(table), ...associated].filter((tier): tier is string => tier !== undefined);
}

function targetsInternetGateway(artifacts: Artifacts, owner: TerraformResource, route: Attributes): boolean {
  const gateway = resolveReference(stackOf(artifacts, owner), route["gateway_id"]);
  return gateway?.type === "aws_internet_gateway" || String(route["gateway_id"] ?? "").startsWith("igw-");
}

/**
 * Private tiers (mcp, admin, data, firewall) have no route to an internet gateway: the mcp tier leaves through the
 * egress firewall, and the firewall through NAT (NET-01).
 */
const rule: Rule = {
  id: "net-01-private-tier-no-internet-route",
  controls: ["NET-01", "ISO-01"],
  severity: "critical",
  description: "No route table of the mcp, admin, data or firewall tier routes to an internet gateway.",
  remediation: "Remove the internet gateway route; send MCP-tier egress through the NAT gateway behind the egress firewall.",
  check: (artifacts) => {
    const findings: Violation[] = [];
    for (const table of resources(artifacts, "aws_route_table")) {
      const privateTiers = servedTiers(artifacts, table).filter((tier) => (PRIVATE_TIERS as readonly string[]).includes(tier));
      if (privateTiers.length === 0) continue;
      const stack = stackOf(artifacts, table);
      const routes = [
        ...blocks(table.values["route"]).map((route) => ({ owner: table, route })),
        ...resources(artifacts, "aws_route")
          .filter((route) => route.stack === table.stack && resolveReference(stack, route.values["route_table_id"])?.address === table.address)
          .map((route) => ({ owner: route, route: route.values })),
      ];
      for (const { owner, route } of routes) {
        if (targetsInternetGateway(artifacts, owner, route)) {
          findings.push(violation(owner, `routes ${String(route["destination_cidr_block"] ?? route["cidr_block"] ?? "?")} of the ${privateTiers[0]} tier (${table.address}) to an internet gateway`));
        }
      }
    }
    return findings;
  },
};

export default rule;
