import { ECR_PUSH_ACTIONS } from "../../baselines/registry";
import { allows, denies, IamStatement, policyStatements } from "../iam";
import { resolveReference, stackAccountId, stackResources, TerraformResource, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/** The actions that hand out image content. */
const IMAGE_READ_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
const EXCEPTION_OPERATORS = ["ArnNotEquals", "ArnNotLike", "StringNotEquals", "StringNotLike"];

/** The principals a Deny statement exempts through `aws:PrincipalArn`, or undefined when it exempts by other means. */
function exemptedPrincipals(statement: IamStatement): readonly string[] | undefined {
  const operators = Object.keys(statement.conditions);
  if (operators.length !== 1 || !EXCEPTION_OPERATORS.includes(operators[0])) return undefined;
  const keys = statement.conditions[operators[0]];
  return Object.keys(keys).length === 1 ? keys["aws:PrincipalArn"] : undefined;
}

/** Whether some Deny statement for everyone covers `actions`, exempting only `allowed` principals. */
function deniesOthers(statements: readonly IamStatement[], actions: readonly string[], allowed: ReadonlySet<string>): boolean {
  return statements.some((statement) => {
    if (statement.effect !== "Deny" || statement.principals["*"] === undefined) return false;
    if (!actions.every((action) => denies(statement, action))) return false;
    const exempted = exemptedPrincipals(statement);
    return exempted !== undefined && exempted.every((principal) => allowed.has(principal));
  });
}

function policyProblems(statements: readonly IamStatement[], nodeRoles: ReadonlySet<string>, accountId: string | undefined): string[] {
  const problems: string[] = [];
  const readers = new Set<string>();
  const writers = new Set<string>();
  const accountRole = new RegExp(`^arn:aws[a-z-]*:iam::${accountId ?? "\\d{12}"}:role/`);
  for (const statement of statements.filter((candidate) => candidate.effect === "Allow")) {
    const types = Object.keys(statement.principals);
    const principals = statement.principals["AWS"] ?? [];
    if (types.some((type) => type !== "AWS") || principals.includes("*")) {
      problems.push(`allows ${JSON.stringify(statement.principals)}: only named roles of this account may pull or push`);
      continue;
    }
    if (statement.actions.some((action) => action === "*" || action.toLowerCase() === "ecr:*") || statement.notActions.length > 0) problems.push("allows every ECR action; grant the pull and push actions by name");
    const pushes = ECR_PUSH_ACTIONS.some((action) => allows(statement, action));
    const pulls = IMAGE_READ_ACTIONS.some((action) => allows(statement, action));
    for (const principal of principals) {
      const isNode = nodeRoles.has(principal);
      if (!isNode && !accountRole.test(principal)) problems.push(`allows ${principal}, which is not a role of this account`);
      if (pushes && isNode) problems.push(`lets the nodes' role ${principal} push images: a compromised node could replace what other nodes run`);
      if (pushes) writers.add(principal);
      if (pulls) readers.add(principal);
    }
  }
  if (!deniesOthers(statements, ECR_PUSH_ACTIONS, writers)) problems.push("no Deny statement stops principals other than the publisher from pushing, whatever their IAM policies allow");
  if (!deniesOthers(statements, IMAGE_READ_ACTIONS, new Set([...readers, ...writers]))) problems.push("no Deny statement stops principals other than the nodes and the publisher from pulling");
  return problems;
}

/** The repository policy of a repository: its `repository` references the repository or names it. */
function policyOf(stack: StackArtifact, repository: TerraformResource): TerraformResource | undefined {
  return stackResources(stack, "aws_ecr_repository_policy").find((policy) => {
    const target = policy.values["repository"];
    return resolveReference(stack, target)?.address === repository.address || target === repository.values["name"];
  });
}

function stackFindings(stack: StackArtifact): Violation[] {
  const accountId = stackAccountId(stack);
  const nodeRoles = new Set(stackResources(stack, "aws_eks_node_group").map((nodeGroup) => String(nodeGroup.values["node_role_arn"])));
  return stackResources(stack, "aws_ecr_repository").flatMap((repository) => {
    const policy = policyOf(stack, repository);
    if (!policy) return [violation(repository, "has no repository policy: any principal of the account whose IAM policies allow it may push or pull")];
    const statements = policyStatements(stack, policy.values["policy"]);
    if (!statements) return [violation(policy, "the repository policy cannot be read")];
    return policyProblems(statements, nodeRoles, accountId).map((problem) => violation(policy, `${problem} (${String(repository.values["name"])})`));
  });
}

/**
 * Only the pipeline publishes MCP server images and only the nodes run them (PROV-03, PROV-02): each repository's
 * policy allows push to the CI publisher role alone and pull to the node role (and the publisher), both roles of
 * this account, and denies push and pull to every other principal regardless of its IAM policies.
 */
const rule: Rule = {
  id: "prov-03-ecr-repository-policy",
  controls: ["PROV-03", "PROV-02"],
  severity: "critical",
  description: "Every aws_ecr_repository has a policy allowing pull to the node role and push to a CI role of the account only, and denying both to everyone else.",
  remediation: "Attach an aws_ecr_repository_policy (EcrRepository construct) that allows ECR pull actions to the node role, push actions to the CI publisher role, and denies them to every other aws:PrincipalArn.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
