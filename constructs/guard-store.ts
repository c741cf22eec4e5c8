/**
 * The guard's shared store: an ElastiCache (Valkey) replication group in the data tier.
 */
import { Construct } from "constructs";
import { DataAwsSecretsmanagerRandomPassword } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { TIER_TAG } from "../baselines/network-tier";
import { dataStoreSecurityGroup } from "./data-store-security-group";

/** The Redis protocol port. */
export const REDIS_PORT = 6379;

/** The engine: Valkey 8 speaks Redis 7's protocol (the guard needs `SET ... NX GET`, Redis 7.0+). */
export const GUARD_STORE_ENGINE = { engine: "valkey", engineVersion: "8.0" } as const;

/** Properties of a {@link GuardStore}. */
export interface GuardStoreProps {
  /** Replication group id and name of its groups, e.g. `mcp-prod-guard-store`. */
  readonly name: string;
  readonly vpcId: string;
  /** The data tier's private subnets, one per availability zone: the only subnets the nodes may be placed in. */
  readonly subnetIds: readonly string[];
  /** The security group of the nodes the guard's pods run on: the only source admitted, on 6379. */
  readonly clientSecurityGroupId: string;
  /** The environment key: encrypts the data at rest, the snapshots and the secrets. */
  readonly kmsKeyArn: string;
  /** The Secrets Manager secret (id) that holds the AUTH token; this construct writes its first value. */
  readonly tokenSecretId: string;
  /** The Secrets Manager secret (id) that receives the store's primary endpoint host name. */
  readonly hostSecretId: string;
  /** Node type, e.g. `cache.t4g.small`. @default "cache.t4g.small" */
  readonly nodeType?: string;
  /** Days of automatic snapshots, 1 to 35. */
  readonly snapshotRetentionDays: number;
  /** Production: a replica per zone, automatic failover, Multi-AZ and a final snapshot. */
  readonly production: boolean;
  /** Availability zones of the environment (the number of nodes in production). */
  readonly azCount: number;
}

/**
 * The store every guard replica shares for DPoP proof ids (AUTH-04), revocations (CV-04, JIT-04) and session owners
 * (PUB-01): a Valkey replication group in private data-tier subnets only; data and snapshots encrypted with the
 * environment key; TLS required on every connection (`transit_encryption_mode = required`); AUTH with a token that
 * Secrets Manager generates (`GetRandomPassword`) at creation, written write-only into the given secret (encrypted
 * with the environment key) and mounted into the guard through the Secrets Store CSI driver; the store's host name
 * written to a second secret so the guard finds its endpoint the same way (known only once deployed). The replication group has no write-only token, so
 * its first value is in Terraform state, which the environment keeps encrypted (ISO-03). Rotation: put a new value in
 * the secret, then `aws elasticache modify-replication-group --auth-token <new> --auth-token-update-strategy ROTATE`
 * and roll the guard (Terraform ignores later token changes). Automatic failover, Multi-AZ and a final snapshot in production; snapshots
 * kept. Its own security group admits 6379 only from the nodes the guard runs on, which get the matching egress rule.
 */
export class GuardStore extends Construct {
  readonly replicationGroup: ElasticacheReplicationGroup;
  readonly securityGroup: SecurityGroup;
  readonly subnetGroup: ElasticacheSubnetGroup;
  /** The primary endpoint's host name (a Terraform reference). */
  readonly host: string;

  constructor(scope: Construct, id: string, props: GuardStoreProps) {
    super(scope, id);
    const where = `GuardStore ${props.name}`;
    if (props.subnetIds.length < 2) throw new Error(`${where}: give at least two data-tier subnets in different availability zones`);
    if (!Number.isInteger(props.snapshotRetentionDays) || props.snapshotRetentionDays < 1 || props.snapshotRetentionDays > 35) {
      throw new Error(`${where}: snapshotRetentionDays must be 1 to 35 (0 turns snapshots off), got ${props.snapshotRetentionDays}`);
    }
    this.securityGroup = dataStoreSecurityGroup(this, {
      name: props.name,
      description: "The guard's shared store: Redis protocol from the MCP zone's nodes only",
      vpcId: props.vpcId,
      clientSecurityGroupId: props.clientSecurityGroupId,
      port: REDIS_PORT,
      protocol: "redis",
      ingressDescription: "Redis protocol from the nodes the guard runs on",
      egressDescription: "To the guard's shared store",
    });
    this.subnetGroup = new ElasticacheSubnetGroup(this, "subnets", { name: props.name, description: "The guard's shared store: data-tier subnets only", subnetIds: [...props.subnetIds] });
    const generated = new DataAwsSecretsmanagerRandomPassword(this, "generated-token", { passwordLength: 64, excludePunctuation: true });
    // Written once (write-only: never in state through the secret); the data source draws a new value on every plan,
    // so the replication group ignores later changes of its token and both keep the first one.
    new SecretsmanagerSecretVersion(this, "token", { secretId: props.tokenSecretId, secretStringWo: generated.randomPassword, secretStringWoVersion: 1 });
    this.replicationGroup = new ElasticacheReplicationGroup(this, "replication-group", {
      replicationGroupId: props.name,
      description: "The MCP guard's shared store: DPoP proof ids, revocations, session owners",
      engine: GUARD_STORE_ENGINE.engine,
      engineVersion: GUARD_STORE_ENGINE.engineVersion,
      autoMinorVersionUpgrade: "true",
      nodeType: props.nodeType ?? "cache.t4g.small",
      port: REDIS_PORT,
      numCacheClusters: props.production ? Math.max(2, props.azCount) : 1,
      automaticFailoverEnabled: props.production,
      multiAzEnabled: props.production,
      subnetGroupName: this.subnetGroup.name,
      securityGroupIds: [this.securityGroup.id],
      atRestEncryptionEnabled: "true",
      kmsKeyId: props.kmsKeyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      authToken: generated.randomPassword,
      authTokenUpdateStrategy: "ROTATE",
      snapshotRetentionLimit: props.snapshotRetentionDays,
      ...(props.production ? { finalSnapshotIdentifier: `${props.name}-final` } : {}),
      applyImmediately: false,
      tags: { Name: props.name, [TIER_TAG]: "data" },
      lifecycle: { ignoreChanges: ["auth_token"] },
    });
    this.host = this.replicationGroup.primaryEndpointAddress;
    new SecretsmanagerSecretVersion(this, "host", { secretId: props.hostSecretId, secretStringWo: this.host, secretStringWoVersion: 1 });
  }
}
