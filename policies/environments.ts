/**
 * Which environment and account each synthesized stack belongs to, read from the stack's AWS provider.
 */
import { awsProviders, block } from "./terraform";
import { StackArtifact } from "./types";

/** The provider default tag naming a stack's environment. */
export const ENVIRONMENT_TAG = "mcp:environment";

/** The environment a stack deploys, from its provider's default tags. */
export function stackEnvironment(stack: StackArtifact): string | undefined {
  for (const provider of awsProviders(stack)) {
    const tags = block(provider["default_tags"])?.["tags"] as Record<string, string> | undefined;
    if (tags?.[ENVIRONMENT_TAG]) return tags[ENVIRONMENT_TAG];
  }
  return undefined;
}

/** The accounts of the roles a stack's AWS providers assume ("" for a role ARN that names no account). */
export function assumedRoleAccounts(stack: StackArtifact): string[] {
  return awsProviders(stack).flatMap((provider) => {
    const role = block(provider["assume_role"]);
    if (!role) return [];
    return [/^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(String(role["role_arn"] ?? ""))?.[1] ?? ""];
  });
}

/** The provider default tag saying whether a stack deploys a production environment (`"true"` / `"false"`). */
export const PRODUCTION_TAG = "mcp:production";

/**
 * Whether a stack deploys a production environment, from its provider's default tags. A stack without the tag
 * counts as production, so a rule with stricter production limits fails closed.
 */
export function stackIsProduction(stack: StackArtifact): boolean {
  for (const provider of awsProviders(stack)) {
    const tags = block(provider["default_tags"])?.["tags"] as Record<string, string> | undefined;
    if (tags?.[PRODUCTION_TAG] === "false") return false;
  }
  return true;
}
