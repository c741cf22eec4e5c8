/**
 * Where MCP servers run in one environment (CTR-00, MSH-01, CTR-04, CTR-05, MSH-04): the EKS cluster, its Bottlerocket
 * node group and add-ons, one ECR repository per server with registry-wide continuous scanning, and the alarm that
 * guards the node group's size.
 */
import { EcrRegistryScanning } from "../constructs/ecr-registry-scanning";
import { EcrRepository } from "../constructs/ecr-repository";
import { EksAddons } from "../constructs/eks-addons";
import { EksCluster } from "../constructs/eks-cluster";
import { EksNodeGroup } from "../constructs/eks-node-group";
import { NodeGroupSizeAlarm } from "../constructs/node-group-size-alarm";
import { SANDBOX_NODE_LABEL, SANDBOX_TAINT } from "../baselines/sandbox";
import { serverRepository } from "../environments/cluster-checks";
import { GATEWAY_COMPONENTS, gatewayRepository } from "../environments/gateway-checks";
import { EnvironmentConfig } from "../environments/schema";
import type { McpEnvironmentStack } from "./environment-stack";
import { imageVerifierRoleArn } from "./image-verification";
import { PLATFORM_MIRRORS } from "./mesh-install";
import { hasSandbox, isSandboxed } from "./sandbox";

/** The label every node of the MCP node group carries, for node selectors of MCP workloads. */
export const MCP_NODE_LABEL = { "mcp.security/node-role": "mcp-workloads" } as const;

/**
 * Adds the environment's compute to its stack and returns the cluster:
 * - EKS cluster `mcp-<env>`: private endpoint in the MCP tier, secrets encrypted with the environment key, every
 *   control-plane log type, access entries only, cluster admin only for `mcp-<env>-admin`, deletion protection in
 *   production;
 * - managed add-ons, vpc-cni enforcing NetworkPolicy;
 * - one Bottlerocket node group in the MCP tier (no taint: it also runs CoreDNS and the platform's pods);
 * - when a server is sandboxed (TOOL-10), the sandbox node group `mcp-<env>-sandbox`, tainted so that only sandboxed
 *   pods and node agents run there, whose nodes pull only the sandboxed servers' images and the platform mirrors;
 * - ECR repository `mcp/<server>` per server, `mcp/gateway/<component>` per gateway component and a mirror repository
 *   per platform image (Istio, sigstore policy-controller), pulled only by the nodes and the image signature verifier
 *   and pushed only by the CI publisher role;
 * - an alarm on each node group running above its maximum, to the environment's security alerts topic.
 */
export function addCompute(stack: McpEnvironmentStack, environment: EnvironmentConfig): EksCluster {
  const { accountId, cluster: config } = environment;
  const name = `mcp-${environment.name}`;
  const group = config.nodeGroup;

  const cluster = new EksCluster(stack, "eks", {
    name,
    kubernetesVersion: config.kubernetesVersion,
    vpcId: stack.network.vpc.id,
    subnetIds: stack.network.subnetIds("mcp"),
    nodeSecurityGroupId: stack.securityGroups.groups.mcp.id,
    adminSecurityGroupIds: [stack.securityGroups.groups.admin.id],
    kmsKeyArn: stack.key.arn,
    logRetentionInDays: environment.security.logRetentionDays,
    clusterAdminRoleArns: [`arn:aws:iam::${accountId}:role/${name}-admin`],
    deletionProtection: environment.production,
  });

  const addons = new EksAddons(stack, "eks-addons", {
    clusterName: cluster.name,
    clusterArn: cluster.arn,
    accountId,
    cniRoleName: `${name}-vpc-cni`,
  });

  const pool = {
    clusterName: cluster.name,
    subnetIds: stack.network.subnetIds("mcp"),
    securityGroupIds: [stack.securityGroups.groups.mcp.id],
    kmsKeyArn: stack.key.arn,
    architecture: group.architecture,
    instanceTypes: group.instanceTypes,
    dependsOn: addons.beforeNodes,
  };
  const nodes = new EksNodeGroup(stack, "eks-nodes", {
    ...pool,
    name: `${name}-workloads`,
    minSize: group.minSize,
    desiredSize: group.desiredSize,
    maxSize: group.maxSize,
    labels: { ...MCP_NODE_LABEL },
  });
  addons.addCoreDns(nodes.nodeGroup);
  const sandboxNodes = hasSandbox(environment)
    ? new EksNodeGroup(stack, "eks-sandbox-nodes", {
        ...pool,
        name: `${name}-sandbox`,
        minSize: 1,
        desiredSize: 1,
        maxSize: environment.azCount,
        labels: { ...SANDBOX_NODE_LABEL },
        taints: [{ key: SANDBOX_TAINT.key, value: SANDBOX_TAINT.value, effect: "NO_SCHEDULE" }],
      })
    : undefined;
  const sandboxPull = (pulls: boolean) => (pulls && sandboxNodes !== undefined ? [sandboxNodes.role.arn] : []);

  const repositories = [
    ...environment.mcpServers.map((server) => ({ id: `ecr-${server.name}`, name: serverRepository(server.name), sandbox: isSandboxed(server) })),
    ...Object.values(GATEWAY_COMPONENTS).map((component) => ({ id: `ecr_gateway_${component}`, name: gatewayRepository(component), sandbox: false })),
    ...PLATFORM_MIRRORS.map((name) => ({ id: `ecr-mirror-${name.replace(/\//g, "-")}`, name, sandbox: true })),
  ];
  for (const repository of repositories) {
    new EcrRepository(stack, repository.id, {
      name: repository.name,
      kmsKeyArn: stack.key.arn,
      pullRoleArns: [nodes.role.arn, ...sandboxPull(repository.sandbox), imageVerifierRoleArn(environment)],
      pushRoleArns: [environment.ci.publisherRoleArn],
    });
  }
  new EcrRegistryScanning(stack, "ecr-scanning", { continuousScanFilters: [serverRepository("*")] });

  new NodeGroupSizeAlarm(stack, "node-group-size-alarm", {
    name: `${name}-nodes-above-max`,
    autoScalingGroupName: nodes.autoScalingGroupName,
    maxSize: group.maxSize,
    updateSurge: 2 * environment.azCount,
    alarmTopicArns: [stack.alerts.arn],
  });
  if (sandboxNodes !== undefined) {
    new NodeGroupSizeAlarm(stack, "sandbox-node-group-size-alarm", {
      name: `${name}-sandbox-nodes-above-max`,
      autoScalingGroupName: sandboxNodes.autoScalingGroupName,
      maxSize: environment.azCount,
      updateSurge: 2 * environment.azCount,
      alarmTopicArns: [stack.alerts.arn],
    });
  }

  return cluster;
}
