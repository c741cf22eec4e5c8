import { EGRESS_THREAT_DOMAINS } from "../../constructs/egress-threat-domains";
import { renderSuricataRules } from "../../constructs/suricata-rules";
import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { referencedAddress } from "../../policies/terraform";
import { findingsFor, removeResources, stackResources, synthesizedPlans, tier } from "../support/plans";

/** One Suricata rule split into its header fields and its options. */
interface ParsedRule {
  readonly action: string;
  readonly protocol: string;
  readonly source: string;
  readonly sourcePort: string;
  readonly direction: string;
  readonly destination: string;
  readonly destinationPort: string;
  /** `keyword` → value (`""` for a bare keyword), in order. */
  readonly options: readonly (readonly [string, string])[];
}

const ADDRESS = /^(any|\$[A-Z_]+|!?\[[^\]\s]+\]|!?[0-9./]+)$/;
const PORT = /^(any|!?[0-9]+|!?\[[0-9,:]+\]|\$[A-Z_]+)$/;
const HEADER = /^(pass|drop|reject|alert) ([a-z0-9-]+) (\S+) (\S+) (->|<>) (\S+) (\S+) \((.*)\)$/;

/** Splits `a; b:"x;y"; c;` into options, honouring quotes; fails on an option without its `;`. */
function splitOptions(body: string): [string, string][] {
  const options: [string, string][] = [];
  let current = "";
  let quoted = false;
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index];
    if (char === "\\" && quoted) {
      current += char + body[index + 1];
      index += 1;
    } else if (char === '"') {
      quoted = !quoted;
      current += char;
    } else if (char === ";" && !quoted) {
      const option = current.trim();
      const colon = option.indexOf(":");
      options.push(colon === -1 ? [option, ""] : [option.slice(0, colon).trim(), option.slice(colon + 1).trim()]);
      current = "";
    } else {
      current += char;
    }
  }
  if (quoted || current.trim() !== "") throw new Error(`unterminated option "${current.trim()}" in (${body})`);
  return options;
}

/** Parses `action proto src sport -> dst dport (options;)`, or throws naming what is wrong. */
function parseRule(line: string): ParsedRule {
  const match = HEADER.exec(line);
  if (!match) throw new Error(`not "action proto src sport -> dst dport (options;)": ${line}`);
  const [, action, protocol, source, sourcePort, direction, destination, destinationPort, body] = match;
  for (const address of [source, destination]) if (!ADDRESS.test(address)) throw new Error(`bad address ${address} in ${line}`);
  for (const port of [sourcePort, destinationPort]) if (!PORT.test(port)) throw new Error(`bad port ${port} in ${line}`);
  return { action, protocol, source, sourcePort, direction, destination, destinationPort, options: splitOptions(body) };
}

const option = (rule: ParsedRule, keyword: string) => rule.options.find(([name]) => name === keyword)?.[1];

