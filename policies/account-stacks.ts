/**
 * Helpers for rules about what every AWS account stack must contain (a trail, GuardDuty, AWS Config, ...), rather
 * than about one resource.
 */
import { awsProviders } from "./terraform";
import { StackArtifact, Violation } from "./types";

/** Whether a stack deploys AWS infrastructure: it has an AWS provider and at least one AWS resource. */
export function isAwsAccountStack(stack: StackArtifact): boolean {
  const resources = stack.json["resource"];
  return awsProviders(stack).length > 0 && typeof resources === "object" && resources !== null && Object.keys(resources).some((type) => type.startsWith("aws_"));
}

/** A violation about the stack's account as a whole, reported on its AWS provider. */
export function accountViolation(stack: StackArtifact, message: string): Violation {
  return { location: stack.name, resource: "provider.aws", message };
}
