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
import { cidrSubnet, isCanonicalCidr, parseCidr } from "./ipv4-cidr";
import { NETWORK_TIERS, NetworkTier, TIER_TAG } from "./network-tier";
import { NaclEntries, NaclEntry, TierNetworkAcl } from "./tier-network-acl";

/** How many NAT gateways the edge tier runs. */
export type NatGatewayMode = "per-az" | "single";

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
  /**
   * Turn on VPC Block Public Access for the region (bidirectional), excluding only the edge subnets. The setting is
   * region-wide in the account: set false only where other VPCs in the account need direct internet access, and
   * record a policy exception. @default true
   */
  readonly blockPublicAccess?: boolean;
  /** Extra tags on every resource. @default {} */
  readonly tags?: Record<string, string>;
}

const MAX_AZS = 6;
/** Layout: the MCP tier takes the first half of the VPC in 1/16 blocks; the small tiers share the second half in 1/128 blocks. */
const MCP_TIER_NEWBITS = 4;
const SMALL_TIER_NEWBITS = 7;
const SMALL_TIER_BASE = 64;
const SMALL_TIER_SLOTS = 8;
/** Small-tier slots in the second half; slot 3 (`firewall`) and later are reserved for inspection and growth. */
const SMALL_TIER_SLOT: Record<Exclude<NetworkTier, "mcp">, number> = { edge: 0, admin: 1, data: 2 };

/**
 * The CIDR of one tier's subnet in one AZ. The MCP tier gets large subnets (pods take VPC addresses); the others
 * get 1/128 of the VPC each (a /23 in a /16, a /27 in a /20: ALB's minimum).
 */
export function tierSubnetCidr(vpcCidr: string, tier: NetworkTier, azIndex: number): string {
  if (tier === "mcp") return cidrSubnet(vpcCidr, MCP_TIER_NEWBITS, azIndex);
  return cidrSubnet(vpcCidr, SMALL_TIER_NEWBITS, SMALL_TIER_BASE + SMALL_TIER_SLOT[tier] * SMALL_TIER_SLOTS + azIndex);
}

/**
 * The small-tier CIDR block reserved for an extra tier (3 = inspection/firewall subnets, 4..7 = growth), one per AZ.
 */
export function reservedSubnetCidr(vpcCidr: string, slot: number, azIndex: number): string {
  if (slot < 3 || slot >= SMALL_TIER_SLOTS) throw new Error(`Reserved subnet slot must be 3 to 7, got ${slot}.`);
  return cidrSubnet(vpcCidr, SMALL_TIER_NEWBITS, SMALL_TIER_BASE + slot * SMALL_TIER_SLOTS + azIndex);
}

/**
 * One environment's VPC, segmented into tiers (NET-01, ISO-01, MSH-02):
 * - `edge`: public subnets for load balancers and NAT only, the only tier routed to the internet gateway;
 * - `mcp`, `admin`, `data`: private subnets, no internet gateway route; `mcp` egress goes through NAT;
 * - each tier has its own route table(s) and its own NACL; no subnet maps public IPs on launch;
 * - the default security group and default NACL are managed and empty (PUB-06);
 * - VPC Block Public Access blocks internet traffic everywhere except the edge subnets.
 */
export class McpNetwork extends Construct {
  readonly vpc: Vpc;
  /** Subnets per tier, in AZ order. */
  readonly subnets: Readonly<Record<NetworkTier, readonly Subnet[]>>;
  /** Route tables per tier (the MCP tier has one per AZ). */
  readonly routeTables: Readonly<Record<NetworkTier, readonly RouteTable[]>>;
  /** NAT gateways, in AZ order. */
  readonly natGateways: readonly NatGateway[];
  readonly internetGateway: InternetGateway;

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

    const subnets = {} as Record<NetworkTier, Subnet[]>;
    for (const tier of NETWORK_TIERS) {
      subnets[tier] = azs.map(
        (availabilityZone, index) =>
          new Subnet(this, `${tier}-${availabilityZone}`, {
            vpcId,
            availabilityZone,
            cidrBlock: tierSubnetCidr(props.cidrBlock, tier, index),
            mapPublicIpOnLaunch: false,
            assignIpv6AddressOnCreation: false,
            tags: { ...tags(`${tier}-${availabilityZone}`, tier), ...(tier === "mcp" ? { "mcp:zone": "mcp" } : {}) },
          }),
      );
    }
    this.subnets = subnets;

    this.internetGateway = new InternetGateway(this, "internet-gateway", { vpcId, tags: tags("igw", "edge") });

