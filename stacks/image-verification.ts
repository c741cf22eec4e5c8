/**
 * The AWS side of image signature verification (PROV-01): the sigstore policy-controller's Pod Identity role
 * `mcp-<env>-image-verifier`, which may read the public half of the environment's signing key and pull images and
 * their cosign signatures from the environment's own ECR registry, and nothing else.
 */
import { PodIdentityRole } from "../constructs/pod-identity-role";
import { POLICY_CONTROLLER_NAMESPACE, POLICY_CONTROLLER_SERVICE_ACCOUNT } from "../constructs/image-policy-controller";
import { EnvironmentConfig } from "../environments/schema";
import type { McpEnvironmentStack } from "./environment-stack";

/** The name of the image verifier's role: `mcp-<env>-image-verifier`. */
function imageVerifierRoleName(environment: EnvironmentConfig): string {
  return `mcp-${environment.name}-image-verifier`;
}

/** The ARN of the image verifier's role, which every ECR repository lets pull (it reads the cosign signatures there). */
export function imageVerifierRoleArn(environment: EnvironmentConfig): string {
  return `arn:aws:iam::${environment.accountId}:role/${imageVerifierRoleName(environment)}`;
}

/** Adds the image verifier's Pod Identity role to an environment's stack. */
export function addImageVerification(stack: McpEnvironmentStack, environment: EnvironmentConfig): PodIdentityRole {
  const { accountId, region } = environment;
  return new PodIdentityRole(stack, "image-verifier-identity", {
    accountId,
    region,
    clusterName: stack.cluster.name,
    clusterArn: stack.cluster.arn,
    roleName: imageVerifierRoleName(environment),
    namespace: POLICY_CONTROLLER_NAMESPACE,
    serviceAccount: POLICY_CONTROLLER_SERVICE_ACCOUNT,
    policyName: "verify-image-signatures",
    statements: [
      { Sid: "ReadSigningPublicKeyOnly", Effect: "Allow", Action: ["kms:DescribeKey", "kms:GetPublicKey"], Resource: environment.cluster.imageSigningKey.replace(/^awskms:\/\/\//, "") },
      { Sid: "AuthenticateToRegistry", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      {
        Sid: "ReadOwnRegistryImagesAndSignatures",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        Resource: `arn:aws:ecr:${region}:${accountId}:repository/*`,
      },
    ],
  });
}
