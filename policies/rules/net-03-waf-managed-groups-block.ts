import { MANAGED_RULE_GROUPS } from "../../baselines/waf-limits";
import { stackIsProduction } from "../environments";
import { block, blocks, stackOf, violation } from "../terraform";
import { Rule, Violation } from "../types";
import { aclRules, managedGroup, overrideIsNone, ruleName, webAcls } from "../waf";

const REQUIRED = MANAGED_RULE_GROUPS.map(([, group]) => group);

/**
 * Every web ACL runs the required AWS managed rule groups over all requests; in production each keeps its own block
 * actions: `override_action { none {} }`, no scope-down statement, and no rule overridden to count or allow (NET-03).
 */
const rule: Rule = {
  id: "net-03-waf-managed-groups-block",
  controls: ["NET-03", "PUB-06"],
  severity: "high",
  description: `Every web ACL has managed rule groups ${REQUIRED.join(", ")} (vendor AWS); in production each with override_action none, no scope_down_statement and no rule_action_override to count or allow.`,
  remediation:
    "Add each AWS managed rule group with override_action { none {} }. Count mode (countManagedRuleGroups) is for tuning outside production only; tune single rules with a reviewed policy exception instead.",
  check: (artifacts) =>
    webAcls(artifacts).flatMap((acl): Violation[] => {
      const production = stackIsProduction(stackOf(artifacts, acl));
      const findings: Violation[] = [];
      for (const group of REQUIRED) {
        const rules = aclRules(acl).filter((candidate) => {
          const statement = managedGroup(candidate);
          return statement?.["name"] === group && statement["vendor_name"] === "AWS";
        });
        if (rules.length === 0) {
          findings.push(violation(acl, `does not run the managed rule group ${group}`));
          continue;
        }
        if (!production) continue;
        for (const groupRule of rules) {
          const statement = managedGroup(groupRule) ?? {};
          if (!overrideIsNone(groupRule)) findings.push(violation(acl, `rule ${ruleName(groupRule)} runs ${group} without blocking in production (override_action is not none)`));
          if (block(statement["scope_down_statement"])) findings.push(violation(acl, `rule ${ruleName(groupRule)} scopes ${group} down to part of the traffic in production`));
          for (const override of blocks(statement["rule_action_override"])) {
            const action = block(override["action_to_use"]) ?? {};
            const weakened = ["count", "allow"].filter((kind) => block(action[kind]) !== undefined);
            if (weakened.length > 0) findings.push(violation(acl, `rule ${ruleName(groupRule)} overrides ${group} rule ${String(override["name"])} to ${weakened.join("/")} in production`));
          }
        }
      }
      return findings;
    }),
};

export default rule;
