import { NETWORK_TIERS, WORKLOAD_TIERS } from "../../baselines/network-tier";
import { referencedAddress, resolveReference, resources, stackOf, TerraformResource, tierOf, violation } from "../terraform";
import { Artifacts, Rule, Violation } from "../types";

const MIN_AZS = 2;

function aclsOf(artifacts: Artifacts, subnet: TerraformResource): TerraformResource[] {
  const stack = stackOf(artifacts, subnet);
  const inline = resources(artifacts, "aws_network_acl").filter(
    (acl) => acl.stack === subnet.stack && Array.isArray(acl.values["subnet_ids"]) && (acl.values["subnet_ids"] as unknown[]).some((id) => referencedAddress(id) === subnet.address),
  );
  const associated = resources(artifacts, "aws_network_acl_association")
    .filter((association) => association.stack === subnet.stack && referencedAddress(association.values["subnet_id"]) === subnet.address)
    .flatMap((association) => resolveReference(stack, association.values["network_acl_id"]) ?? []);
  return [...inline, ...associated];
}

function routeTablesOf(artifacts: Artifacts, subnet: TerraformResource): TerraformResource[] {
  const stack = stackOf(artifacts, subnet);
  return resources(artifacts, "aws_route_table_association")
    .filter((association) => association.stack === subnet.stack && referencedAddress(association.values["subnet_id"]) === subnet.address)
    .flatMap((association) => resolveReference(stack, association.values["route_table_id"]) ?? []);
}

/**
 * Every subnet belongs to a named tier, and each tier has its own route tables and its own NACL: a subnet is never
 * routed or filtered by another tier's rules (NET-01, ISO-01, MSH-02). Each workload tier of a VPC, and the
 * firewall tier where there is one, spans at least two AZs.
 */
const rule: Rule = {
  id: "net-01-tier-segmentation",
  controls: ["NET-01", "ISO-01", "MSH-02"],
  severity: "high",
  description: "Every subnet has a tier (edge, mcp, admin, data, firewall) with its own route table and NACL; each tier present spans at least two AZs.",
  remediation: "Tag the subnet with mcp:tier, associate it with its tier's route table and NACL only, and give every tier a subnet in each AZ.",
  check: (artifacts) => {
    const findings: Violation[] = [];
    const azsByVpcTier = new Map<string, Set<string>>();
    for (const subnet of resources(artifacts, "aws_subnet")) {
      const tier = tierOf(subnet);
      if (tier === undefined || !(NETWORK_TIERS as readonly string[]).includes(tier)) {
        findings.push(violation(subnet, `has no network tier: tag mcp:tier is ${JSON.stringify(tier ?? "unset")}`));
        continue;
      }
      const key = `${subnet.stack} ${String(subnet.values["vpc_id"])} ${tier}`;
      azsByVpcTier.set(key, (azsByVpcTier.get(key) ?? new Set()).add(String(subnet.values["availability_zone"])));
      const tables = routeTablesOf(artifacts, subnet);
      if (tables.length !== 1 || tierOf(tables[0]) !== tier) {
        findings.push(violation(subnet, `must be associated with exactly one route table of the ${tier} tier, found [${tables.map((table) => `${table.address} (${tierOf(table) ?? "no tier"})`).join(", ")}]`));
      }
      const acls = aclsOf(artifacts, subnet);
      if (acls.length !== 1 || tierOf(acls[0]) !== tier) {
        findings.push(violation(subnet, `must be in exactly one network ACL of the ${tier} tier, found [${acls.map((acl) => `${acl.address} (${tierOf(acl) ?? "no tier"})`).join(", ")}]`));
      }
    }
    for (const vpc of resources(artifacts, "aws_vpc")) {
      for (const tier of NETWORK_TIERS) {
        const azs = azsByVpcTier.get(`${vpc.stack} \${${vpc.address}.id} ${tier}`)?.size ?? 0;
        const required = (WORKLOAD_TIERS as readonly string[]).includes(tier) || azs > 0;
        if (required && azs < MIN_AZS) findings.push(violation(vpc, `the ${tier} tier spans ${azs} availability zone(s), at least ${MIN_AZS} required`));
      }
    }
    return findings;
  },
};

export default rule;
