/** Checks of the administrator access fields: the Client VPN and the human-assumable roles (PUB-05, PUB-08, JIT-01). */
import { samlProviderAccount } from "../shared/arn";
import { CLIENT_VPN_BANNER_MAX_LENGTH, CLIENT_VPN_CIDR_PREFIX } from "../constructs/service-limits";
import { canonicalCidr, cidrsOverlap, isCanonicalCidr, isPrivateCidr, parseCidr, PRIVATE_IPV4_RANGES } from "../shared/ipv4-cidr";
import { ConfigProblem } from "./config-error";
import { didYouMean } from "./did-you-mean";
import type { SetMember } from "./environment-set";
import { Check, issue } from "./readers";
import { quote } from "./quote";

const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z]{2}(?:-gov)?-[a-z]+-\d):(\d{12}):certificate\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const OIDC_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\//;

/** The longest Client VPN session production accepts, in hours. */
export const PRODUCTION_MAX_VPN_SESSION_HOURS = 12;
/** The longest role session production accepts, in hours (JIT-01). */
export const PRODUCTION_MAX_ROLE_SESSION_HOURS = 1;

/**
 * An ACM certificate ARN in the environment's own account (ISO-03) and region (Client VPN uses certificates of its
 * own region only). Account and region are checked when known.
 */
export function checkAcmCertificateArn(accountId: string | undefined, region: string | undefined): Check<string> {
  return (arn) => {
    const match = ACM_CERTIFICATE_ARN.exec(arn);
    if (!match) {
      return issue(
        `${quote(arn)} is not an ACM certificate ARN`,
        "use arn:aws:acm:<region>:<account>:certificate/<id>, as the ACM console shows it"
      );
    }
    const [, arnRegion, arnAccount] = match;
    if (accountId !== undefined && arnAccount !== accountId) {
      return issue(
        `${quote(arn)} is a certificate of account ${arnAccount}, not of this environment's account ${accountId}`,
        "import the certificate into the environment's own account: ISO-03 shares nothing between environments"
      );
    }
    if (region !== undefined && arnRegion !== region) {
      return issue(
        `${quote(arn)} is in region ${arnRegion}, not in the environment's region ${region}`,
        `import the certificate into ACM in ${region}: Client VPN uses certificates of its own region only`
      );
    }
    return undefined;
  };
}

/** An IAM SAML provider ARN in the environment's own account (ISO-03), checked when the account is known. */
export function checkSamlProviderArn(accountId: string | undefined): Check<string> {
  return (arn) => {
    const account = samlProviderAccount(arn);
    if (account === undefined) {
      return issue(
        OIDC_PROVIDER_ARN.test(arn) ? `${quote(arn)} is an OIDC provider, not a SAML provider` : `${quote(arn)} is not an IAM SAML provider ARN`,
        "use arn:aws:iam::<account>:saml-provider/<name>: administrators sign in through SAML federation"
      );
    }
    if (accountId !== undefined && account !== accountId) {
      return issue(
        `${quote(arn)} is a SAML provider of account ${account}, not of this environment's account ${accountId}`,
        "create the SAML provider in the environment's own account: ISO-03 shares no identity trust between environments"
      );
    }
    return undefined;
  };
}

/**
 * The VPN client range: a canonical private IPv4 CIDR from /12 to /22 (Client VPN's limits) that does not overlap the
 * environment's VPC (checked when the VPC range is valid). Each failing check is one issue.
 */
