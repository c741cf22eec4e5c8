/**
 * Security group rules normalized from the three ways Terraform writes them: inline `ingress`/`egress` blocks of
 * `aws_security_group`, `aws_vpc_security_group_ingress_rule`/`_egress_rule`, and `aws_security_group_rule`.
 */
import { Attributes, blocks, resolveReference, resources, stackOf, TerraformResource, tierOf } from "./terraform";
import { Artifacts } from "./types";

/** One security group rule, whatever resource wrote it. */
export interface SecurityGroupRule {
  /** The resource that declares the rule (the group itself for inline rules). */
  readonly declaredBy: TerraformResource;
  /** The group the rule belongs to, when it resolves within the stack. */
  readonly group: TerraformResource | undefined;
  readonly direction: "ingress" | "egress";
  /** `-1` for all protocols, else `tcp`, `udp`, `icmp` or a number. */
  readonly protocol: string;
  readonly fromPort: number | undefined;
  readonly toPort: number | undefined;
  /** IPv4 and IPv6 CIDR peers. */
  readonly cidrs: readonly string[];
  /** Security group peers, as written (references or IDs). */
  readonly groupPeers: readonly string[];
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return typeof value === "string" ? [value] : [];
}

function protocolOf(values: Attributes): string {
  const protocol = String(values["ip_protocol"] ?? values["protocol"] ?? "");
  return protocol === "all" ? "-1" : protocol.toLowerCase();
}

function port(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}

/** Every security group rule in every stack. */
export function securityGroupRules(artifacts: Artifacts): SecurityGroupRule[] {
  const inline = resources(artifacts, "aws_security_group").flatMap((group) =>
    (["ingress", "egress"] as const).flatMap((direction) =>
      blocks(group.values[direction]).map((entry) => ({
        declaredBy: group,
        group,
        direction,
        protocol: protocolOf(entry),
        fromPort: port(entry["from_port"]),
        toPort: port(entry["to_port"]),
        cidrs: [...list(entry["cidr_blocks"]), ...list(entry["ipv6_cidr_blocks"])],
        groupPeers: list(entry["security_groups"]),
      })),
    ),
  );
  const perRule = (["ingress", "egress"] as const).flatMap((direction) =>
    resources(artifacts, `aws_vpc_security_group_${direction}_rule`).map((rule) => ({
      declaredBy: rule,
      group: resolveReference(stackOf(artifacts, rule), rule.values["security_group_id"]),
      direction,
      protocol: protocolOf(rule.values),
      fromPort: port(rule.values["from_port"]),
      toPort: port(rule.values["to_port"]),
      cidrs: [...list(rule.values["cidr_ipv4"]), ...list(rule.values["cidr_ipv6"])],
      groupPeers: list(rule.values["referenced_security_group_id"]),
    })),
  );
  const legacy = resources(artifacts, "aws_security_group_rule").map((rule) => ({
    declaredBy: rule,
    group: resolveReference(stackOf(artifacts, rule), rule.values["security_group_id"]),
    direction: rule.values["type"] === "egress" ? ("egress" as const) : ("ingress" as const),
    protocol: protocolOf(rule.values),
    fromPort: port(rule.values["from_port"]),
    toPort: port(rule.values["to_port"]),
    cidrs: [...list(rule.values["cidr_blocks"]), ...list(rule.values["ipv6_cidr_blocks"])],
    groupPeers: list(rule.values["source_security_group_id"]),
  }));
  return [...inline, ...perRule, ...legacy];
}

/** The network tier of the group a rule belongs to. */
export function ruleTier(rule: SecurityGroupRule): string | undefined {
  return rule.group ? tierOf(rule.group) : undefined;
}

/** Whether a rule covers exactly one TCP port and nothing else. */
export function isTcpPortOnly(rule: SecurityGroupRule, port: number): boolean {
  return rule.protocol === "tcp" && rule.fromPort === port && rule.toPort === port;
}

/** Whether a rule covers exactly TCP 443 and nothing else. */
export function isTcp443Only(rule: SecurityGroupRule): boolean {
  return isTcpPortOnly(rule, 443);
}

/** Describes a rule's protocol and ports for messages. */
export function describePorts(rule: SecurityGroupRule): string {
  if (rule.protocol === "-1") return "all protocols and ports";
  return rule.fromPort === rule.toPort ? `${rule.protocol}/${rule.fromPort}` : `${rule.protocol}/${rule.fromPort}-${rule.toPort}`;
}
