/**
 * Finders for the per-server identity and secrets in a synthesized plan, for the MSH-02, MSH-03 and ISO-02 tests.
 */
import { TerraformResource } from "../../policies/terraform";
import { Artifacts } from "../../policies/types";
import { stackResources } from "./plans";

/** `${<address>.<attribute>}`, as cdktf writes a reference. */
export function ref(resource: TerraformResource, attribute: string): string {
  return `\${${resource.address}.${attribute}}`;
}

/** The one resource of a type in an environment's stack that matches, failing loudly otherwise. */
export function only(plans: Artifacts, environment: string, type: string, predicate: (resource: TerraformResource) => boolean): TerraformResource {
  const found = stackResources(plans, environment, type).filter(predicate);
  if (found.length !== 1) throw new Error(`expected one ${type} in ${environment}, found ${found.length}`);
  return found[0];
}

/** The environment's own KMS key (the target of alias/mcp-<env>-environment). */
export function environmentKey(plans: Artifacts, environment: string): TerraformResource {
  const alias = only(plans, environment, "aws_kms_alias", (candidate) => candidate.values["name"] === `alias/mcp-${environment}-environment`);
  return only(plans, environment, "aws_kms_key", (key) => alias.values["target_key_id"] === ref(key, "key_id"));
}

/** An MCP server's Pod Identity role, by its name `mcp-<env>-<server>`. */
export function serverRole(plans: Artifacts, environment: string, server: string): TerraformResource {
  return only(plans, environment, "aws_iam_role", (role) => role.values["name"] === `mcp-${environment}-${server}`);
}

/** A secret by its full name. */
export function secretNamed(plans: Artifacts, environment: string, name: string): TerraformResource {
  return only(plans, environment, "aws_secretsmanager_secret", (secret) => secret.values["name"] === name);
}

/** The resource policy of a secret. */
export function secretPolicy(plans: Artifacts, environment: string, secret: TerraformResource): TerraformResource {
  return only(plans, environment, "aws_secretsmanager_secret_policy", (policy) => policy.values["secret_arn"] === ref(secret, "arn"));
}

/** The Pod Identity association of a server's service account. */
export function association(plans: Artifacts, environment: string, server: string): TerraformResource {
  return only(plans, environment, "aws_eks_pod_identity_association", (candidate) => candidate.values["namespace"] === server);
}
