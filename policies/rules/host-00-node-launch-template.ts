import { nodeGroupLaunchTemplate } from "../eks";
import { Attributes, block, blocks, stackResources, TerraformResource, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/** Whether a Terraform boolean (written as a boolean or as the strings launch templates use) is true. */
function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** What is wrong with a node launch template. */
function templateProblems(template: TerraformResource): string[] {
  const problems: string[] = [];
  const metadata = block(template.values["metadata_options"]);
  if (metadata?.["http_tokens"] !== "required") problems.push(`metadata_options.http_tokens is ${JSON.stringify(metadata?.["http_tokens"] ?? "unset")}, not "required" (IMDSv1 allowed)`);
  if (metadata?.["http_put_response_hop_limit"] !== 1) problems.push(`metadata_options.http_put_response_hop_limit is ${JSON.stringify(metadata?.["http_put_response_hop_limit"] ?? "unset")}, not 1: pods could reach the node's credentials`);
  const devices: Attributes[] = blocks(template.values["block_device_mappings"]);
  if (devices.length === 0) problems.push("declares no block_device_mappings, so the volumes' encryption is left to account defaults");
  for (const device of devices) {
    const ebs = block(device["ebs"]);
    const name = String(device["device_name"] ?? "?");
    if (!isTrue(ebs?.["encrypted"])) problems.push(`volume ${name} is not encrypted`);
    else if (typeof ebs?.["kms_key_id"] !== "string" || ebs["kms_key_id"] === "") problems.push(`volume ${name} is encrypted with the AWS managed key, not a customer-managed key`);
  }
  for (const nic of blocks(template.values["network_interfaces"])) {
    if (isTrue(nic["associate_public_ip_address"])) problems.push("a network interface gets a public IP address");
  }
  if (block(template.values["monitoring"])?.["enabled"] !== true) problems.push("detailed monitoring is off");
  return problems;
}

function stackFindings(stack: StackArtifact): Violation[] {
  return stackResources(stack, "aws_eks_node_group").flatMap((nodeGroup) => {
    const findings: Violation[] = [];
    if (block(nodeGroup.values["remote_access"])) findings.push(violation(nodeGroup, "remote_access opens SSH to the nodes; use SSM through the control container"));
    const template = nodeGroupLaunchTemplate(stack, nodeGroup);
    if (!template) {
      findings.push(violation(nodeGroup, "uses no launch template of this stack, so IMDS, volume encryption and public IPs are EKS defaults"));
      return findings;
    }
    return [...findings, ...templateProblems(template).map((problem) => violation(template, `${problem} (nodes of ${nodeGroup.address})`))];
  });
}

/**
 * EKS nodes launch hardened (HOST-00, PUB-03, NET-01): IMDSv2 only with a hop limit of 1 so pods cannot take the
 * node's role, every volume encrypted with a customer-managed key, no public IP, detailed monitoring, and no SSH.
 */
const rule: Rule = {
  id: "host-00-node-launch-template",
  controls: ["HOST-00", "PUB-03", "NET-01"],
  severity: "high",
  description: "Every aws_eks_node_group uses a launch template with IMDSv2 required, hop limit 1, CMK-encrypted volumes, no public IP and detailed monitoring, and has no remote_access.",
  remediation: "Give the node group a launch template with metadata_options { http_tokens = \"required\", http_put_response_hop_limit = 1 }, block_device_mappings encrypted with kms_key_id, network_interfaces associate_public_ip_address = false and monitoring enabled; remove remote_access.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
