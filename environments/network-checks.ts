/** Checks of the network fields of an environment: the VPC range, admin allowlists, egress domains. */
import { EGRESS_THREAT_CATEGORY_LABELS, egressThreatFor } from "../constructs/egress-threat-domains";
import { isCanonicalCidr, canonicalCidr, isPrivateCidr, parseCidr, PRIVATE_IPV4_RANGES } from "../constructs/ipv4-cidr";
import { ConfigIssue } from "./config-error";
import { didYouMean } from "./did-you-mean";
import { isDnsName, isDomainPattern } from "./dns-name";
import { Check, issue } from "./readers";
import { quote } from "./quote";

function cidrSyntax(example: string): Check<string> {
  return (cidr) =>
    parseCidr(cidr) ? undefined : issue(`${quote(cidr)} is not an IPv4 CIDR`, `write a.b.c.d/prefix, e.g. ${quote(example)}`);
}

/** A check of a well-formed CIDR's prefix length; malformed CIDRs are left to the syntax check. */
function prefixCheck(check: (prefix: number, cidr: string) => ConfigIssue | undefined): Check<string> {
  return (cidr) => {
    const parsed = parseCidr(cidr);
    return parsed ? check(parsed.prefix, cidr) : undefined;
  };
}

/** No host bits set; checked only when the prefix is acceptable, so the suggestion is a valid value. */
function canonical(acceptablePrefix: (prefix: number) => boolean): Check<string> {
  return prefixCheck((prefix, cidr) =>
    !acceptablePrefix(prefix) || isCanonicalCidr(cidr)
      ? undefined
      : issue(`${quote(cidr)} has host bits set`, didYouMean(canonicalCidr(cidr)))
  );
}

/** The VPC range: a canonical, private (RFC 1918) IPv4 CIDR from /16 to /20. Each failing check is one issue. */
export const VPC_CIDR_CHECKS: readonly Check<string>[] = [
  cidrSyntax("10.0.0.0/16"),
  prefixCheck((prefix, cidr) =>
    prefix < 16 || prefix > 20
      ? issue(
          `${quote(cidr)} has prefix /${prefix}, outside /16 to /20`,
          "use a prefix from /16 to /20, that is 65,536 to 4,096 addresses"
        )
      : undefined
  ),
  prefixCheck((_, cidr) =>
    isPrivateCidr(cidr)
      ? undefined
      : issue(`${quote(cidr)} is not in a private (RFC 1918) range`, `use a range inside ${PRIVATE_IPV4_RANGES.join(", ")}`)
  ),
  canonical((prefix) => prefix >= 16 && prefix <= 20),
];

/** The broadest admin CIDR accepted: a /8. */
const BROADEST_ADMIN_PREFIX = 8;

/** An admin allowlist entry: a canonical IPv4 CIDR, never the whole internet, never broader than /8. */
export const ADMIN_CIDR_CHECKS: readonly Check<string>[] = [
  cidrSyntax("203.0.113.0/24"),
  prefixCheck((prefix, cidr) => {
    const fix = 'list only the networks administrators connect from, e.g. an office egress range "203.0.113.0/24"';
    if (prefix === 0) return issue(`${quote(cidr)} opens administration to the whole internet`, fix);
    if (prefix < BROADEST_ADMIN_PREFIX) {
      return issue(
        `${quote(cidr)} is broader than /${BROADEST_ADMIN_PREFIX} (${(2 ** (32 - prefix)).toLocaleString(
          "en-US"
        )} addresses)`,
        fix
      );
    }
    return undefined;
  }),
  canonical((prefix) => prefix >= BROADEST_ADMIN_PREFIX),
];

/** The longest DNS name and label (RFC 1035). */
const MAX_NAME_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

/** Second-level labels under which a two-letter country code TLD registers names (`co.uk`, `com.au`, `ac.jp`). */
const PUBLIC_SECOND_LEVEL = new Set(["ac", "co", "com", "edu", "gob", "gov", "mil", "ne", "net", "or", "org"]);

/**
 * Domains under which anyone can create a host (cloud and hosting platforms): a wildcard on them allows hosts an
 * attacker controls.
 */
