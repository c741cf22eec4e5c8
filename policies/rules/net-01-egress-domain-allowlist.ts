import { isDomainAllowlist, rulesSourceOf, statefulGroupsOf, suricataRulesOf } from "../network-firewall";
import { block, blocks, referencedAddress, resolveReference, resources, stackOf, stackResources, TerraformResource, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/** A Suricata pass rule that passes only handshake packets, never a flow's data. */
const HANDSHAKE_ONLY = /\bflow:\s*not_established\b/;

/** Allowlist targets so broad they allow a whole top-level domain (`.com`) or everything. */
function tooBroad(target: string): boolean {
  return target.replace(/^\./, "").split(".").filter((label) => label !== "").length < 2;
}

/** What, in one referenced rule group, lets traffic through other than the domain allowlist. */
function bypasses(group: TerraformResource): string[] {
  const passRules = suricataRulesOf(group).filter((line) => /^pass\s/.test(line) && !HANDSHAKE_ONLY.test(line));
  const statefulPasses = blocks(rulesSourceOf(group)["stateful_rule"]).filter((statefulRule) => String(statefulRule["action"]).toUpperCase() === "PASS");
  return [...passRules.map((line) => `Suricata rule "${line.slice(0, 100)}"`), ...statefulPasses.map(() => "a stateful_rule with action PASS")];
}

function checkPolicy(stack: StackArtifact, policy: TerraformResource): Violation[] {
  const findings: Violation[] = [];
  const groups = statefulGroupsOf(stack, policy).flatMap((reference) => reference.group ?? []);
  const allowlists = groups.filter(isDomainAllowlist);
  for (const group of groups) {
    for (const bypass of bypasses(group)) findings.push(violation(group, `passes traffic outside the domain allowlist: ${bypass}`));
  }
  for (const allowlist of allowlists) {
    const targets = (block(rulesSourceOf(allowlist)["rules_source_list"])?.["targets"] as unknown[]).map(String);
    const broad = targets.filter(tooBroad);
    if (broad.length > 0) findings.push(violation(allowlist, `allowlists whole top-level domains: ${broad.map((target) => `"${target}"`).join(", ")}`));
  }
  const passesSomething = groups.some((group) => suricataRulesOf(group).some((line) => /^pass\s/.test(line)) || block(rulesSourceOf(group)["rules_source_list"]) !== undefined);
  if (passesSomething && allowlists.length === 0) {
    findings.push(violation(policy, "lets egress through without a domain ALLOWLIST rule group on TLS_SNI and HTTP_HOST"));
  }
  return findings;
}

function rulesOfGroup(stack: StackArtifact, group: TerraformResource): TerraformResource[] {
  return stackResources(stack, "aws_route53_resolver_firewall_rule").filter((dnsRule) => referencedAddress(dnsRule.values["firewall_rule_group_id"]) === group.address);
}

function checkDns(stack: StackArtifact, vpc: TerraformResource): Violation[] {
  const findings: Violation[] = [];
  const associations = stackResources(stack, "aws_route53_resolver_firewall_rule_group_association").filter((association) => referencedAddress(association.values["vpc_id"]) === vpc.address);
  if (associations.length === 0) findings.push(violation(vpc, "has no Route 53 Resolver DNS Firewall rule group association"));
  for (const association of associations) {
    const group = resolveReference(stack, association.values["firewall_rule_group_id"]);
    const last = group ? rulesOfGroup(stack, group).sort((a, b) => Number(b.values["priority"]) - Number(a.values["priority"]))[0] : undefined;
    const list = last ? resolveReference(stack, last.values["firewall_domain_list_id"]) : undefined;
    const everything = Array.isArray(list?.values["domains"]) && (list.values["domains"] as unknown[]).includes("*");
    if (!last || last.values["action"] !== "BLOCK" || !everything) {
      findings.push(violation(association, `the associated DNS firewall rule group does not end with a BLOCK rule for every other domain ("*"), so unlisted names resolve and DNS tunnelling stays open`));
    }
  }
  const configs = stackResources(stack, "aws_route53_resolver_firewall_config").filter((config) => referencedAddress(config.values["resource_id"]) === vpc.address);
  if (!configs.some((config) => config.values["firewall_fail_open"] === "DISABLED")) {
    findings.push(violation(configs[0] ?? vpc, `DNS Firewall fails open: aws_route53_resolver_firewall_config firewall_fail_open is ${JSON.stringify(configs[0]?.values["firewall_fail_open"] ?? "unset (ENABLED by default)")}, not "DISABLED"`));
  }
  return findings;
}

/**
 * Egress is filtered by domain, on the network and in DNS (NET-01): every Network Firewall policy that lets traffic
 * out does so only through a domain ALLOWLIST on TLS SNI and HTTP Host (Suricata pass rules may pass handshake
 * packets only), and every VPC has a DNS Firewall rule group association that ends by blocking every unlisted
 * domain, with fail-open disabled.
 */
const rule: Rule = {
  id: "net-01-egress-domain-allowlist",
  controls: ["NET-01", "PUB-06"],
  severity: "high",
  description: "Firewall policies pass egress only through a TLS_SNI+HTTP_HOST domain ALLOWLIST, and every VPC's DNS Firewall blocks unlisted domains and fails closed.",
  remediation:
    "Use the EgressFirewall and DnsFirewall constructs, or reference an ALLOWLIST rule group (target_types TLS_SNI and HTTP_HOST) from the policy, remove other pass rules, associate a DNS Firewall rule group ending in BLOCK \"*\" with the VPC, and set firewall_fail_open = \"DISABLED\".",
  check: (artifacts) => [
    ...resources(artifacts, "aws_networkfirewall_firewall_policy").flatMap((policy) => checkPolicy(stackOf(artifacts, policy), policy)),
    ...artifacts.stacks.flatMap((stack) => stackResources(stack, "aws_vpc").flatMap((vpc) => checkDns(stack, vpc))),
  ],
};

export default rule;
