/**
 * The threat-intelligence loader of an account stack as the plan shows it (TI-01): the function whose environment
 * names the blocking layers it loads, and whether each layer is wired. The TI-01 rule judges these; the TI-04
 * emulation plan lists them as detections.
 */
import { block, blocks, referencedAddress, resolveReference, stackResources, TerraformResource, functionVariables } from "./terraform";
import { StackArtifact } from "./types";


/** The stack's threat-intelligence loaders: the functions that load a firewall rule group (`THREAT_INTEL_RULE_GROUP_ARN`). */
export function threatIntelLoaders(stack: StackArtifact): TerraformResource[] {
  return stackResources(stack, "aws_lambda_function").filter((fn) => "THREAT_INTEL_RULE_GROUP_ARN" in functionVariables(fn));
}

/** Whether the loader's rule group is a Network Firewall rule group the egress firewall's policy references. */
export function loadsReferencedRuleGroup(stack: StackArtifact, loader: TerraformResource): boolean {
  const ruleGroup = resolveReference(stack, functionVariables(loader)["THREAT_INTEL_RULE_GROUP_ARN"]);
  return (
    ruleGroup?.type === "aws_networkfirewall_rule_group" &&
    stackResources(stack, "aws_networkfirewall_firewall_policy").some((policy) =>
      blocks(block(policy.values["firewall_policy"])?.["stateful_rule_group_reference"]).some((reference) => referencedAddress(reference["resource_arn"]) === ruleGroup.address)
    )
  );
}

/** Whether the loader's DNS Firewall domain list is blocked by a rule checked before the allowlist of its group. */
export function loadsBlockedDomainList(stack: StackArtifact, loader: TerraformResource): boolean {
  const list = resolveReference(stack, functionVariables(loader)["DNS_DOMAIN_LIST_ID"]);
  const rules = stackResources(stack, "aws_route53_resolver_firewall_rule");
  const blocking = rules.find((rule) => list !== undefined && referencedAddress(rule.values["firewall_domain_list_id"]) === list.address && rule.values["action"] === "BLOCK");
  const firstAllow = Math.min(...rules.filter((rule) => rule.values["action"] === "ALLOW" && rule.values["firewall_rule_group_id"] === blocking?.values["firewall_rule_group_id"]).map((rule) => Number(rule.values["priority"])));
  return blocking !== undefined && Number(blocking.values["priority"]) < firstAllow;
}

/** Whether the loader reloads an active GuardDuty threat intel set. */
export function reloadsActiveThreatIntelSet(stack: StackArtifact, loader: TerraformResource): boolean {
  const set = stackResources(stack, "aws_guardduty_threatintelset").find((candidate) => referencedAddress(functionVariables(loader)["GUARDDUTY_THREAT_INTEL_SET_ID"]) === candidate.address);
  return set?.values["activate"] === true;
}
