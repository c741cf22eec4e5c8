/**
 * AWS WAF web ACLs as rules read them from synthesized Terraform JSON: their rules, the statement trees of those
 * rules (raw snake_case, as the provider writes them), associations and logging configurations.
 */
import { Attributes, block, blocks, references, resolveReference, resources, stackOf, stackResources, TerraformResource } from "./terraform";
import { Artifacts } from "./types";

/** Every web ACL of every stack. */
export function webAcls(artifacts: Artifacts): TerraformResource[] {
  return resources(artifacts, "aws_wafv2_web_acl");
}

/** The rules of a web ACL. */
export function aclRules(acl: TerraformResource): Attributes[] {
  return blocks(acl.values["rule"]);
}

/** A rule's name. */
export function ruleName(rule: Attributes): string {
  return String(rule["name"] ?? "?");
}

/** The top-level statement of a rule. */
export function ruleStatement(rule: Attributes): Attributes | undefined {
  return block(rule["statement"]);
}

/** Whether a rule's own action is block (a managed rule group has an override action instead). */
export function blocksRequests(rule: Attributes): boolean {
  const action = block(rule["action"]);
  return action !== undefined && block(action["block"]) !== undefined;
}

/** Whether a managed rule group rule keeps the group's own actions (`override_action { none {} }`). */
export function overrideIsNone(rule: Attributes): boolean {
  const override = block(rule["override_action"]);
  return override !== undefined && block(override["none"]) !== undefined && block(override["count"]) === undefined;
}

/** The managed rule group statement of a rule, if its top-level statement is one. */
export function managedGroup(rule: Attributes): Attributes | undefined {
  return block(ruleStatement(rule)?.["managed_rule_group_statement"]);
}

/** The rate-based statement of a rule, if its top-level statement is one. */
export function rateBased(rule: Attributes): Attributes | undefined {
  return block(ruleStatement(rule)?.["rate_based_statement"]);
}

/** The statements directly nested in a statement: operands of and/or/not and scope-down statements. */
function children(statement: Attributes): Attributes[] {
  const nested: Attributes[] = [];
  for (const logical of ["and_statement", "or_statement", "not_statement"]) {
    const operator = block(statement[logical]);
    if (operator) nested.push(...blocks(operator["statement"]));
  }
  for (const scoped of ["managed_rule_group_statement", "rate_based_statement"]) {
    const down = block(block(statement[scoped])?.["scope_down_statement"]);
    if (down) nested.push(down);
  }
  return nested;
}

/** One statement in a rule's tree, and whether an odd number of `not_statement`s encloses it. */
export interface StatementNode {
  readonly statement: Attributes;
  readonly negated: boolean;
}

/** Every statement of a rule's tree, depth first, top-level statement included. */
export function statementTree(rule: Attributes): StatementNode[] {
  const nodes: StatementNode[] = [];
  const visit = (statement: Attributes, negated: boolean) => {
    nodes.push({ statement, negated });
    const inverts = block(statement["not_statement"]) !== undefined;
    for (const child of children(statement)) visit(child, inverts ? !negated : negated);
  };
  const top = ruleStatement(rule);
  if (top) visit(top, false);
  return nodes;
}

/** The match statement types that inspect a request component, by the key they are written under. */
export const MATCH_STATEMENTS = [
  "byte_match_statement",
  "regex_match_statement",
  "regex_pattern_set_reference_statement",
  "size_constraint_statement",
  "sqli_match_statement",
  "xss_match_statement",
] as const;

/** A match statement of a node: its kind and body. */
export function matchOf(node: StatementNode): { readonly kind: (typeof MATCH_STATEMENTS)[number]; readonly body: Attributes } | undefined {
  for (const kind of MATCH_STATEMENTS) {
    const body = block(node.statement[kind]);
    if (body) return { kind, body };
  }
  return undefined;
}

/** The request component a match statement inspects: its key (`json_body`, `single_header`, ...) and settings. */
export function fieldOf(match: Attributes): { readonly component: string; readonly settings: Attributes } | undefined {
  const field = block(match["field_to_match"]);
  if (!field) return undefined;
  const component = Object.keys(field).find((key) => block(field[key]) !== undefined);
  return component === undefined ? undefined : { component, settings: block(field[component]) ?? {} };
}

/** The lower-case header name a match statement inspects, if it inspects a single header. */
export function headerOf(match: Attributes): string | undefined {
  const field = fieldOf(match);
  return field?.component === "single_header" ? String(field.settings["name"] ?? "").toLowerCase() : undefined;
}

/** The web ACLs associated with a resource, through `aws_wafv2_web_acl_association` in the same stack. */
export function webAclsProtecting(artifacts: Artifacts, target: TerraformResource): TerraformResource[] {
  const stack = stackOf(artifacts, target);
  return stackResources(stack, "aws_wafv2_web_acl_association")
    .filter((association) => references(association.values["resource_arn"], target))
    .flatMap((association) => {
      const acl = resolveReference(stack, association.values["web_acl_arn"]);
      return acl?.type === "aws_wafv2_web_acl" ? [acl] : [];
    });
}

/** The logging configurations of a web ACL. */
export function loggingConfigurations(artifacts: Artifacts, acl: TerraformResource): TerraformResource[] {
  return stackResources(stackOf(artifacts, acl), "aws_wafv2_web_acl_logging_configuration").filter((logging) =>
    references(logging.values["resource_arn"], acl)
  );
}
