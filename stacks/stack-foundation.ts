/**
 * What every Terraform stack of an environment starts with: the AWS provider in the environment's own account and
 * its own encrypted, locked state (ISO-03). Shared by the infrastructure stack and the workloads stack.
 */
import { S3Backend, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { EnvironmentConfig } from "../environments/schema";

/** A KMS key reference from config as the full ARN the S3 backend needs. */
function kmsKeyArn(environment: EnvironmentConfig, keyId: string): string {
  return keyId.startsWith("arn:") ? keyId : `arn:aws:kms:${environment.state.region}:${environment.accountId}:${keyId}`;
}

/**
 * Adds the AWS provider (assuming the environment's deploy role, only in its account, with the environment's default
 * tags) and the S3 state backend (KMS-encrypted, lock file, key `mcp-hardening/<stack>/terraform.tfstate`) to a stack
 * named `stackName`.
 */
export function addStackFoundation(stack: TerraformStack, environment: EnvironmentConfig, stackName: string): AwsProvider {
  const { accountId, region } = environment;
  const roleArn = `arn:aws:iam::${accountId}:role/${environment.deployRoleName}`;
  const provider = new AwsProvider(stack, "aws", {
    region,
    allowedAccountIds: [accountId],
    assumeRole: [{ roleArn, sessionName: `mcp-hardening-${environment.name}` }],
    defaultTags: [{ tags: { ...environment.tags, "mcp:environment": environment.name, "mcp:managed-by": "mcp-hardening", "mcp:production": String(environment.production) } }],
  });
  new S3Backend(stack, {
    bucket: environment.state.bucket,
    key: `mcp-hardening/${stackName}/terraform.tfstate`,
    region: environment.state.region,
    encrypt: true,
    kmsKeyId: kmsKeyArn(environment, environment.state.kmsKeyId),
    allowedAccountIds: [accountId],
    assumeRole: { roleArn, sessionName: `mcp-hardening-${environment.name}-state` },
  }).addOverride("use_lockfile", true);
  return provider;
}
