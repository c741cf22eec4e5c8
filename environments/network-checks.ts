/** Checks of the network fields of an environment: the VPC range, admin allowlists, egress domains. */
import { isIP, isIPv4 } from "net";
import { parse as parseDomain } from "tldts";
import unhomoglyph from "unhomoglyph";
import { domainToASCII, domainToUnicode } from "url";
import { EGRESS_THREAT_CATEGORY_LABELS, egressThreatFor } from "../constructs/egress-threat-domains";
import { isCanonicalCidr, canonicalCidr, isPrivateCidr, parseCidr, PRIVATE_IPV4_RANGES } from "../shared/ipv4-cidr";
import { ConfigIssue } from "./config-error";
import { didYouMean } from "./did-you-mean";
import { isDnsName, isDomainPattern, MAX_DNS_NAME_LENGTH } from "../constructs/dns-name";
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

/** The longest DNS label (RFC 1035). */
const MAX_LABEL_LENGTH = 63;

/**
 * Domains under which anyone can create a host (cloud and hosting platforms): a wildcard anywhere under them allows
 * hosts an attacker controls, even below the public suffixes the Public Suffix List names for them.
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

/**
 * Top-level names that never reach a public host: special-use names (RFC 6761: localhost, test, invalid, example;
 * RFC 6762: local, so `*.svc.cluster.local`; RFC 7686: onion; RFC 9476: alt), the reverse-lookup zone arpa, ICANN's
 * private-use internal, and names that private networks commonly use.
 */
const RESERVED_TOP_LEVEL: ReadonlySet<string> = new Set([
  "localhost",
  "local",
  "test",
  "invalid",
  "example",
  "onion",
  "alt",
  "arpa",
  "internal",
  "localdomain",
  "lan",
  "home",
  "corp",
  "intranet",
]);

/** Scripts that may share one label (UTS #39 "highly restrictive"): Japanese, Chinese and Korean with Latin. */
const SCRIPT_MIXES: readonly (readonly string[])[] = [
  ["Latin", "Han", "Hiragana", "Katakana"],
  ["Latin", "Han", "Bopomofo"],
  ["Latin", "Han", "Hangul"],
];

/** Scripts told apart in a label; a letter of any other script counts as "another script". */
const SCRIPTS: readonly (readonly [string, RegExp])[] = [
  "Latin", "Greek", "Cyrillic", "Armenian", "Hebrew", "Arabic", "Syriac", "Thaana", "Devanagari", "Bengali", "Gurmukhi",
  "Gujarati", "Tamil", "Telugu", "Kannada", "Malayalam", "Sinhala", "Thai", "Lao", "Tibetan", "Myanmar", "Georgian",
  "Hangul", "Ethiopic", "Cherokee", "Khmer", "Mongolian", "Hiragana", "Katakana", "Bopomofo", "Han",
].map((name) => [name, new RegExp(`^\\p{Script=${name}}$`, "u")] as const);

const COMMON_OR_INHERITED = /^[\p{Script=Common}\p{Script=Inherited}]$/u;

/** The scripts the letters of `label` are written in, digits and hyphens not counted. */
function scriptsOf(label: string): Set<string> {
  const scripts = new Set<string>();
  for (const character of label) {
    if (COMMON_OR_INHERITED.test(character)) continue;
    scripts.add(SCRIPTS.find(([, pattern]) => pattern.test(character))?.[0] ?? "another script");
  }
  return scripts;
}

/** Whether a label mixes scripts in a way that lets it pass for another name (`аpple` with a Cyrillic `а`). */
function mixesScripts(label: string): readonly string[] | undefined {
  const scripts = [...scriptsOf(label)].sort();
  if (scripts.length < 2 || SCRIPT_MIXES.some((mix) => scripts.every((script) => mix.includes(script)))) return undefined;
  return scripts;
}

/**
 * The Latin name a label passes for when it is written wholly in one other script with letters that all look like
 * Latin ones (a whole-script confusable, UTS #39): `раураl` in Cyrillic for `paypal`, `αρρ` in Greek for `app`.
 * Judged on the label's skeleton by Unicode's confusables data; undefined for any other label.
 */
