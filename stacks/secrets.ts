/**
 * Per-server secrets and identity of one environment (MSH-02, MSH-03, ISO-02): each MCP server gets its own Pod
 * Identity role and association, and its own secret containers that only that role can read.
 */
import { McpServerIdentity } from "../constructs/mcp-server-identity";
import { EnvironmentConfig } from "../environments/schema";
import { administratorRoleArns } from "./access";
import { recoveryAutomationRoleArn } from "./recovery";
import type { McpEnvironmentStack } from "./environment-stack";

/** The cluster the servers run in. */
export interface SecretsDeps {
  /** Name of the environment's EKS cluster (`mcp-<env>`), as a literal or a reference to the cluster resource. */
  readonly clusterName: string;
  /** ARN of the cluster. @default derived from the account, region and `clusterName` */
  readonly clusterArn?: string;
}

/** Days a deleted secret can be restored: the maximum in production, the minimum elsewhere so test teardowns are quick. */
function recoveryWindowInDays(environment: EnvironmentConfig): number {
  return environment.production ? 30 : 7;
}

/**
 * Adds every MCP server's identity to an environment's stack: role `mcp-<env>-<server>` for the service account
 * `<server>` in namespace `<server>`, and secrets `mcp/<env>/<server>/<secret>` encrypted with the environment key.
 * The deploy role and `mcp-<env>-admin` administer the secrets (they put the values, out of band); nobody else but
 * the server's role, and a secret's rotation function, can read or change a value. Returns the identities by
 * server name.
 */
export function addSecrets(stack: McpEnvironmentStack, environment: EnvironmentConfig, deps: SecretsDeps): ReadonlyMap<string, McpServerIdentity> {
  const { accountId, region } = environment;
  const prefix = `mcp-${environment.name}`;
  const identities = new Map<string, McpServerIdentity>();
  for (const server of environment.mcpServers) {
    identities.set(
      server.name,
      new McpServerIdentity(stack, `server-identity-${server.name}`, {
        roleName: `${prefix}-${server.name}`,
        accountId,
        region,
        clusterName: deps.clusterName,
        clusterArn: deps.clusterArn,
        namespace: server.name,
        serviceAccount: server.name,
        kmsKeyArn: stack.key.arn,
        administratorRoleArns: administratorRoleArns(environment),
        rotatorRoleArns: [recoveryAutomationRoleArn(environment)],
        recoveryWindowInDays: recoveryWindowInDays(environment),
        secrets: server.secrets.map((secret) => ({
          id: secret.name,
          name: `mcp/${environment.name}/${server.name}/${secret.name}`,
          description: secret.description,
          rotation: secret.rotation,
        })),
      })
    );
  }
  return identities;
}
