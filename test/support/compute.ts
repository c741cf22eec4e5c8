/**
 * Helpers for the tests of the compute slice (EKS, nodes, ECR): the single resource of a type, the rules a weakened
 * plan fires, and the decoded Bottlerocket user data of a launch template.
 */
import { parse as parseToml } from "smol-toml";
import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { EnvironmentConfig } from "../../environments/schema";
import { TerraformResource } from "../../policies/terraform";
import { Artifacts } from "../../policies/types";
import { findingsFor, stackResources, synthesizedPlans } from "./plans";

/** The names of the built-in environments. */
export const ENVIRONMENTS = BUILT_IN_ENVIRONMENTS.map((environment) => environment.name);

/** The built-in environment of a name. */
export function config(environment: string): EnvironmentConfig {
  return BUILT_IN_ENVIRONMENTS.find((candidate) => candidate.name === environment)!;
}

/** The one resource of a type in an environment's stack; fails unless there is exactly one. */
export function only(plans: Artifacts, environment: string, type: string): TerraformResource {
  const found = stackResources(plans, environment, type);
  if (found.length !== 1) throw new Error(`expected one ${type} in mcp-${environment}, found ${found.length}`);
  return found[0];
}

/** The rules whose findings name `control` after `mutate` weakens a fresh copy of the prod plan, sorted. */
export function rulesFired(control: string, mutate: (plans: Artifacts) => void): string[] {
  const plans = synthesizedPlans();
  mutate(plans);
  return [...new Set(findingsFor(plans, control).map((finding) => finding.rule))].sort();
}

/** `${<address>.<attribute>}`: how the plan references a resource's attribute. */
export function ref(resource: TerraformResource, attribute: string): string {
  return `\${${resource.address}.${attribute}}`;
}

/** A launch template's user data, base64-decoded. */
export function userDataText(template: TerraformResource): string {
  return Buffer.from(String(template.values["user_data"]), "base64").toString("utf8");
}

/** A launch template's user data parsed as TOML. */
export function userDataToml(template: TerraformResource): Record<string, unknown> {
  return parseToml(userDataText(template)) as Record<string, unknown>;
}

/** Replaces a launch template's user data with `text`, base64-encoded as the plan carries it. */
export function setUserData(template: TerraformResource, text: string): void {
  template.values["user_data"] = Buffer.from(text, "utf8").toString("base64");
}

/** The launch template of an environment's EKS node group. */
export function nodeLaunchTemplate(plans: Artifacts, environment: string): TerraformResource {
  const nodeGroup = only(plans, environment, "aws_eks_node_group");
  const id = (nodeGroup.values["launch_template"] as Record<string, unknown>)["id"];
  const template = stackResources(plans, environment, "aws_launch_template").find((candidate) => ref(candidate, "id") === id);
  if (!template) throw new Error(`the node group of mcp-${environment} names no launch template of the stack`);
  return template;
}

/** A resource's attributes without the metadata key cdktf writes (`//`). */
export function attributes(resource: TerraformResource): Record<string, unknown> {
  return Object.fromEntries(Object.entries(resource.values).filter(([key]) => key !== "//"));
}
