import { isTrue, nodeLaunchTemplates } from "../hosts";
import { Attributes, block, blocks, stackResources, TerraformResource, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

function metadataProblems(metadata: Attributes | undefined, attribute: string): string[] {
  const problems: string[] = [];
  if (metadata?.["http_tokens"] !== "required") problems.push(`${attribute}.http_tokens is ${JSON.stringify(metadata?.["http_tokens"] ?? "unset")}, not "required" (IMDSv1 allowed)`);
  if (metadata?.["http_put_response_hop_limit"] !== 1) problems.push(`${attribute}.http_put_response_hop_limit is ${JSON.stringify(metadata?.["http_put_response_hop_limit"] ?? "unset")}, not 1`);
  return problems;
}

function volumeProblems(volumes: readonly Attributes[], where: string): string[] {
  if (volumes.length === 0) return [`declares no ${where}, so volume encryption is left to account defaults`];
  return volumes.flatMap((volume) => {
    const ebs = block(volume["ebs"]) ?? volume;
    const name = String(volume["device_name"] ?? "root");
    if (!isTrue(ebs["encrypted"])) return [`volume ${name} is not encrypted`];
    if (typeof ebs["kms_key_id"] !== "string" || ebs["kms_key_id"] === "") return [`volume ${name} is encrypted with the AWS managed key, not a customer-managed key`];
    return [];
  });
}

function stackFindings(stack: StackArtifact): Violation[] {
  const nodeTemplates = nodeLaunchTemplates(stack);
  const report = (resource: TerraformResource, problems: string[]) => problems.map((problem) => violation(resource, problem));
  return [
    ...stackResources(stack, "aws_launch_template")
      .filter((template) => !nodeTemplates.has(template.address))
      .flatMap((template) =>
        report(template, [
          ...metadataProblems(block(template.values["metadata_options"]), "metadata_options"),
          ...volumeProblems(blocks(template.values["block_device_mappings"]), "block_device_mappings"),
          ...(block(template.values["monitoring"])?.["enabled"] === true ? [] : ["detailed monitoring is off"]),
        ]),
      ),
    ...stackResources(stack, "aws_instance").flatMap((instance) =>
      report(instance, [
        ...metadataProblems(block(instance.values["metadata_options"]), "metadata_options"),
        ...volumeProblems(blocks(instance.values["root_block_device"]), "root_block_device"),
        ...(instance.values["monitoring"] === true ? [] : ["detailed monitoring is off"]),
      ]),
    ),
    ...stackResources(stack, "aws_imagebuilder_infrastructure_configuration").flatMap((infrastructure) =>
      report(infrastructure, metadataProblems(block(infrastructure.values["instance_metadata_options"]), "instance_metadata_options")),
    ),
    ...stackResources(stack, "aws_imagebuilder_image_recipe").flatMap((recipe) => report(recipe, volumeProblems(blocks(recipe.values["block_device_mapping"]), "block_device_mapping"))),
  ];
}

/**
 * EC2 hosts launch hardened (HOST-00, PUB-03): every launch template (EKS node templates have their own rule,
 * host-00-node-launch-template) and instance requires IMDSv2 with a hop limit of 1, encrypts every volume with a
 * customer-managed key and has detailed monitoring; Image Builder build instances require IMDSv2 and build on volumes
 * encrypted with a customer-managed key.
 */
const rule: Rule = {
  id: "host-00-ec2-imdsv2-encrypted",
  controls: ["HOST-00", "PUB-03"],
  severity: "high",
  description: "Every non-node aws_launch_template and aws_instance: IMDSv2 required, hop limit 1, CMK-encrypted volumes, detailed monitoring; Image Builder infrastructure IMDSv2 and recipe volumes CMK-encrypted.",
  remediation: "Set metadata_options { http_tokens = \"required\", http_put_response_hop_limit = 1 }, block devices with encrypted = true and kms_key_id, and monitoring { enabled = true }.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
