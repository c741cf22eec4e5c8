/**
 * The Suricata rules of the egress firewall (PUB-07): known exfiltration and command-and-control patterns, and the
 * TCP handshake rule that a domain allowlist needs under a drop-strict default. Patterns follow AWS's published
 * examples (Network Firewall developer guide, "Examples of stateful rules", and the AWS security services best
 * practices egress template).
 */
import { EGRESS_THREAT_CATEGORY_LABELS, EgressThreatDomain } from "./egress-threat-domains";
import { SuricataRule } from "./suricata-rules";

/** First signature ID of the handshake rules. */
const HANDSHAKE_SID = 9_000_001;
/** First signature ID of the fixed threat rules. */
const THREAT_SID = 9_100_001;
/** First signature ID of the per-domain rules (two per domain: TLS, then HTTP). */
const DOMAIN_SID = 9_200_000;

/** The signature IDs of the threat rules (fixed and per-domain), for alarms on their alerts. */
export const EGRESS_THREAT_SIDS = { first: THREAT_SID, last: 9_299_999 } as const;

const OUT = { source: "$HOME_NET", sourcePort: "any", destination: "$EXTERNAL_NET" } as const;
const IPV4_LITERAL = 'pcre:"/^(?:[0-9]{1,3}\\.){3}[0-9]{1,3}$/"';

type ThreatRule = Omit<SuricataRule, "sid">;

/** Rules that do not depend on a domain list, in evaluation order. */
const FIXED_THREAT_RULES: readonly ThreatRule[] = [
  {
    ...OUT,
    action: "reject",
    protocol: "tls",
    destinationPort: "any",
    msg: "Egress TLS with an IP address as server name (direct to IP, no DNS lookup)",
    options: ["flow:to_server", "tls.sni", 'content:"."', IPV4_LITERAL],
  },
  {
    ...OUT,
    action: "reject",
    protocol: "http",
    destinationPort: "any",
    msg: "Egress HTTP with an IP address as Host (direct to IP, no DNS lookup)",
    options: ["flow:to_server", "http.host", 'content:"."', IPV4_LITERAL],
  },
  {
    ...OUT,
    action: "reject",
    protocol: "tls",
    destinationPort: "any",
    msg: "Egress TLS without a server name (no SNI)",
    options: ["flow:to_server", "ja4.hash", 'content:"i"', "offset:3", "depth:1"],
  },
  {
    ...OUT,
    action: "reject",
    protocol: "tcp",
    destinationPort: "443",
    msg: "Egress on TCP 443 that is not TLS",
    options: ["flow:to_server", "app-layer-protocol:!tls"],
  },
  { ...OUT, action: "reject", protocol: "tls", destinationPort: "!443", msg: "Egress TLS on a port other than 443", options: ["flow:to_server"] },
  {
    ...OUT,
    action: "reject",
    protocol: "tcp",
    destinationPort: "80",
    msg: "Egress on TCP 80 that is not HTTP",
    options: ["flow:to_server", "app-layer-protocol:!http"],
  },
  { ...OUT, action: "reject", protocol: "http", destinationPort: "!80", msg: "Egress HTTP on a port other than 80", options: ["flow:to_server"] },
  {
    ...OUT,
    action: "drop",
    protocol: "udp",
    destinationPort: "443",
    msg: "Egress QUIC (UDP 443) whose server name the allowlist cannot inspect",
    options: ["flow:to_server"],
  },
  {
    ...OUT,
    action: "drop",
    protocol: "udp",
    destinationPort: "[53,853]",
    msg: "Egress DNS or DNS over QUIC to an outside resolver (bypasses the DNS firewall)",
    options: ["flow:to_server"],
  },
  {
    ...OUT,
    action: "drop",
    protocol: "tcp",
    destinationPort: "[53,853]",
    msg: "Egress DNS over TCP or TLS to an outside resolver (bypasses the DNS firewall)",
    options: ["flow:to_server"],
  },
  {
    ...OUT,
    action: "drop",
    protocol: "ip",
    destinationPort: "[135,139,389,445,1389,3389,4444,6667]",
    msg: "Egress to a high-risk port (RPC, SMB, LDAP callback, RDP, Metasploit, IRC)",
    options: ["flow:to_server"],
  },
  {
    ...OUT,
    action: "drop",
    protocol: "tcp",
    destinationPort: "[9001,9030,9040,9050,9051,9150]",
    msg: "Egress to Tor relay or proxy ports",
    options: ["flow:to_server"],
  },
  { ...OUT, action: "drop", protocol: "tcp", destinationPort: "22", msg: "Egress to TCP 22 (SSH)", options: ["flow:to_server"] },
  { ...OUT, action: "reject", protocol: "ssh", destinationPort: "any", msg: "Egress SSH protocol on any port", options: ["flow:to_server"] },
  {
    ...OUT,
    action: "reject",
    protocol: "http",
    destinationPort: "any",
    msg: "Egress HTTP from an attack or scanning tool user agent",
    options: ["flow:to_server", "http.user_agent", 'pcre:"/(sqlmap|nikto|nmap|masscan|zgrab|nuclei|gobuster|dirbuster|hydra)/i"'],
  },
  {
    ...OUT,
    action: "reject",
    protocol: "http",
    destinationPort: "any",
    msg: "Egress HTTP from PowerShell (download cradle)",
    options: ["flow:to_server", "http.user_agent", 'content:"WindowsPowerShell"', "nocase"],
  },
  {
    ...OUT,
    action: "alert",
    protocol: "http",
    destinationPort: "any",
    msg: "Egress HTTP download by curl or wget (possible payload staging)",
    options: ["flow:to_server", "http.user_agent", 'pcre:"/^(curl|wget)\\//i"'],
  },
  {
    ...OUT,
    action: "reject",
    protocol: "tcp",
    destinationPort: "any",
    msg: "Egress crypto-mining Stratum protocol",
    options: ["flow:established,to_server", 'content:"mining.subscribe"'],
  },
  { ...OUT, action: "drop", protocol: "icmp", destinationPort: "any", msg: "Egress ICMP echo to the internet (ICMP tunnels)", options: ["itype:8"] },
  {
    ...OUT,
    action: "drop",
    protocol: "ip",
    destinationPort: "any",
    msg: "Egress IP protocol other than TCP, UDP or ICMP (GRE, IP in IP and other tunnels)",
    options: ["ip_proto:!TCP", "ip_proto:!UDP", "ip_proto:!ICMP"],
  },
];

