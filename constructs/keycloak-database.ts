/**
 * Keycloak's PostgreSQL database on RDS, in the data tier.
 */
import { Construct } from "constructs";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { dataStoreSecurityGroup } from "./data-store-security-group";

/** The PostgreSQL port. */
export const POSTGRES_PORT = 5432;

/** The database's major PostgreSQL version and its parameter group family. */
export const POSTGRES = { engineVersion: "17", family: "postgres17" } as const;

/** Properties of a {@link KeycloakDatabase}. */
export interface KeycloakDatabaseProps {
  /** Name of the instance and its groups, e.g. `mcp-prod-keycloak`. */
  readonly name: string;
  readonly vpcId: string;
  /** The data tier's private subnets, one per availability zone: the only subnets the instance may be placed in. */
  readonly subnetIds: readonly string[];
  /** The security group of the nodes Keycloak's pods run on: the only source admitted, on 5432. */
  readonly clientSecurityGroupId: string;
  /** The environment key: encrypts storage, snapshots, Performance Insights and the managed master password. */
  readonly kmsKeyArn: string;
  /** RDS instance class, e.g. `db.t4g.medium`. */
  readonly instanceClass: string;
  /** Storage, GiB. */
  readonly allocatedStorageGiB: number;
  /** Days of automated backups (point-in-time recovery), 1 to 35. */
  readonly backupRetentionDays: number;
  /** Production: Multi-AZ, deletion protection and a final snapshot. */
  readonly production: boolean;
  /** The database Keycloak uses. @default "keycloak" */
  readonly databaseName?: string;
}

/**
 * The authorization server's database: RDS PostgreSQL in private data-tier subnets only, never publicly accessible;
 * storage, snapshots, Performance Insights and the master password's secret encrypted with the environment key;
 * the master password generated, stored and rotated by RDS in Secrets Manager (`manage_master_user_password`: it is
 * never in Terraform state); IAM database authentication on; TLS required by the parameter group
 * (`rds.force_ssl = 1`) and connections logged; automated backups; Multi-AZ, deletion protection and a final snapshot
 * in production; minor versions applied automatically. Its own security group admits PostgreSQL only from the nodes
 * Keycloak runs on (inside the cluster, Keycloak's NetworkPolicy is the only one that reaches 5432), and those nodes
 * get the matching egress rule.
 */
export class KeycloakDatabase extends Construct {
  readonly instance: DbInstance;
  readonly parameterGroup: DbParameterGroup;
  readonly subnetGroup: DbSubnetGroup;
  readonly securityGroup: SecurityGroup;
  /** The database's name. */
  readonly databaseName: string;

  constructor(scope: Construct, id: string, props: KeycloakDatabaseProps) {
    super(scope, id);
    const where = `KeycloakDatabase ${props.name}`;
    if (props.subnetIds.length < 2) throw new Error(`${where}: give at least two data-tier subnets in different availability zones (RDS needs two for a subnet group)`);
    if (!Number.isInteger(props.backupRetentionDays) || props.backupRetentionDays < 1 || props.backupRetentionDays > 35) {
      throw new Error(`${where}: backupRetentionDays must be 1 to 35 (0 turns automated backups off), got ${props.backupRetentionDays}`);
    }
    this.databaseName = props.databaseName ?? "keycloak";
    this.securityGroup = dataStoreSecurityGroup(this, {
      name: `${props.name}-db`,
      description: "Keycloak's database: PostgreSQL from the MCP zone's nodes only",
      vpcId: props.vpcId,
      clientSecurityGroupId: props.clientSecurityGroupId,
      port: POSTGRES_PORT,
      protocol: "postgres",
      ingressDescription: "PostgreSQL from the nodes Keycloak runs on",
      egressDescription: "To Keycloak's database",
    });
    this.subnetGroup = new DbSubnetGroup(this, "subnets", { name: props.name, description: "Keycloak's database: data-tier subnets only", subnetIds: [...props.subnetIds] });
    this.parameterGroup = new DbParameterGroup(this, "parameters", {
      name: `${props.name}-${POSTGRES.family}`,
      family: POSTGRES.family,
      description: "Keycloak's database: TLS required, connections logged",
      parameter: [
        { name: "rds.force_ssl", value: "1" },
        { name: "ssl_min_protocol_version", value: "TLSv1.2" },
        { name: "log_connections", value: "1" },
        { name: "log_disconnections", value: "1" },
      ],
    });
    this.instance = new DbInstance(this, "instance", {
      identifier: props.name,
      engine: "postgres",
      engineVersion: POSTGRES.engineVersion,
      autoMinorVersionUpgrade: true,
      instanceClass: props.instanceClass,
      allocatedStorage: props.allocatedStorageGiB,
      storageType: "gp3",
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      dbName: this.databaseName,
      username: "keycloak_admin",
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.kmsKeyArn,
      iamDatabaseAuthenticationEnabled: true,
      dbSubnetGroupName: this.subnetGroup.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      parameterGroupName: this.parameterGroup.name,
      publiclyAccessible: false,
      port: POSTGRES_PORT,
      caCertIdentifier: "rds-ca-ecc384-g1",
      multiAz: props.production,
      deletionProtection: props.production,
      backupRetentionPeriod: props.backupRetentionDays,
      copyTagsToSnapshot: true,
      skipFinalSnapshot: !props.production,
      ...(props.production ? { finalSnapshotIdentifier: `${props.name}-final` } : {}),
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.kmsKeyArn,
      enabledCloudwatchLogsExports: ["postgresql"],
      applyImmediately: false,
    });
  }
}
