import { resources, violation } from "../terraform";
import { Rule, Violation } from "../types";

interface Statement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly Action?: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** Actions that change who controls a key or destroy it: only named administrator roles may hold them. */
const ADMINISTRATION = /^kms:(?:PutKeyPolicy|ScheduleKeyDeletion|CancelKeyDeletion|DisableKey|DisableKeyRotation|EnableKey|CreateAlias|DeleteAlias|UpdateAlias|UpdateKeyDescription|TagResource|UntagResource|RevokeGrant|RotateKeyOnDemand|ImportKeyMaterial|DeleteImportedKeyMaterial|Put\*|Disable\*|Delete\*|Schedule\*|Update\*|Enable\*)$/;
/** Conditions that pin who may act to this account (or to named principals of it). */
const ACCOUNT_CONDITIONS = ["kms:CallerAccount", "aws:PrincipalAccount", "aws:SourceAccount", "aws:PrincipalArn", "aws:SourceArn", "kms:EncryptionContext:aws:logs:arn"];

function list(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** The values a condition key is tested against, in any operator. */
function conditionValues(statement: Statement, key: string): string[] {
  return Object.values(statement.Condition ?? {}).flatMap((operator) => list(operator[key]));
}

function isEveryone(principal: unknown): boolean {
  if (principal === "*") return true;
  const aws = (principal as { AWS?: unknown } | undefined)?.AWS;
  return list(aws).includes("*");
}

function problems(statement: Statement): string[] {
  const name = statement.Sid ? `statement ${statement.Sid}` : "a statement";
  const actions = list(statement.Action);
  const found: string[] = [];
  if (actions.some((action) => action === "*" || action === "kms:*")) found.push(`${name} allows ${actions.includes("*") ? "*" : "kms:*"}`);
  const administration = actions.filter((action) => ADMINISTRATION.test(action));
  const administrators = conditionValues(statement, "aws:PrincipalArn");
  if (administration.length > 0 && (administrators.length === 0 || administrators.some((arn) => arn.includes("*")))) {
    found.push(`${name} lets principals other than named administrator roles (condition aws:PrincipalArn) ${administration.join(", ")}`);
  }
  if (isEveryone(statement.Principal) && !ACCOUNT_CONDITIONS.some((key) => conditionValues(statement, key).length > 0)) {
    found.push(`${name} admits any principal without a condition pinning the caller to this account`);
  }
  return found;
}

/**
 * Key policies are least privilege (MSH-03): no statement allows `kms:*`; only named administrator roles (by an
 * `aws:PrincipalArn` condition, no wildcard) may change a key's policy, aliases or state or schedule its deletion;
 * a statement open to any principal is pinned to this account by a condition.
 */
const rule: Rule = {
  id: "msh-03-kms-key-policy-least-privilege",
  controls: ["MSH-03"],
  severity: "high",
  description: "No KMS key policy allows kms:*; key administration only by named roles; no unconditioned statement open to any principal.",
  remediation: "Split the policy into an administration statement conditioned on aws:PrincipalArn (the deploy and admin roles) and a usage statement of cryptographic actions conditioned on kms:CallerAccount (the EnvironmentKey construct does).",
  check: (artifacts) =>
    resources(artifacts, "aws_kms_key").flatMap((key): Violation[] => {
      const policy = key.values["policy"];
      if (typeof policy !== "string") return [violation(key, "has no literal key policy: the default policy gives the account root kms:*")];
      let statements: Statement[];
      try {
        const parsed = JSON.parse(policy) as { Statement?: Statement | Statement[] };
        statements = Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : [];
      } catch {
        return [violation(key, "its key policy is not JSON")];
      }
      return statements.filter((statement) => statement.Effect === "Allow").flatMap(problems).map((problem) => violation(key, problem));
    }),
};

export default rule;