/** The two rules that reject TLS (by SNI) and HTTP (by Host) to one blocked domain and its subdomains. */
function domainRules(threat: EgressThreatDomain, sid: number): SuricataRule[] {
  const what = `${EGRESS_THREAT_CATEGORY_LABELS[threat.category]} ${threat.domain}`;
  const content = `content:".${threat.domain}"`;
  return [
    { ...OUT, action: "reject", protocol: "tls", destinationPort: "any", msg: `Egress TLS to ${what}`, options: ["flow:to_server", "tls.sni", "dotprefix", content, "nocase", "endswith"], sid },
    { ...OUT, action: "reject", protocol: "http", destinationPort: "any", msg: `Egress HTTP to ${what}`, options: ["flow:to_server", "http.host", "dotprefix", content, "endswith"], sid: sid + 1 },
  ];
}

/**
 * The exfiltration and command-and-control rules, in evaluation order: the fixed patterns (direct-to-IP TLS and
 * HTTP, TLS without SNI, protocol/port mismatches, QUIC, outside DNS resolvers, high-risk and Tor ports, SSH,
 * attack-tool and PowerShell user agents, Stratum mining, ICMP echo, tunnel protocols), then TLS and HTTP rejects
 * for every blocked domain.
 */
export function egressThreatRules(blockedDomains: readonly EgressThreatDomain[]): SuricataRule[] {
  if (DOMAIN_SID + blockedDomains.length * 2 - 1 > EGRESS_THREAT_SIDS.last) throw new Error(`egressThreatRules: ${blockedDomains.length} blocked domains exceed the signature ID range.`);
  return [
    ...FIXED_THREAT_RULES.map((rule, index) => ({ ...rule, sid: THREAT_SID + index })),
    ...blockedDomains.flatMap((threat, index) => domainRules(threat, DOMAIN_SID + index * 2)),
  ];
}

/**
 * Under the `aws:drop_strict` default, a TCP connection's handshake packets match no application-layer rule and
 * would be dropped before the TLS SNI or HTTP Host is ever seen. This rule passes only the not-yet-established
 * packets of connections to ports 80 and 443, in both directions; every established packet is still judged by the
 * threat rules and the domain allowlist, and dropped by default when nothing allows it.
 */
export function egressHandshakeRules(): SuricataRule[] {
  return [
    {
      ...OUT,
      action: "pass",
      protocol: "tcp",
      direction: "<>",
      destinationPort: "[80,443]",
      msg: "TCP handshake to ports 80 and 443 so the domain allowlist can see the TLS SNI or HTTP Host",
      options: ["flow:not_established"],
      sid: HANDSHAKE_SID,
    },
  ];
}
