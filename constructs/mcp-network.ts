import { Construct } from "constructs";
import { DefaultNetworkAcl } from "@cdktf/provider-aws/lib/default-network-acl";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcBlockPublicAccessExclusion } from "@cdktf/provider-aws/lib/vpc-block-public-access-exclusion";
import { VpcBlockPublicAccessOptions } from "@cdktf/provider-aws/lib/vpc-block-public-access-options";
import { cidrSubnet, isCanonicalCidr, parseCidr } from "../shared/ipv4-cidr";
import { NETWORK_TIERS, NetworkTier, TIER_TAG } from "../baselines/network-tier";
import { NaclEntries, NaclEntry, TierNetworkAcl } from "./tier-network-acl";

/** How many NAT gateways the edge tier runs. */
export type NatGatewayMode = "per-az" | "single";

/**
 * How the mcp tier reaches the internet:
 * - `firewall`: through an egress firewall (PUB-06, PUB-07): mcp subnet → firewall endpoint of its AZ (in the
 *   `firewall` tier) → NAT gateway → internet gateway, and back the same way. The network creates the firewall
 *   subnets; the mcp tier gets its default route only from {@link McpNetwork.routeEgressThroughFirewall}, so until
 *   a firewall is placed the mcp tier has no internet route at all.
 * - `nat-without-inspection`: straight to NAT, uninspected. A weakening that the policy rules report
 *   (pub-06-mcp-egress-through-firewall), so it needs recorded policy exceptions.
 */
export type McpEgressMode = "firewall" | "nat-without-inspection";

/** Properties of an {@link McpNetwork}. */
export interface McpNetworkProps {
  /** Prefix of every `Name` tag, e.g. `mcp-prod`. */
  readonly name: string;
  /** IPv4 CIDR of the VPC, /16 to /20. */
  readonly cidrBlock: string;
  /** Availability zones, at least two; tiers get one subnet in each. At most six. */
  readonly availabilityZones: readonly string[];
  /** One NAT gateway per AZ (no cross-AZ dependency) or a single one (cheaper, one AZ's failure cuts egress). @default "per-az" */
  readonly natGateways?: NatGatewayMode;
  /** How the mcp tier reaches the internet; see {@link McpEgressMode}. @default "firewall" */
  readonly mcpEgress?: McpEgressMode;
  /**
   * Turn on VPC Block Public Access for the region (bidirectional), excluding only the edge subnets. The setting is
   * region-wide in the account: set false only where other VPCs in the account need direct internet access, and
   * record a policy exception. @default true
   */
  readonly blockPublicAccess?: boolean;
  /**
   * Weakening: the edge tier's network ACL also admits TCP 80 from the internet, for a TlsEdge with `redirectHttp`.
   * @default false (the edge admits the internet on 443 and return traffic only)
   */
  readonly edgeHttpRedirect?: boolean;
  /** Extra tags on every resource. @default {} */
  readonly tags?: Record<string, string>;
}

const MAX_AZS = 6;
/** Layout: the MCP tier takes the first half of the VPC in 1/16 blocks; the small tiers share the second half in 1/128 blocks. */
const MCP_TIER_NEWBITS = 4;
const SMALL_TIER_NEWBITS = 7;
const SMALL_TIER_BASE = 64;
const SMALL_TIER_SLOTS = 8;
/**
 * Small-tier slots in the second half: edge (load balancers), admin, data, firewall; the NAT subnets take the last
 * slot; slots 4 to 6 are reserved for growth.
 */
const SMALL_TIER_SLOT: Record<Exclude<NetworkTier, "mcp">, number> = { edge: 0, admin: 1, data: 2, firewall: 3 };
const NAT_SUBNET_SLOT = 7;
const FIRST_RESERVED_SLOT = 4;
const LAST_RESERVED_SLOT = 6;
const INTERNET = "0.0.0.0/0";

/**
 * The CIDR of one tier's subnet in one AZ. The MCP tier gets large subnets (pods take VPC addresses); the others
 * get 1/128 of the VPC each (a /23 in a /16, a /27 in a /20: ALB's minimum).
 */
