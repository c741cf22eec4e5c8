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

/** The account of the role a stack's AWS provider assumes. */
export function assumedRoleAccounts(stack: StackArtifact): string[] {
  return awsProviders(stack).map((provider) => {
    const roleArn = String(block(provider["assume_role"])?.["role_arn"] ?? "");
    return /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(roleArn)?.[1] ?? "";
  });
}
