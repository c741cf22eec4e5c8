import { Construct } from "constructs";
import { Fn, TerraformIterator, Token } from "cdktf";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { NetworkfirewallFirewall } from "@cdktf/provider-aws/lib/networkfirewall-firewall";
import { NetworkfirewallFirewallPolicy, NetworkfirewallFirewallPolicyFirewallPolicyStatefulRuleGroupReference } from "@cdktf/provider-aws/lib/networkfirewall-firewall-policy";
import { NetworkfirewallLoggingConfiguration } from "@cdktf/provider-aws/lib/networkfirewall-logging-configuration";
import { NetworkfirewallRuleGroup, NetworkfirewallRuleGroupRuleGroupRulesSource } from "@cdktf/provider-aws/lib/networkfirewall-rule-group";
import { EncryptedLogGroup } from "./encrypted-log-group";
import { EGRESS_THREAT_DOMAINS, EgressThreatDomain } from "./egress-threat-domains";
import { EGRESS_THREAT_SIDS, egressHandshakeRules, egressThreatRules } from "./egress-threat-rules";
import { renderSuricataRules } from "./suricata-rules";
import { isDomainPattern } from "./dns-name";
import { ALLOWLIST_CAPACITY, MAX_ALLOWED_DOMAINS } from "./service-limits";

/**
 * AWS-managed strict-order rule groups the policy references by default: the domain and IP reputation lists, and
 * the threat signatures that concern traffic leaving the VPC. `ThreatSignaturesExploits` (inbound exploit
 * attempts, and large) is left out: this firewall inspects egress.
 */
export const DEFAULT_MANAGED_RULE_GROUPS: readonly string[] = [
  "AbusedLegitMalwareDomainsStrictOrder",
  "MalwareDomainsStrictOrder",
  "AbusedLegitBotNetCommandAndControlDomainsStrictOrder",
  "BotNetCommandAndControlDomainsStrictOrder",
  "ThreatSignaturesBotnetStrictOrder",
  "ThreatSignaturesBotnetWebStrictOrder",
  "ThreatSignaturesMalwareStrictOrder",
  "ThreatSignaturesEmergingEventsStrictOrder",
  "ThreatSignaturesIOCStrictOrder",
  "ThreatSignaturesPhishingStrictOrder",
  "ThreatSignaturesScannersStrictOrder",
];

/** Properties of an {@link EgressFirewall}. */
export interface EgressFirewallProps {
  /** Prefix of resource names, e.g. `mcp-prod`: letters, digits and hyphens. */
  readonly name: string;
  readonly vpcId: string;
  /** The CIDR blocks the firewall protects (`$HOME_NET`): the VPC's. */
  readonly homeNetCidrs: readonly string[];
  /** The availability zones, in the order of `subnetIds`. */
  readonly availabilityZones: readonly string[];
  /** One firewall subnet per AZ, used only by the firewall's endpoints (an McpNetwork's `firewall` tier). */
  readonly subnetIds: readonly string[];
  /** The region, for the ARNs of AWS-managed rule groups. */
  readonly region: string;
  /**
   * Domains the protected subnets may reach over TLS (by SNI) and HTTP (by Host): exact names (`api.github.com`)
   * or `*.example.com` (which the firewall matches as `.example.com`: the domain and its subdomains). Everything
   * else is dropped. @default [] (no egress at all)
   */
  readonly allowedDomains?: readonly string[];
  /** Domains whose TLS and HTTP connections are rejected before the allowlist is consulted. @default EGRESS_THREAT_DOMAINS */
  readonly blockedDomains?: readonly EgressThreatDomain[];
  /** AWS-managed strict-order rule groups to reference, by name. @default DEFAULT_MANAGED_RULE_GROUPS */
  readonly managedRuleGroups?: readonly string[];
  /** Customer-managed KMS key that encrypts the firewall, its policy, its rule groups and its log groups. */
  readonly kmsKeyArn: string;
  /** Log group of alert logs (every drop, reject and alert). */
  readonly alertLogGroupName: string;
  /** Log group of flow logs (every flow through the firewall). */
  readonly flowLogGroupName: string;
  /** Retention of both log groups, in days. */
  readonly logRetentionInDays: number;
  /** Alarm actions (SNS topic ARNs) of the firewall's alarms. @default [] (the alarms exist but notify nobody) */
  readonly alarmActions?: readonly string[];
  /** Alerts in five minutes, of any rule or the default action, that raise the alert-volume alarm. @default 100 */
  readonly alertVolumeThreshold?: number;
  /** Refuse deletion of the firewall (`delete_protection`). Set false only for disposable environments. @default true */
  readonly deleteProtection?: boolean;
  /** Tags. @default {} */
  readonly tags?: Record<string, string>;
}

