import { allows, denies, IamStatement, identityPolicies, policyStatements } from "../iam";
import { allStackResources, referencedAddress, resolveReference, stackResources, TerraformResource, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

const GET_SECRET_VALUE = "secretsmanager:GetSecretValue";

/** AWS managed policies that grant GetSecretValue on every secret. */
const BROAD_MANAGED_POLICIES = ["AdministratorAccess", "PowerUserAccess", "SecretsManagerReadWrite"].map((name) => `arn:aws:iam::aws:policy/${name}`);

const ATTACHMENT_TYPES = ["aws_iam_group_policy_attachment", "aws_iam_policy_attachment", "aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment"];

/** What is wrong with a secret's `kms_key_id`, if anything. */
function keyProblem(stack: StackArtifact, secret: TerraformResource): string | undefined {
  const key = secret.values["kms_key_id"];
  if (typeof key !== "string" || key === "") return "has no kms_key_id: it would be encrypted with the AWS managed key aws/secretsmanager";
  if (/(?:^|:)alias\/aws\//.test(key)) return `uses the AWS managed key ${key}, not a customer-managed key`;
  const address = referencedAddress(key);
  if (address === undefined) return undefined;
  const target = resolveReference(stack, key);
  return target && ["aws_kms_key", "aws_kms_alias", "aws_kms_replica_key"].includes(target.type) ? undefined : `kms_key_id references ${address}, which is not a KMS key of this stack`;
}

/** Whether a statement denies reading the value to every principal but those named in an aws:PrincipalArn condition. */
function deniesAllButNamedPrincipals(statement: IamStatement): boolean {
  if (!denies(statement, GET_SECRET_VALUE)) return false;
  if (!(statement.principals["*"]?.includes("*") || statement.principals["AWS"]?.includes("*"))) return false;
  return ["StringNotEquals", "ArnNotEquals", "StringNotLike", "ArnNotLike"].some((operator) => (statement.conditions[operator]?.["aws:PrincipalArn"]?.length ?? 0) > 0);
}

/** Whether an Allow statement admits every principal. */
function allowsAnyone(statement: IamStatement): boolean {
  return statement.effect === "Allow" && (statement.principals["*"] !== undefined || (statement.principals["AWS"] ?? []).includes("*"));
}

/** What is wrong with a secret's resource policy, if anything. */
function policyProblems(stack: StackArtifact, secret: TerraformResource): string[] {
  const attached = stackResources(stack, "aws_secretsmanager_secret_policy").filter((policy) => referencedAddress(policy.values["secret_arn"]) === secret.address);
  const documents = [...attached.map((policy) => policy.values["policy"]), ...(secret.values["policy"] === undefined ? [] : [secret.values["policy"]])];
  if (documents.length === 0) return ["has no resource policy: any principal of the account with IAM access could read it"];
  const problems: string[] = [];
  const statements = documents.flatMap((document) => policyStatements(stack, document) ?? []);
  if (!statements.some(deniesAllButNamedPrincipals)) problems.push("its resource policy does not deny GetSecretValue to every principal except the named reader and administrators");
  if (statements.some(allowsAnyone)) problems.push("its resource policy allows any principal");
  if (attached.some((policy) => policy.values["block_public_policy"] !== true)) problems.push("its resource policy does not set block_public_policy");
  return problems;
}

/** Whether a resource names explicit secrets (no wildcard anywhere). */
function explicit(resource: string): boolean {
  return !resource.includes("*") && !resource.includes("?");
}

/** Statements of every identity and secret policy that grant GetSecretValue on a wildcard or through NotResource. */
function broadGrants(stack: StackArtifact): Violation[] {
  const findings: Violation[] = [];
  const documents = [
    ...identityPolicies(stack),
    ...stackResources(stack, "aws_secretsmanager_secret_policy").map((owner) => ({ owner, attribute: "policy", statements: policyStatements(stack, owner.values["policy"]) ?? [] })),
  ];
  for (const { owner, attribute, statements } of documents) {
    for (const statement of statements.filter((candidate) => allows(candidate, GET_SECRET_VALUE))) {
      if (statement.notResources.length > 0 || statement.resources.length === 0) {
        findings.push(violation(owner, `${attribute} grants GetSecretValue without listing the secrets (NotResource or no Resource)`));
      } else if (!statement.resources.every(explicit)) {
        findings.push(violation(owner, `${attribute} grants GetSecretValue on ${statement.resources.filter((resource) => !explicit(resource)).join(", ")}: list the secret ARNs`));
      }
    }
  }
  for (const resource of allStackResources(stack)) {
    const arns = ATTACHMENT_TYPES.includes(resource.type) ? [resource.values["policy_arn"]] : resource.type === "aws_iam_role" ? ((resource.values["managed_policy_arns"] as unknown[] | undefined) ?? []) : [];
    for (const arn of arns.filter((candidate): candidate is string => typeof candidate === "string" && BROAD_MANAGED_POLICIES.includes(candidate))) {
      findings.push(violation(resource, `attaches ${arn}, which grants GetSecretValue on every secret`));
    }
  }
  return findings;
}

/**
 * Every secret is encrypted with a customer-managed key, can be recovered for at least 7 days after deletion and
 * has a resource policy that denies its value to every principal but the named ones; and no policy grants
 * GetSecretValue on anything but explicit secret ARNs (MSH-03).
 */
const rule: Rule = {
  id: "msh-03-secrets-encrypted-and-scoped",
  controls: ["MSH-03"],
  severity: "high",
  description: "Every secret uses a customer-managed KMS key and a deny-by-default resource policy; every GetSecretValue grant lists explicit secret ARNs.",
  remediation:
    "Set kms_key_id to the environment's KMS key, attach an aws_secretsmanager_secret_policy (block_public_policy = true) that denies GetSecretValue to all but the reader and administrator roles, and list secret ARNs instead of wildcards.",
  check: (artifacts) =>
    artifacts.stacks.flatMap((stack) => [
      ...stackResources(stack, "aws_secretsmanager_secret").flatMap((secret) => {
        const problems = [keyProblem(stack, secret), ...policyProblems(stack, secret)];
        const window = secret.values["recovery_window_in_days"];
        if (typeof window === "number" && window < 7) problems.push(`recovery_window_in_days is ${window}: a deleted secret must stay recoverable for at least 7 days`);
        return problems.filter((problem): problem is string => problem !== undefined).map((problem) => violation(secret, problem));
      }),
      ...broadGrants(stack),
    ]),
};

export default rule;