const MULTI_TENANT_DOMAINS: readonly string[] = [
  "amazonaws.com",
  "appspot.com",
  "azurewebsites.net",
  "cloudapp.net",
  "cloudfront.net",
  "core.windows.net",
  "firebaseapp.com",
  "github.io",
  "githubusercontent.com",
  "googleusercontent.com",
  "herokuapp.com",
  "netlify.app",
  "pages.dev",
  "vercel.app",
  "web.app",
  "workers.dev",
];

function shortened(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}

/** Checks of a well-formed name or wildcard: not too broad, not a blocked threat domain. */
function checkAllowedPattern(pattern: string): ConfigIssue | undefined {
  const threat = egressThreatFor(pattern);
  if (threat) {
    return issue(
      `${quote(pattern)} is on the egress block list (${EGRESS_THREAT_CATEGORY_LABELS[threat.category]} ${threat.domain})`,
      "remove it: the egress and DNS firewalls block it whatever the allowlist says"
    );
  }
  if (!pattern.startsWith("*.")) return undefined;
  const base = pattern.slice(2);
  const labels = base.split(".");
  if (labels.length === 2 && PUBLIC_SECOND_LEVEL.has(labels[0]) && /^[a-z]{2}$/.test(labels[1])) {
    return issue(
      `${quote(pattern)} matches a whole public suffix`,
      `narrow the wildcard to one organisation's domain, e.g. *.example.${base}`
    );
  }
  const tenant = MULTI_TENANT_DOMAINS.find((domain) => base === domain || base.endsWith(`.${domain}`));
  if (tenant) {
    return issue(
      `${quote(pattern)} matches hosts that anyone can create under ${tenant}`,
      `name the exact hosts the server calls, e.g. my-service.${base}`
    );
  }
  return undefined;
}

/** An over-long name or label, reported with the length DNS allows. */
function checkLengths(name: string): ConfigIssue | undefined {
  if (name.length > MAX_NAME_LENGTH) {
    return issue(
      `${quote(shortened(name))} is ${name.length} characters long, more than the ${MAX_NAME_LENGTH} of a DNS name`,
      "use the host name the server really connects to"
    );
  }
  const label = name.split(".").find((candidate) => candidate.length > MAX_LABEL_LENGTH);
  if (label !== undefined) {
    return issue(
      `${quote(shortened(name))} has a label of ${label.length} characters, more than the ${MAX_LABEL_LENGTH} DNS allows`,
      "use the host name the server really connects to"
    );
  }
  return undefined;
}

/**
 * An egress allowlist entry: a lower-case DNS name or `*.domain`; no IP address, URL, port or bare `*`, no wildcard
 * over a top-level domain, a public suffix or a multi-tenant platform, nothing on the egress block list.
 */
export const checkEgressDomain: Check<string> = (domain) => {
  if (isDomainPattern(domain)) return checkAllowedPattern(domain);
  if (domain === "*" || domain === "*.*") {
    return issue(
      `${quote(domain)} allows every domain`,
      "list each domain the server needs, e.g. api.github.com or *.example.com"
    );
  }
  const host = bareHost(domain);
  if (isIpAddress(host)) {
    return issue(
      `${quote(domain)} is an IP address`,
      "name the domain instead: the egress firewall matches TLS SNI and HTTP Host names"
    );
  }
  if (isDomainPattern(host)) return issue(`${quote(domain)} is not a bare domain name`, didYouMean(host));
  if (host.startsWith("*.") && isDnsName(`example.${host.slice(2)}`)) {
    return issue(
      `${quote(domain)} matches a whole top-level domain`,
      "narrow the wildcard to one organisation's domain, e.g. *.example.com"
    );
  }
  return (
    checkLengths(host.replace(/^\*\./, "")) ??
    issue(
      `${quote(domain)} is not a valid domain name or *.domain wildcard`,
      "use a lower-case name such as api.github.com or a wildcard such as *.example.com"
    )
  );
};

/** The host part of something written as a URL or `host:port`, lower-cased, without a trailing dot. */
function bareHost(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, "")
    .replace(/[/?#].*$/, "")
    .replace(/^\[(.*)\](:\d+)?$/, "$1")
    .replace(/^([^:]*):\d+$/, "$1")
    .replace(/\.$/, "");
}

function isIpAddress(host: string): boolean {
  return parseCidr(`${host}/32`) !== undefined || (/^[0-9a-f:.]+$/.test(host) && (host.match(/:/g) ?? []).length >= 2);
}
