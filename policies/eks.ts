/**
 * Read-only helpers for rules over EKS resources in synthesized Terraform JSON: which cluster a resource belongs
 * to, a node group's launch template and user data.
 */
import { parse as parseToml } from "smol-toml";
import { Attributes, block, resolveReference, stackResources, TerraformResource } from "./terraform";
import { StackArtifact } from "./types";

/** The cluster a resource's `cluster_name` names: a reference to the cluster, or its literal name. */
export function clusterOf(stack: StackArtifact, resource: TerraformResource): TerraformResource | undefined {
  const name = resource.values["cluster_name"];
  const referenced = resolveReference(stack, name);
  if (referenced) return referenced.type === "aws_eks_cluster" ? referenced : undefined;
  return stackResources(stack, "aws_eks_cluster").find((cluster) => cluster.values["name"] === name);
}

/** The resources of a type in a stack that belong to a cluster. */
export function clusterResources(stack: StackArtifact, cluster: TerraformResource, type: string): TerraformResource[] {
  return stackResources(stack, type).filter((resource) => clusterOf(stack, resource)?.address === cluster.address);
}

/** The launch template a node group uses, when it names one of this stack by reference or by name. */
export function nodeGroupLaunchTemplate(stack: StackArtifact, nodeGroup: TerraformResource): TerraformResource | undefined {
  const template = block(nodeGroup.values["launch_template"]);
  if (!template) return undefined;
  const byReference = resolveReference(stack, template["id"]) ?? resolveReference(stack, template["name"]);
  if (byReference) return byReference.type === "aws_launch_template" ? byReference : undefined;
  return stackResources(stack, "aws_launch_template").find((candidate) => template["name"] !== undefined && candidate.values["name"] === template["name"]);
}

/** The Terraform expression of the name of the Auto Scaling group EKS creates for a node group. */
export function autoScalingGroupNameOf(nodeGroup: TerraformResource): string {
  return `\${${nodeGroup.address}.resources[0].autoscaling_groups[0].name}`;
}

/** The result of reading a launch template's user data as Bottlerocket TOML settings. */
export type BottlerocketUserData = { readonly settings: Attributes } | { readonly problem: string };

/** A launch template's `user_data`, base64-decoded and parsed as Bottlerocket TOML (`[settings.*]` tables). */
export function bottlerocketUserData(template: TerraformResource): BottlerocketUserData {
  const encoded = template.values["user_data"];
  if (typeof encoded !== "string" || encoded === "") return { problem: "has no user data" };
  if (encoded.includes("${")) return { problem: "has user data computed at apply time, which cannot be checked" };
  const text = Buffer.from(encoded, "base64").toString("utf8");
  try {
    const document = parseToml(text) as Attributes;
    const settings = document["settings"];
    return typeof settings === "object" && settings !== null ? { settings: settings as Attributes } : { problem: "user data has no [settings] table" };
  } catch (error) {
    return { problem: `user data is not valid TOML: ${(error as Error).message.split("\n")[0]}` };
  }
}

/** The value at a dotted path of nested tables (`["kernel", "lockdown"]`), or undefined. */
export function settingAt(settings: Attributes, path: readonly string[]): unknown {
  let current: unknown = settings;
  for (const step of path) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return undefined;
    current = (current as Attributes)[step];
  }
  return current;
}