/** Capacity of each custom rule group: fixed at creation, so sized with room to grow (the policy's total is capped). */
const CAPACITY = { threats: 500, threatIntel: 1500, handshake: 10, allowlist: ALLOWLIST_CAPACITY } as const;

export { MAX_ALLOWED_DOMAINS };
const PRIORITY = { threats: 100, threatIntel: 150, managed: 200, handshake: 900, allowlist: 1000 } as const;

/** The rules a threat-intel rule group starts with, before its loader replaced them: one that matches nothing real. */
export const THREAT_INTEL_PLACEHOLDER_RULES = 'drop ip $HOME_NET any -> 192.0.2.1 any (msg:"threat intel: no indicators loaded (TEST-NET-1 placeholder)"; sid:3000001; rev:1;)';
const NAME = /^[a-zA-Z0-9-]{1,100}$/;

function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** The ARN of an AWS-managed stateful rule group. */
export function managedRuleGroupArn(region: string, name: string): string {
  return `arn:${partitionOf(region)}:network-firewall:${region}:aws-managed:stateful-rulegroup/${name}`;
}

/** An allowlisted domain as a Network Firewall domain list target: `*.example.com` becomes `.example.com`. */
export function firewallDomainTarget(domain: string): string {
  return domain.startsWith("*.") ? domain.slice(1) : domain;
}

/**
 * The egress firewall and IDPS of a VPC (PUB-06, PUB-07, NET-01): AWS Network Firewall with one endpoint per AZ in
 * dedicated subnets, and a strict-order policy that drops whatever no rule allows:
 * - stateless engine forwards every packet and fragment to the stateful engine;
 * - priority 100: Suricata rules for exfiltration and command and control, and rejects of known-bad domains;
 * - priority 150: the threat-intelligence rule group, whose rules the feed loader replaces (Terraform ignores them);
 * - priority 200+: AWS-managed reputation lists and threat signatures;
 * - priority 900: passes only TCP handshakes to 80/443 (needed under drop-strict for SNI/Host matching);
 * - priority 1000: the domain allowlist on TLS SNI and HTTP Host (omitted, with the handshake rule, when no
 *   domain is allowed: then nothing leaves);
 * - default: `aws:drop_strict` plus `aws:alert_strict`, so every dropped packet is logged.
 * Alert and flow logs go to KMS-encrypted log groups; one alarm fires on any match of the threat rules, another on
 * the volume of all alerts. Everything is encrypted with the customer key; the firewall
 * is protected against deletion, subnet changes and policy swaps. Route traffic through it with
 * `McpNetwork.routeEgressThroughFirewall(firewall.endpointIds)`.
 */
export class EgressFirewall extends Construct {
  readonly firewall: NetworkfirewallFirewall;
  readonly policy: NetworkfirewallFirewallPolicy;
  /** The Suricata rule group of exfiltration and command-and-control patterns. */
  /** Indicators from threat-intelligence feeds (TI-01): created with a placeholder, its rules are the feed loader's. */
  readonly threatIntelRules: NetworkfirewallRuleGroup;
  readonly threatRules: NetworkfirewallRuleGroup;
  /** The domain allowlist, absent when no domain is allowed. */
  readonly allowlist?: NetworkfirewallRuleGroup;
  readonly alertLogs: EncryptedLogGroup;
  /** Alarms on the alert log: threat rule matches, and alert volume. */
  readonly alarms: readonly CloudwatchMetricAlarm[];
  readonly flowLogs: EncryptedLogGroup;
  /** The firewall endpoint ID of each AZ, in `availabilityZones` order (Terraform expressions). */
  readonly endpointIds: readonly string[];

