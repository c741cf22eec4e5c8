import { Construct } from "constructs";
import { Aspects, TerraformStack } from "cdktf";
import { EksCluster } from "../constructs/eks-cluster";
import { EncryptedLogGroup } from "../constructs/encrypted-log-group";
import { EnvironmentKey } from "../constructs/environment-key";
import { threatIntelBucketName } from "../constructs/threat-intel-feed";
import { McpNetwork } from "../constructs/mcp-network";
import { McpServerIdentity } from "../constructs/mcp-server-identity";
import { addGuardStore } from "./guard-store-aws";
import { addIdentity } from "./identity-aws";
import { addIngressTlsSecrets } from "./ingress-tls";
import { SecurityAlertsTopic } from "../constructs/security-alerts-topic";
import { addPolicyException, findResourceByAddress } from "../constructs/policy-exception";
import { TierSecurityGroups } from "../constructs/tier-security-groups";
import { VpcEndpoints } from "../constructs/vpc-endpoints";
import { VpcFlowLog } from "../constructs/vpc-flow-log";
import { ConfigError } from "../environments/config-error";
import { EnvironmentConfig } from "../environments/schema";
import { addAccess, administratorRoleArns } from "./access";
import { addBastion } from "./bastion";
import { addCompute } from "./compute";
import { addAccessReviewAws } from "./access-review";
import { addDetection, auditTrailArn } from "./detection";
import { addEdge } from "./edge";
import { addEgress, declaredEgressDomains } from "./egress";
import { addImageVerification } from "./image-verification";
import { addObservabilityIdentities } from "./observability-aws";
import { addRecovery } from "./recovery";
import { addResponse } from "./response";
import { deployedEnvironment } from "./sandbox";
import { addSecrets } from "./secrets";
import { addStackFoundation } from "./stack-foundation";
import { addThreatIntel } from "./threat-intel";
import { isKubernetesAddress } from "./workloads";

const AZ_LETTERS = "abcdef";

/** The name of an environment's AWS infrastructure stack: `mcp-<env>`. */
export function environmentStackName(environment: EnvironmentConfig): string {
  return `mcp-${environment.name}`;
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
  /** The environment's encrypted security alerts topic, `mcp-<env>-security-alerts`: every alarm and finding route notifies it. */
  readonly alerts: SecurityAlertsTopic;
  /** The EKS cluster `mcp-<env>` that runs the gateway and every MCP server. */
  readonly cluster: EksCluster;
  /** Each MCP server's Pod Identity role and secrets, by server name. */
  readonly serverIdentities: ReadonlyMap<string, McpServerIdentity>;
  /** `/mcp/<env>/containers`: the log group Fluent Bit ships container logs to (the gateway's access log among them). */
  readonly containerLogs: EncryptedLogGroup;

  /** The environment as deployed: sandboxed servers without what the sandbox withholds ({@link deployedEnvironment}). */
  readonly environment: EnvironmentConfig;

  constructor(scope: Construct, config: EnvironmentConfig) {
    const environment = deployedEnvironment(config);
    const name = environmentStackName(environment);
    super(scope, name);
    this.environment = environment;
    const { accountId, region, security } = environment;
    addStackFoundation(this, environment, name);

    this.key = new EnvironmentKey(this, "key", {
      accountId,
      region,
      aliasName: `${name}-environment`,
      administratorRoleArns: administratorRoleArns(environment),
      deletionWindowInDays: security.kmsDeletionWindowDays,
      cloudTrailArns: [auditTrailArn(environment)],
      guardDutyFindingsExport: true,
      guardDutyListBuckets: [threatIntelBucketName(name, accountId)],
    });
    this.alerts = new SecurityAlertsTopic(this, "security-alerts", { name: `${name}-security-alerts`, accountId, region, kmsKeyArn: this.key.arn });

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
      allowMcpInternetEgress: declaredEgressDomains(environment).length > 0,
    });

    new VpcEndpoints(this, "endpoints", {
      vpcId,
      region,
      accountId,
      subnetIds: this.network.subnetIds("data"),
      securityGroupId: this.securityGroups.endpoints.id,
      routeTableIds: [...this.network.routeTables.mcp, ...this.network.routeTables.admin, ...this.network.routeTables.data].map((table) => table.id),
      s3ClientSecurityGroupIds: { admin: this.securityGroups.groups.admin.id, mcp: this.securityGroups.groups.mcp.id },
    });

    addAccess(this, environment);
    addBastion(this, environment);
    this.cluster = addCompute(this, environment);
    const edge = addEdge(this, environment);
    const egress = addEgress(this, environment);
    this.serverIdentities = addSecrets(this, environment, { clusterName: this.cluster.name, clusterArn: this.cluster.arn });
    addImageVerification(this, environment);
    addIdentity(this, environment, { clusterName: this.cluster.name, clusterArn: this.cluster.arn });
    addIngressTlsSecrets(this, environment, { clusterName: this.cluster.name, clusterArn: this.cluster.arn });
    const guardStore = addGuardStore(this, environment, { clusterName: this.cluster.name, clusterArn: this.cluster.arn });
    const detection = addDetection(this, environment, { wafLogGroupName: edge.webAcl.logGroup.logGroup.name });
    this.containerLogs = addResponse(this, environment, { archiveBucketArn: detection.archive.bucket.arn }).containerLogs;
    addObservabilityIdentities(this, environment, { containerLogs: this.containerLogs });
    addAccessReviewAws(this, environment, { clusterName: this.cluster.name, clusterArn: this.cluster.arn, containerLogGroup: this.containerLogs.logGroup });
    addRecovery(this, environment, guardStore);
    addThreatIntel(this, environment, { egress, detectorId: detection.guardDuty.detector.id });

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
   * resources a platform team adds to the stack after constructing it. Exceptions naming a Kubernetes object
   * (`Kind/namespace/name`) are the workloads chart's to record.
   */
  private applyExceptions(): void {
    const problems = this.environment.exceptions.flatMap((exception, index) => {
      if (isKubernetesAddress(exception.resource)) return [];
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
