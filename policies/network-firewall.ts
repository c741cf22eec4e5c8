/**
 * Read-only helpers for rules about routing and AWS Network Firewall in synthesized Terraform JSON: which tiers and
 * zones a route table serves, its routes however written, the firewall endpoint a route targets, and the rule
 * groups a firewall policy references.
 */
import { Attributes, block, blocks, referencedAddress, resolveReference, stackResources, TerraformResource, tierOf } from "./terraform";
import { StackArtifact } from "./types";

/** One route of a route table: an `aws_route` resource, or an inline `route` block of the table. */
export interface TableRoute {
  /** The resource that declares it (the table itself for inline routes). */
  readonly declaredBy: TerraformResource;
  readonly values: Attributes;
}

/** The subnets associated with a route table. */
export function subnetsOfTable(stack: StackArtifact, table: TerraformResource): TerraformResource[] {
  return stackResources(stack, "aws_route_table_association")
    .filter((association) => referencedAddress(association.values["route_table_id"]) === table.address)
    .flatMap((association) => resolveReference(stack, association.values["subnet_id"]) ?? []);
}

/** The tiers a route table serves: its own tag and the tags of its subnets. */
export function servedTiers(stack: StackArtifact, table: TerraformResource): string[] {
  return [tierOf(table), ...subnetsOfTable(stack, table).map(tierOf)].filter((tier): tier is string => tier !== undefined);
}

/** Every route of a route table. */
export function routesOf(stack: StackArtifact, table: TerraformResource): TableRoute[] {
  return [
    ...blocks(table.values["route"]).map((values) => ({ declaredBy: table, values })),
    ...stackResources(stack, "aws_route")
      .filter((route) => referencedAddress(route.values["route_table_id"]) === table.address)
      .map((route) => ({ declaredBy: route, values: route.values })),
  ];
}

/** A route's destination, for messages. */
export function destinationOf(route: Attributes): string {
  return String(route["destination_cidr_block"] ?? route["cidr_block"] ?? route["destination_ipv6_cidr_block"] ?? route["destination_prefix_list_id"] ?? "?");
}

/** The target attributes a route may have. */
const TARGETS = [
  "vpc_endpoint_id",
  "nat_gateway_id",
  "gateway_id",
  "egress_only_gateway_id",
  "network_interface_id",
  "transit_gateway_id",
  "vpc_peering_connection_id",
  "carrier_gateway_id",
  "local_gateway_id",
  "core_network_arn",
] as const;

/** A route's target as `attribute=value`, for messages. */
export function targetOf(route: Attributes): string {
  const attribute = TARGETS.find((name) => route[name] !== undefined && route[name] !== null && route[name] !== "");
  return attribute ? `${attribute}=${String(route[attribute])}` : "no target";
}

/** The firewall endpoint a route targets, as the EgressFirewall construct writes it. */
export interface FirewallEndpointTarget {
  /** The `aws_networkfirewall_firewall` whose endpoint it is. */
  readonly firewall: TerraformResource;
  /** The availability zone of the endpoint. */
  readonly availabilityZone: string;
}

const ENDPOINT_EXPRESSION =
  /^\$\{element\(\[ ?for key, val in toset\(tolist\((aws_networkfirewall_firewall\.[A-Za-z0-9_-]+)\.firewall_status\[0\]\.sync_states\)\) ?: ?val\.attachment\[0\]\.endpoint_id if val\.availability_zone == "([a-z0-9-]+)" ?\], 0\)\}$/;

/**
 * The firewall endpoint a route's `vpc_endpoint_id` selects: the endpoint of one AZ taken from an
 * `aws_networkfirewall_firewall`'s `firewall_status[0].sync_states` in the same stack. A literal endpoint ID
 * (`vpce-...`) cannot be judged and does not count.
 */
export function firewallEndpointTarget(stack: StackArtifact, route: Attributes): FirewallEndpointTarget | undefined {
  const match = ENDPOINT_EXPRESSION.exec(String(route["vpc_endpoint_id"] ?? ""));
  if (!match) return undefined;
  const firewall = stackResources(stack, "aws_networkfirewall_firewall").find((candidate) => candidate.address === match[1]);
  return firewall ? { firewall, availabilityZone: match[2] } : undefined;
}

/** The NAT gateway a route targets, when it references one in the stack. */
export function natGatewayTarget(stack: StackArtifact, route: Attributes): TerraformResource | undefined {
  const target = resolveReference(stack, route["nat_gateway_id"]);
  return target?.type === "aws_nat_gateway" ? target : undefined;
}

/** The firewall policy a firewall uses, when it references one in the stack. */
export function policyOfFirewall(stack: StackArtifact, firewall: TerraformResource): TerraformResource | undefined {
  const policy = resolveReference(stack, firewall.values["firewall_policy_arn"]);
  return policy?.type === "aws_networkfirewall_firewall_policy" ? policy : undefined;
}

/** The `firewall_policy` block of a policy resource. */
export function policyBody(policy: TerraformResource): Attributes {
  return block(policy.values["firewall_policy"]) ?? {};
}

/** One stateful rule group reference of a policy: the group in the stack, or the ARN of a managed group. */
export interface RuleGroupReference {
  readonly priority: unknown;
  readonly arn: string;
  /** The rule group, when the reference resolves within the stack. */
  readonly group: TerraformResource | undefined;
}

/** The stateful rule groups a policy references, in the order written. */
export function statefulGroupsOf(stack: StackArtifact, policy: TerraformResource): RuleGroupReference[] {
  return blocks(policyBody(policy)["stateful_rule_group_reference"]).map((reference) => {
    const group = resolveReference(stack, reference["resource_arn"]);
    return { priority: reference["priority"], arn: String(reference["resource_arn"]), group: group?.type === "aws_networkfirewall_rule_group" ? group : undefined };
  });
}

/** The `rules_source` block of a rule group. */
export function rulesSourceOf(group: TerraformResource): Attributes {
  return block(block(group.values["rule_group"])?.["rules_source"]) ?? {};
}

/** The Suricata rules of a rule group, one per line, without comments and blank lines. */
export function suricataRulesOf(group: TerraformResource): string[] {
  const text = rulesSourceOf(group)["rules_string"] ?? group.values["rules"];
  return typeof text !== "string"
    ? []
    : text
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "" && !line.startsWith("#"));
}

/** Whether a rule group is a domain ALLOWLIST on both TLS SNI and HTTP Host with at least one target. */
export function isDomainAllowlist(group: TerraformResource): boolean {
  const list = block(rulesSourceOf(group)["rules_source_list"]);
  const targetTypes = Array.isArray(list?.["target_types"]) ? (list["target_types"] as unknown[]) : [];
  const targets = Array.isArray(list?.["targets"]) ? (list["targets"] as unknown[]) : [];
  return group.values["type"] === "STATEFUL" && list?.["generated_rules_type"] === "ALLOWLIST" && targetTypes.includes("TLS_SNI") && targetTypes.includes("HTTP_HOST") && targets.length > 0;
}

/** The firewalls placed in a VPC. */
export function firewallsOfVpc(stack: StackArtifact, vpc: TerraformResource): TerraformResource[] {
  return stackResources(stack, "aws_networkfirewall_firewall").filter((firewall) => referencedAddress(firewall.values["vpc_id"]) === vpc.address);
}
