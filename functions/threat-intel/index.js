"use strict";
/**
 * Threat-intelligence loader (TI-01): invoked by S3 when a feed is written under `feeds/` in the environment's feed
 * bucket, it reads every feed there, validates and merges their indicators, and loads them into the three blocking
 * layers, replacing what the previous load put there:
 * - the Network Firewall rule group `THREAT_INTEL_RULE_GROUP_ARN`: Suricata drop rules for each domain (TLS SNI and
 *   HTTP Host, the domain and its subdomains) and each IPv4 address or CIDR;
 * - the DNS Firewall domain list `DNS_DOMAIN_LIST_ID` (each domain and `*.domain`), which a BLOCK rule answers NXDOMAIN;
 * - the GuardDuty threat intel set `GUARDDUTY_THREAT_INTEL_SET_ID`: the addresses as a TXT list at `guardduty/` in the
 *   bucket, re-activated so GuardDuty reloads it.
 * A feed is JSON: `{ "source": "<who>", "indicators": [{ "type": "domain" | "ipv4" | "cidr", "value": "..." }] }`.
 * Invalid indicators are skipped and logged with their feed, index and reason (never the whole feed); a domain the
 * environment itself uses (`PROTECTED_DOMAINS`, its declared egress, or a parent of one) or a private, loopback or
 * link-local address is refused, so a poisoned feed cannot cut the platform off; a name under a wildcard declaration
 * (`evil.example.com` under `*.example.com`) is exactly what a feed should be able to block. Every step is one JSON log line. Dependencies are
 * injectable, so the handler is tested without AWS.
 */

const SETTINGS = {
  environment: "ENVIRONMENT",
  bucket: "FEED_BUCKET",
  ruleGroupArn: "THREAT_INTEL_RULE_GROUP_ARN",
  domainListId: "DNS_DOMAIN_LIST_ID",
  detectorId: "GUARDDUTY_DETECTOR_ID",
  threatIntelSetId: "GUARDDUTY_THREAT_INTEL_SET_ID",
  protectedDomains: "PROTECTED_DOMAINS",
};
/** Where feeds are read and where the GuardDuty list is written, in the bucket. */
const PREFIXES = { feeds: "feeds/", guardDuty: "guardduty/" };
const GUARDDUTY_LIST_KEY = `${PREFIXES.guardDuty}threat-intel-set.txt`;
/** The first Suricata signature ID of loaded indicators (the blueprint's own rules use lower IDs). */
const FIRST_SID = 3000001;
/** Most indicators loaded: the DNS Firewall takes 1,000 domains per update, the rule group's capacity is 2,000 rules. */
const LIMITS = { domains: 600, addresses: 600 };

const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** The function's settings; throws naming every missing variable. */
function readSettings(env) {
  const missing = Object.values(SETTINGS).filter((name) => name !== SETTINGS.protectedDomains && (typeof env[name] !== "string" || env[name] === ""));
  if (missing.length > 0) throw new Error(`threat-intel: environment variable(s) ${missing.join(", ")} not set; the ThreatIntelFeed construct sets them`);
  const protectedDomains = (env[SETTINGS.protectedDomains] || "").split(",").map((domain) => domain.trim().replace(/^\*\./, "")).filter(Boolean);
  return {
    environment: env[SETTINGS.environment],
    bucket: env[SETTINGS.bucket],
    ruleGroupArn: env[SETTINGS.ruleGroupArn],
    domainListId: env[SETTINGS.domainListId],
    detectorId: env[SETTINGS.detectorId],
    // Terraform's ID of a threat intel set is `<detector>:<set>`; the API takes the set's own ID.
    threatIntelSetId: env[SETTINGS.threatIntelSetId].split(":").pop(),
    protectedDomains,
  };
}

function ipv4Number(address) {
  return address.split(".").reduce((value, octet) => value * 256 + Number(octet), 0);
}

/** Private (RFC 1918), loopback, link-local, CGNAT, this-network and multicast-or-above ranges: never a feed's to block. */
const RESERVED = [
  ["10.0.0.0", 8],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["100.64.0.0", 10],
  ["0.0.0.0", 8],
  ["224.0.0.0", 3],
];

function overlapsReserved(address, prefix) {
  const start = ipv4Number(address);
  return RESERVED.some(([base, bits]) => {
    const shared = Math.min(bits, prefix);
    const mask = shared === 0 ? 0 : (0xffffffff << (32 - shared)) >>> 0;
    return ((start & mask) >>> 0) === ((ipv4Number(base) & mask) >>> 0);
  });
}