    const edgeRouteTable = new RouteTable(this, "edge-routes", { vpcId, tags: tags("edge", "edge") });
    new Route(this, "edge-default-route", {
      routeTableId: edgeRouteTable.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: this.internetGateway.id,
    });

    const natCount = (props.natGateways ?? "per-az") === "per-az" ? azs.length : 1;
    this.natGateways = azs.slice(0, natCount).map((availabilityZone, index) => {
      const eip = new Eip(this, `nat-eip-${availabilityZone}`, { domain: "vpc", tags: tags(`nat-${availabilityZone}`, "edge") });
      return new NatGateway(this, `nat-${availabilityZone}`, {
        allocationId: eip.allocationId,
        subnetId: subnets.edge[index].id,
        connectivityType: "public",
        tags: tags(`nat-${availabilityZone}`, "edge"),
        dependsOn: [this.internetGateway],
      });
    });

    const mcpRouteTables = azs.map((availabilityZone, index) => {
      const table = new RouteTable(this, `mcp-routes-${availabilityZone}`, { vpcId, tags: tags(`mcp-${availabilityZone}`, "mcp") });
      new Route(this, `mcp-egress-route-${availabilityZone}`, {
        routeTableId: table.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: this.natGateways[Math.min(index, natCount - 1)].id,
      });
      return table;
    });
    const adminRouteTable = new RouteTable(this, "admin-routes", { vpcId, tags: tags("admin", "admin") });
    const dataRouteTable = new RouteTable(this, "data-routes", { vpcId, tags: tags("data", "data") });
    this.routeTables = { edge: [edgeRouteTable], mcp: mcpRouteTables, admin: [adminRouteTable], data: [dataRouteTable] };

    for (const tier of NETWORK_TIERS) {
      subnets[tier].forEach((subnet, index) => {
        const tables = this.routeTables[tier];
        new RouteTableAssociation(this, `${tier}-route-association-${azs[index]}`, {
          subnetId: subnet.id,
          routeTableId: tables[Math.min(index, tables.length - 1)].id,
        });
      });
    }

    this.createNetworkAcls(props.cidrBlock, tags);

    if (props.blockPublicAccess ?? true) {
      const options = new VpcBlockPublicAccessOptions(this, "block-public-access", { internetGatewayBlockMode: "block-bidirectional" });
      subnets.edge.forEach((subnet, index) => {
        new VpcBlockPublicAccessExclusion(this, `block-public-access-exclusion-${azs[index]}`, {
          subnetId: subnet.id,
          internetGatewayExclusionMode: "allow-bidirectional",
          tags: tags(`edge-${azs[index]}`, "edge"),
          dependsOn: [options],
        });
      });
    }
  }

  /** The subnet IDs of one tier. */
  subnetIds(tier: NetworkTier): string[] {
    return this.subnets[tier].map((subnet) => subnet.id);
  }

  private createNetworkAcls(vpcCidr: string, tags: (name: string, tier?: NetworkTier) => Record<string, string>): void {
    const internet = "0.0.0.0/0";
    const subnetCidrs = (tier: NetworkTier) => this.subnets[tier].map((_, index) => tierSubnetCidr(vpcCidr, tier, index));
    const fromTiers = (...tiers: NetworkTier[]): NaclEntry[] => tiers.flatMap((tier) => subnetCidrs(tier).map((cidr) => NaclEntries.all(cidr)));
    const rules: Record<NetworkTier, { ingress: NaclEntry[]; egress: NaclEntry[] }> = {
      edge: {
        ingress: [NaclEntries.all(vpcCidr), NaclEntries.tcp(internet, 443), NaclEntries.tcpEphemeral(internet)],
        egress: [NaclEntries.all(vpcCidr), NaclEntries.tcp(internet, 443), NaclEntries.tcpEphemeral(internet)],
      },
      mcp: {
        ingress: [NaclEntries.all(vpcCidr), NaclEntries.tcpEphemeral(internet)],
        egress: [NaclEntries.all(vpcCidr), NaclEntries.tcp(internet, 443)],
      },
      admin: { ingress: [NaclEntries.all(vpcCidr)], egress: [NaclEntries.all(vpcCidr)] },
      data: { ingress: fromTiers("mcp", "admin"), egress: fromTiers("mcp", "admin") },
    };
    for (const tier of NETWORK_TIERS) {
      new TierNetworkAcl(this, `${tier}-acl`, {
        vpcId: this.vpc.id,
        tier,
        subnetIds: this.subnetIds(tier),
        ingress: rules[tier].ingress,
        egress: rules[tier].egress,
        tags: tags(tier),
      });
    }
  }
}