export function tierSubnetCidr(vpcCidr: string, tier: NetworkTier, azIndex: number): string {
  if (tier === "mcp") return cidrSubnet(vpcCidr, MCP_TIER_NEWBITS, azIndex);
  return cidrSubnet(vpcCidr, SMALL_TIER_NEWBITS, SMALL_TIER_BASE + SMALL_TIER_SLOT[tier] * SMALL_TIER_SLOTS + azIndex);
}

/** The CIDRs of one tier's subnets, one per AZ, in AZ order. */
export function tierSubnetCidrs(vpcCidr: string, tier: NetworkTier, azCount: number): string[] {
  return Array.from({ length: azCount }, (_, index) => tierSubnetCidr(vpcCidr, tier, index));
}

/** The CIDR of the edge-tier subnet that holds the NAT gateway of one AZ. */
export function natSubnetCidr(vpcCidr: string, azIndex: number): string {
  return cidrSubnet(vpcCidr, SMALL_TIER_NEWBITS, SMALL_TIER_BASE + NAT_SUBNET_SLOT * SMALL_TIER_SLOTS + azIndex);
}

/** The small-tier CIDR block reserved for an extra tier (slots 4 to 6), one per AZ. */
export function reservedSubnetCidr(vpcCidr: string, slot: number, azIndex: number): string {
  if (slot < FIRST_RESERVED_SLOT || slot > LAST_RESERVED_SLOT) {
    throw new Error(`Reserved subnet slot must be ${FIRST_RESERVED_SLOT} to ${LAST_RESERVED_SLOT}, got ${slot}.`);
  }
  return cidrSubnet(vpcCidr, SMALL_TIER_NEWBITS, SMALL_TIER_BASE + slot * SMALL_TIER_SLOTS + azIndex);
}

/**
 * One environment's VPC, segmented into tiers (NET-01, ISO-01, MSH-02, PUB-06):
 * - `edge`: public subnets for load balancers, and separate public subnets for the NAT gateways; the only tier
 *   routed to the internet gateway. NAT has its own subnets so that the return routes through the egress firewall
 *   apply to NAT traffic only: load balancer traffic to the mcp tier stays on the local route in both directions
 *   (the firewall drops asymmetric flows);
 * - `mcp`, `admin`, `data`: private subnets, no internet gateway route. `mcp` egress goes through the egress
 *   firewall's endpoint in its AZ, then NAT (see {@link McpEgressMode}); `admin` leaves the VPC only for S3,
 *   through the gateway endpoint (packages and image components for the bastion and its image builds);
 * - `firewall`: one subnet per AZ for the egress firewall's endpoints, routed to NAT;
 * - each tier has its own route table(s) and its own NACL; no subnet maps public IPs on launch;
 * - the default security group and default NACL are managed and empty (PUB-06);
 * - VPC Block Public Access blocks internet traffic everywhere except the edge subnets (NAT subnets: egress only).
 */
export class McpNetwork extends Construct {
  readonly vpc: Vpc;
  /** Subnets per tier, in AZ order. `edge` holds the load balancer subnets; `firewall` is empty without a firewall. */
  readonly subnets: Readonly<Record<NetworkTier, readonly Subnet[]>>;
  /** The edge-tier subnets of the NAT gateways, in AZ order (one per NAT gateway). */
  readonly natSubnets: readonly Subnet[];
  /**
   * Route tables per tier: `edge` has the load balancers' table, then one per NAT subnet; `mcp` and `firewall` have
   * one per AZ.
   */
  readonly routeTables: Readonly<Record<NetworkTier, readonly RouteTable[]>>;
  /** NAT gateways, in AZ order. */
  readonly natGateways: readonly NatGateway[];
  readonly internetGateway: InternetGateway;
  /** The availability zones, in the order of every per-AZ list. */
  readonly availabilityZones: readonly string[];
  /** How the mcp tier reaches the internet. */
  readonly mcpEgress: McpEgressMode;

