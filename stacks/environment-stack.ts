import { Construct } from "constructs";
import { Aspects, S3Backend, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { EncryptedLogGroup } from "../constructs/encrypted-log-group";
import { EnvironmentKey } from "../constructs/environment-key";
import { McpNetwork } from "../constructs/mcp-network";
import { addPolicyException, findResourceByAddress } from "../constructs/policy-exception";
import { TierSecurityGroups } from "../constructs/tier-security-groups";
import { VpcEndpoints } from "../constructs/vpc-endpoints";
import { VpcFlowLog } from "../constructs/vpc-flow-log";
import { ConfigError } from "../environments/config-error";
import { EnvironmentConfig } from "../environments/schema";

const AZ_LETTERS = "abcdef";

/** The name of an environment's AWS infrastructure stack: `mcp-<env>`. */
export function environmentStackName(environment: EnvironmentConfig): string {
  return `mcp-${environment.name}`;
}

/** A KMS key reference from config as the full ARN the S3 backend needs. */
function kmsKeyArn(environment: EnvironmentConfig, keyId: string): string {
  return keyId.startsWith("arn:") ? keyId : `arn:aws:kms:${environment.state.region}:${environment.accountId}:${keyId}`;
}

/**
 * The AWS infrastructure of one environment, deployed with `cdktf deploy mcp-<env>` into the environment's own
 * account (ISO-03): provider assuming the environment's deploy role, its own encrypted state, its own KMS key,
 * and the segmented network.
 */
export class McpEnvironmentStack extends TerraformStack {
  readonly key: EnvironmentKey;
  readonly network: McpNetwork;
  readonly securityGroups: TierSecurityGroups;

  constructor(scope: Construct, readonly environment: EnvironmentConfig) {
    const name = environmentStackName(environment);
    super(scope, name);
    const { accountId, region, security } = environment;
    const roleArn = `arn:aws:iam::${accountId}:role/${environment.deployRoleName}`;

    new AwsProvider(this, "aws", {
      region,
      allowedAccountIds: [accountId],
      assumeRole: [{ roleArn, sessionName: `mcp-hardening-${environment.name}` }],
      defaultTags: [{ tags: { ...environment.tags, "mcp:environment": environment.name, "mcp:managed-by": "mcp-hardening" } }],
    });
    new S3Backend(this, {
      bucket: environment.state.bucket,
      key: `mcp-hardening/${name}/terraform.tfstate`,
      region: environment.state.region,
      encrypt: true,
      kmsKeyId: kmsKeyArn(environment, environment.state.kmsKeyId),
      allowedAccountIds: [accountId],
      assumeRole: { roleArn, sessionName: `mcp-hardening-${environment.name}-state` },
    }).addOverride("use_lockfile", true);

    this.key = new EnvironmentKey(this, "key", {
      accountId,
      region,
      aliasName: `${name}-environment`,
      deletionWindowInDays: security.kmsDeletionWindowDays,
    });

    const availabilityZones = [...AZ_LETTERS.slice(0, environment.azCount)].map((letter) => `${region}${letter}`);
    this.network = new McpNetwork(this, "network", {
      name,
      cidrBlock: environment.vpcCidr,
      availabilityZones,
      natGateways: environment.production ? "per-az" : "single",
    });
    const vpcId = this.network.vpc.id;

    new VpcFlowLog(this, "flow-log", {
      vpcId,
      logGroupName: `/mcp/${environment.name}/vpc-flow-logs`,
      roleName: `${name}-vpc-flow-logs`,
      accountId,
      kmsKeyArn: this.key.arn,
      retentionInDays: security.logRetentionDays,
      maxAggregationInterval: security.flowLogAggregationSeconds,
    });

    this.securityGroups = new TierSecurityGroups(this, "security-groups", {
      name,
      vpcId,
      adminCidrs: environment.adminCidrs,
      sshPort: security.sshPort,
      allowMcpInternetEgress: environment.mcpServers.some((server) => server.egressDomains.length > 0),
    });

    new VpcEndpoints(this, "endpoints", {
      vpcId,
      region,
      accountId,
      subnetIds: this.network.subnetIds("data"),
      securityGroupId: this.securityGroups.endpoints.id,
      routeTableIds: [...this.network.routeTables.mcp, ...this.network.routeTables.admin, ...this.network.routeTables.data].map((table) => table.id),
    });

    for (const server of environment.mcpServers) {
      new EncryptedLogGroup(this, `server-logs-${server.name}`, {
        name: `/mcp/${environment.name}/servers/${server.name}`,
        kmsKeyArn: this.key.arn,
        retentionInDays: security.logRetentionDays,
      });
    }

    Aspects.of(this).add({
      visit: (node) => {
        if (node === this) this.applyExceptions();
      },
    });
  }

  /**
   * Records the environment's accepted exceptions on the resources they name. Runs at synthesis, so it also finds
   * resources a platform team adds to the stack after constructing it.
   */
  private applyExceptions(): void {
    const problems = this.environment.exceptions.flatMap((exception, index) => {
      const resource = findResourceByAddress(this, exception.resource);
      if (resource) {
        addPolicyException(resource, exception);
        return [];
      }
      return [
        {
          path: `${this.environment.name}.exceptions[${index}].resource`,
          message: `no resource "${exception.resource}" in stack ${environmentStackName(this.environment)}`,
          hint: "use the Terraform address from cdktf.out/stacks/<stack>/cdk.tf.json, e.g. aws_security_group.security-groups_edge_1A2B3C4D",
        },
      ];
    });
    if (problems.length > 0) throw new ConfigError(problems);
  }
}
