import { Construct } from "constructs";
import { Route53ResolverFirewallConfig } from "@cdktf/provider-aws/lib/route53-resolver-firewall-config";
import { Route53ResolverFirewallDomainList } from "@cdktf/provider-aws/lib/route53-resolver-firewall-domain-list";
import { Route53ResolverFirewallRule } from "@cdktf/provider-aws/lib/route53-resolver-firewall-rule";
import { Route53ResolverFirewallRuleGroup } from "@cdktf/provider-aws/lib/route53-resolver-firewall-rule-group";
import { Route53ResolverFirewallRuleGroupAssociation } from "@cdktf/provider-aws/lib/route53-resolver-firewall-rule-group-association";
import { Route53ResolverQueryLogConfig } from "@cdktf/provider-aws/lib/route53-resolver-query-log-config";
import { Route53ResolverQueryLogConfigAssociation } from "@cdktf/provider-aws/lib/route53-resolver-query-log-config-association";
import { EncryptedLogGroup } from "./encrypted-log-group";
import { EGRESS_THREAT_DOMAINS, EgressThreatDomain } from "./egress-threat-domains";
import { isDomainPattern } from "./dns-name";

/** What the DNS firewall does with a query for a domain on neither list. */
export type UnlistedDomainAction = "BLOCK" | "ALERT";

/** Properties of a {@link DnsFirewall}. */
export interface DnsFirewallProps {
  /** Prefix of resource names, e.g. `mcp-prod`. */
  readonly name: string;
  readonly vpcId: string;
  /**
   * Domains the VPC may resolve: exact names or `*.example.com` (subdomains only). Include the AWS names the
   * platform resolves ({@link awsPlatformDomains}) and every MCP server's egress domains.
   */
  readonly allowedDomains: readonly string[];
  /** Domains always answered NXDOMAIN, before the allowlist is consulted. @default EGRESS_THREAT_DOMAINS */
  readonly blockedDomains?: readonly EgressThreatDomain[];
  /**
   * What happens to a query for any other domain. `BLOCK` answers NXDOMAIN. `ALERT` only logs, and leaves DNS
   * tunnelling open: a weakening, for discovering the names a new workload needs. @default "BLOCK"
   */
  readonly unlistedDomainAction?: UnlistedDomainAction;
  /** Lock the VPC's rule group association against changes and removal (mutation protection). @default true */
  readonly mutationProtection?: boolean;
  /** Customer-managed KMS key that encrypts the query log group. */
  readonly kmsKeyArn: string;
  /** Log group of the VPC's DNS query logs. */
  readonly queryLogGroupName: string;
  /** Retention of the query log group, in days. */
  readonly logRetentionInDays: number;
  /** Tags. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * The AWS names the platform resolves inside the VPC: AWS service endpoints (the interface endpoints' private DNS
 * names, EKS, ECR, STS, S3) and the VPC's own host names. The Resolver answers them from AWS's own zones, so
 * allowing them opens no tunnel to a name server an attacker controls.
 */
export function awsPlatformDomains(region: string): string[] {
  const hostZone = region === "us-east-1" ? "ec2.internal" : `${region}.compute.internal`;
  return ["amazonaws.com", "*.amazonaws.com", `*.${hostZone}`];
}

/**
 * Route 53 Resolver DNS Firewall for a VPC (NET-01, PUB-06), with query logging (LOG-04):
 * 1. known-bad domains (encrypted DNS, paste and file-drop sites, tunnels, Tor gateways, out-of-band catchers,
 *    dynamic DNS) are answered NXDOMAIN, even when an allowed wildcard covers them, and so are the domains of the
 *    threat-intelligence list, which the feed loader fills (TI-01);
 * 2. allowed domains resolve, and so do the names they redirect to (CNAME chains into CDNs);
 * 3. every other domain is answered NXDOMAIN.
 *
 * Why the last rule blocks rather than alerts: the Resolver recurses from AWS's side of the VPC, so DNS queries
 * never cross the egress firewall. A query for `<data>.attacker.example` carries data out whatever the network
 * firewall allows (DNS tunnelling); only a DNS allowlist closes that channel. The platform's own names are AWS
 * service and VPC names (see {@link awsPlatformDomains}), a short, stable list, so blocking the rest costs nothing
 * in operations. Every environment blocks, so test behaves as prod does; `ALERT` exists only as an explicit,
 * reported weakening. The firewall fails closed (`firewall_fail_open = DISABLED`): if DNS Firewall is impaired,
 * queries fail instead of going unfiltered.
 */
export class DnsFirewall extends Construct {
  readonly ruleGroup: Route53ResolverFirewallRuleGroup;
  readonly allowedList: Route53ResolverFirewallDomainList;
  readonly blockedList: Route53ResolverFirewallDomainList;
  /** Domains from threat-intelligence feeds (TI-01), blocked before the allowlist: created empty, its domains are the feed loader's. */
  readonly threatIntelList: Route53ResolverFirewallDomainList;
  readonly queryLogs: EncryptedLogGroup;

