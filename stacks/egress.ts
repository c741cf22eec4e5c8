/**
 * Egress control of one environment: the Network Firewall that every internet-bound packet of the mcp tier
 * crosses (PUB-06, PUB-07, NET-01), and the Route 53 Resolver DNS Firewall on the VPC's DNS queries.
 */
import { awsPlatformDomains, DnsFirewall } from "../constructs/dns-firewall";
import { EgressFirewall } from "../constructs/egress-firewall";
import { jwksHost } from "../environments/gateway-checks";
import { EnvironmentConfig } from "../environments/schema";
import type { McpEnvironmentStack } from "./environment-stack";

/** What {@link addEgress} created. */
export interface Egress {
  readonly firewall: EgressFirewall;
  readonly dnsFirewall: DnsFirewall;
}

/**
 * Every domain the environment's workloads reach, once each, sorted: the MCP servers' declared domains and the host of
 * the gateway's JWKS URL (the gateway fetches the authorization server's rotated keys).
 */
export function declaredEgressDomains(environment: EnvironmentConfig): string[] {
  return [...new Set([...environment.mcpServers.flatMap((server) => server.egressDomains), jwksHost(environment)])].sort();
}

/**
 * Adds the egress firewall in the network's firewall subnets, routes the mcp tier's egress through it, and puts
 * the DNS firewall on the VPC. Both allow exactly the declared egress domains (plus, for DNS, the AWS names the
 * platform resolves); the firewall's alarms notify the environment's security alerts topic; deletion and mutation
 * protection are on in production.
 */
export function addEgress(stack: McpEnvironmentStack, environment: EnvironmentConfig): Egress {
  const name = `mcp-${environment.name}`;
  const domains = declaredEgressDomains(environment);
  const logs = (path: string) => `/mcp/${environment.name}/${path}`;
  const firewall = new EgressFirewall(stack, "egress-firewall", {
    name,
    vpcId: stack.network.vpc.id,
    homeNetCidrs: [environment.vpcCidr],
    availabilityZones: stack.network.availabilityZones,
    subnetIds: stack.network.subnetIds("firewall"),
    region: environment.region,
    allowedDomains: domains,
    kmsKeyArn: stack.key.arn,
    alertLogGroupName: logs("network-firewall/alert"),
    flowLogGroupName: logs("network-firewall/flow"),
    logRetentionInDays: environment.security.logRetentionDays,
    alarmActions: [stack.alerts.arn],
    deleteProtection: environment.production,
  });
  stack.network.routeEgressThroughFirewall(firewall.endpointIds);
  const dnsFirewall = new DnsFirewall(stack, "dns-firewall", {
    name,
    vpcId: stack.network.vpc.id,
    allowedDomains: [...awsPlatformDomains(environment.region), ...domains],
    mutationProtection: environment.production,
    kmsKeyArn: stack.key.arn,
    queryLogGroupName: logs("dns-queries"),
    logRetentionInDays: environment.security.logRetentionDays,
  });
  return { firewall, dnsFirewall };
}
