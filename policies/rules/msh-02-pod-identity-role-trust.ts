import { IamStatement, policyStatements } from "../iam";
import { awsProviders, resolveReference, stackAccountId, stackResources, TerraformResource, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

const POD_IDENTITY = "pods.eks.amazonaws.com";
const POD_IDENTITY_ACTIONS = ["sts:AssumeRole", "sts:TagSession"];

/** The values a statement's condition gives a key under any of the operators. */
function conditionValues(statement: IamStatement, operators: readonly string[], key: string): readonly string[] {
  for (const operator of operators) {
    const values = statement.conditions[operator]?.[key];
    if (values) return values;
  }
  return [];
}

/** The cluster ARNs an association's trust may name: the cluster resource's ARN, or the ARN built from its name. */
function clusterArns(stack: StackArtifact, association: TerraformResource, accountId: string): string[] {
  const clusterName = String(association.values["cluster_name"]);
  const region = awsProviders(stack).map((provider) => provider["region"]).find((candidate) => typeof candidate === "string");
  const cluster = resolveReference(stack, clusterName);
  return [`arn:aws:eks:${String(region)}:${accountId}:cluster/${clusterName}`, ...(cluster?.type === "aws_eks_cluster" ? [`\${${cluster.address}.arn}`] : [])];
}

/** What is wrong with one trust statement of the role of `association`, if anything. */
function statementProblems(statement: IamStatement, association: TerraformResource, accountId: string, clusters: readonly string[]): string[] {
  const problems: string[] = [];
  const principalTypes = Object.keys(statement.principals);
  if (principalTypes.length !== 1 || statement.principals["Service"]?.join() !== POD_IDENTITY) problems.push(`trusts ${JSON.stringify(statement.principals)}, not only ${POD_IDENTITY}`);
  const extra = statement.actions.filter((action) => !POD_IDENTITY_ACTIONS.includes(action));
  if (extra.length > 0 || statement.notActions.length > 0) problems.push(`allows ${[...extra, ...statement.notActions.map((action) => `NotAction ${action}`)].join(", ")} besides sts:AssumeRole and sts:TagSession`);
  const exactly = (values: readonly string[], expected: readonly string[]) => values.length > 0 && values.every((value) => expected.includes(value));
  if (!exactly(conditionValues(statement, ["StringEquals"], "aws:SourceAccount"), [accountId])) problems.push(`does not pin aws:SourceAccount to ${accountId}`);
  const clusterPins = [conditionValues(statement, ["ArnEquals", "StringEquals"], "aws:SourceArn"), conditionValues(statement, ["StringEquals"], "aws:RequestTag/eks-cluster-arn")];
  if (!clusterPins.some((values) => exactly(values, clusters))) problems.push(`pins neither aws:SourceArn nor aws:RequestTag/eks-cluster-arn to the cluster ${clusters[0]}`);
  const tags: [string, unknown][] = [
    ["kubernetes-namespace", association.values["namespace"]],
    ["kubernetes-service-account", association.values["service_account"]],
  ];
  for (const [tag, expected] of tags) {
    if (!exactly(conditionValues(statement, ["StringEquals"], `aws:RequestTag/${tag}`), [String(expected)])) problems.push(`does not pin aws:RequestTag/${tag} to ${String(expected)}`);
  }
  return problems;
}

function stackFindings(stack: StackArtifact): Violation[] {
  const accountId = stackAccountId(stack);
  return stackResources(stack, "aws_eks_pod_identity_association").flatMap((association) => {
    const role = resolveReference(stack, association.values["role_arn"]);
    if (!role || role.type !== "aws_iam_role") return [violation(association, `role_arn ${String(association.values["role_arn"])} is not a role of this stack, so its trust cannot be checked`)];
    if (accountId === undefined) return [violation(role, "the stack is not pinned to one account, so the role's trust cannot be checked")];
    const statements = (policyStatements(stack, role.values["assume_role_policy"]) ?? []).filter((statement) => statement.effect === "Allow");
    if (statements.length === 0) return [violation(role, "has no readable trust policy")];
    const clusters = clusterArns(stack, association, accountId);
    return statements.flatMap((statement) => statementProblems(statement, association, accountId, clusters)).map((problem) => violation(role, `trust policy ${problem}`));
  });
}

/**
 * Every MCP server's Pod Identity role can be assumed only by EKS Pod Identity, for its own service account and
 * namespace, in its own environment's cluster and account (MSH-02): no other principal, no other cluster, no other
 * environment.
 */
const rule: Rule = {
  id: "msh-02-pod-identity-role-trust",
  controls: ["MSH-02"],
  severity: "high",
  description:
    "Each Pod Identity role trusts only pods.eks.amazonaws.com, pinned to its account (aws:SourceAccount), its cluster (aws:SourceArn or the eks-cluster-arn session tag), its namespace and its service account.",
  remediation:
    "Trust only pods.eks.amazonaws.com with sts:AssumeRole and sts:TagSession, conditioned on aws:SourceAccount, aws:SourceArn (the cluster ARN) and aws:RequestTag/kubernetes-namespace and kubernetes-service-account.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