  constructor(scope: Construct, id: string, props: DnsFirewallProps) {
    super(scope, id);
    const allowed = [...new Set(props.allowedDomains)].sort();
    const invalid = allowed.filter((domain) => domain.length > 253 || !isDomainPattern(domain));
    if (allowed.length === 0) throw new Error("DnsFirewall allowedDomains is empty: list at least the AWS names the platform resolves (awsPlatformDomains(region)).");
    if (invalid.length > 0) {
      throw new Error(`DnsFirewall allowedDomains must list lower-case names like "api.github.com" or "*.example.com", got ${invalid.map((domain) => `"${domain}"`).join(", ")}.`);
    }
    const tags = (name: string) => ({ ...props.tags, Name: name });
    const domainList = (listId: string, name: string, domains: readonly string[]) =>
      new Route53ResolverFirewallDomainList(this, listId, { name, domains: [...domains], tags: tags(name) });
    const blocked = [...new Set((props.blockedDomains ?? EGRESS_THREAT_DOMAINS).flatMap((threat) => [threat.domain, `*.${threat.domain}`]))];
    this.blockedList = domainList("blocked", `${props.name}-dns-blocked`, blocked);
    this.allowedList = domainList("allowed", `${props.name}-dns-allowed`, allowed);
    const everything = domainList("everything", `${props.name}-dns-everything`, ["*"]);
    this.threatIntelList = domainList("threat-intel", `${props.name}-dns-threat-intel`, []);
    this.threatIntelList.lifecycle = { ignoreChanges: ["domains"] };

    this.ruleGroup = new Route53ResolverFirewallRuleGroup(this, "rules", { name: `${props.name}-dns`, tags: tags(`${props.name}-dns`) });
    const ruleGroupId = this.ruleGroup.id;
    new Route53ResolverFirewallRule(this, "block-threats", {
      name: "block-known-bad-domains",
      firewallRuleGroupId: ruleGroupId,
      firewallDomainListId: this.blockedList.id,
      priority: 100,
      action: "BLOCK",
      blockResponse: "NXDOMAIN",
    });
    new Route53ResolverFirewallRule(this, "block-threat-intel", {
      name: "block-threat-intel-domains",
      firewallRuleGroupId: ruleGroupId,
      firewallDomainListId: this.threatIntelList.id,
      priority: 150,
      action: "BLOCK",
      blockResponse: "NXDOMAIN",
    });
    new Route53ResolverFirewallRule(this, "allow-listed", {
      name: "allow-declared-domains",
      firewallRuleGroupId: ruleGroupId,
      firewallDomainListId: this.allowedList.id,
      priority: 200,
      action: "ALLOW",
      firewallDomainRedirectionAction: "TRUST_REDIRECTION_DOMAIN",
    });
    const unlisted = props.unlistedDomainAction ?? "BLOCK";
    new Route53ResolverFirewallRule(this, "unlisted", {
      name: unlisted === "BLOCK" ? "block-every-other-domain" : "alert-every-other-domain",
      firewallRuleGroupId: ruleGroupId,
      firewallDomainListId: everything.id,
      priority: 300,
      action: unlisted,
      ...(unlisted === "BLOCK" ? { blockResponse: "NXDOMAIN" } : {}),
    });
    new Route53ResolverFirewallRuleGroupAssociation(this, "association", {
      name: `${props.name}-dns`,
      firewallRuleGroupId: ruleGroupId,
      vpcId: props.vpcId,
      priority: 500,
      mutationProtection: (props.mutationProtection ?? true) ? "ENABLED" : "DISABLED",
      tags: tags(`${props.name}-dns`),
    });
    new Route53ResolverFirewallConfig(this, "config", { resourceId: props.vpcId, firewallFailOpen: "DISABLED" });

    this.queryLogs = new EncryptedLogGroup(this, "query-logs", { name: props.queryLogGroupName, kmsKeyArn: props.kmsKeyArn, retentionInDays: props.logRetentionInDays });
    const queryLogConfig = new Route53ResolverQueryLogConfig(this, "query-log-config", {
      name: `${props.name}-dns-queries`,
      destinationArn: this.queryLogs.logGroup.arn,
      tags: tags(`${props.name}-dns-queries`),
    });
    new Route53ResolverQueryLogConfigAssociation(this, "query-log-association", { resolverQueryLogConfigId: queryLogConfig.id, resourceId: props.vpcId });
  }
}
