/**
 * Eradication and recovery of one environment's MCP servers (IR-02b, IR-02c): an SSM Automation runbook
 * `mcp-<env>-recover-<server>` per server and the recovery function `mcp-<env>-recovery` its cluster steps run in.
 */
import { acceptanceWindowSeconds } from "../guard/src/auth/revocation";
import { RecoveryAutomation } from "../constructs/recovery-automation";
import { EnvironmentConfig } from "../environments/schema";
import type { McpEnvironmentStack } from "./environment-stack";
import type { GuardStoreResources } from "./guard-store-aws";
import { environmentGuardAuth, serverTokenClients } from "./identity";
import { serverReplicas } from "./workloads";

/** The name of the role that runs an environment's recovery runbooks: `mcp-<env>-recovery-automation`. */
export function recoveryAutomationRoleArn(environment: EnvironmentConfig): string {
  return `arn:aws:iam::${environment.accountId}:role/mcp-${environment.name}-recovery-automation`;
}

/**
 * Adds the recovery runbooks and function: each server is redeployed from the image its config pins (its last
 * approved digest) to the replicas the workloads chart gives it; rotating secrets are rotated, issuer-rotated ones
 * pause the runbook for an operator. The function runs in the MCP tier's subnets and reaches the interface endpoints
 * and the cluster API, and the guard's shared store, where the revoke step revokes the server's Keycloak client for the
 * longest access token lifetime (the guard's default key prefix, which the blueprint's guard config keeps).
 */
export function addRecovery(stack: McpEnvironmentStack, environment: EnvironmentConfig, guardStore: GuardStoreResources): RecoveryAutomation {
  const name = `mcp-${environment.name}`;
  return new RecoveryAutomation(stack, "recovery", {
    namePrefix: name,
    environment: environment.name,
    accountId: environment.accountId,
    region: environment.region,
    vpcId: stack.network.vpc.id,
    network: { subnetIds: stack.network.subnetIds("mcp"), apiSecurityGroupIds: [stack.securityGroups.endpoints.id, stack.cluster.securityGroup.id], tier: "mcp" },
    cluster: { name: stack.cluster.cluster.name, endpoint: stack.cluster.cluster.endpoint, certificateAuthority: stack.cluster.cluster.certificateAuthority.get(0).data },
    kmsKeyArn: stack.key.arn,
    logGroupName: `/mcp/${environment.name}/recovery`,
    logRetentionInDays: environment.security.logRetentionDays,
    revocationStore: {
      host: guardStore.store.host,
      securityGroupId: guardStore.store.securityGroup.id,
      tokenSecretArn: guardStore.identity.secrets.get("store-token")!.arn,
      ttlSeconds: acceptanceWindowSeconds(environmentGuardAuth(environment)),
    },
    servers: environment.mcpServers.map((server) => {
      const identity = stack.serverIdentities.get(server.name);
      return {
        name: server.name,
        image: server.image,
        replicas: serverReplicas(environment, server),
        clients: serverTokenClients(environment, server),
        secrets: server.secrets.map((secret) => {
          const created = identity?.secrets.get(secret.name);
          if (created === undefined) throw new Error(`addRecovery: no secret ${secret.name} of ${server.name} in the stack; add the secrets (addSecrets) first.`);
          return { name: `mcp/${environment.name}/${server.name}/${secret.name}`, arn: created.arn, rotates: secret.rotation !== undefined };
        }),
      };
    }),
  });
}