export function vpnClientCidrChecks(vpcCidr: string | undefined): readonly Check<string>[] {
  const { broadest, narrowest } = CLIENT_VPN_CIDR_PREFIX;
  const parsed = (check: (cidr: string, prefix: number) => ReturnType<Check<string>>): Check<string> => (cidr) => {
    const value = parseCidr(cidr);
    return value ? check(cidr, value.prefix) : undefined;
  };
  const sized = (prefix: number) => prefix >= broadest && prefix <= narrowest;
  return [
    (cidr) => (parseCidr(cidr) ? undefined : issue(`${quote(cidr)} is not an IPv4 CIDR`, 'write a.b.c.d/prefix, e.g. "10.250.0.0/22"')),
    parsed((cidr, prefix) =>
      sized(prefix)
        ? undefined
        : issue(
            `${quote(cidr)} has prefix /${prefix}, outside /${broadest} to /${narrowest}`,
            `Client VPN needs a client range from /${broadest} to /${narrowest}, e.g. a /22 (1,024 addresses)`
          )
    ),
    parsed((cidr) =>
      isPrivateCidr(cidr)
        ? undefined
        : issue(`${quote(cidr)} is not in a private (RFC 1918) range`, `use a range inside ${PRIVATE_IPV4_RANGES.join(", ")}`)
    ),
    parsed((cidr, prefix) =>
      !sized(prefix) || isCanonicalCidr(cidr) ? undefined : issue(`${quote(cidr)} has host bits set`, didYouMean(canonicalCidr(cidr)))
    ),
    parsed((cidr) =>
      vpcCidr !== undefined && parseCidr(vpcCidr) !== undefined && cidrsOverlap(cidr, vpcCidr)
        ? issue(
            `${cidr} overlaps the environment's VPC ${vpcCidr}`,
            "choose a client range outside every VPC the clients reach, e.g. in 10.250.0.0/16"
          )
        : undefined
    ),
  ];
}

/** A Client VPN session timeout: at most 12 hours in production. The allowed values are checked by the reader. */
export function checkVpnSessionTimeout(production: boolean): Check<number> {
  return (hours) =>
    production && hours > PRODUCTION_MAX_VPN_SESSION_HOURS
      ? issue(
          `${hours}-hour VPN sessions are too long for production`,
          `set ${PRODUCTION_MAX_VPN_SESSION_HOURS} or less (8, 10 or 12) in a production environment`
        )
      : undefined;
}

/** A role session length: one hour in production (JIT-01). The range 1 to 4 is checked by the reader. */
export function checkRoleSessionHours(production: boolean): Check<number> {
  return (hours) =>
    production && hours > PRODUCTION_MAX_ROLE_SESSION_HOURS
      ? issue(
          `${hours}-hour role sessions are too long for production`,
          `set ${PRODUCTION_MAX_ROLE_SESSION_HOURS}: privileged production sessions last at most an hour (JIT-01)`
        )
      : undefined;
}

/** The administrators' group ID as the identity provider asserts it: not blank, no surrounding spaces, ≤ 255. */
export const checkAccessGroupId: Check<string> = (group) => {
  if (group.trim() === "")
    return issue("is empty", "name the administrators' group as the identity provider asserts it, e.g. mcp-admins");
  if (group !== group.trim()) return issue(`${quote(group)} has surrounding spaces`, didYouMean(group.trim()));
  if (group.length > 255)
    return issue(`has ${group.length} characters, more than 255`, "use the group's ID or a shorter group name");
  return undefined;
};

/** The VPN login banner: 1 to 1400 characters. */
export const checkBannerText: Check<string> = (text) => {
  if (text.trim() === "") return issue("is empty", "write the notice administrators see when a session starts");
  if (text.length > CLIENT_VPN_BANNER_MAX_LENGTH)
    return issue(
      `has ${text.length} characters, more than ${CLIENT_VPN_BANNER_MAX_LENGTH}`,
      `shorten it to ${CLIENT_VPN_BANNER_MAX_LENGTH} characters or fewer`
    );
  return undefined;
};

/**
 * Cross-environment: no environment's VPN client range overlaps another environment's VPC, so an administrator's
 * address is never ambiguous in any environment's logs and routes. Malformed ranges are left to each environment's
 * own checks.
 */
export function vpnClientCidrOverlaps(members: readonly SetMember[]): ConfigProblem[] {
  const wellFormed = (cidr: string | undefined): cidr is string => typeof cidr === "string" && parseCidr(cidr) !== undefined;
  return members.flatMap((member) => {
    const clientCidr = member.environment.access?.vpn?.clientCidr;
    if (!wellFormed(clientCidr)) return [];
    return members
      .filter((other) => other !== member && wellFormed(other.environment.vpcCidr) && cidrsOverlap(clientCidr, other.environment.vpcCidr))
      .map((other) => ({
        path: `${member.label}: access.vpn.clientCidr`,
        message: `${clientCidr} overlaps the VPC ${other.environment.vpcCidr} of ${other.label}`,
        hint: "choose a client range that overlaps no environment's VPC, e.g. in 10.250.0.0/16",
      }));
  });
}
