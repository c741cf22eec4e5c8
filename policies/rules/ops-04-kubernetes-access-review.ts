import { accessReview } from "../access-review";
import { accountViolation, isAwsAccountStack } from "../account-stacks";
import { stackResources } from "../terraform";
import { Artifacts, Rule, StackArtifact, Violation } from "../types";

function stackFindings(artifacts: Artifacts, stack: StackArtifact): Violation[] {
  if (!isAwsAccountStack(stack) || stackResources(stack, "aws_eks_cluster").length === 0) return [];
  const environment = /^mcp-(.+)$/.exec(stack.name)?.[1];
  const review = environment === undefined ? undefined : accessReview(artifacts, environment);
  if (review === undefined) return [];
  return [
    ...review.principals.flatMap((principal) => principal.problems.map((problem) => accountViolation(stack, `EKS access entry of ${principal.principal}: ${problem}`))),
    ...review.grants.flatMap((grant) => grant.problems.map((problem) => accountViolation(stack, `${grant.binding} (${grant.role}): ${problem}`))),
  ];
}

/**
 * Kubernetes access passes its automated review (OPS-04): in every environment with an EKS cluster, the access review
 * of its synthesized output (policies/access-review.ts, written by `mcp-harden access-review`) finds no over-broad
 * grant (wildcards, escalation verbs, exec into pods, secrets across namespaces, unnamed writes, built-in admin roles,
 * anonymous or all-users subjects), no binding to a role the manifests do not define, no access entry that grants
 * nothing or holds a group no binding names, and no binding to a group no access entry holds.
 */
const rule: Rule = {
  id: "ops-04-kubernetes-access-review",
  controls: ["OPS-04"],
  severity: "high",
  description: "The environment's Kubernetes access review (EKS access entries and the manifests' role bindings) finds no over-broad, unreviewable, unused or orphaned access.",
  remediation: "Narrow the Role to named resources and the verbs the automation needs, bind only roles the manifests define, and keep each access entry's Kubernetes groups and the bindings naming them in step (constructs/k8s/containment-access.ts, recovery-access.ts); read the review with mcp-harden access-review --env <env>.",
  check: (artifacts) => artifacts.stacks.flatMap((stack) => stackFindings(artifacts, stack)),
};

export default rule;
