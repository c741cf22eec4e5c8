import { accountViolation, isAwsAccountStack } from "../account-stacks";
import { targetOfRule, topicProblem } from "../alarms";
import { block, resolveReference, stackResources, TerraformResource } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/** The finding kinds a route must carry, by the EventBridge detail-type IAM Access Analyzer sends. */
const FINDING_KINDS = [
  { detailType: "Access Analyzer Finding", what: "external access findings" },
  { detailType: "Unused Access Finding for IAM entities", what: "unused access findings" },
] as const;
/** The longest tracking period of unused access the rule accepts, in days. */
const MAX_UNUSED_ACCESS_AGE = 90;

function pattern(rule: TerraformResource): Record<string, unknown> {
  try {
    return JSON.parse(String(rule.values["event_pattern"] ?? "{}")) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Whether the topic a target sends to lets this rule publish (its policy names the rule's ARN). */
function topicAdmits(stack: StackArtifact, target: TerraformResource, rule: TerraformResource): boolean {
  const topic = resolveReference(stack, target.values["arn"]);
  return stackResources(stack, "aws_sns_topic_policy").some(
    (policy) => resolveReference(stack, policy.values["arn"])?.address === topic?.address && String(policy.values["policy"]).includes(`:rule/${String(rule.values["name"])}`)
  );
}

function stackFindings(stack: StackArtifact): Violation[] {
  if (!isAwsAccountStack(stack)) return [];
  const analyzers = stackResources(stack, "aws_accessanalyzer_analyzer");
  const findings: Violation[] = [];
  if (!analyzers.some((analyzer) => ["ACCOUNT", "ORGANIZATION"].includes(String(analyzer.values["type"] ?? "ACCOUNT")))) {
    findings.push(accountViolation(stack, "no IAM Access Analyzer for external access (type ACCOUNT or ORGANIZATION): resources shared outside the account go unreviewed"));
  }
  const unused = analyzers.filter((analyzer) => ["ACCOUNT_UNUSED_ACCESS", "ORGANIZATION_UNUSED_ACCESS"].includes(String(analyzer.values["type"])));
  const age = (analyzer: TerraformResource) => Number(block(block(analyzer.values["configuration"])?.["unused_access"])?.["unused_access_age"] ?? NaN);
  if (unused.length === 0) findings.push(accountViolation(stack, "no IAM Access Analyzer for unused access (type ACCOUNT_UNUSED_ACCESS): unused roles, keys and permissions go unreviewed"));
  else if (!unused.some((analyzer) => age(analyzer) <= MAX_UNUSED_ACCESS_AGE)) {
    findings.push(accountViolation(stack, `the unused access analyzer tracks ${unused.map(age).join(", ")} days: at most ${MAX_UNUSED_ACCESS_AGE}, so unused access is found within a quarter`));
  }

  const rules = stackResources(stack, "aws_cloudwatch_event_rule").filter((rule) => rule.values["state"] !== "DISABLED" && (pattern(rule)["source"] as unknown[] | undefined)?.includes("aws.access-analyzer"));
  const targets = stackResources(stack, "aws_cloudwatch_event_target");
  for (const kind of FINDING_KINDS) {
    const routed = rules.some((rule) => {
      const types = pattern(rule)["detail-type"];
      if (types !== undefined && !(Array.isArray(types) && types.includes(kind.detailType))) return false;
      return targets.some((target) => targetOfRule(target, rule) && topicProblem(stack, target.values["arn"]) === undefined && topicAdmits(stack, target, rule));
    });
    if (!routed) findings.push(accountViolation(stack, `no enabled EventBridge rule sends IAM Access Analyzer ${kind.what} to an encrypted SNS topic whose policy lets the rule publish`));
  }
  return findings;
}

/**
 * Access is reviewed automatically (OPS-04): every AWS account stack has an IAM Access Analyzer for external access and
 * one for unused access (tracking at most 90 days), and an enabled EventBridge rule that sends both kinds of finding
 * to a KMS-encrypted SNS topic whose policy admits the rule.
 */
const rule: Rule = {
  id: "ops-04-access-analyzers",
  controls: ["OPS-04"],
  severity: "medium",
  description:
    "Every AWS account stack has IAM Access Analyzers for external and unused access (tracking at most 90 days) and routes their active findings through EventBridge to a KMS-encrypted SNS topic that admits the route.",
  remediation: "Add AccessAnalyzers (constructs/access-analyzers.ts) with the environment's security alerts topic and name its rule in the topic's policy (SecurityAlertsTopic.allowEventRules), or restore the missing analyzer, route or target.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