/** One indicator, normalized, or the reason it is refused. */
function normalize(indicator, protectedDomains) {
  if (!indicator || typeof indicator !== "object" || typeof indicator.value !== "string") return { reason: "an indicator must be an object with a string value" };
  const value = indicator.value.trim().toLowerCase().replace(/\.$/, "");
  if (indicator.type === "domain") {
    if (!DOMAIN.test(value)) return { reason: "not a domain name (lower-case labels, at least one dot)" };
    if (protectedDomains.some((own) => value === own || own.endsWith(`.${value}`))) return { reason: "the environment itself uses this domain or a name under it (its declared egress): refused" };
    return { kind: "domain", value };
  }
  if (indicator.type === "ipv4" || indicator.type === "cidr") {
    const [address, bits] = indicator.type === "ipv4" ? [value, "32"] : value.split("/");
    const prefix = Number(bits);
    if (!IPV4.test(address || "") || !/^\d{1,2}$/.test(bits || "") || prefix < 8 || prefix > 32) return { reason: "not an IPv4 address or a CIDR of /8 to /32" };
    if ((ipv4Number(address) & (prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0)) >>> 0 !== ipv4Number(address)) return { reason: "the CIDR has host bits set" };
    if (overlapsReserved(address, prefix)) return { reason: "a private, loopback, link-local or reserved range: refused" };
    return { kind: "address", value: prefix === 32 ? address : `${address}/${prefix}` };
  }
  return { reason: 'type must be "domain", "ipv4" or "cidr"' };
}

/** The indicators of some feeds, merged, deduplicated and sorted, with every refusal. */
function mergeFeeds(feeds, protectedDomains) {
  const domains = new Set();
  const addresses = new Set();
  const refused = [];
  for (const feed of feeds) {
    let parsed;
    try {
      parsed = JSON.parse(feed.text);
    } catch {
      refused.push({ feed: feed.key, reason: "the feed is not JSON" });
      continue;
    }
    if (!parsed || !Array.isArray(parsed.indicators)) {
      refused.push({ feed: feed.key, reason: 'the feed has no "indicators" array' });
      continue;
    }
    parsed.indicators.forEach((indicator, index) => {
      const result = normalize(indicator, protectedDomains);
      if (result.reason) refused.push({ feed: feed.key, index, reason: result.reason });
      else (result.kind === "domain" ? domains : addresses).add(result.value);
    });
  }
  return { domains: [...domains].sort(), addresses: [...addresses].sort(), refused };
}

/** Suricata rules for the indicators (reject for domains, as the egress firewall's own threat rules; drop for addresses), in strict order, one signature ID each from {@link FIRST_SID}. */
function suricataRules(domains, addresses) {
  let sid = FIRST_SID;
  const rules = [];
  for (const domain of domains) {
    rules.push(`reject tls $HOME_NET any -> $EXTERNAL_NET any (msg:"threat intel: TLS to ${domain}"; flow:to_server; tls.sni; dotprefix; content:".${domain}"; nocase; endswith; sid:${sid++}; rev:1;)`);
    rules.push(`reject http $HOME_NET any -> $EXTERNAL_NET any (msg:"threat intel: HTTP to ${domain}"; flow:to_server; http.host; dotprefix; content:".${domain}"; endswith; sid:${sid++}; rev:1;)`);
  }
  if (addresses.length > 0) rules.push(`drop ip $HOME_NET any -> [${addresses.join(",")}] any (msg:"threat intel: traffic to a listed address"; sid:${sid++}; rev:1;)`);
  if (rules.length === 0) rules.push(`drop ip $HOME_NET any -> 192.0.2.1 any (msg:"threat intel: no indicators loaded (TEST-NET-1 placeholder)"; sid:${sid}; rev:1;)`);
  return rules.join("\n");
}

/**
 * Builds the handler from its dependencies: `store` (list and read feeds, write the GuardDuty list), `firewall`
 * (replace the rule group's rules), `dns` (replace the domain list), `guardDuty` (reload the threat intel set),
 * `settings` and `log`.
 */
