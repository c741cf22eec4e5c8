/**
 * Read-only helpers for IAM policy documents in synthesized Terraform JSON: JSON policy strings and
 * `aws_iam_policy_document` data sources, normalized to one statement shape, and the identity policies of a stack.
 */
import { allStackResources, Attributes, blocks, referencedAddress, stackResources, TerraformResource } from "./terraform";
import { StackArtifact } from "./types";

/** One IAM statement, normalized: every list present, principals as `type → identifiers`. */
export interface IamStatement {
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** `{ "*": ["*"] }` for `Principal: "*"`; empty in identity policies. */
  readonly principals: Readonly<Record<string, readonly string[]>>;
  /** Operator → condition key → values. */
  readonly conditions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** A policy document attached to a resource attribute. */
export interface AttachedPolicy {
  /** The resource holding the document. */
  readonly owner: TerraformResource;
  /** Where in the resource, e.g. `policy` or `inline_policy[0].policy`. */
  readonly attribute: string;
  /** Its statements; empty when the document cannot be read. */
  readonly statements: readonly IamStatement[];
}

function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function jsonStatement(raw: Record<string, unknown>): IamStatement {
  const principal = raw["Principal"];
  const principals: Record<string, string[]> =
    principal === "*" ? { "*": ["*"] } : typeof principal === "object" && principal !== null ? Object.fromEntries(Object.entries(principal).map(([type, ids]) => [type, strings(ids)])) : {};
  const condition = (raw["Condition"] ?? {}) as Record<string, Record<string, unknown>>;
  return {
    effect: raw["Effect"] === "Deny" ? "Deny" : "Allow",
    actions: strings(raw["Action"]),
    notActions: strings(raw["NotAction"]),
    resources: strings(raw["Resource"]),
    notResources: strings(raw["NotResource"]),
    principals,
    conditions: Object.fromEntries(Object.entries(condition).map(([operator, keys]) => [operator, Object.fromEntries(Object.entries(keys).map(([key, values]) => [key, strings(values)]))])),
  };
}

function documentStatement(raw: Attributes): IamStatement {
  const principals: Record<string, string[]> = {};
  for (const principal of blocks(raw["principals"])) {
    (principals[String(principal["type"])] ??= []).push(...strings(principal["identifiers"]));
  }
  const conditions: Record<string, Record<string, string[]>> = {};
  for (const condition of blocks(raw["condition"])) {
    (conditions[String(condition["test"])] ??= {})[String(condition["variable"])] = strings(condition["values"]);
  }
  return {
    effect: raw["effect"] === "Deny" ? "Deny" : "Allow",
    actions: strings(raw["actions"]),
    notActions: strings(raw["not_actions"]),
    resources: strings(raw["resources"]),
    notResources: strings(raw["not_resources"]),
    principals,
    conditions,
  };
}

/** The `aws_iam_policy_document` data source a `${data.aws_iam_policy_document.<name>.json}` reference names. */
function policyDocumentData(stack: StackArtifact, value: string): Attributes | undefined {
  const match = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.(?:json|minified_json)\}$/.exec(value);
  if (!match) return undefined;
  const data = stack.json["data"] as Record<string, Record<string, Attributes>> | undefined;
  return data?.["aws_iam_policy_document"]?.[match[1]];
}

/** The statements of a policy attribute (a JSON document or a policy-document data source), or undefined if unreadable. */
export function policyStatements(stack: StackArtifact, value: unknown): IamStatement[] | undefined {
  if (typeof value !== "string") return undefined;
  const data = policyDocumentData(stack, value);
  if (data) return blocks(data["statement"]).map(documentStatement);
  try {
    const parsed = JSON.parse(value) as { Statement?: unknown };
    return blocks(parsed.Statement).map((statement) => jsonStatement(statement as Record<string, unknown>));
  } catch {
    return undefined;
  }
}

/** Whether an IAM action pattern (`*`, `secretsmanager:Get*`) matches an action, case-insensitively as IAM does. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
  return regex.test(action);
}

/** Whether a statement allows an action (by `Action`, or by a `NotAction` that does not exclude it). */
export function allows(statement: IamStatement, action: string): boolean {
  if (statement.effect !== "Allow") return false;
  if (statement.actions.some((pattern) => actionMatches(pattern, action))) return true;
  return statement.notActions.length > 0 && !statement.notActions.some((pattern) => actionMatches(pattern, action));
}

/** Whether a statement denies an action. */
export function denies(statement: IamStatement, action: string): boolean {
  return statement.effect === "Deny" && (statement.actions.some((pattern) => actionMatches(pattern, action)) || (statement.notActions.length > 0 && !statement.notActions.some((pattern) => actionMatches(pattern, action))));
}

/** Resource types whose `policy` attribute is an identity policy. */
const IDENTITY_POLICY_TYPES = ["aws_iam_group_policy", "aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy"];

/** The addresses of the managed policies used as permissions boundaries: a boundary limits, it grants nothing. */
function boundaryPolicies(stack: StackArtifact): Set<string> {
  const addresses = new Set<string>();
  for (const type of ["aws_iam_role", "aws_iam_user"]) {
    for (const principal of stackResources(stack, type)) {
      const address = referencedAddress(principal.values["permissions_boundary"]);
      if (address) addresses.add(address);
    }
  }
  return addresses;
}

/**
 * Every identity policy of a stack: inline role, user and group policies, managed policies (except those used only as
 * permissions boundaries), and `inline_policy` blocks of roles.
 */
export function identityPolicies(stack: StackArtifact): AttachedPolicy[] {
  const boundaries = boundaryPolicies(stack);
  const policies: AttachedPolicy[] = [];
  for (const resource of allStackResources(stack)) {
    if (IDENTITY_POLICY_TYPES.includes(resource.type) && !(resource.type === "aws_iam_policy" && boundaries.has(resource.address))) {
      policies.push({ owner: resource, attribute: "policy", statements: policyStatements(stack, resource.values["policy"]) ?? [] });
    }
    if (resource.type === "aws_iam_role") {
      blocks(resource.values["inline_policy"]).forEach((inline, index) =>
        policies.push({ owner: resource, attribute: `inline_policy[${index}].policy`, statements: policyStatements(stack, inline["policy"]) ?? [] })
      );
    }
  }
  return policies;
}

/** The role an inline role policy belongs to: its `role` attribute references the role (by id or name). */
export function policyRole(stack: StackArtifact, policy: AttachedPolicy): TerraformResource | undefined {
  if (policy.owner.type === "aws_iam_role") return policy.owner;
  if (policy.owner.type !== "aws_iam_role_policy") return undefined;
  const address = referencedAddress(policy.owner.values["role"]);
  const role = address ? stackResources(stack, "aws_iam_role").find((candidate) => candidate.address === address) : undefined;
  return role ?? stackResources(stack, "aws_iam_role").find((candidate) => candidate.values["name"] === policy.owner.values["role"]);
}