describe("PUB-07 intrusion detection and prevention system (IDPS)", () => {
  describe.each(BUILT_IN_ENVIRONMENTS.map((environment) => [environment.name, environment] as const))("in %s", (environment, config) => {
    const plans = synthesizedPlans();
    const of = (type: string) => stackResources(plans, environment, type);
    const groupNamed = (name: string) => of("aws_networkfirewall_rule_group").find((group) => group.values["name"] === `mcp-${environment}-${name}`)!;
    const rulesOf = (name: string) => String((groupNamed(name).values["rule_group"] as { rules_source: { rules_string: string } }).rules_source.rules_string);

    test("every Suricata rule is well formed, with a message, a signature ID unique across the policy, and rev 1", () => {
      const lines = [...rulesOf("egress-threats").split("\n"), ...rulesOf("egress-handshake").split("\n")].filter((line) => line !== "");
      const parsed = lines.map(parseRule);
      const sids = parsed.map((rule) => Number(option(rule, "sid")));
      expect(new Set(sids).size).toBe(sids.length);
      for (const rule of parsed) {
        expect(rule.options[0][0]).toBe("msg");
        expect(option(rule, "msg")).toMatch(/^"[^";\\]+"$/);
        expect(Number.isInteger(Number(option(rule, "sid")))).toBe(true);
        expect(rule.options.slice(-2).map(([name, value]) => `${name}:${value}`)).toEqual([`sid:${option(rule, "sid")}`, "rev:1"]);
        expect(rule.source).toBe("$HOME_NET");
        expect(rule.destination).toBe("$EXTERNAL_NET");
      }
      expect(rulesOf("egress-threats").endsWith("\n")).toBe(true);
    });

    test("the threat group holds the exfiltration and command-and-control patterns, in strict order before everything else", () => {
      const threats = groupNamed("egress-threats");
      expect(threats.values).toMatchObject({ type: "STATEFUL", capacity: 500, rule_group: { stateful_rule_options: { rule_order: "STRICT_ORDER" } } });
      const parsed = rulesOf("egress-threats").split("\n").filter((line) => line !== "").map(parseRule);
      expect(parsed.length).toBeLessThanOrEqual(500);
      const summary = parsed.slice(0, 20).map((rule) => `${rule.action} ${rule.protocol} ${rule.destinationPort} ${option(rule, "msg")}`);
      expect(summary).toEqual([
        'reject tls any "Egress TLS with an IP address as server name (direct to IP, no DNS lookup)"',
        'reject http any "Egress HTTP with an IP address as Host (direct to IP, no DNS lookup)"',
        'reject tls any "Egress TLS without a server name (no SNI)"',
        'reject tcp 443 "Egress on TCP 443 that is not TLS"',
        'reject tls !443 "Egress TLS on a port other than 443"',
        'reject tcp 80 "Egress on TCP 80 that is not HTTP"',
        'reject http !80 "Egress HTTP on a port other than 80"',
        'drop udp 443 "Egress QUIC (UDP 443) whose server name the allowlist cannot inspect"',
        'drop udp [53,853] "Egress DNS or DNS over QUIC to an outside resolver (bypasses the DNS firewall)"',
        'drop tcp [53,853] "Egress DNS over TCP or TLS to an outside resolver (bypasses the DNS firewall)"',
        'drop ip [135,139,389,445,1389,3389,4444,6667] "Egress to a high-risk port (RPC, SMB, LDAP callback, RDP, Metasploit, IRC)"',
        'drop tcp [9001,9030,9040,9050,9051,9150] "Egress to Tor relay or proxy ports"',
        'drop tcp 22 "Egress to TCP 22 (SSH)"',
        'reject ssh any "Egress SSH protocol on any port"',
        'reject http any "Egress HTTP from an attack or scanning tool user agent"',
        'reject http any "Egress HTTP from PowerShell (download cradle)"',
        'alert http any "Egress HTTP download by curl or wget (possible payload staging)"',
        'reject tcp any "Egress crypto-mining Stratum protocol"',
        'drop icmp any "Egress ICMP echo to the internet (ICMP tunnels)"',
        'drop ip any "Egress IP protocol other than TCP, UDP or ICMP (GRE, IP in IP and other tunnels)"',
      ]);
      expect(option(parsed[0], "pcre")).toBe('"/^(?:[0-9]{1,3}\\.){3}[0-9]{1,3}$/"');
      const domainRules = parsed.slice(20);
      expect(domainRules).toHaveLength(2 * EGRESS_THREAT_DOMAINS.length);
      EGRESS_THREAT_DOMAINS.forEach((threat, index) => {
        const [tls, http] = domainRules.slice(index * 2, index * 2 + 2);
        expect(tls.options.map(([name, value]) => (value ? `${name}:${value}` : name))).toEqual(
          expect.arrayContaining(["flow:to_server", "tls.sni", "dotprefix", `content:".${threat.domain}"`, "nocase", "endswith"]),
        );
        expect([tls.action, tls.protocol, http.action, http.protocol]).toEqual(["reject", "tls", "reject", "http"]);
        expect(option(http, "content")).toBe(`".${threat.domain}"`);
      });
    });

    test("the firewall's alert and flow logs go to KMS-encrypted log groups with the environment's retention", () => {
      const [firewall] = of("aws_networkfirewall_firewall");
      const [logging] = of("aws_networkfirewall_logging_configuration");
      expect(of("aws_networkfirewall_logging_configuration")).toHaveLength(1);
      expect(logging.values["firewall_arn"]).toBe(`\${${firewall.address}.arn}`);
      const groups = new Map(of("aws_cloudwatch_log_group").map((group) => [`\${${group.address}.name}`, group.values]));
      const destinations = (logging.values["logging_configuration"] as { log_destination_config: { log_type: string; log_destination_type: string; log_destination: { logGroup: string } }[] }).log_destination_config;
      expect(destinations.map((destination) => [destination.log_type, destination.log_destination_type, groups.get(destination.log_destination.logGroup)?.["name"]])).toEqual([
        ["ALERT", "CloudWatchLogs", `/mcp/${environment}/network-firewall/alert`],
        ["FLOW", "CloudWatchLogs", `/mcp/${environment}/network-firewall/flow`],
      ]);
      for (const destination of destinations) {
        expect(groups.get(destination.log_destination.logGroup)).toMatchObject({ kms_key_id: `\${${of("aws_kms_key")[0].address}.arn}`, retention_in_days: config.security.logRetentionDays });
      }
    });

    test("two alarms watch the alert log and notify the security alerts topic: any threat rule match, and alert volume", () => {
      const alertLog = of("aws_cloudwatch_log_group").find((group) => group.values["name"] === `/mcp/${environment}/network-firewall/alert`)!;
      const topic = of("aws_sns_topic").find((candidate) => candidate.values["name"] === `mcp-${environment}-security-alerts`)!;
      const filters = of("aws_cloudwatch_log_metric_filter").filter((filter) => filter.values["log_group_name"] === `\${${alertLog.address}.name}`);
      expect(filters.map((filter) => [filter.values["name"], filter.values["pattern"], filter.values["metric_transformation"]])).toEqual([
        [
          `mcp-${environment}-egress-alert-volume`,
          '{ $.event.event_type = "alert" }',
          { name: "egress-alert-volume", namespace: `mcp-${environment}/network-firewall`, value: "1", default_value: "0" },
        ],
        [
          `mcp-${environment}-egress-threat-detected`,
          '{ ($.event.event_type = "alert") && ($.event.alert.signature_id >= 9100001) && ($.event.alert.signature_id <= 9299999) }',
          { name: "egress-threat-detected", namespace: `mcp-${environment}/network-firewall`, value: "1", default_value: "0" },
        ],
      ]);
      const alarms = of("aws_cloudwatch_metric_alarm").filter((alarm) => alarm.values["namespace"] === `mcp-${environment}/network-firewall`);
      expect(alarms.map((alarm) => [alarm.values["metric_name"], alarm.values["threshold"], alarm.values["period"], alarm.values["comparison_operator"], alarm.values["alarm_actions"]])).toEqual([
        ["egress-alert-volume", 100, 300, "GreaterThanOrEqualToThreshold", [`\${${topic.address}.arn}`]],
        ["egress-threat-detected", 1, 300, "GreaterThanOrEqualToThreshold", [`\${${topic.address}.arn}`]],
      ]);
    });

    test("the mcp and NAT route tables point to the firewall's endpoints", () => {
      const firewall = of("aws_networkfirewall_firewall")[0].address;
      const tableTier = new Map(of("aws_route_table").map((table) => [table.address, tier(table)]));
      const inspected = of("aws_route").filter((route) => String(route.values["vpc_endpoint_id"] ?? "").includes(`${firewall}.firewall_status[0].sync_states`));
      const natCount = config.production ? config.azCount : 1;
      expect(inspected.filter((route) => tableTier.get(referencedAddress(route.values["route_table_id"])!) === "mcp")).toHaveLength(config.azCount);
      expect(inspected.filter((route) => tableTier.get(referencedAddress(route.values["route_table_id"])!) === "edge")).toHaveLength(natCount * config.azCount);
    });

    test("the synthesized plan passes every PUB-07 rule", () => {
      expect(findingsFor(synthesizedPlans(), "PUB-07")).toEqual([]);
    });
  });

  test("rendering refuses duplicate signature IDs and messages that would need escaping", () => {
    const rule = { action: "drop", protocol: "ip", source: "$HOME_NET", sourcePort: "any", destination: "$EXTERNAL_NET", destinationPort: "any", options: [], sid: 7 } as const;
    expect(() => renderSuricataRules([{ ...rule, msg: "one" }, { ...rule, msg: "two" }])).toThrow("Suricata sid 7 is used twice; every rule needs its own sid.");
    expect(() => renderSuricataRules([{ ...rule, msg: 'say "hi"' }])).toThrow(/msg must not contain quotes/);
    expect(renderSuricataRules([{ ...rule, msg: "one" }])).toBe('drop ip $HOME_NET any -> $EXTERNAL_NET any (msg:"one"; sid:7; rev:1;)\n');
  });

  describe("check reports PUB-07 when the real plan is weakened", () => {
    type Plans = ReturnType<typeof synthesizedPlans>;
    const rulesFired = (mutate: (plans: Plans) => void) => {
      const plans = synthesizedPlans();
      mutate(plans);
      return [...new Set(findingsFor(plans, "PUB-07").map((finding) => finding.rule))];
    };
    const references = (plans: Plans) =>
      (stackResources(plans, "prod", "aws_networkfirewall_firewall_policy")[0].values["firewall_policy"] as { stateful_rule_group_reference: { resource_arn: string }[] }).stateful_rule_group_reference;

    test("the logging configuration is deleted", () => {
      expect(rulesFired((plans) => removeResources(plans, "prod", "aws_networkfirewall_logging_configuration"))).toEqual(["pub-07-idps-rules-and-logging"]);
    });

    test("flow logs are no longer delivered", () => {
      expect(
        rulesFired((plans) => {
          const logging = stackResources(plans, "dev", "aws_networkfirewall_logging_configuration")[0].values["logging_configuration"] as { log_destination_config: { log_type: string }[] };
          logging.log_destination_config = logging.log_destination_config.filter((destination) => destination.log_type !== "FLOW");
        }),
      ).toEqual(["pub-07-idps-rules-and-logging"]);
    });

    test("the Suricata threat group is removed from the policy", () => {
      expect(
        rulesFired((plans) => {
          const list = references(plans);
          list.splice(list.findIndex((reference) => reference.resource_arn.includes("egress-firewall_threats_")), 1);
        }),
      ).toEqual(["pub-07-idps-rules-and-logging"]);
    });

    test("the alert alarms notify nobody", () => {
      expect(
        rulesFired((plans) => {
          for (const alarm of stackResources(plans, "prod", "aws_cloudwatch_metric_alarm").filter((candidate) => String(candidate.values["namespace"]).endsWith("/network-firewall"))) alarm.values["alarm_actions"] = [];
        }),
      ).toEqual(["pub-07-idps-rules-and-logging"]);
    });

    test("no metric filter watches the alert log", () => {
      expect(rulesFired((plans) => removeResources(plans, "dev", "aws_cloudwatch_log_metric_filter", (filter) => String(filter.values["name"]).startsWith("mcp-dev-egress-")))).toEqual([
        "pub-07-idps-rules-and-logging",
      ]);
    });

    test("the firewall is deleted", () => {
      expect(rulesFired((plans) => removeResources(plans, "test", "aws_networkfirewall_firewall"))).toEqual(["pub-06-mcp-egress-through-firewall", "pub-07-idps-rules-and-logging"]);
    });
  });
});