function createHandler({ store, firewall, dns, guardDuty, settings, log }) {
  return async (event) => {
    const records = (event && Array.isArray(event.Records) ? event.Records : []).filter((record) => record && record.s3 && record.s3.bucket && record.s3.bucket.name === settings.bucket);
    if (records.length === 0) {
      log({ environment: settings.environment, action: "load", outcome: "skipped", reason: "the event names no object of the feed bucket" });
      return { loaded: false };
    }
    const keys = (await store.list(PREFIXES.feeds)).sort();
    const feeds = [];
    for (const key of keys) feeds.push({ key, text: await store.read(key) });
    const merged = mergeFeeds(feeds, settings.protectedDomains);
    for (const refusal of merged.refused) log({ environment: settings.environment, action: "validate", outcome: "refused", ...refusal });
    for (const [kind, limit] of [["domains", LIMITS.domains], ["addresses", LIMITS.addresses]]) {
      if (merged[kind].length > limit) {
        log({ environment: settings.environment, action: "load", outcome: "failed", reason: `${merged[kind].length} ${kind} exceed the limit of ${limit}; nothing was changed` });
        throw new Error(`threat-intel: ${merged[kind].length} ${kind} exceed the limit of ${limit}`);
      }
    }
    const counts = { feeds: keys.length, domains: merged.domains.length, addresses: merged.addresses.length, refused: merged.refused.length };
    await firewall.replaceRules(settings.ruleGroupArn, suricataRules(merged.domains, merged.addresses));
    log({ environment: settings.environment, action: "network-firewall", outcome: "done", ...counts });
    await dns.replaceDomains(settings.domainListId, merged.domains.flatMap((domain) => [domain, `*.${domain}`]));
    log({ environment: settings.environment, action: "dns-firewall", outcome: "done", ...counts });
    const list = merged.addresses.length === 0 ? "192.0.2.1\n" : `${merged.addresses.join("\n")}\n`;
    await store.write(GUARDDUTY_LIST_KEY, list);
    await guardDuty.reload(settings.detectorId, settings.threatIntelSetId, `https://s3.amazonaws.com/${settings.bucket}/${GUARDDUTY_LIST_KEY}`);
    log({ environment: settings.environment, action: "guardduty", outcome: "done", ...counts });
    return { loaded: true, ...counts };
  };
}

/** The AWS operations over SDK v3 clients and command classes (from the Lambda runtime's SDK). */
function awsOperations(sdk, clients, bucket) {
  return {
    store: {
      async list(prefix) {
        const keys = [];
        let token;
        do {
          const output = await clients.s3.send(new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
          for (const object of output.Contents || []) if (!object.Key.endsWith("/")) keys.push(object.Key);
          token = output.IsTruncated ? output.NextContinuationToken : undefined;
        } while (token);
        return keys;
      },
      async read(key) {
        const output = await clients.s3.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
        return output.Body.transformToString("utf-8");
      },
      async write(key, text) {
        await clients.s3.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: text, ContentType: "text/plain" }));
      },
    },
    firewall: {
      async replaceRules(ruleGroupArn, rulesString) {
        const current = await clients.networkFirewall.send(new sdk.DescribeRuleGroupCommand({ RuleGroupArn: ruleGroupArn }));
        const ruleGroup = { ...current.RuleGroup, RulesSource: { RulesString: rulesString } };
        await clients.networkFirewall.send(new sdk.UpdateRuleGroupCommand({ RuleGroupArn: ruleGroupArn, UpdateToken: current.UpdateToken, RuleGroup: ruleGroup }));
      },
    },
    dns: {
      async replaceDomains(domainListId, domains) {
        await clients.route53Resolver.send(new sdk.UpdateFirewallDomainsCommand({ FirewallDomainListId: domainListId, Operation: "REPLACE", Domains: domains }));
      },
    },
    guardDuty: {
      async reload(detectorId, threatIntelSetId, location) {
        await clients.guardDuty.send(new sdk.UpdateThreatIntelSetCommand({ DetectorId: detectorId, ThreatIntelSetId: threatIntelSetId, Location: location, Activate: true }));
      },
    },
  };
}

let lambdaHandler;

/** The Lambda entry point: the runtime's AWS SDK clients, settings from the environment, log lines to stdout. */
async function handler(event) {
  if (lambdaHandler === undefined) {
    const settings = readSettings(process.env);
    const s3 = require("@aws-sdk/client-s3");
    const networkFirewall = require("@aws-sdk/client-network-firewall");
    const route53Resolver = require("@aws-sdk/client-route53resolver");
    const guardDuty = require("@aws-sdk/client-guardduty");
    const sdk = { ...s3, ...networkFirewall, ...route53Resolver, ...guardDuty };
    const clients = { s3: new s3.S3Client({}), networkFirewall: new networkFirewall.NetworkFirewallClient({}), route53Resolver: new route53Resolver.Route53ResolverClient({}), guardDuty: new guardDuty.GuardDutyClient({}) };
    lambdaHandler = createHandler({ ...awsOperations(sdk, clients, settings.bucket), settings, log: (record) => console.log(JSON.stringify(record)) });
  }
  return lambdaHandler(event);
}

module.exports = { SETTINGS, PREFIXES, GUARDDUTY_LIST_KEY, FIRST_SID, LIMITS, readSettings, normalize, mergeFeeds, suricataRules, createHandler, awsOperations, handler };
