import { destinationOf, firewallEndpointTarget, natGatewayTarget, routesOf, servedTiers, subnetsOfTable, targetOf } from "../network-firewall";
import { isInternet, resolveReference, stackResources, TerraformResource, tierOf, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

function zonesOf(subnets: readonly TerraformResource[]): string[] {
  return [...new Set(subnets.map((subnet) => String(subnet.values["availability_zone"])))];
}

/** Every route of an mcp-tier table leaves through a firewall endpoint of the table's own zone. */
function checkMcpTables(stack: StackArtifact, tables: readonly TerraformResource[]): Violation[] {
  return tables.flatMap((table) => {
    const zones = zonesOf(subnetsOfTable(stack, table).filter((subnet) => tierOf(subnet) === "mcp"));
    return routesOf(stack, table).flatMap(({ declaredBy, values }) => {
      const endpoint = firewallEndpointTarget(stack, values);
      if (!endpoint) return [violation(declaredBy, `routes ${destinationOf(values)} of the mcp tier (${table.address}) to ${targetOf(values)}, around the egress firewall`)];
      if (zones.length > 0 && !zones.includes(endpoint.availabilityZone)) {
        return [violation(declaredBy, `routes ${destinationOf(values)} of the mcp tier in ${zones.join(", ")} to the firewall endpoint of ${endpoint.availabilityZone}: use the endpoint of the same zone, or the return path is asymmetric`)];
      }
      return [];
    });
  });
}

/** Every firewall-tier table sends the internet to a NAT gateway. */
function checkFirewallTables(stack: StackArtifact, tables: readonly TerraformResource[]): Violation[] {
  return tables.flatMap((table) =>
    routesOf(stack, table).some(({ values }) => isInternet(values["destination_cidr_block"]) && natGatewayTarget(stack, values))
      ? []
      : [violation(table, "the firewall tier's route table has no 0.0.0.0/0 route to a NAT gateway")],
  );
}

/** mcp subnets whose route table sends the internet somewhere: their return traffic must come back through the firewall. */
function egressingMcpSubnets(stack: StackArtifact, mcpTables: readonly TerraformResource[]): TerraformResource[] {
  return mcpTables
    .filter((table) => routesOf(stack, table).some(({ values }) => isInternet(values["destination_cidr_block"])))
    .flatMap((table) => subnetsOfTable(stack, table).filter((subnet) => tierOf(subnet) === "mcp"));
}

/** Each NAT gateway's route table routes every egressing mcp subnet back through the firewall endpoint of that subnet's zone. */
function checkNatReturnRoutes(stack: StackArtifact, mcpSubnets: readonly TerraformResource[]): Violation[] {
  const findings: Violation[] = [];
  for (const nat of stackResources(stack, "aws_nat_gateway")) {
    const natSubnet = resolveReference(stack, nat.values["subnet_id"]);
    const tables = stackResources(stack, "aws_route_table").filter((table) => subnetsOfTable(stack, table).some((subnet) => subnet.address === natSubnet?.address));
    const routes = tables.flatMap((table) => routesOf(stack, table));
    for (const subnet of mcpSubnets.filter((candidate) => candidate.values["vpc_id"] === natSubnet?.values["vpc_id"])) {
      const cidr = subnet.values["cidr_block"];
      const zone = String(subnet.values["availability_zone"]);
      const returns = routes.filter(({ values }) => values["destination_cidr_block"] === cidr);
      if (!returns.some(({ values }) => firewallEndpointTarget(stack, values)?.availabilityZone === zone)) {
        findings.push(violation(nat, `return traffic to mcp subnet ${subnet.address} (${String(cidr)}) is not routed through the firewall endpoint of ${zone}: its route table needs ${String(cidr)} → that endpoint`));
      }
    }
  }
  return findings;
}

/**
 * The mcp tier reaches the internet only through the egress firewall, in both directions (PUB-06, PUB-07, NET-01):
 * every route of an mcp-tier route table targets the firewall endpoint of its own zone; the firewall tier's tables
 * send the internet to NAT; and the route table of every NAT gateway's subnet sends each egressing mcp subnet's
 * return traffic back through the endpoint of that subnet's zone (Network Firewall drops asymmetric flows).
 */
const rule: Rule = {
  id: "pub-06-mcp-egress-through-firewall",
  controls: ["PUB-06", "PUB-07", "NET-01"],
  severity: "critical",
  description: "mcp-tier routes target the firewall endpoint of their zone, firewall subnets route to NAT, and NAT's return routes to mcp subnets go through the firewall.",
  remediation: "Keep McpNetwork's default mcpEgress \"firewall\" and call network.routeEgressThroughFirewall(firewall.endpointIds) with an EgressFirewall; never route the mcp tier to NAT, an internet gateway or a peering directly.",
  check: (artifacts) =>
    artifacts.stacks.flatMap((stack) => {
      const tables = stackResources(stack, "aws_route_table");
      const mcpTables = tables.filter((table) => servedTiers(stack, table).includes("mcp"));
      const firewallTables = tables.filter((table) => servedTiers(stack, table).includes("firewall"));
      return [...checkMcpTables(stack, mcpTables), ...checkFirewallTables(stack, firewallTables), ...checkNatReturnRoutes(stack, egressingMcpSubnets(stack, mcpTables))];
    }),
};

export default rule;
