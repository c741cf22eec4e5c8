import { alarmsOfFilters } from "../alarms";
import { firewallsOfVpc, policyOfFirewall, statefulGroupsOf, suricataRulesOf } from "../network-firewall";
import { Attributes, block, blocks, referencedAddress, resolveReference, stackResources, TerraformResource, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

const REQUIRED_LOG_TYPES = ["ALERT", "FLOW"];
const DETECTING_ACTIONS = /^(drop|reject|alert)\s/;
/** A rule whose only destination is TEST-NET-1 (192.0.2.0/24, documentation only) detects nothing: a placeholder. */
const PLACEHOLDER = /->\s*192\.0\.2\.\d{1,3}\s/;

/** The log destinations of a firewall's logging configurations. */
function destinationsOf(stack: StackArtifact, firewall: TerraformResource): Attributes[] {
  return stackResources(stack, "aws_networkfirewall_logging_configuration")
    .filter((logging) => referencedAddress(logging.values["firewall_arn"]) === firewall.address)
    .flatMap((logging) => blocks(block(logging.values["logging_configuration"])?.["log_destination_config"]));
}

/** Whether two log group names, literal or `${aws_cloudwatch_log_group.x.name}`, are the same group. */
function sameLogGroup(stack: StackArtifact, a: unknown, b: unknown): boolean {
  const nameOf = (value: unknown) => {
    const group = resolveReference(stack, value);
    return group ? String(group.values["name"]) : String(value);
  };
  return nameOf(a) === nameOf(b);
}

/** The alarms on metrics that metric filters derive from a log group. */
function alarmsOnLogGroup(stack: StackArtifact, logGroup: unknown): TerraformResource[] {
  return alarmsOfFilters(stack, stackResources(stack, "aws_cloudwatch_log_metric_filter").filter((filter) => sameLogGroup(stack, filter.values["log_group_name"], logGroup)));
}

function notifies(alarm: TerraformResource): boolean {
  return alarm.values["actions_enabled"] !== false && Array.isArray(alarm.values["alarm_actions"]) && (alarm.values["alarm_actions"] as unknown[]).length > 0;
}

function checkFirewall(stack: StackArtifact, firewall: TerraformResource): Violation[] {
  const findings: Violation[] = [];
  const policy = policyOfFirewall(stack, firewall);
  const signatures = policy
    ? statefulGroupsOf(stack, policy).flatMap((reference) => (reference.group ? suricataRulesOf(reference.group) : [])).filter((line) => DETECTING_ACTIONS.test(line) && !PLACEHOLDER.test(line))
    : [];
  if (signatures.length === 0) {
    findings.push(violation(firewall, "its policy references no Suricata rule group with drop, reject or alert rules: the firewall detects nothing of its own"));
  }
  const destinations = destinationsOf(stack, firewall);
  const missing = REQUIRED_LOG_TYPES.filter((type) => !destinations.some((destination) => destination["log_type"] === type));
  if (missing.length > 0) findings.push(violation(firewall, `no aws_networkfirewall_logging_configuration delivers its ${missing.join(" and ")} logs`));
  for (const destination of destinations.filter((candidate) => candidate["log_type"] === "ALERT" && candidate["log_destination_type"] === "CloudWatchLogs")) {
    const logGroup = block(destination["log_destination"])?.["logGroup"];
    const alarms = alarmsOnLogGroup(stack, logGroup);
    if (alarms.length === 0) findings.push(violation(firewall, `no metric filter and alarm watch its alert log ${String(logGroup)}`));
    else if (!alarms.some(notifies)) findings.push(violation(firewall, `the alarms on its alert log notify nobody: ${alarms.map((alarm) => alarm.address).join(", ")}`));
  }
  return findings;
}

/**
 * Every VPC has a network IDPS (PUB-07): an AWS Network Firewall whose policy references a Suricata rule group with
 * detecting (drop, reject or alert) rules, whose alert and flow logs are delivered, so every detection is recorded
 * for the SIEM, and whose CloudWatch alert log is watched by an alarm that notifies someone.
 */
const rule: Rule = {
  id: "pub-07-idps-rules-and-logging",
  controls: ["PUB-07"],
  severity: "high",
  description: "Every VPC has a Network Firewall whose policy references Suricata detection rules, whose ALERT and FLOW logs are configured, and whose alert log raises a notifying alarm.",
  remediation:
    "Add an EgressFirewall to the VPC with alarmActions (it brings the Suricata threat rules, ALERT and FLOW logging to encrypted log groups, and alarms on the alert log), or add the missing rule group reference, log destination or alarm action.",
  check: (artifacts) =>
    artifacts.stacks.flatMap((stack) =>
      stackResources(stack, "aws_vpc").flatMap((vpc) => {
        const firewalls = firewallsOfVpc(stack, vpc);
        if (firewalls.length === 0) return [violation(vpc, "has no aws_networkfirewall_firewall: nothing inspects its traffic")];
        return firewalls.flatMap((firewall) => checkFirewall(stack, firewall));
      }),
    ),
};

export default rule;
