/**
 * An estimate of a web ACL's capacity (WCUs) from its synthesized rules, using the costs AWS documents:
 * - managed rule groups: their published capacity (baseline, use-case and IP reputation group pages; Bot Control 50);
 * - string match: 2 for EXACTLY/STARTS_WITH/ENDS_WITH, 10 for CONTAINS/CONTAINS_WORD; regex match: 3; regex pattern
 *   set: 25; size constraint: 1; each doubled when inspecting the JSON body, +10 for all query arguments;
 * - +10 for every text transformation other than NONE;
 * - rate-based: 2, +30 per custom aggregation key (its transformations counted too, to stay on the safe side), plus the
 *   scope-down statement; logical and/or/not: the sum of their operands.
 * AWS may charge less (shared transformations are sometimes billed once), never more, so this is an upper bound.
 */
import { Attributes, block, blocks } from "../../policies/terraform";

/** Published capacity of each AWS managed rule group the blueprint uses. */
export const MANAGED_GROUP_WCU: Readonly<Record<string, number>> = {
  AWSManagedRulesCommonRuleSet: 700,
  AWSManagedRulesKnownBadInputsRuleSet: 200,
  AWSManagedRulesAmazonIpReputationList: 25,
  AWSManagedRulesAnonymousIpList: 50,
  AWSManagedRulesLinuxRuleSet: 200,
  AWSManagedRulesUnixRuleSet: 100,
  AWSManagedRulesSQLiRuleSet: 200,
  AWSManagedRulesBotControlRuleSet: 50,
};

const STRING_MATCH_BASE: Readonly<Record<string, number>> = { EXACTLY: 2, STARTS_WITH: 2, ENDS_WITH: 2, CONTAINS: 10, CONTAINS_WORD: 10 };

function transformations(value: unknown): number {
  return blocks(value).filter((transformation) => transformation["type"] !== "NONE").length * 10;
}

/** The base cost adjusted for the inspected component, plus transformations. */
function matchCost(base: number, match: Attributes): number {
  const field = block(match["field_to_match"]) ?? {};
  const component = block(field["json_body"]) ? base * 2 : base;
  return component + (block(field["all_query_arguments"]) ? 10 : 0) + transformations(match["text_transformation"]);
}

/** The estimated WCUs of one statement. */
export function statementCapacity(statement: Attributes): number {
  const operands = (key: string) => blocks(block(statement[key])?.["statement"]).reduce((sum, child) => sum + statementCapacity(child), 0);
  if (block(statement["and_statement"])) return operands("and_statement");
  if (block(statement["or_statement"])) return operands("or_statement");
  if (block(statement["not_statement"])) return operands("not_statement");
  const byteMatch = block(statement["byte_match_statement"]);
  if (byteMatch) {
    const base = STRING_MATCH_BASE[String(byteMatch["positional_constraint"])];
    if (base === undefined) throw new Error(`unknown positional_constraint ${String(byteMatch["positional_constraint"])}`);
    return matchCost(base, byteMatch);
  }
  const regexMatch = block(statement["regex_match_statement"]);
  if (regexMatch) return matchCost(3, regexMatch);
  const regexSet = block(statement["regex_pattern_set_reference_statement"]);
  if (regexSet) return matchCost(25, regexSet);
  const size = block(statement["size_constraint_statement"]);
  if (size) return matchCost(1, size);
  const rate = block(statement["rate_based_statement"]);
  if (rate) {
    const keys = blocks(rate["custom_key"]);
    const keyCost = keys.reduce((sum, key) => sum + 30 + Object.values(key).reduce((inner: number, spec) => inner + transformations(block(spec)?.["text_transformation"]), 0), 0);
    const scopeDown = block(rate["scope_down_statement"]);
    return 2 + keyCost + (scopeDown ? statementCapacity(scopeDown) : 0);
  }
  const managed = block(statement["managed_rule_group_statement"]);
  if (managed) {
    const capacity = MANAGED_GROUP_WCU[String(managed["name"])];
    if (capacity === undefined) throw new Error(`no published capacity for managed rule group ${String(managed["name"])}`);
    const scopeDown = block(managed["scope_down_statement"]);
    return capacity + (scopeDown ? statementCapacity(scopeDown) : 0);
  }
  throw new Error(`no documented capacity for statement ${Object.keys(statement).join(", ")}`);
}

/** The estimated WCUs of each rule of a web ACL, by rule name. */
export function ruleCapacities(rules: readonly Attributes[]): Record<string, number> {
  return Object.fromEntries(rules.map((rule) => [String(rule["name"]), statementCapacity(block(rule["statement"]) ?? {})]));
}
