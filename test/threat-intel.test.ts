/**
 * The threat-intelligence loader (TI-01) with fake AWS operations over real-looking feeds and S3 events: what it
 * loads into each layer, what it refuses and why, and that a poisoned feed cannot block the platform's own egress.
 */
import { createHandler, LIMITS, mergeFeeds, readSettings, suricataRules, ThreatIntelOperations } from "../functions/threat-intel";

const ENV = {
  ENVIRONMENT: "prod",
  FEED_BUCKET: "mcp-prod-threat-intel-333333333333",
  THREAT_INTEL_RULE_GROUP_ARN: "arn:aws:network-firewall:eu-central-1:333333333333:stateful-rulegroup/mcp-prod-egress-threat-intel",
  DNS_DOMAIN_LIST_ID: "rslvr-fdl-0123456789abcdef",
  GUARDDUTY_DETECTOR_ID: "12abc34d567e8fa901bc2d34e56789f0",
  GUARDDUTY_THREAT_INTEL_SET_ID: "12abc34d567e8fa901bc2d34e56789f0:0ab1cd2e3f4a5b6c7d8e9f0a1b2c3d4e",
  PROTECTED_DOMAINS: "*.githubusercontent.com,api.github.com,auth.example.com",
};

const s3Event = (bucket: string, key: string) => ({ Records: [{ eventSource: "aws:s3", eventName: "ObjectCreated:Put", s3: { bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` }, object: { key, size: 512 } } }] });

function harness(objects: Record<string, string>) {
  const calls: string[] = [];
  const written: Record<string, string> = {};
  const loaded: { rules?: string; domains?: readonly string[]; reload?: string[] } = {};
  const operations: ThreatIntelOperations = {
    store: {
      async list(prefix) {
        calls.push(`list ${prefix}`);
        return Object.keys(objects).filter((key) => key.startsWith(prefix));
      },
      async read(key) {
        calls.push(`read ${key}`);
        return objects[key];
      },
      async write(key, text) {
        calls.push(`write ${key}`);
        written[key] = text;
      },
    },
    firewall: { replaceRules: async (arn, rules) => void (calls.push(`firewall ${arn}`), (loaded.rules = rules)) },
    dns: { replaceDomains: async (id, domains) => void (calls.push(`dns ${id}`), (loaded.domains = domains)) },
    guardDuty: { reload: async (detector, set, location) => void (calls.push(`guardduty ${detector} ${set}`), (loaded.reload = [location])) },
  };
  const logs: Record<string, unknown>[] = [];
  const handler = createHandler({ ...operations, settings: readSettings(ENV), log: (record) => logs.push(record) });
  return { handler, calls, written, loaded, logs };
}

const FEED = JSON.stringify({
  source: "isac-ai-sector",
  indicators: [
    { type: "domain", value: "Exfil-Drop.Example.NET." },
    { type: "domain", value: "evil.githubusercontent.com" },
    { type: "ipv4", value: "203.0.113.45" },
    { type: "cidr", value: "198.51.100.0/24" },
    { type: "domain", value: "api.github.com" },
    { type: "domain", value: "github.com" },
    { type: "cidr", value: "10.0.0.0/8" },
    { type: "ipv4", value: "169.254.169.254" },
    { type: "cidr", value: "198.51.100.7/24" },
    { type: "url", value: "https://x.example/a" },
    { type: "domain", value: "not a domain" },
  ],
});

describe("threat-intel loader (TI-01): feeds into the egress firewall, the DNS Firewall and GuardDuty", () => {
  test("a new feed loads every valid indicator of every feed into the three layers, each step logged", async () => {
    const run = harness({ "feeds/isac.json": FEED, "feeds/internal.json": JSON.stringify({ indicators: [{ type: "domain", value: "c2.badcorp.example" }, { type: "ipv4", value: "203.0.113.45" }] }), "exports/2026-12-01.json": "{}" });
    await expect(run.handler(s3Event(ENV.FEED_BUCKET, "feeds/isac.json"))).resolves.toEqual({ loaded: true, feeds: 2, domains: 3, addresses: 2, refused: 7 });
    expect(run.calls).toEqual([
      "list feeds/",
      "read feeds/internal.json",
      "read feeds/isac.json",
      `firewall ${ENV.THREAT_INTEL_RULE_GROUP_ARN}`,
      `dns ${ENV.DNS_DOMAIN_LIST_ID}`,
      "write guardduty/threat-intel-set.txt",
      "guardduty 12abc34d567e8fa901bc2d34e56789f0 0ab1cd2e3f4a5b6c7d8e9f0a1b2c3d4e",
    ]);
    expect(run.loaded.domains).toEqual(["c2.badcorp.example", "*.c2.badcorp.example", "evil.githubusercontent.com", "*.evil.githubusercontent.com", "exfil-drop.example.net", "*.exfil-drop.example.net"]);
    expect(run.written["guardduty/threat-intel-set.txt"]).toBe("198.51.100.0/24\n203.0.113.45\n");
    expect(run.loaded.reload).toEqual([`https://s3.amazonaws.com/${ENV.FEED_BUCKET}/guardduty/threat-intel-set.txt`]);
    expect(run.loaded.rules?.split("\n")).toEqual([
      'reject tls $HOME_NET any -> $EXTERNAL_NET any (msg:"threat intel: TLS to c2.badcorp.example"; flow:to_server; tls.sni; dotprefix; content:".c2.badcorp.example"; nocase; endswith; sid:3000001; rev:1;)',
      'reject http $HOME_NET any -> $EXTERNAL_NET any (msg:"threat intel: HTTP to c2.badcorp.example"; flow:to_server; http.host; dotprefix; content:".c2.badcorp.example"; endswith; sid:3000002; rev:1;)',
      expect.stringContaining('content:".evil.githubusercontent.com"'),
      expect.stringContaining('content:".evil.githubusercontent.com"'),
      expect.stringContaining('content:".exfil-drop.example.net"'),
      expect.stringContaining('sid:3000006;'),
      'drop ip $HOME_NET any -> [198.51.100.0/24,203.0.113.45] any (msg:"threat intel: traffic to a listed address"; sid:3000007; rev:1;)',
    ]);
    expect(run.logs.map((record) => `${record["action"]}:${record["outcome"]}`)).toEqual([...Array(7).fill("validate:refused"), "network-firewall:done", "dns-firewall:done", "guardduty:done"]);
  });

  test("refusals name the feed, the indicator's index and the reason; the platform's own egress and private ranges can never be blocked", () => {
    const { refused } = mergeFeeds([{ key: "feeds/isac.json", text: FEED }], readSettings(ENV).protectedDomains);
    expect(refused).toEqual([
      { feed: "feeds/isac.json", index: 4, reason: expect.stringContaining("the environment itself uses this domain") },
      { feed: "feeds/isac.json", index: 5, reason: expect.stringContaining("the environment itself uses this domain") },
      { feed: "feeds/isac.json", index: 6, reason: expect.stringContaining("private, loopback, link-local or reserved") },
      { feed: "feeds/isac.json", index: 7, reason: expect.stringContaining("private, loopback, link-local or reserved") },
      { feed: "feeds/isac.json", index: 8, reason: "the CIDR has host bits set" },
      { feed: "feeds/isac.json", index: 9, reason: 'type must be "domain", "ipv4" or "cidr"' },
      { feed: "feeds/isac.json", index: 10, reason: expect.stringContaining("not a domain name") },
    ]);
    expect(mergeFeeds([{ key: "feeds/bad.json", text: "<html>" }, { key: "feeds/empty.json", text: "{}" }], []).refused).toEqual([
      { feed: "feeds/bad.json", reason: "the feed is not JSON" },
      { feed: "feeds/empty.json", reason: 'the feed has no "indicators" array' },
    ]);
  });

  test("too many indicators change nothing and fail the invocation; an event of another bucket loads nothing", async () => {
    const flood = JSON.stringify({ indicators: Array.from({ length: LIMITS.domains + 1 }, (_, index) => ({ type: "domain", value: `d${index}.flood.example` })) });
    const run = harness({ "feeds/flood.json": flood });
    await expect(run.handler(s3Event(ENV.FEED_BUCKET, "feeds/flood.json"))).rejects.toThrow(`${LIMITS.domains + 1} domains exceed the limit of ${LIMITS.domains}`);
    expect(run.calls).toEqual(["list feeds/", "read feeds/flood.json"]);
    const other = harness({ "feeds/isac.json": FEED });
    await expect(other.handler(s3Event("someone-elses-bucket", "feeds/isac.json"))).resolves.toEqual({ loaded: false });
    expect(other.calls).toEqual([]);
  });

  test("an empty set of feeds clears every layer to its placeholder, never to an empty rule group", async () => {
    const run = harness({});
    await run.handler(s3Event(ENV.FEED_BUCKET, "feeds/removed.json"));
    expect(run.loaded.rules).toBe(suricataRules([], []));
    expect(run.loaded.rules).toContain("192.0.2.1");
    expect(run.loaded.domains).toEqual([]);
    expect(run.written["guardduty/threat-intel-set.txt"]).toBe("192.0.2.1\n");
  });

  test("settings: missing variables are named", () => {
    expect(() => readSettings({ ENVIRONMENT: "prod" })).toThrow("FEED_BUCKET, THREAT_INTEL_RULE_GROUP_ARN, DNS_DOMAIN_LIST_ID, GUARDDUTY_DETECTOR_ID, GUARDDUTY_THREAT_INTEL_SET_ID not set");
  });
});
