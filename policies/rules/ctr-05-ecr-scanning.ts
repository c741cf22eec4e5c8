import { block, blocks, stackResources, TerraformResource, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/** Whether an ECR wildcard filter (`mcp/*`) matches a repository name. */
function wildcardMatches(filter: string, name: string): boolean {
  const pattern = filter.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${pattern}$`).test(name);
}

/** The repository filters a registry scanning configuration scans continuously with enhanced scanning. */
function continuousFilters(configurations: readonly TerraformResource[]): string[] {
  return configurations
    .filter((configuration) => configuration.values["scan_type"] === "ENHANCED")
    .flatMap((configuration) => blocks(configuration.values["rule"]))
    .filter((scanRule) => scanRule["scan_frequency"] === "CONTINUOUS_SCAN")
    .flatMap((scanRule) => blocks(scanRule["repository_filter"]))
    .filter((filter) => filter["filter_type"] === "WILDCARD" && typeof filter["filter"] === "string")
    .map((filter) => String(filter["filter"]));
}

function repositoryProblems(repository: TerraformResource, filters: readonly string[]): string[] {
  const problems: string[] = [];
  if (repository.values["image_tag_mutability"] !== "IMMUTABLE") problems.push(`image_tag_mutability is ${JSON.stringify(repository.values["image_tag_mutability"] ?? "MUTABLE (default)")}, not "IMMUTABLE": a scanned tag could be replaced by unscanned content`);
  if (block(repository.values["image_scanning_configuration"])?.["scan_on_push"] !== true) problems.push("images are not scanned on push (image_scanning_configuration.scan_on_push)");
  const encryption = blocks(repository.values["encryption_configuration"])[0];
  if (encryption?.["encryption_type"] !== "KMS" || typeof encryption["kms_key"] !== "string" || encryption["kms_key"] === "") problems.push("images are not encrypted with a customer-managed KMS key");
  if (repository.values["force_delete"] === true) problems.push("force_delete would delete the repository with its images and scan history");
  const name = repository.values["name"];
  if (typeof name !== "string" || !filters.some((filter) => wildcardMatches(filter, name))) problems.push(`the registry does not scan ${String(name)} continuously (enhanced scanning, CONTINUOUS_SCAN filter)`);
  return problems;
}

function stackFindings(stack: StackArtifact): Violation[] {
  const filters = continuousFilters(stackResources(stack, "aws_ecr_registry_scanning_configuration"));
  return stackResources(stack, "aws_ecr_repository").flatMap((repository) => repositoryProblems(repository, filters).map((problem) => violation(repository, problem)));
}

/**
 * Every image is scanned for vulnerabilities (CTR-05, PROV-02): scanned on push and continuously re-scanned by
 * enhanced (Inspector) registry scanning as new CVEs appear; tags are immutable, so the scanned image is the one that
 * runs; images are encrypted with the customer-managed key and the repository is never force-deleted.
 */
const rule: Rule = {
  id: "ctr-05-ecr-scanning",
  controls: ["CTR-05", "PROV-02"],
  severity: "high",
  description: "Every aws_ecr_repository is IMMUTABLE, scans on push, is KMS-encrypted, not force_delete, and covered by an ENHANCED CONTINUOUS_SCAN registry rule.",
  remediation: "Set image_tag_mutability = \"IMMUTABLE\", image_scanning_configuration { scan_on_push = true }, encryption_configuration { encryption_type = \"KMS\", kms_key = <key> }, force_delete = false, and an aws_ecr_registry_scanning_configuration with scan_type ENHANCED and a CONTINUOUS_SCAN rule matching the repository.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
