import { Construct } from "constructs";
import { NetworkAcl, NetworkAclEgress, NetworkAclIngress } from "@cdktf/provider-aws/lib/network-acl";
import { NetworkTier, TIER_TAG } from "../baselines/network-tier";

/** One stateless NACL entry. */
export interface NaclEntry {
  readonly protocol: "tcp" | "udp" | "-1";
  readonly cidrBlock: string;
  readonly fromPort: number;
  readonly toPort: number;
}

/** The ephemeral ports 1024-65535 without the remote administration ports, as inclusive ranges. */
const EPHEMERAL_RANGES: readonly (readonly [number, number])[] = [
  [1024, 3388],
  [3390, 65535],
];

/** Factories for common NACL entries. */
export class NaclEntries {
  /** All traffic to or from a CIDR block (for traffic inside the VPC). */
  static all(cidrBlock: string): NaclEntry {
    return { protocol: "-1", cidrBlock, fromPort: 0, toPort: 0 };
  }

  /** TCP on one port. */
  static tcp(cidrBlock: string, port: number): NaclEntry {
    return { protocol: "tcp", cidrBlock, fromPort: port, toPort: port };
  }

  /**
   * TCP on the ephemeral port range 1024-65535, for return traffic of connections opened on the other side, as two
   * entries around RDP (3389; SSH's 22 is below the range): no entry that admits the internet covers a remote
   * administration port (Checkov CKV_AWS_231/232). Linux hosts and pods pick source ports from 32768-60999, so their
   * return traffic never needs 3389.
   */
  static tcpEphemeral(cidrBlock: string): NaclEntry[] {
    return EPHEMERAL_RANGES.map(([fromPort, toPort]) => ({ protocol: "tcp", cidrBlock, fromPort, toPort }));
  }
}

/** Properties of a {@link TierNetworkAcl}. */
export interface TierNetworkAclProps {
  readonly vpcId: string;
  readonly tier: NetworkTier;
  /** Subnets of the tier. */
  readonly subnetIds: readonly string[];
  /** Allowed inbound entries; everything else is denied. */
  readonly ingress: readonly NaclEntry[];
  /** Allowed outbound entries; everything else is denied. */
  readonly egress: readonly NaclEntry[];
  /** Tags. @default {} */
  readonly tags?: Record<string, string>;
}

function toRules(entries: readonly NaclEntry[]): (NetworkAclIngress & NetworkAclEgress)[] {
  return entries.map((entry, index) => ({
    ruleNo: 100 + index * 10,
    action: "allow",
    protocol: entry.protocol,
    cidrBlock: entry.cidrBlock,
    fromPort: entry.fromPort,
    toPort: entry.toPort,
  }));
}

/** A network ACL of one tier: explicit allow entries, implicit deny of everything else (PUB-06). */
export class TierNetworkAcl extends Construct {
  readonly acl: NetworkAcl;

  constructor(scope: Construct, id: string, props: TierNetworkAclProps) {
    super(scope, id);
    this.acl = new NetworkAcl(this, "acl", {
      vpcId: props.vpcId,
      subnetIds: [...props.subnetIds],
      ingress: toRules(props.ingress),
      egress: toRules(props.egress),
      tags: { ...props.tags, [TIER_TAG]: props.tier },
    });
  }
}
