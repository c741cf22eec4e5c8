import { IConstruct } from "constructs";
import { TerraformProvider, TerraformResource } from "cdktf";

/** A deliberate, reviewed weakening of one policy rule on one resource. */
export interface PolicyException {
  /** The rule ID (file name under policies/rules). */
  readonly rule: string;
  /** Why it is acceptable, who approved it, and until when. */
  readonly justification: string;
}

const MIN_JUSTIFICATION = 20;
const recorded = new WeakMap<TerraformResource | TerraformProvider, PolicyException[]>();

/**
 * Records an exception on a resource, in the resource's `//` metadata of the synthesized plan. Terraform ignores
 * the key; `mcp-harden check` lists the finding as accepted, with the justification, instead of failing. The
 * exception travels with the resource, so a reviewer diffing two plans sees it next to what it weakens.
 *
 * On a stack's AWS provider, it accepts a finding about the account as a whole (`provider.aws`): a stack that is not
 * the account's only one, for example, whose trail, GuardDuty or AWS Config live in an organization-wide stack.
 */
export function addPolicyException(resource: TerraformResource | TerraformProvider, exception: PolicyException): void {
  if (exception.justification.trim().length < MIN_JUSTIFICATION) {
    throw new Error(
      `Exception for rule "${exception.rule}" on ${resource.node.path}: the justification must say why, who approved it and until when (at least ${MIN_JUSTIFICATION} characters).`,
    );
  }
  const list = [...(recorded.get(resource) ?? []), { rule: exception.rule, justification: exception.justification }];
  list.sort((a, b) => a.rule.localeCompare(b.rule));
  recorded.set(resource, list);
  resource.addOverride("//.exceptions", list);
}

/** The Terraform address (`type.name`) a resource synthesizes to. */
export function terraformAddress(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/** Finds the resource under a scope that synthesizes to the given Terraform address. */
export function findResourceByAddress(scope: IConstruct, address: string): TerraformResource | undefined {
  return scope.node
    .findAll()
    .find((child): child is TerraformResource => child instanceof TerraformResource && terraformAddress(child) === address);
}
