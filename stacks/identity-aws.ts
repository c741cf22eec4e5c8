/**
 * The AWS side of an environment's authorization server (AUTH-01, MSH-03): Keycloak's RDS PostgreSQL database in the
 * data tier, its log group, and Keycloak's own Pod Identity role with the one secret it reads, the database's host and
 * login `mcp/<env>/identity/keycloak-db` (a Keycloak config file: `db-url-host=`, `db-username=`, `db-password=`), mounted through
 * the Secrets Store CSI driver like every MCP server's secrets. Nothing when the environment names an external issuer.
 */
import { EncryptedLogGroup } from "../constructs/encrypted-log-group";
import { KeycloakDatabase } from "../constructs/keycloak-database";
import { KEYCLOAK_NAMES } from "../constructs/k8s/keycloak";
import { McpServerIdentity } from "../constructs/mcp-server-identity";
import { EnvironmentConfig } from "../environments/schema";
import { administratorRoleArns } from "./access";
import type { McpEnvironmentStack } from "./environment-stack";

/** The Secrets Manager name of Keycloak's database login in an environment. */
export function keycloakDatabaseSecretName(environment: Pick<EnvironmentConfig, "name">): string {
  return `mcp/${environment.name}/identity/${KEYCLOAK_NAMES.databaseSecretFile}`;
}

/** What Keycloak's database secret holds. */
export const KEYCLOAK_DATABASE_SECRET_DESCRIPTION =
  "Keycloak's database host and login as a Keycloak config file (db-url-host, db-username, db-password): a login role of the Keycloak database that the administrators create.";

/** The RDS identifier of Keycloak's database: `mcp-<env>-keycloak`. */
export function keycloakDatabaseName(environment: Pick<EnvironmentConfig, "name">): string {
  return `mcp-${environment.name}-keycloak`;
}

/** The authorization server's AWS resources. */
export interface IdentityResources {
  readonly database: KeycloakDatabase;
  readonly identity: McpServerIdentity;
}

/** Adds Keycloak's database, log group, role and secret to the environment's stack, when the environment deploys Keycloak. */
export function addIdentity(stack: McpEnvironmentStack, environment: EnvironmentConfig, deps: { readonly clusterName: string; readonly clusterArn: string }): IdentityResources | undefined {
  const { identity } = environment;
  if (identity === undefined) return undefined;
  const name = keycloakDatabaseName(environment);
  new EncryptedLogGroup(stack, "keycloak-database-logs", { name: `/aws/rds/instance/${name}/postgresql`, kmsKeyArn: stack.key.arn, retentionInDays: environment.security.logRetentionDays });
  const database = new KeycloakDatabase(stack, "keycloak-database", {
    name,
    vpcId: stack.network.vpc.id,
    subnetIds: stack.network.subnetIds("data"),
    clientSecurityGroupId: stack.securityGroups.groups.mcp.id,
    kmsKeyArn: stack.key.arn,
    instanceClass: identity.database.instanceClass,
    allocatedStorageGiB: identity.database.allocatedStorageGiB,
    backupRetentionDays: identity.database.backupRetentionDays,
    production: environment.production,
  });
  const role = new McpServerIdentity(stack, "keycloak-identity", {
    roleName: `mcp-${environment.name}-keycloak`,
    accountId: environment.accountId,
    region: environment.region,
    clusterName: deps.clusterName,
    clusterArn: deps.clusterArn,
    namespace: KEYCLOAK_NAMES.namespace,
    serviceAccount: KEYCLOAK_NAMES.name,
    kmsKeyArn: stack.key.arn,
    administratorRoleArns: administratorRoleArns(environment),
    recoveryWindowInDays: environment.production ? 30 : 7,
    secrets: [{ id: "database", name: keycloakDatabaseSecretName(environment), description: KEYCLOAK_DATABASE_SECRET_DESCRIPTION }],
  });
  return { database, identity: role };
}
