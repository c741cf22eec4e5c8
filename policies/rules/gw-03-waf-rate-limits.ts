import { BOT_CONTROL_RULE_GROUP, WAF_EVALUATION_WINDOWS, WAF_RATE_LIMIT_RANGE } from "../../baselines/waf-limits";
import { stackIsProduction } from "../environments";
import { Attributes, block, blocks, stackOf, violation } from "../terraform";
import { Rule, Violation } from "../types";
import { aclRules, blocksRequests, managedGroup, overrideIsNone, rateBased, ruleName, webAcls } from "../waf";

/** The aggregation keys GW-03 needs, and how to recognize each in a rate-based statement. */
const KEYS: readonly { readonly name: string; readonly matches: (statement: Attributes) => boolean }[] = [
  {
    name: "per client IP (on every path)",
    matches: (statement) => ["IP", "FORWARDED_IP"].includes(String(statement["aggregate_key_type"] ?? "IP")) && block(statement["scope_down_statement"]) === undefined,
  },
  {
    name: "per credential (Authorization header)",
    matches: (statement) =>
      statement["aggregate_key_type"] === "CUSTOM_KEYS" &&
      blocks(statement["custom_key"]).some((key) => String(block(key["header"])?.["name"] ?? "").toLowerCase() === "authorization"),
  },
  {
    name: "per MCP endpoint (URI path)",
    matches: (statement) => statement["aggregate_key_type"] === "CUSTOM_KEYS" && blocks(statement["custom_key"]).some((key) => block(key["uri_path"]) !== undefined),
  },
];

/**
 * Every web ACL rate-limits with blocking rate-based rules per client IP, per credential and per MCP endpoint path,
 * with limits and windows AWS WAF accepts; Bot Control is always scoped down (MCP clients are automated by design, so
 * an unscoped Bot Control would block them), and in production it blocks somewhere (GW-03).
 */
const rule: Rule = {
  id: "gw-03-waf-rate-limits",
  controls: ["GW-03"],
  severity: "high",
  description: `Every web ACL has blocking rate-based rules ${KEYS.map((key) => key.name).join(", ")}, each limit ${WAF_RATE_LIMIT_RANGE.min} to ${WAF_RATE_LIMIT_RANGE.max} over ${WAF_EVALUATION_WINDOWS.join("/")} s; every ${BOT_CONTROL_RULE_GROUP} rule has a scope_down_statement, and in production one keeps override_action none.`,
  remediation:
    "Add rate_based_statement rules with action block: aggregate_key_type IP, CUSTOM_KEYS header authorization, and CUSTOM_KEYS uri_path scoped to the MCP prefix. Scope Bot Control down to human-facing paths (blocking) and MCP paths (count).",
  check: (artifacts) =>
    webAcls(artifacts).flatMap((acl): Violation[] => {
      const findings: Violation[] = [];
      const rateRules = aclRules(acl).filter((candidate) => rateBased(candidate) !== undefined);
      for (const key of KEYS) {
        if (!rateRules.some((candidate) => blocksRequests(candidate) && key.matches(rateBased(candidate) ?? {}))) {
          findings.push(violation(acl, `has no blocking rate-based rule ${key.name}`));
        }
      }
      for (const rateRule of rateRules) {
        const statement = rateBased(rateRule) ?? {};
        const limit = statement["limit"];
        if (typeof limit !== "number" || !Number.isInteger(limit) || limit < WAF_RATE_LIMIT_RANGE.min || limit > WAF_RATE_LIMIT_RANGE.max) {
          findings.push(violation(acl, `rule ${ruleName(rateRule)} has limit ${String(limit)}, outside ${WAF_RATE_LIMIT_RANGE.min} to ${WAF_RATE_LIMIT_RANGE.max}`));
        }
        const window = statement["evaluation_window_sec"] ?? 300;
        if (!(WAF_EVALUATION_WINDOWS as readonly unknown[]).includes(window)) {
          findings.push(violation(acl, `rule ${ruleName(rateRule)} counts over ${String(window)} s, not one of ${WAF_EVALUATION_WINDOWS.join(", ")}`));
        }
      }
      const botControl = aclRules(acl).filter((candidate) => managedGroup(candidate)?.["name"] === BOT_CONTROL_RULE_GROUP);
      for (const botRule of botControl) {
        if (!block(managedGroup(botRule)?.["scope_down_statement"])) {
          findings.push(violation(acl, `rule ${ruleName(botRule)} runs Bot Control on every path, MCP paths included, without a scope_down_statement`));
        }
      }
      if (stackIsProduction(stackOf(artifacts, acl)) && !botControl.some(overrideIsNone)) {
        findings.push(violation(acl, `blocks no bots in production: no ${BOT_CONTROL_RULE_GROUP} rule with override_action none`));
      }
      return findings;
    }),
};

export default rule;
