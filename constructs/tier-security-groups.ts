import { Construct } from "constructs";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TIER_TAG, WorkloadTier } from "../baselines/network-tier";

/** Properties of {@link TierSecurityGroups}. */
export interface TierSecurityGroupsProps {
  /** Prefix of group names, e.g. `mcp-prod`. */
  readonly name: string;
  readonly vpcId: string;
  /** CIDRs allowed to reach the bastion's SSH port: admin networks and the VPN client range. */
  readonly adminCidrs: readonly string[];
  /** The bastion's non-standard SSH port (PUB-05). */
  readonly sshPort: number;
  /** Port on the MCP tier that the edge load balancers forward to (the mesh ingress gateway). @default 8443 */
  readonly ingressGatewayPort?: number;
  /** The mesh ingress gateway's status port, which the load balancers health-check (HTTP `/healthz/ready`). @default 15021 */
  readonly ingressGatewayStatusPort?: number;
  /** Ports of data stores in the data tier. @default [5432, 6379] */
  readonly dataPorts?: readonly number[];
  /**
   * Let the MCP tier open TLS connections (TCP 443) to the internet, through NAT and the egress firewall that
   * allowlists each server's declared domains. Set only when a server declares egress domains. @default false
   */
  readonly allowMcpInternetEgress?: boolean;
  /** Extra tags. @default {} */
  readonly tags?: Record<string, string>;
}

/** A peer of a security group rule: another group or a CIDR block. */
type Peer = { readonly group: SecurityGroup } | { readonly cidr: string } | { readonly cidrIpv6: string };

/**
 * One security group per tier plus one for the VPC interface endpoints, with rules that reference each other
 * (NET-01, PUB-06, ISO-01). Security groups deny inbound by default; every outbound path is explicit too. The
 * only rules with an internet-wide peer are the edge tier's HTTPS ingress and, when enabled, the MCP tier's
 * TLS egress through the egress firewall.
 */
export class TierSecurityGroups extends Construct {
  /** The group of each tier. */
  readonly groups: Readonly<Record<WorkloadTier, SecurityGroup>>;
  /** The group of the VPC interface endpoints. */
  readonly endpoints: SecurityGroup;

  constructor(scope: Construct, id: string, props: TierSecurityGroupsProps) {
    super(scope, id);
    const gatewayPort = props.ingressGatewayPort ?? 8443;
    const statusPort = props.ingressGatewayStatusPort ?? 15021;
    const dataPorts = props.dataPorts ?? [5432, 6379];
    const group = (name: string, description: string, tier?: WorkloadTier) =>
      new SecurityGroup(this, name, {
        name: `${props.name}-${name}`,
        description,
        vpcId: props.vpcId,
        revokeRulesOnDelete: true,
        tags: { ...props.tags, Name: `${props.name}-${name}`, ...(tier ? { [TIER_TAG]: tier } : {}) },
      });
    const edge = group("edge", "Internet-facing load balancers: HTTPS in, mesh ingress gateway out", "edge");
    const mcp = group("mcp", "MCP security zone: nodes running the gateway and MCP servers", "mcp");
    const admin = group("admin", "Bastion: SSH from admin networks and the VPN only", "admin");
    const data = group("data", "Data stores: reachable from the MCP and admin tiers only", "data");
    const endpoints = group("endpoints", "VPC interface endpoints: HTTPS from the MCP and admin tiers", "data");
    this.groups = { edge, mcp, admin, data };
    this.endpoints = endpoints;

    type Ports = { readonly ipProtocol: string; readonly fromPort?: number; readonly toPort?: number };
    const tcp = (port: number): Ports => ({ ipProtocol: "tcp", fromPort: port, toPort: port });
    const peer = (to: Peer) => {
      if ("group" in to) return { referencedSecurityGroupId: to.group.id };
      return "cidr" in to ? { cidrIpv4: to.cidr } : { cidrIpv6: to.cidrIpv6 };
    };
    const ingress = (id: string, target: SecurityGroup, from: Peer, ports: Ports, description: string) =>
      new VpcSecurityGroupIngressRule(this, id, { securityGroupId: target.id, ...peer(from), ...ports, description });
    const egress = (id: string, source: SecurityGroup, to: Peer, ports: Ports, description: string) =>
      new VpcSecurityGroupEgressRule(this, id, { securityGroupId: source.id, ...peer(to), ...ports, description });

    ingress("edge-in-https-ipv4", edge, { cidr: "0.0.0.0/0" }, tcp(443), "HTTPS from MCP clients");
    ingress("edge-in-https-ipv6", edge, { cidrIpv6: "::/0" }, tcp(443), "HTTPS from MCP clients (IPv6)");
    egress("edge-out-gateway", edge, { group: mcp }, tcp(gatewayPort), "To the mesh ingress gateway");
    egress("edge-out-gateway-status", edge, { group: mcp }, tcp(statusPort), "Health checks of the mesh ingress gateway's status port");

    ingress("mcp-in-gateway", mcp, { group: edge }, tcp(gatewayPort), "From the load balancers to the mesh ingress gateway");
    ingress("mcp-in-gateway-status", mcp, { group: edge }, tcp(statusPort), "Load balancer health checks of the mesh ingress gateway's status port");
    ingress("mcp-in-self", mcp, { group: mcp }, { ipProtocol: "-1" }, "Node to node and pod to pod inside the zone");
    egress("mcp-out-self", mcp, { group: mcp }, { ipProtocol: "-1" }, "Node to node and pod to pod inside the zone");
    egress("mcp-out-endpoints", mcp, { group: endpoints }, tcp(443), "AWS APIs through interface endpoints");
    dataPorts.forEach((port) => egress(`mcp-out-data-${port}`, mcp, { group: data }, tcp(port), `Data stores on ${port}`));
    if (props.allowMcpInternetEgress ?? false) {
      egress("mcp-out-tls-filtered", mcp, { cidr: "0.0.0.0/0" }, tcp(443), "TLS to declared egress domains, allowlisted by the egress firewall");
    }

    props.adminCidrs.forEach((cidr, index) =>
      ingress(`admin-in-ssh-${index}`, admin, { cidr }, tcp(props.sshPort), `SSH from admin network ${cidr}`),
    );
    egress("admin-out-endpoints", admin, { group: endpoints }, tcp(443), "AWS APIs (SSM, logs) through interface endpoints");
    egress("admin-out-mcp-api", admin, { group: mcp }, tcp(443), "Kubernetes API and admin UIs in the MCP zone");
    dataPorts.forEach((port) => egress(`admin-out-data-${port}`, admin, { group: data }, tcp(port), `Data store administration on ${port}`));

    dataPorts.forEach((port) => {
      ingress(`data-in-mcp-${port}`, data, { group: mcp }, tcp(port), `From the MCP zone on ${port}`);
      ingress(`data-in-admin-${port}`, data, { group: admin }, tcp(port), `From the bastion on ${port}`);
    });

    ingress("endpoints-in-mcp", endpoints, { group: mcp }, tcp(443), "HTTPS from the MCP zone");
    ingress("endpoints-in-admin", endpoints, { group: admin }, tcp(443), "HTTPS from the bastion");
  }
}