  constructor(scope: Construct, id: string, props: EgressFirewallProps) {
    super(scope, id);
    if (!NAME.test(props.name)) throw new Error(`EgressFirewall name must be 1 to 100 letters, digits and hyphens, got "${props.name}".`);
    if (props.subnetIds.length === 0 || props.subnetIds.length !== props.availabilityZones.length) {
      throw new Error(`EgressFirewall needs one subnet per availability zone: got ${props.subnetIds.length} subnet(s) for ${props.availabilityZones.length} zone(s).`);
    }
    const badZones = props.availabilityZones.filter((zone) => !/^[a-z0-9-]+$/.test(zone));
    if (badZones.length > 0) throw new Error(`EgressFirewall availabilityZones must be zone names like "eu-central-1a", got ${badZones.map((zone) => `"${zone}"`).join(", ")}.`);
    if (props.homeNetCidrs.length === 0) throw new Error("EgressFirewall homeNetCidrs must list the VPC's CIDR blocks.");
    const allowed = [...new Set(props.allowedDomains ?? [])].sort();
    const invalid = allowed.filter((domain) => !isDomainPattern(domain));
    if (invalid.length > 0) {
      throw new Error(`EgressFirewall allowedDomains must be lower-case names like "api.github.com" or "*.example.com", got ${invalid.map((domain) => `"${domain}"`).join(", ")}.`);
    }
    const tags = (name: string) => ({ ...props.tags, Name: name });
    const encryptionConfiguration = { type: "CUSTOMER_KMS", keyId: props.kmsKeyArn };
    const ruleGroup = (groupId: keyof typeof CAPACITY, name: string, description: string, rulesSource: NetworkfirewallRuleGroupRuleGroupRulesSource) =>
      new NetworkfirewallRuleGroup(this, groupId, {
        name,
        description,
        type: "STATEFUL",
        capacity: CAPACITY[groupId],
        encryptionConfiguration,
        ruleGroup: { rulesSource, statefulRuleOptions: { ruleOrder: "STRICT_ORDER" } },
        tags: tags(name),
      });

    const threatRules = egressThreatRules(props.blockedDomains ?? EGRESS_THREAT_DOMAINS);
    if (threatRules.length > CAPACITY.threats) {
      throw new Error(`EgressFirewall blockedDomains yield ${threatRules.length} rules, more than the rule group's capacity of ${CAPACITY.threats}: shorten the list.`);
    }
    if (allowed.length > MAX_ALLOWED_DOMAINS) {
      throw new Error(`EgressFirewall allowedDomains has ${allowed.length} domains, more than the allowlist's capacity of ${MAX_ALLOWED_DOMAINS}: use *.domain wildcards for families of hosts.`);
    }
    this.threatRules = ruleGroup("threats", `${props.name}-egress-threats`, "Exfiltration and command-and-control patterns, known-bad domains", {
      rulesString: renderSuricataRules(threatRules),
    });
    this.threatIntelRules = ruleGroup("threatIntel", `${props.name}-egress-threat-intel`, "Domains and addresses from threat-intelligence feeds, loaded by the feed loader (TI-01)", {
      rulesString: THREAT_INTEL_PLACEHOLDER_RULES,
    });
    this.threatIntelRules.lifecycle = { ignoreChanges: ["rule_group[0].rules_source"] };
    const references: NetworkfirewallFirewallPolicyFirewallPolicyStatefulRuleGroupReference[] = [
      { priority: PRIORITY.threats, resourceArn: this.threatRules.arn },
      { priority: PRIORITY.threatIntel, resourceArn: this.threatIntelRules.arn },
      ...(props.managedRuleGroups ?? DEFAULT_MANAGED_RULE_GROUPS).map((name, index) => ({
        priority: PRIORITY.managed + index * 10,
        resourceArn: managedRuleGroupArn(props.region, name),
      })),
    ];
    if (allowed.length > 0) {
      const handshake = ruleGroup("handshake", `${props.name}-egress-handshake`, "TCP handshakes to 80 and 443, so the allowlist can see SNI and Host", {
        rulesString: renderSuricataRules(egressHandshakeRules()),
      });
      this.allowlist = ruleGroup("allowlist", `${props.name}-egress-allowlist`, "Domains the MCP servers declared as egress", {
        rulesSourceList: { generatedRulesType: "ALLOWLIST", targetTypes: ["HTTP_HOST", "TLS_SNI"], targets: allowed.map(firewallDomainTarget) },
      });
      references.push({ priority: PRIORITY.handshake, resourceArn: handshake.arn }, { priority: PRIORITY.allowlist, resourceArn: this.allowlist.arn });
    }

    this.policy = new NetworkfirewallFirewallPolicy(this, "policy", {
      name: `${props.name}-egress`,
      description: "Strict order, default drop: only allowlisted domains leave, known threats are rejected first",
      encryptionConfiguration,
      firewallPolicy: {
        statelessDefaultActions: ["aws:forward_to_sfe"],
        statelessFragmentDefaultActions: ["aws:forward_to_sfe"],
        statefulEngineOptions: { ruleOrder: "STRICT_ORDER", streamExceptionPolicy: "REJECT" },
        statefulDefaultActions: ["aws:drop_strict", "aws:alert_strict"],
        policyVariables: { ruleVariables: [{ key: "HOME_NET", ipSet: { definition: [...props.homeNetCidrs] } }] },
        statefulRuleGroupReference: references,
      },
      tags: tags(`${props.name}-egress`),
    });

    this.firewall = new NetworkfirewallFirewall(this, "firewall", {
      name: `${props.name}-egress`,
      description: "Egress firewall and IDPS of the MCP tier",
      vpcId: props.vpcId,
      firewallPolicyArn: this.policy.arn,
      subnetMapping: props.subnetIds.map((subnetId) => ({ subnetId, ipAddressType: "IPV4" })),
      deleteProtection: props.deleteProtection ?? true,
      subnetChangeProtection: true,
      firewallPolicyChangeProtection: true,
      encryptionConfiguration,
      enabledAnalysisTypes: ["HTTP_HOST", "TLS_SNI"],
      tags: tags(`${props.name}-egress`),
    });
    const syncStates = this.firewall.firewallStatus.get(0).syncStates;
    this.endpointIds = props.availabilityZones.map((availabilityZone) =>
      Token.asString(Fn.element(TerraformIterator.fromList(syncStates).forExpressionForList(`val.attachment[0].endpoint_id if val.availability_zone == "${availabilityZone}"`), 0)),
    );

    const logGroup = (groupId: string, name: string) =>
      new EncryptedLogGroup(this, groupId, { name, kmsKeyArn: props.kmsKeyArn, retentionInDays: props.logRetentionInDays });
    this.alertLogs = logGroup("alert-logs", props.alertLogGroupName);
    this.flowLogs = logGroup("flow-logs", props.flowLogGroupName);
    new NetworkfirewallLoggingConfiguration(this, "logging", {
      firewallArn: this.firewall.arn,
      loggingConfiguration: {
        logDestinationConfig: [
          { logType: "ALERT", logDestinationType: "CloudWatchLogs", logDestination: { logGroup: this.alertLogs.logGroup.name } },
          { logType: "FLOW", logDestinationType: "CloudWatchLogs", logDestination: { logGroup: this.flowLogs.logGroup.name } },
        ],
      },
    });

    const namespace = `${props.name}/network-firewall`;
    const alarm = (alarmId: string, description: string, pattern: string, threshold: number) => {
      new CloudwatchLogMetricFilter(this, `${alarmId}-filter`, {
        name: `${props.name}-${alarmId}`,
        logGroupName: this.alertLogs.logGroup.name,
        pattern,
        metricTransformation: { name: alarmId, namespace, value: "1", defaultValue: "0" },
      });
      return new CloudwatchMetricAlarm(this, `${alarmId}-alarm`, {
        alarmName: `${props.name}-${alarmId}`,
        alarmDescription: description,
        namespace,
        metricName: alarmId,
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [...(props.alarmActions ?? [])],
      });
    };
    this.alarms = [
      alarm(
        "egress-threat-detected",
        "An egress exfiltration or command-and-control rule of the network firewall matched: find the source pod in the alert log.",
        `{ ($.event.event_type = "alert") && ($.event.alert.signature_id >= ${EGRESS_THREAT_SIDS.first}) && ($.event.alert.signature_id <= ${EGRESS_THREAT_SIDS.last}) }`,
        1,
      ),
      alarm(
        "egress-alert-volume",
        "The network firewall raised many alerts (managed threat signatures or traffic no rule allows): a compromised workload, or an undeclared egress domain.",
        '{ $.event.event_type = "alert" }',
        props.alertVolumeThreshold ?? 100,
      ),
    ];
  }
}