  private readonly cidrBlock: string;
  private readonly natRouteTables: readonly RouteTable[];
  private egressFirewallRouted = false;

  constructor(scope: Construct, id: string, props: McpNetworkProps) {
    super(scope, id);
    const vpcCidr = parseCidr(props.cidrBlock);
    if (!vpcCidr || !isCanonicalCidr(props.cidrBlock) || vpcCidr.prefix < 16 || vpcCidr.prefix > 20) {
      throw new Error(`McpNetwork cidrBlock must be a canonical IPv4 /16 to /20 like "10.0.0.0/16", got "${props.cidrBlock}".`);
    }
    const azs = props.availabilityZones;
    if (azs.length < 2 || azs.length > MAX_AZS || new Set(azs).size !== azs.length) {
      throw new Error(`McpNetwork availabilityZones must list 2 to ${MAX_AZS} distinct zones, got [${azs.join(", ")}].`);
    }
    this.availabilityZones = [...azs];
    this.cidrBlock = props.cidrBlock;
    this.mcpEgress = props.mcpEgress ?? "firewall";
    const withFirewall = this.mcpEgress === "firewall";
    const tags = (name: string, tier?: NetworkTier): Record<string, string> => ({
      ...props.tags,
      Name: `${props.name}-${name}`,
      ...(tier ? { [TIER_TAG]: tier } : {}),
    });

    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: props.cidrBlock,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      instanceTenancy: "default",
      tags: tags("vpc"),
    });
    const vpcId = this.vpc.id;

    new DefaultSecurityGroup(this, "default-security-group", { vpcId, ingress: [], egress: [], tags: tags("default-deny-all") });
    new DefaultNetworkAcl(this, "default-network-acl", {
      defaultNetworkAclId: this.vpc.defaultNetworkAclId,
      ingress: [],
      egress: [],
      tags: tags("default-deny-all"),
      lifecycle: { ignoreChanges: ["subnet_ids"] },
    });

    const subnet = (constructId: string, name: string, tier: NetworkTier, availabilityZone: string, cidrBlock: string) =>
      new Subnet(this, constructId, {
        vpcId,
        availabilityZone,
        cidrBlock,
        mapPublicIpOnLaunch: false,
        assignIpv6AddressOnCreation: false,
        tags: { ...tags(name, tier), ...(tier === "mcp" ? { "mcp:zone": "mcp" } : {}) },
      });
    const subnets = {} as Record<NetworkTier, Subnet[]>;
    for (const tier of NETWORK_TIERS) {
      subnets[tier] =
        tier === "firewall" && !withFirewall
          ? []
          : azs.map((az, index) => subnet(`${tier}-${az}`, `${tier}-${az}`, tier, az, tierSubnetCidr(props.cidrBlock, tier, index)));
    }
    this.subnets = subnets;
    const natCount = (props.natGateways ?? "per-az") === "per-az" ? azs.length : 1;
    this.natSubnets = azs.slice(0, natCount).map((az, index) => subnet(`edge-nat-${az}`, `edge-nat-${az}`, "edge", az, natSubnetCidr(props.cidrBlock, index)));

    this.internetGateway = new InternetGateway(this, "internet-gateway", { vpcId, tags: tags("igw", "edge") });
    const toInternetGateway = (routeId: string, table: RouteTable) =>
      new Route(this, routeId, { routeTableId: table.id, destinationCidrBlock: INTERNET, gatewayId: this.internetGateway.id });

    const edgeRouteTable = new RouteTable(this, "edge-routes", { vpcId, tags: tags("edge", "edge") });
    toInternetGateway("edge-default-route", edgeRouteTable);
    this.natRouteTables = this.natSubnets.map((_, index) => {
      const table = new RouteTable(this, `edge-nat-routes-${azs[index]}`, { vpcId, tags: tags(`edge-nat-${azs[index]}`, "edge") });
      toInternetGateway(`edge-nat-default-route-${azs[index]}`, table);
      return table;
    });

    this.natGateways = this.natSubnets.map((natSubnet, index) => {
      const az = azs[index];
      const eip = new Eip(this, `nat-eip-${az}`, { domain: "vpc", tags: tags(`nat-${az}`, "edge") });
      return new NatGateway(this, `nat-${az}`, {
        allocationId: eip.allocationId,
        subnetId: natSubnet.id,
        connectivityType: "public",
        tags: tags(`nat-${az}`, "edge"),
        dependsOn: [this.internetGateway],
      });
    });
    const natOf = (azIndex: number) => this.natGateways[Math.min(azIndex, natCount - 1)];

    const mcpRouteTables = azs.map((az, index) => {
      const table = new RouteTable(this, `mcp-routes-${az}`, { vpcId, tags: tags(`mcp-${az}`, "mcp") });
      if (!withFirewall) {
        new Route(this, `mcp-egress-route-${az}`, { routeTableId: table.id, destinationCidrBlock: INTERNET, natGatewayId: natOf(index).id });
      }
      return table;
    });
    const firewallRouteTables = subnets.firewall.map((_, index) => {
      const az = azs[index];
      const table = new RouteTable(this, `firewall-routes-${az}`, { vpcId, tags: tags(`firewall-${az}`, "firewall") });
      new Route(this, `firewall-egress-route-${az}`, { routeTableId: table.id, destinationCidrBlock: INTERNET, natGatewayId: natOf(index).id });
      return table;
    });
    const adminRouteTable = new RouteTable(this, "admin-routes", { vpcId, tags: tags("admin", "admin") });
    const dataRouteTable = new RouteTable(this, "data-routes", { vpcId, tags: tags("data", "data") });
    this.routeTables = {
      edge: [edgeRouteTable, ...this.natRouteTables],
      mcp: mcpRouteTables,
      admin: [adminRouteTable],
      data: [dataRouteTable],
      firewall: firewallRouteTables,
    };

    const tableOf: Record<NetworkTier, (azIndex: number) => RouteTable> = {
      edge: () => edgeRouteTable,
      mcp: (index) => mcpRouteTables[index],
      admin: () => adminRouteTable,
      data: () => dataRouteTable,
      firewall: (index) => firewallRouteTables[index],
    };
    for (const tier of NETWORK_TIERS) {
      subnets[tier].forEach((tierSubnet, index) => {
        new RouteTableAssociation(this, `${tier}-route-association-${azs[index]}`, { subnetId: tierSubnet.id, routeTableId: tableOf[tier](index).id });
      });
    }
    this.natSubnets.forEach((natSubnet, index) => {
      new RouteTableAssociation(this, `edge-nat-route-association-${azs[index]}`, { subnetId: natSubnet.id, routeTableId: this.natRouteTables[index].id });
    });

    this.createNetworkAcls(props.cidrBlock, tags, props.edgeHttpRedirect ?? false);

    if (props.blockPublicAccess ?? true) {
      const options = new VpcBlockPublicAccessOptions(this, "block-public-access", { internetGatewayBlockMode: "block-bidirectional" });
      const exclude = (exclusionId: string, excluded: Subnet, mode: "allow-bidirectional" | "allow-egress", name: string) =>
        new VpcBlockPublicAccessExclusion(this, exclusionId, { subnetId: excluded.id, internetGatewayExclusionMode: mode, tags: tags(name, "edge"), dependsOn: [options] });
      subnets.edge.forEach((edgeSubnet, index) => exclude(`block-public-access-exclusion-${azs[index]}`, edgeSubnet, "allow-bidirectional", `edge-${azs[index]}`));
      this.natSubnets.forEach((natSubnet, index) => exclude(`block-public-access-nat-exclusion-${azs[index]}`, natSubnet, "allow-egress", `edge-nat-${azs[index]}`));
    }
  }

  /** The subnet IDs of one tier (for `edge`: the load balancer subnets, not the NAT subnets). */
  subnetIds(tier: NetworkTier): string[] {
    return this.subnets[tier].map((tierSubnet) => tierSubnet.id);
  }

  /**
   * Sends the mcp tier's internet egress through the egress firewall, symmetrically as Network Firewall requires:
   * each mcp route table's default route targets the firewall endpoint of its AZ, and each NAT subnet's route table
   * routes every mcp subnet's return traffic to the endpoint of that subnet's AZ. Call once, with one endpoint ID
   * per AZ in {@link availabilityZones} order (an `EgressFirewall`'s `endpointIds`).
   */
  routeEgressThroughFirewall(endpointIds: readonly string[]): void {
    const azs = this.availabilityZones;
    if (this.mcpEgress !== "firewall") {
      throw new Error(`McpNetwork routeEgressThroughFirewall needs mcpEgress "firewall", but this network has "${this.mcpEgress}": remove the mcpEgress option.`);
    }
    if (this.egressFirewallRouted) throw new Error("McpNetwork routeEgressThroughFirewall was already called: a network has one egress firewall.");
    if (endpointIds.length !== azs.length) {
      throw new Error(`McpNetwork routeEgressThroughFirewall needs one endpoint per AZ (${azs.length}), got ${endpointIds.length}.`);
    }
    this.egressFirewallRouted = true;
    this.routeTables.mcp.forEach((table, index) => {
      new Route(this, `mcp-egress-route-${azs[index]}`, { routeTableId: table.id, destinationCidrBlock: INTERNET, vpcEndpointId: endpointIds[index] });
    });
    this.natRouteTables.forEach((table, natIndex) => {
      azs.forEach((az, mcpIndex) => {
        new Route(this, `edge-nat-return-route-${azs[natIndex]}-${az}`, {
          routeTableId: table.id,
          destinationCidrBlock: tierSubnetCidr(this.cidrBlock, "mcp", mcpIndex),
          vpcEndpointId: endpointIds[mcpIndex],
        });
      });
    });
  }

  private createNetworkAcls(vpcCidr: string, tags: (name: string, tier?: NetworkTier) => Record<string, string>, edgeHttpRedirect: boolean): void {
    const subnetCidrs = (tier: NetworkTier) => tierSubnetCidrs(vpcCidr, tier, this.subnets[tier].length);
    const fromTiers = (...tiers: NetworkTier[]): NaclEntry[] => tiers.flatMap((tier) => subnetCidrs(tier).map((cidr) => NaclEntries.all(cidr)));
    // HTTPS out of the VPC and its return traffic. The routes decide where it can go: mcp and firewall through the
    // egress firewall, admin only to S3 through the gateway endpoint (its route table has no other way out).
    const httpsOut = {
      ingress: [NaclEntries.all(vpcCidr), ...NaclEntries.tcpEphemeral(INTERNET)],
      egress: [NaclEntries.all(vpcCidr), NaclEntries.tcp(INTERNET, 443)],
    };
    const rules: Record<NetworkTier, { ingress: NaclEntry[]; egress: NaclEntry[] }> = {
      edge: {
        ingress: [
          NaclEntries.all(vpcCidr),
          NaclEntries.tcp(INTERNET, 443),
          ...(edgeHttpRedirect ? [NaclEntries.tcp(INTERNET, 80)] : []),
          ...NaclEntries.tcpEphemeral(INTERNET),
        ],
        egress: [NaclEntries.all(vpcCidr), NaclEntries.tcp(INTERNET, 443), ...NaclEntries.tcpEphemeral(INTERNET)],
      },
      mcp: httpsOut,
      admin: httpsOut,
      data: { ingress: fromTiers("mcp", "admin"), egress: fromTiers("mcp", "admin") },
      firewall: httpsOut,
    };
    for (const tier of NETWORK_TIERS) {
      const subnetIds = tier === "edge" ? [...this.subnetIds(tier), ...this.natSubnets.map((natSubnet) => natSubnet.id)] : this.subnetIds(tier);
      if (subnetIds.length === 0) continue;
      new TierNetworkAcl(this, `${tier}-acl`, {
        vpcId: this.vpc.id,
        tier,
        subnetIds,
        ingress: rules[tier].ingress,
        egress: rules[tier].egress,
        tags: tags(tier),
      });
    }
  }
}
