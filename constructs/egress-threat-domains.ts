/**
 * Domains that MCP workloads never need and that attackers use to exfiltrate data or reach command and control:
 * encrypted DNS resolvers (they bypass the DNS firewall), paste and anonymous file-drop sites, tunnel and reverse
 * proxy services, Tor gateways, out-of-band interaction catchers and dynamic DNS zones. The egress firewall rejects
 * TLS and HTTP to them and the DNS firewall answers NXDOMAIN, even when an allowlisted wildcard would cover them.
 *
 * Each entry covers the domain and all its subdomains. Append new entries at the end of their category: the
 * Suricata signature IDs of the generated rules follow list order.
 */

/** Why a domain is blocked. */
export type EgressThreatCategory =
  | "encrypted-dns"
  | "paste-site"
  | "file-drop"
  | "tunnel"
  | "tor-gateway"
  | "out-of-band"
  | "dynamic-dns";

/** One blocked domain. */
export interface EgressThreatDomain {
  /** The domain; its subdomains are blocked too. */
  readonly domain: string;
  readonly category: EgressThreatCategory;
}

/** What each category is, for rule messages. */
export const EGRESS_THREAT_CATEGORY_LABELS: Readonly<Record<EgressThreatCategory, string>> = {
  "encrypted-dns": "encrypted DNS resolver (DNS firewall bypass)",
  "paste-site": "paste site",
  "file-drop": "anonymous file drop",
  tunnel: "tunnel or reverse proxy service",
  "tor-gateway": "Tor gateway",
  "out-of-band": "out-of-band interaction catcher",
  "dynamic-dns": "dynamic DNS zone",
};

const byCategory = (category: EgressThreatCategory, domains: readonly string[]): EgressThreatDomain[] =>
  domains.map((domain) => ({ domain, category }));

/** The built-in block list. */
export const EGRESS_THREAT_DOMAINS: readonly EgressThreatDomain[] = [
  ...byCategory("encrypted-dns", [
    "dns.google",
    "dns.google.com",
    "cloudflare-dns.com",
    "one.one.one.one",
    "quad9.net",
    "doh.opendns.com",
    "doh.familyshield.opendns.com",
    "dns.adguard.com",
    "adguard-dns.com",
    "doh.cleanbrowsing.org",
    "dns.nextdns.io",
    "doh.dns.sb",
    "dns.alidns.com",
    "doh.pub",
    "dns.mullvad.net",
    "dns.controld.com",
  ]),
  ...byCategory("paste-site", [
    "pastebin.com",
    "paste.ee",
    "hastebin.com",
    "ghostbin.co",
    "controlc.com",
    "rentry.co",
    "rentry.org",
    "dpaste.com",
    "dpaste.org",
    "privatebin.net",
    "justpaste.it",
    "termbin.com",
    "ix.io",
    "sprunge.us",
    "paste.rs",
    "pastes.io",
    "0bin.net",
    "bpa.st",
    "gist.github.com",
    "gist.githubusercontent.com",
  ]),
  ...byCategory("file-drop", [
    "transfer.sh",
    "file.io",
    "0x0.st",
    "temp.sh",
    "tmpfiles.org",
    "gofile.io",
    "catbox.moe",
    "bashupload.com",
    "oshi.at",
    "filebin.net",
  ]),
  ...byCategory("tunnel", [
    "ngrok.io",
    "ngrok.app",
    "ngrok.dev",
    "ngrok-free.app",
    "ngrok-free.dev",
    "ngrok.com",
    "ngrok-agent.com",
    "trycloudflare.com",
    "localtunnel.me",
    "loca.lt",
    "serveo.net",
    "localhost.run",
    "lhr.life",
    "pagekite.me",
    "bore.pub",
    "localxpose.io",
    "loclx.io",
    "pinggy.io",
    "pinggy.link",
    "tunnelmole.net",
    "devtunnels.ms",
  ]),
  ...byCategory("tor-gateway", ["onion", "onion.to", "onion.ly", "onion.ws", "onion.pet", "tor2web.org", "tor2web.io"]),
  ...byCategory("out-of-band", [
    "webhook.site",
    "requestbin.net",
    "requestcatcher.com",
    "requestrepo.com",
    "pipedream.net",
    "beeceptor.com",
    "interact.sh",
    "oast.pro",
    "oast.live",
    "oast.site",
    "oast.online",
    "oast.fun",
    "oast.me",
    "oastify.com",
    "burpcollaborator.net",
    "dnslog.cn",
    "ceye.io",
  ]),
  ...byCategory("dynamic-dns", ["duckdns.org", "ddns.net", "hopto.org", "zapto.org", "sytes.net"]),
];

/** The threat entry that blocks `domain` (the domain itself or a parent of it), if any. */
export function egressThreatFor(domain: string, threats: readonly EgressThreatDomain[] = EGRESS_THREAT_DOMAINS): EgressThreatDomain | undefined {
  const name = domain.toLowerCase().replace(/^\*\./, "");
  return threats.find((threat) => name === threat.domain || name.endsWith(`.${threat.domain}`));
}
