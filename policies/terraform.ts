/**
 * Read-only helpers for rules over synthesized Terraform JSON.
 */
import { TIER_TAG } from "../baselines/network-tier";
import { recordTerraformResource, recordTerraformType, withoutRecording } from "./inspection";
import { derivedOnceForStack } from "./run-cache";
import { Artifacts, StackArtifact, Violation } from "./types";

/** Attribute values of a resource as written to `cdk.tf.json` (snake_case keys). */
export type Attributes = Record<string, unknown>;

/** One resource of one stack. */
export interface TerraformResource {
  /** The stack it belongs to. */
  readonly stack: string;
  /** Resource type, e.g. `aws_subnet`. */
  readonly type: string;
  /** Resource name within its type. */
  readonly name: string;
  /** Terraform address: `<type>.<name>`. */
  readonly address: string;
  /** Its attributes. */
  readonly values: Attributes;
}

/** The metadata key Terraform ignores, where cdktf and this project record metadata on a resource. */
export const METADATA_KEY = "//";

function resourceBlock(stack: StackArtifact): Record<string, Record<string, Attributes>> {
  const block = stack.json["resource"];
  return typeof block === "object" && block !== null ? (block as Record<string, Record<string, Attributes>>) : {};
}

/** Every resource of the given type in one stack, in name order (listed once per policy run). */
export function stackResources(stack: StackArtifact, type: string): TerraformResource[] {
  recordTerraformType(type);
  return derivedOnceForStack(stack, `resources\u0000${type}`, () => {
    const ofType = resourceBlock(stack)[type] ?? {};
    return Object.keys(ofType)
      .sort()
      .map((name) => ({ stack: stack.name, type, name, address: `${type}.${name}`, values: ofType[name] }));
  }).slice();
}

/** Every resource of the given type in every stack. */
export function resources(artifacts: Artifacts, type: string): TerraformResource[] {
  return artifacts.stacks.flatMap((stack) => stackResources(stack, type));
}

/** Every resource of every type in one stack. */
export function allStackResources(stack: StackArtifact): TerraformResource[] {
  return withoutRecording(() =>
    Object.keys(resourceBlock(stack))
      .sort()
      .flatMap((type) => stackResources(stack, type))
  );
}

/** Looks a resource up by its address in a stack. */
export function findResource(stack: StackArtifact, address: string): TerraformResource | undefined {
  const [type, name] = address.split(".");
  const values = resourceBlock(stack)[type]?.[name];
  if (values !== undefined) recordTerraformResource(stack.name, address);
  return values === undefined ? undefined : { stack: stack.name, type, name, address, values };
}

const REFERENCE = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z0-9_]+\}$/;

/** The address a `${type.name.attr}` reference points to, or undefined when the value is not one. */
export function referencedAddress(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const match = REFERENCE.exec(value);
  return match ? `${match[1]}.${match[2]}` : undefined;
}

/** The tags written on a resource (not the provider's default tags). */
export function tagsOf(resource: TerraformResource): Record<string, string> {
  const tags = resource.values["tags"];
  return typeof tags === "object" && tags !== null ? (tags as Record<string, string>) : {};
}

/** The network tier (`mcp:tier` tag) of a resource, if it has one. */
export function tierOf(resource: TerraformResource): string | undefined {
  return tagsOf(resource)[TIER_TAG];
}


/** The value of a nested block that cdktf writes either as an object or as a one-element list. */
export function block(value: unknown): Attributes | undefined {
  if (Array.isArray(value)) return value.length > 0 ? (value[0] as Attributes) : undefined;
  return typeof value === "object" && value !== null ? (value as Attributes) : undefined;
}

/** A nested list of blocks, whether written as a list or a single object. */
export function blocks(value: unknown): Attributes[] {
  if (Array.isArray(value)) return value as Attributes[];
  return typeof value === "object" && value !== null ? [value as Attributes] : [];
}

/** The environment variables of an `aws_lambda_function` (`environment.variables`), empty when it sets none. */
export function functionVariables(fn: TerraformResource): Record<string, unknown> {
  return (block(fn.values["environment"])?.["variables"] as Record<string, unknown> | undefined) ?? {};
}

/** A violation naming a Terraform resource. */
export function violation(resource: TerraformResource, message: string): Violation {
  return { location: resource.stack, resource: resource.address, message };
}

/** The resource a `${type.name.attr}` reference in the same stack points to. */
export function resolveReference(stack: StackArtifact, value: unknown): TerraformResource | undefined {
  const address = referencedAddress(value);
  return address === undefined ? undefined : findResource(stack, address);
}

/** The stack artifact a resource belongs to. */
export function stackOf(artifacts: Artifacts, resource: TerraformResource): StackArtifact {
  const stack = artifacts.stacks.find((candidate) => candidate.name === resource.stack);
  if (!stack) throw new Error(`Resource ${resource.address} names unknown stack ${resource.stack}.`);
  return stack;
}

/** The AWS provider blocks of a stack. */
export function awsProviders(stack: StackArtifact): Attributes[] {
  const providers = stack.json["provider"] as Record<string, unknown> | undefined;
  return blocks(providers?.["aws"]);
}

/** The one account a stack's AWS provider is pinned to (`allowed_account_ids`), if exactly one. */
export function stackAccountId(stack: StackArtifact): string | undefined {
  const ids = awsProviders(stack).flatMap((provider) => (Array.isArray(provider["allowed_account_ids"]) ? (provider["allowed_account_ids"] as string[]) : []));
  return new Set(ids).size === 1 ? ids[0] : undefined;
}

/** Whether a resource's attribute references the given resource (`${<address>.<attr>}`). */
export function references(value: unknown, target: TerraformResource): boolean {
  return referencedAddress(value) === target.address;
}

/** Whether a CIDR is the whole IPv4 or IPv6 internet. */
export function isInternet(cidr: unknown): boolean {
  return cidr === "0.0.0.0/0" || cidr === "::/0";
}

/** Whether a resource has `lifecycle { prevent_destroy = true }`. */
export function preventsDestroy(resource: TerraformResource): boolean {
  return block(resource.values["lifecycle"])?.["prevent_destroy"] === true;
}