function latinLookAlike(label: string): { readonly script: string; readonly latin: string } | undefined {
  const [script, ...others] = scriptsOf(label);
  if (script === undefined || others.length > 0 || script === "Latin") return undefined;
  const skeleton = unhomoglyph(label);
  return /^[A-Za-z0-9-]+$/.test(skeleton) ? { script, latin: skeleton.toLowerCase() } : undefined;
}

/**
 * The look-alike label of an otherwise ASCII name (`раураl.com`): a whole-script confusable among Latin labels.
 * A name written wholly in that script (`сосо.рф`) is that script's own name, not a look-alike.
 */
function lookAlikeIssue(unicode: string, shown: string): ConfigIssue | undefined {
  const labels = unicode.split(".");
  for (const [index, label] of labels.entries()) {
    const lookAlike = latinLookAlike(label);
    if (!lookAlike || !labels.every((other, at) => at === index || /^[\x21-\x7e]*$/.test(other))) continue;
    return issue(
      `${shown} writes ${quote(label)} in ${lookAlike.script} letters that look like the Latin ${quote(lookAlike.latin)}, so it can pass for another name`,
      "check which host the server really calls and list that one: a look-alike name is a phishing domain"
    );
  }
  return undefined;
}

/** `name` (a DNS name, or `*.` and one) in its ASCII form: punycode for Unicode labels; "" when it cannot be one. */
function asciiForm(name: string): string {
  const wildcard = name.startsWith("*.");
  const ascii = domainToASCII(wildcard ? name.slice(2) : name);
  return ascii === "" ? "" : `${wildcard ? "*." : ""}${ascii}`;
}

/** How a name is shown when its Unicode form differs: `"xn--pple-43d.com" (Unicode "аpple.com")`. */
function bothForms(ascii: string, unicode: string): string {
  return unicode === ascii ? quote(ascii) : `${quote(ascii)} (Unicode ${quote(unicode)})`;
}

/**
 * Judges a well-formed lower-case ASCII name or wildcard: valid punycode in one script per label, no label that
 * only looks Latin, a public
 * top-level domain of the Public Suffix List, no wildcard over a public suffix (ICANN's or a platform's), nothing
 * on the egress block list.
 */
function checkAllowedPattern(pattern: string): ConfigIssue | undefined {
  const wildcard = pattern.startsWith("*.");
  const name = wildcard ? pattern.slice(2) : pattern;
  const unicode = `${wildcard ? "*." : ""}${domainToUnicode(name)}`;
  const shown = bothForms(pattern, unicode);
  if (domainToASCII(name) !== name || unicode.split(".").some((label) => label.startsWith("xn--"))) {
    return issue(`${quote(pattern)} is not valid punycode`, "write the name as its owner publishes it, e.g. with `dig` or in the browser's address bar");
  }
  const mixed = unicode.split(".").map(mixesScripts).find((scripts) => scripts !== undefined);
  if (mixed) {
    return issue(`${shown} mixes scripts in one label (${mixed.join(" and ")}), so it can pass for another name`, "check which host the server really calls and list that one: a look-alike name is a phishing domain");
  }
  const lookAlike = lookAlikeIssue(unicode, shown);
  if (lookAlike) return lookAlike;
  const topLevel = name.slice(name.lastIndexOf(".") + 1);
  if (RESERVED_TOP_LEVEL.has(topLevel)) {
    return issue(`${quote(pattern)} is a reserved or cluster-internal name (.${topLevel})`, "list public hosts only: in-cluster and private services are reached through the mesh, never through the egress firewall");
  }
  const suffix = parseDomain(name, { allowPrivateDomains: true });
  if (!suffix.isIcann && !suffix.isPrivate) {
    return issue(`${shown} ends in ${quote(topLevel)}, which is not a top-level domain of the Public Suffix List`, "use the host's public DNS name");
  }
  const threat = egressThreatFor(pattern);
  if (threat) {
    return issue(
      `${quote(pattern)} is on the egress block list (${EGRESS_THREAT_CATEGORY_LABELS[threat.category]} ${threat.domain})`,
      "remove it: the egress and DNS firewalls block it whatever the allowlist says"
    );
  }
  if (!wildcard) return undefined;
  const tenant = MULTI_TENANT_DOMAINS.find((domain) => name === domain || name.endsWith(`.${domain}`));
  if (tenant) {
    return issue(`${quote(pattern)} matches hosts that anyone can create under ${tenant}`, `name the exact hosts the server calls, e.g. my-service.${name}`);
  }
  if (suffix.publicSuffix === name) {
    return issue(
      `${shown} matches a whole public suffix${suffix.isPrivate ? `, under which anyone can register a name` : ""}`,
      `narrow the wildcard to one organisation's domain, e.g. *.example.${name}`
    );
  }
  return undefined;
}

