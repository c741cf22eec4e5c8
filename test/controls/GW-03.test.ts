import { Artifacts } from "../../policies/types";
import { aclRule, aclRules, configOf, ENVIRONMENTS, mcpPathScope, patternSets, RULE_ORDER, rulesFiredFor, statementOf, visibility, webAcl } from "../support/edge";
import { findingsFor, synthesizedPlans } from "../support/plans";
import { matches } from "../support/waf-evaluator";
import { block } from "../../policies/terraform";

const RATE_LIMITED = { block: { custom_response: { custom_response_body_key: "mcp-rate-limited", response_code: 429 } } };

describe("GW-03 rate limiting and anti-automation", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const { edge } = configOf(environment);
    const { rateLimits } = edge;
    const rule = (name: string) => aclRule(plans, environment, name);
    const expectRule = (name: string, rest: Record<string, unknown>) => expect(rule(name)).toEqual({ name, priority: RULE_ORDER.indexOf(name), visibility_config: visibility(name), ...rest });

    test("rate-based rules block per client IP, per credential and per MCP server path with the configured limits", () => {
      const window = rateLimits.evaluationWindowSeconds;
      expectRule("rate-per-ip", { action: RATE_LIMITED, statement: { rate_based_statement: { aggregate_key_type: "IP", limit: rateLimits.perIp, evaluation_window_sec: window } } });
      expectRule("rate-per-credential", {
        action: RATE_LIMITED,
        statement: {
          rate_based_statement: {
            aggregate_key_type: "CUSTOM_KEYS",
            custom_key: [{ header: { name: "authorization", text_transformation: [{ priority: 0, type: "NONE" }] } }],
            limit: rateLimits.perCredential,
            evaluation_window_sec: window,
          },
        },
      });
      expectRule("rate-per-server-path", {
        action: RATE_LIMITED,
        statement: {
          rate_based_statement: {
            aggregate_key_type: "CUSTOM_KEYS",
            custom_key: [{ uri_path: { text_transformation: [{ priority: 0, type: "NORMALIZE_PATH" }] } }],
            limit: rateLimits.perServerPath,
            evaluation_window_sec: window,
            scope_down_statement: mcpPathScope(edge.mcpPathPrefix),
          },
        },
      });
    });

    test("Bot Control blocks on the human-facing paths and only counts on MCP paths", () => {
      const botControl = (scopeDown: Record<string, unknown>) => ({
        managed_rule_group_statement: {
          name: "AWSManagedRulesBotControlRuleSet",
          vendor_name: "AWS",
          managed_rule_group_configs: [{ aws_managed_rules_bot_control_rule_set: { inspection_level: "COMMON" } }],
          scope_down_statement: scopeDown,
        },
      });
      const [human] = edge.humanPaths;
      expect(edge.humanPaths).toEqual(["/signin"]);
      expectRule("bot-control-human-paths", {
        override_action: { none: {} },
        statement: botControl({
          byte_match_statement: { field_to_match: { uri_path: {} }, positional_constraint: "STARTS_WITH", search_string: human, text_transformation: [{ priority: 0, type: "NORMALIZE_PATH" }] },
        }),
      });
      expectRule("bot-control-mcp-paths", { override_action: { count: {} }, statement: botControl(mcpPathScope(edge.mcpPathPrefix)) });
    });

    test("the two Bot Control scopes never both match a request, so no request is billed twice or blocked on an MCP path", () => {
      const scope = (name: string) => block(block(statementOf(rule(name))["managed_rule_group_statement"])?.["scope_down_statement"])!;
      const sets = patternSets(plans, environment);
      for (const path of ["/signin", "/signin/callback", "/mcp/github-tools", "/mcp//github-tools", "/", "/.well-known/oauth-protected-resource"]) {
        const request = { method: "GET", path };
        const both = [matches(scope("bot-control-human-paths"), request, sets), matches(scope("bot-control-mcp-paths"), request, sets)];
        expect({ path, both: both.every(Boolean) }).toEqual({ path, both: false });
      }
    });

    test("the synthesized plan passes every GW-03 rule", () => {
      expect(findingsFor(plans, "GW-03")).toEqual([]);
    });
  });

  describe("check reports GW-03 when the real plan is weakened", () => {
    const fired = (mutate: (plans: Artifacts) => void) => rulesFiredFor("GW-03", synthesizedPlans(), mutate);
    const without = (plans: Artifacts, environment: string, name: string) => (webAcl(plans, environment).values["rule"] = aclRules(plans, environment).filter((rule) => rule["name"] !== name));

    test("the per-credential rate-based rule is removed", () => {
      expect(fired((plans) => without(plans, "prod", "rate-per-credential"))).toEqual(["gw-03-waf-rate-limits"]);
    });

    test("the per-IP rule only counts", () => {
      expect(fired((plans) => (aclRule(plans, "dev", "rate-per-ip")["action"] = { count: {} }))).toEqual(["gw-03-waf-rate-limits"]);
    });

    test("a limit outside what WAF accepts", () => {
      expect(fired((plans) => (block(statementOf(aclRule(plans, "test", "rate-per-server-path"))["rate_based_statement"])!["limit"] = 0))).toEqual(["gw-03-waf-rate-limits"]);
    });

    test("Bot Control loses its scope-down and would block MCP clients", () => {
      expect(fired((plans) => delete block(statementOf(aclRule(plans, "dev", "bot-control-human-paths"))["managed_rule_group_statement"])!["scope_down_statement"])).toEqual([
        "gw-03-waf-rate-limits",
      ]);
    });

    test("production blocks no bots", () => {
      expect(fired((plans) => without(plans, "prod", "bot-control-human-paths"))).toEqual(["gw-03-waf-rate-limits"]);
    });
  });
});
