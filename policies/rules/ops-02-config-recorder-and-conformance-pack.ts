import { parse } from "yaml";
import { accountViolation, isAwsAccountStack } from "../account-stacks";
import { block, stackResources, TerraformResource, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/** The managed Config rules OPS-02 names: drift from these parts of the baseline must be detected. */
const REQUIRED_RULES = [
  "VPC_DEFAULT_SECURITY_GROUP_CLOSED",
  "INCOMING_SSH_DISABLED",
  "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED",
  "EC2_IMDSV2_CHECK",
  "EKS_ENDPOINT_NO_PUBLIC_ACCESS",
  "SECRETSMANAGER_ROTATION_ENABLED_CHECK",
];

/** The managed rule identifiers a conformance pack template deploys, or undefined when it cannot be read. */
function conformancePackRuleIdentifiers(pack: TerraformResource): string[] | undefined {
  try {
    const template = parse(String(pack.values["template_body"] ?? "")) as { Resources?: Record<string, { Type?: unknown; Properties?: { Source?: { Owner?: unknown; SourceIdentifier?: unknown } } }> } | null;
    return Object.values(template?.Resources ?? {})
      .filter((resource) => resource.Type === "AWS::Config::ConfigRule" && resource.Properties?.Source?.Owner === "AWS")
      .map((resource) => String(resource.Properties?.Source?.SourceIdentifier));
  } catch {
    return undefined;
  }
}

function recorderFindings(stack: StackArtifact): Violation[] {
  const recorders = stackResources(stack, "aws_config_configuration_recorder");
  if (recorders.length === 0) return [accountViolation(stack, "no aws_config_configuration_recorder: configuration changes are not recorded")];
  const findings: Violation[] = [];
  for (const recorder of recorders) {
    const group = block(recorder.values["recording_group"]);
    if (group?.["all_supported"] !== true) findings.push(violation(recorder, "recording_group.all_supported is not true: some resource types are not recorded"));
    if (group?.["include_global_resource_types"] !== true) findings.push(violation(recorder, "recording_group.include_global_resource_types is not true: IAM changes are not recorded"));
    const name = recorder.values["name"];
    const enabled = stackResources(stack, "aws_config_configuration_recorder_status").some(
      (status) => status.values["is_enabled"] === true && (status.values["name"] === name || String(status.values["name"]).startsWith(`\${${recorder.address}.`))
    );
    if (!enabled) findings.push(violation(recorder, "no aws_config_configuration_recorder_status with is_enabled = true: the recorder is off"));
  }
  if (stackResources(stack, "aws_config_delivery_channel").length === 0) findings.push(accountViolation(stack, "no aws_config_delivery_channel: recorded configuration is not delivered"));
  return findings;
}

function packFindings(stack: StackArtifact): Violation[] {
  const packs = stackResources(stack, "aws_config_conformance_pack");
  if (packs.length === 0) return [accountViolation(stack, `no aws_config_conformance_pack evaluates the baseline (${REQUIRED_RULES.join(", ")})`)];
  const deployed = packs.map((pack) => [pack, conformancePackRuleIdentifiers(pack)] as const);
  const unreadable = deployed.filter(([, rules]) => rules === undefined).map(([pack]) => violation(pack, "template_body is not a readable YAML template"));
  const identifiers = deployed.flatMap(([, rules]) => rules ?? []);
  const missing = REQUIRED_RULES.filter((identifier) => !identifiers.includes(identifier));
  return [...unreadable, ...(missing.length > 0 ? [accountViolation(stack, `no conformance pack deploys the managed rule(s) ${missing.join(", ")}`)] : [])];
}

/**
 * Drift from the security baseline is detected continuously (OPS-02): AWS Config records every supported resource
 * type, global ones included, the recorder is on and delivers, and a conformance pack evaluates the managed rules
 * OPS-02 names.
 */
const rule: Rule = {
  id: "ops-02-config-recorder-and-conformance-pack",
  controls: ["OPS-02"],
  severity: "medium",
  description:
    "Every AWS account stack has an enabled AWS Config recorder for all supported and global resource types, a delivery channel, and a conformance pack with the OPS-02 managed rules.",
  remediation: "Add ConfigRecorder and ConformancePack (constructs/) with their defaults, or restore the missing setting or rule.",
  check: (artifacts) => artifacts.stacks.flatMap((stack) => (isAwsAccountStack(stack) ? [...recorderFindings(stack), ...packFindings(stack)] : [])),
};

export default rule;