/** An over-long name or label, reported with the length DNS allows. */
function checkLengths(name: string): ConfigIssue | undefined {
  if (name.length > MAX_DNS_NAME_LENGTH) {
    return issue(`${quote(name)} is longer than the ${MAX_DNS_NAME_LENGTH} characters of a DNS name`, "use the host name the server really connects to");
  }
  const label = name.split(".").find((candidate) => candidate.length > MAX_LABEL_LENGTH);
  if (label !== undefined) {
    return issue(`${quote(name)} has a label of ${label.length} characters, more than the ${MAX_LABEL_LENGTH} DNS allows`, "use the host name the server really connects to");
  }
  return undefined;
}

/**
 * An egress allowlist entry: a lower-case ASCII DNS name or `*.domain` (see {@link checkAllowedPattern}); no IP
 * address in any notation, no URL, port or bare `*`, no Unicode form (its punycode is suggested, both shown).
 */
export const checkEgressDomain: Check<string> = (domain) => {
  if (domain === "*" || domain === "*.*") {
    return issue(`${quote(domain)} allows every domain`, "list each domain the server needs, e.g. api.github.com or *.example.com");
  }
  const host = bareHost(domain);
  if (isIpAddress(host)) {
    return issue(`${quote(domain)} is an IP address`, "name the domain instead: the egress firewall matches TLS SNI and HTTP Host names");
  }
  if (isDomainPattern(domain)) return checkAllowedPattern(domain);
  const ascii = asciiForm(host);
  if (isDomainPattern(ascii)) {
    return ascii === host
      ? issue(`${quote(domain)} is not a bare domain name`, didYouMean(ascii))
      : issue(`${bothForms(ascii, host)} is written in Unicode`, `write its ASCII form, which TLS SNI and DNS carry: ${didYouMean(ascii)}`);
  }
  if (host.startsWith("*.") && isDnsName(`example.${host.slice(2)}`)) {
    return issue(`${quote(domain)} matches a whole top-level domain`, "narrow the wildcard to one organisation's domain, e.g. *.example.com");
  }
  return (
    checkLengths(host.replace(/^\*\./, "")) ??
    issue(`${quote(domain)} is not a valid domain name or *.domain wildcard`, "use a lower-case name such as api.github.com or a wildcard such as *.example.com")
  );
};

/** The host part of something written as a URL or `host:port`, lower-cased, without a trailing dot. */
function bareHost(value: string): string {
  let host = value.trim().toLowerCase();
  const scheme = host.indexOf("://");
  if (scheme !== -1 && /^[a-z][a-z0-9+.-]*$/.test(host.slice(0, scheme))) host = host.slice(scheme + 3);
  host = host.split(/[/?#]/, 1)[0];
  const bracketed = /^\[([^\]]*)\](?::\d+)?$/.exec(host);
  if (bracketed) return bracketed[1];
  const withPort = /^([^:]*):\d+$/.exec(host);
  if (withPort) host = withPort[1];
  return host.endsWith(".") ? host.slice(0, -1) : host;
}

/** Whether `host` is an IP address in any notation: IPv6 (IPv4-mapped too), or IPv4 dotted, decimal, octal or hex. */
function isIpAddress(host: string): boolean {
  return isIP(host) !== 0 || isIPv4(domainToASCII(host));
}
