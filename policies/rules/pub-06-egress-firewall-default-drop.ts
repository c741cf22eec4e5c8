import { policyBody, policyOfFirewall, rulesSourceOf } from "../network-firewall";
import { Attributes, block, blocks, resolveReference, resources, stackOf, TerraformResource, violation } from "../terraform";
import { Rule, Violation } from "../types";

const FORWARD = ["aws:forward_to_sfe"];
/** Each accepted drop default, with the alert default that must accompany it so dropped packets are logged. */
const DROP_WITH_ALERT: Readonly<Record<string, string>> = { "aws:drop_strict": "aws:alert_strict", "aws:drop_established": "aws:alert_established" };

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function sameList(value: unknown, expected: readonly string[]): boolean {
  const actual = strings(value);
  return actual.length === expected.length && actual.every((item, index) => item === expected[index]);
}

/** Whether a stateless rule group's rules pass any packet straight through, around the stateful engine. */
function statelessPasses(group: TerraformResource): boolean {
  const rules = blocks(block(rulesSourceOf(group)["stateless_rules_and_custom_actions"])?.["stateless_rule"]);
  return rules.some((rule) => strings(block(rule["rule_definition"])?.["actions"]).includes("aws:pass"));
}

function problemsOf(body: Attributes): string[] {
  const problems: string[] = [];
  if (!sameList(body["stateless_default_actions"], FORWARD)) problems.push(`stateless_default_actions is ${JSON.stringify(body["stateless_default_actions"] ?? null)}, not ["aws:forward_to_sfe"]`);
  if (!sameList(body["stateless_fragment_default_actions"], FORWARD)) {
    problems.push(`stateless_fragment_default_actions is ${JSON.stringify(body["stateless_fragment_default_actions"] ?? null)}, not ["aws:forward_to_sfe"]`);
  }
  const ruleOrder = block(body["stateful_engine_options"])?.["rule_order"];
  if (ruleOrder !== "STRICT_ORDER") problems.push(`stateful_engine_options.rule_order is ${JSON.stringify(ruleOrder ?? null)}, not "STRICT_ORDER"`);
  const defaults = strings(body["stateful_default_actions"]);
  const drops = defaults.filter((action) => action in DROP_WITH_ALERT);
  if (drops.length === 0) problems.push(`stateful_default_actions ${JSON.stringify(defaults)} drop nothing: add "aws:drop_strict" (or "aws:drop_established")`);
  for (const drop of drops) {
    if (!defaults.includes(DROP_WITH_ALERT[drop])) problems.push(`stateful_default_actions has ${drop} without ${DROP_WITH_ALERT[drop]}: dropped packets are not logged`);
  }
  return problems;
}

/**
 * Every Network Firewall denies by default (PUB-06): each firewall uses a policy of its own stack whose stateless
 * engine forwards every packet and fragment to the stateful engine (no stateless rule passes traffic around it),
 * whose stateful engine evaluates in strict order, and whose default actions drop and alert on whatever no rule
 * allows.
 */
const rule: Rule = {
  id: "pub-06-egress-firewall-default-drop",
  controls: ["PUB-06"],
  severity: "critical",
  description: "Every Network Firewall policy forwards all packets to the stateful engine, evaluates in strict order, and drops and alerts by default.",
  remediation:
    'Use the EgressFirewall construct, or set stateless_default_actions and stateless_fragment_default_actions to ["aws:forward_to_sfe"], stateful_engine_options.rule_order = "STRICT_ORDER" and stateful_default_actions = ["aws:drop_strict", "aws:alert_strict"].',
  check: (artifacts) => {
    const findings: Violation[] = [];
    for (const firewall of resources(artifacts, "aws_networkfirewall_firewall")) {
      if (!policyOfFirewall(stackOf(artifacts, firewall), firewall)) {
        findings.push(violation(firewall, `firewall_policy_arn ${String(firewall.values["firewall_policy_arn"])} is not a firewall policy of this stack, so its default actions cannot be checked`));
      }
    }
    for (const policy of resources(artifacts, "aws_networkfirewall_firewall_policy")) {
      const body = policyBody(policy);
      for (const problem of problemsOf(body)) findings.push(violation(policy, problem));
      for (const reference of blocks(body["stateless_rule_group_reference"])) {
        const group = resolveReference(stackOf(artifacts, policy), reference["resource_arn"]);
        if (!group) findings.push(violation(policy, `references stateless rule group ${String(reference["resource_arn"])}, which cannot be checked for pass rules`));
        else if (statelessPasses(group)) findings.push(violation(group, "a stateless rule passes traffic around the stateful engine (aws:pass)"));
      }
    }
    return findings;
  },
};

export default rule;
