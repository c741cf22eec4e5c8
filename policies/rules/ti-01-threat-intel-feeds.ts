import { accountViolation, isAwsAccountStack } from "../account-stacks";
import { block, blocks, referencedAddress, stackResources, TerraformResource, violation, functionVariables } from "../terraform";
import { loadsBlockedDomainList, loadsReferencedRuleGroup, reloadsActiveThreatIntelSet, threatIntelLoaders } from "../threat-intel";
import { Rule, StackArtifact, Violation } from "../types";

const forBucket = (stack: StackArtifact, type: string, bucket: TerraformResource) => stackResources(stack, type).filter((part) => referencedAddress(part.values["bucket"]) === bucket.address);

/** Why a feed bucket is not encrypted, versioned and TLS-only, as messages. */
function bucketProblems(stack: StackArtifact, bucket: TerraformResource): string[] {
  const problems: string[] = [];
  if (!forBucket(stack, "aws_s3_bucket_versioning", bucket).some((part) => block(part.values["versioning_configuration"])?.["status"] === "Enabled")) problems.push("it is not versioned");
  const encrypted = forBucket(stack, "aws_s3_bucket_server_side_encryption_configuration", bucket).some((part) =>
    blocks(part.values["rule"]).some((rule) => block(rule["apply_server_side_encryption_by_default"])?.["sse_algorithm"] === "aws:kms")
  );
  if (!encrypted) problems.push("it is not encrypted with a KMS key");
  const tlsOnly = forBucket(stack, "aws_s3_bucket_policy", bucket).some((policy) => {
    const document = JSON.parse(String(policy.values["policy"] ?? "{}")) as { Statement?: Record<string, unknown>[] };
    return (document.Statement ?? []).some((statement) => statement["Effect"] === "Deny" && JSON.stringify(statement["Condition"] ?? {}).includes('"aws:SecureTransport":"false"'));
  });
  if (!tlsOnly) problems.push("its policy does not deny requests without TLS");
  return problems;
}

/** Why a loader does not feed all three blocking layers from an encrypted, versioned bucket on every write, as messages. */
function loaderProblems(stack: StackArtifact, fn: TerraformResource): string[] {
  const variables = functionVariables(fn);
  const problems: string[] = [];
  if (!loadsReferencedRuleGroup(stack, fn)) problems.push("it loads no rule group the egress firewall's policy references");
  if (!loadsBlockedDomainList(stack, fn)) problems.push("it loads no DNS Firewall domain list that a BLOCK rule checks before the allowlist");
  if (!reloadsActiveThreatIntelSet(stack, fn)) problems.push("it reloads no active GuardDuty threat intel set");
  const bucket = stackResources(stack, "aws_s3_bucket").find((candidate) => candidate.values["bucket"] === variables["FEED_BUCKET"]);
  if (bucket === undefined) return [...problems, "its feed bucket is not a bucket of this stack"];
  problems.push(...bucketProblems(stack, bucket).map((problem) => `feed bucket ${String(bucket.values["bucket"])}: ${problem}`));
  const triggered = forBucket(stack, "aws_s3_bucket_notification", bucket).some((notification) =>
    blocks(notification.values["lambda_function"]).some((target) => referencedAddress(target["lambda_function_arn"]) === fn.address && (target["events"] as unknown[] | undefined)?.some((event) => String(event).startsWith("s3:ObjectCreated")))
  );
  if (!triggered) problems.push("a new feed in its bucket does not invoke it (no S3 ObjectCreated notification)");
  return problems;
}

function stackFindings(stack: StackArtifact): Violation[] {
  if (!isAwsAccountStack(stack) || stackResources(stack, "aws_networkfirewall_firewall").length === 0) return [];
  const loaders = threatIntelLoaders(stack);
  if (loaders.length === 0) return [accountViolation(stack, "no threat-intelligence loader feeds the egress firewall, the DNS Firewall and GuardDuty from a feed bucket")];
  const problems = loaders.map((fn) => loaderProblems(stack, fn));
  if (problems.some((list) => list.length === 0)) return [];
  return loaders.flatMap((fn, index) => problems[index].map((problem) => violation(fn, `threat-intel loader: ${problem}`)));
}

/**
 * Threat intelligence reaches the blocking layers (TI-01): every account stack with an egress firewall has a loader,
 * invoked by every new feed in an encrypted, versioned, TLS-only bucket, that replaces the rules of a rule group the
 * firewall policy references, the domains of a DNS Firewall list blocked before the allowlist, and the list of an
 * active GuardDuty threat intel set.
 */
const rule: Rule = {
  id: "ti-01-threat-intel-feeds",
  controls: ["TI-01"],
  severity: "medium",
  description:
    "Every account stack with an egress firewall loads threat-intelligence feeds from an encrypted, versioned, TLS-only bucket, on every write, into a referenced firewall rule group, a DNS Firewall list blocked before the allowlist, and an active GuardDuty threat intel set.",
  remediation: "Add ThreatIntelFeed (constructs/threat-intel-feed.ts) with the egress firewall's threat-intel rule group, the DNS Firewall's threat-intel list and the GuardDuty detector, or restore the missing reference, rule, set, bucket setting or notification.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
