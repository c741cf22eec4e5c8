/**
 * Checks environments against each other: unique names, distinct AWS accounts, state buckets and token issuers (ISO-03),
 * non-overlapping VPC ranges, VPN client ranges outside every VPC, and production never weaker than non-production
 * (see `STRENGTH_RULES`).
 */
import { cidrContains, cidrsOverlap, findFreeSubnet, parseCidr, PRIVATE_IPV4_RANGES } from "../shared/ipv4-cidr";
import { vpnClientCidrOverlaps } from "./access-checks";
import { ConfigProblem } from "./config-error";
import { EnvironmentConfig } from "./schema";
import { isWeaker, STRENGTH_RULES } from "./security-strength";
import { quote } from "./quote";

/** An environment of the set, and the label (file or environment name) that prefixes its problem paths. */
export interface SetMember {
  readonly environment: EnvironmentConfig;
  readonly label: string;
}

/** Every cross-environment problem of the set, reported on the later of two conflicting environments. */
export function crossEnvironmentProblems(members: readonly SetMember[]): ConfigProblem[] {
  return [
    ...distinct(
      members,
      "name",
      (e) => e.name,
      "environment name",
      "give each environment its own name: stacks are named mcp-<name>"
    ),
    ...distinct(
      members,
      "accountId",
      (e) => e.accountId,
      "AWS account",
      "give each environment its own AWS account: ISO-03 shares no credentials, roles or keys between environments"
    ),
    ...distinct(
      members,
      "state.bucket",
      (e) => e.state.bucket,
      "state bucket",
      "give each environment its own state bucket, in its own account, per ISO-03"
    ),
    ...distinct(
      members,
      "gateway.jwt.issuer",
      (e) => e.gateway.jwt.issuer,
      "token issuer",
      "give each environment its own authorization server tenant (e.g. its own realm): ISO-03 shares no authentication system between environments"
    ),
    ...vpcOverlaps(members),
    ...vpnClientCidrOverlaps(members),
    ...productionStrength(members),
  ];
}

function problem(member: SetMember, field: string, message: string, hint: string): ConfigProblem {
  return { path: `${member.label}: ${field}`, message, hint };
}

function distinct(
  members: readonly SetMember[],
  field: string,
  read: (environment: EnvironmentConfig) => string,
  what: string,
  hint: string
): ConfigProblem[] {
  return members.flatMap((member, i) => {
    const value = read(member.environment);
    const first = members.findIndex((other) => read(other.environment) === value);
    return first < i
      ? [problem(member, field, `${what} ${quote(value)} is also used by ${members[first].label}`, hint)]
      : [];
  });
}

function vpcOverlaps(members: readonly SetMember[]): ConfigProblem[] {
  // Malformed ranges are reported by each environment's own checks.
  const ranged = members.filter((member) => parseCidr(member.environment.vpcCidr) !== undefined);
  return ranged.flatMap((member, i) => {
    const cidr = member.environment.vpcCidr;
    const earlier = ranged.slice(0, i).find((other) => cidrsOverlap(other.environment.vpcCidr, cidr));
    if (earlier === undefined) return [];
    const taken = ranged.filter((other) => other !== member).map((other) => other.environment.vpcCidr);
    const privateRange = PRIVATE_IPV4_RANGES.find((range) => cidrContains(range, cidr));
    const free =
      privateRange === undefined ? undefined : findFreeSubnet(privateRange, parseCidr(cidr)?.prefix ?? 16, taken);
    return [
      problem(
        member,
        "vpcCidr",
        `${cidr} overlaps ${earlier.environment.vpcCidr} of ${earlier.label}`,
        `${
          free === undefined ? "choose a range" : `use a free range such as ${quote(free)}`
        } that overlaps no other environment's VPC, per ISO-03`
      ),
    ];
  });
}

function productionStrength(members: readonly SetMember[]): ConfigProblem[] {
  const nonProduction = members.filter((member) => !member.environment.production);
  return members
    .filter((member) => member.environment.production)
    .flatMap((member) =>
      STRENGTH_RULES.flatMap((rule) => {
        const value = rule.read(member.environment);
        const stronger = nonProduction.filter((other) => isWeaker(rule, value, rule.read(other.environment)));
        if (stronger.length === 0) return [];
        const values = stronger.map((other) => rule.read(other.environment));
        const target = rule.stronger === "higher" ? Math.max(...values) : Math.min(...values);
        const others = stronger.map((other, i) => `${other.label} (${values[i]})`).join(", ");
        return [
          problem(
            member,
            rule.path,
            `${value} in production is weaker than non-production ${others}: ${rule.stronger} is stronger`,
            `set ${target} or ${
              rule.stronger === "higher" ? "more" : "less"
            }: production is never weaker than non-production`
          ),
        ];
      })
    );
}
