import { accountViolation, isAwsAccountStack } from "../account-stacks";
import { blocks, referencedAddress, stackAccountId, stackResources, TerraformResource, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/** The GuardDuty protection plans every account enables. */
const REQUIRED_FEATURES = ["S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "RUNTIME_MONITORING", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "LAMBDA_NETWORK_LOGS"];
/** The Runtime Monitoring agents GuardDuty must manage, so every node and host is covered. */
const REQUIRED_RUNTIME_AGENTS = ["EKS_ADDON_MANAGEMENT", "EC2_AGENT_MANAGEMENT"];
/** The Security Hub standards every account subscribes to, by the end of their ARN. */
const REQUIRED_STANDARDS = ["standards/aws-foundational-security-best-practices/v/1.0.0", "standards/cis-aws-foundations-benchmark/v/3.0.0"];
/** The resource types Inspector scans in every account. */
const REQUIRED_INSPECTOR_TYPES = ["EC2", "ECR", "LAMBDA"];

function enabledFeatures(stack: StackArtifact, detector: TerraformResource): Map<string, TerraformResource> {
  const features = stackResources(stack, "aws_guardduty_detector_feature").filter(
    (feature) => referencedAddress(feature.values["detector_id"]) === detector.address && feature.values["status"] === "ENABLED"
  );
  return new Map(features.map((feature) => [String(feature.values["name"]), feature]));
}

function guardDutyFindings(stack: StackArtifact): Violation[] {
  const detectors = stackResources(stack, "aws_guardduty_detector");
  if (detectors.length === 0) return [accountViolation(stack, "no aws_guardduty_detector: no threat detection on the account's logs and workloads")];
  return detectors.flatMap((detector) => {
    const findings: Violation[] = [];
    if (detector.values["enable"] !== true) findings.push(violation(detector, "the detector is not enabled (enable = true)"));
    if (detector.values["finding_publishing_frequency"] !== "FIFTEEN_MINUTES") {
      findings.push(violation(detector, `finding_publishing_frequency is ${String(detector.values["finding_publishing_frequency"])}, not FIFTEEN_MINUTES: updated findings would alert late`));
    }
    const features = enabledFeatures(stack, detector);
    const missing = REQUIRED_FEATURES.filter((name) => !features.has(name));
    if (missing.length > 0) findings.push(violation(detector, `protection plan(s) ${missing.join(", ")} are not ENABLED`));
    const runtime = features.get("RUNTIME_MONITORING");
    if (runtime !== undefined) {
      const agents = blocks(runtime.values["additional_configuration"]).filter((agent) => agent["status"] === "ENABLED").map((agent) => agent["name"]);
      const unmanaged = REQUIRED_RUNTIME_AGENTS.filter((name) => !agents.includes(name));
      if (unmanaged.length > 0) findings.push(violation(runtime, `Runtime Monitoring agent management ${unmanaged.join(", ")} is not ENABLED: nodes or hosts would run without the agent`));
    }
    return findings;
  });
}

function securityHubFindings(stack: StackArtifact): Violation[] {
  if (stackResources(stack, "aws_securityhub_account").length === 0) return [accountViolation(stack, "no aws_securityhub_account: findings are not aggregated and no standard is checked")];
  const subscribed = stackResources(stack, "aws_securityhub_standards_subscription").map((subscription) => String(subscription.values["standards_arn"]));
  const missing = REQUIRED_STANDARDS.filter((standard) => !subscribed.some((arn) => /^arn:aws[a-z-]*:securityhub:[a-z0-9-]+::/.test(arn) && arn.endsWith(standard)));
  return missing.length > 0 ? [accountViolation(stack, `Security Hub is not subscribed to ${missing.join(" and ")}`)] : [];
}

function inspectorFindings(stack: StackArtifact): Violation[] {
  const account = stackAccountId(stack);
  const enablers = stackResources(stack, "aws_inspector2_enabler").filter((enabler) => {
    const accounts = Array.isArray(enabler.values["account_ids"]) ? (enabler.values["account_ids"] as unknown[]) : [];
    return account !== undefined && accounts.includes(account);
  });
  if (enablers.length === 0) return [accountViolation(stack, "no aws_inspector2_enabler for the stack's account: hosts, images and functions are not scanned for vulnerabilities")];
  const types = enablers.flatMap((enabler) => (Array.isArray(enabler.values["resource_types"]) ? (enabler.values["resource_types"] as unknown[]) : []));
  const missing = REQUIRED_INSPECTOR_TYPES.filter((type) => !types.includes(type));
  return missing.length > 0 ? enablers.map((enabler) => violation(enabler, `Inspector does not scan ${missing.join(", ")}`)) : [];
}

function stackFindings(stack: StackArtifact): Violation[] {
  if (!isAwsAccountStack(stack)) return [];
  return [...guardDutyFindings(stack), ...securityHubFindings(stack), ...inspectorFindings(stack)];
}

/**
 * Every AWS account stack runs managed threat detection (PUB-07, HOST-01, HOST-03, CV-02, TI-01, TS-04): GuardDuty
 * with every protection plan (Runtime Monitoring with managed agents on EKS and EC2), findings published every 15
 * minutes; Security Hub with AWS Foundational Security Best Practices and CIS AWS Foundations v3.0.0; Inspector
 * scanning EC2, ECR and Lambda. One detector per account sees every MCP server, so attacks spanning servers meet in
 * one place.
 */
const rule: Rule = {
  id: "pub-07-threat-detection-enabled",
  controls: ["PUB-07", "HOST-01", "HOST-03", "CV-02", "TI-01", "TS-04"],
  severity: "high",
  description:
    "Every AWS account stack has an enabled GuardDuty detector with all protection plans and managed runtime agents, Security Hub with FSBP v1.0.0 and CIS v3.0.0, and Inspector for EC2, ECR and LAMBDA.",
  remediation: "Add GuardDutyDetector, SecurityHub and InspectorScanning (constructs/) to the stack with their defaults, or restore the missing feature, standard or resource type.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
