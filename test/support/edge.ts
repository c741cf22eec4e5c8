/** Look-ups of the edge (load balancer, web ACL) in a synthesized plan, shared by the edge control tests. */
import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { EnvironmentConfig } from "../../environments/schema";
import { Attributes, block, blocks, TerraformResource } from "../../policies/terraform";
import { Artifacts } from "../../policies/types";
import { findingsFor, stackResources } from "./plans";
import { PatternSets } from "./waf-evaluator";

/** The names of the built-in environments. */
export const ENVIRONMENTS = BUILT_IN_ENVIRONMENTS.map((environment) => environment.name);

/** A built-in environment's config. */
export function configOf(environment: string): EnvironmentConfig {
  const found = BUILT_IN_ENVIRONMENTS.find((candidate) => candidate.name === environment);
  if (!found) throw new Error(`no built-in environment ${environment}`);
  return found;
}

/** The one resource of a type in an environment's stack. */
export function only(plans: Artifacts, environment: string, type: string, predicate: (resource: TerraformResource) => boolean = () => true): TerraformResource {
  const found = stackResources(plans, environment, type).filter(predicate);
  if (found.length !== 1) throw new Error(`expected one ${type} in ${environment}, found ${found.length}`);
  return found[0];
}

/** The environment's web ACL. */
export function webAcl(plans: Artifacts, environment: string): TerraformResource {
  return only(plans, environment, "aws_wafv2_web_acl");
}

/** The rules of the environment's web ACL (mutable: edits change the plan). */
export function aclRules(plans: Artifacts, environment: string): Attributes[] {
  return blocks(webAcl(plans, environment).values["rule"]);
}

/** One rule of the environment's web ACL by name. */
export function aclRule(plans: Artifacts, environment: string, name: string): Attributes {
  const found = aclRules(plans, environment).find((rule) => rule["name"] === name);
  if (!found) throw new Error(`no web ACL rule ${name} in ${environment}`);
  return found;
}

/** The top-level statement of a rule. */
export function statementOf(rule: Attributes): Attributes {
  return block(rule["statement"]) ?? {};
}

/** The environment's regex pattern sets by the `${...arn}` reference that rules use. */
export function patternSets(plans: Artifacts, environment: string): PatternSets {
  return Object.fromEntries(
    stackResources(plans, environment, "aws_wafv2_regex_pattern_set").map((set) => [
      `\${${set.address}.arn}`,
      blocks(set.values["regular_expression"]).map((expression) => String(expression["regex_string"])),
    ])
  );
}

/** The `${type.name.attr}` reference to a resource's attribute. */
export function ref(resource: TerraformResource, attribute: string): string {
  return `\${${resource.address}.${attribute}}`;
}

/** The distinct rules that report a control after `mutate` weakened a fresh copy of the real plans. */
export function rulesFiredFor(control: string, plans: Artifacts, mutate: (plans: Artifacts) => void): string[] {
  mutate(plans);
  return [...new Set(findingsFor(plans, control).map((finding) => finding.rule))].sort();
}

/** The rule names of the web ACL, in priority order, as the construct lays them out. */
export const RULE_ORDER = [
  "managed-common-rule-set",
  "managed-known-bad-inputs",
  "managed-ip-reputation",
  "managed-anonymous-ip",
  "managed-linux",
  "managed-unix",
  "managed-sqli",
  "mcp-method-allowlist",
  "mcp-content-type-json",
  "mcp-body-json",
  "mcp-body-size",
  "mcp-protocol-version",
  "mcp-origin-allowlist",
  "mcp-injection-signatures",
  "rate-per-ip",
  "rate-per-credential",
  "rate-per-server-path",
  "bot-control-human-paths",
  "bot-control-mcp-paths",
  "auth-public-paths-only",
  "auth-rate-per-ip-sign-in",
];

/** The scope statement of the MCP paths: `<prefix>/` after path normalization. */
export function mcpPathScope(prefix: string): Attributes {
  return {
    byte_match_statement: {
      field_to_match: { uri_path: {} },
      positional_constraint: "STARTS_WITH",
      search_string: `${prefix}/`,
      text_transformation: [{ priority: 0, type: "NORMALIZE_PATH" }],
    },
  };
}

/** The visibility configuration every rule has: metrics and sampled requests on, metric named after the rule. */
export function visibility(name: string): Attributes {
  return { cloudwatch_metrics_enabled: true, metric_name: name, sampled_requests_enabled: true };
}
