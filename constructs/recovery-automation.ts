import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "cdktf";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SsmDocument } from "@cdktf/provider-aws/lib/ssm-document";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { ContainmentCluster, ContainmentNetwork, containmentSourceDirectory, packageFile } from "./containment-function";
import { deterministicZip } from "./deterministic-zip";
import { lambdaBundle } from "./lambda-bundle";
import { REDIS_PORT } from "./guard-store";
import { DEFAULT_KEY_PREFIX } from "../guard/src/auth/revocation";
import { EncryptedLogGroup } from "./encrypted-log-group";
import { RECOVERY_GROUP } from "./k8s/recovery-access";
import { TIER_TAG } from "../baselines/network-tier";
import { policyDocument, PolicyStatement, serviceTrustPolicy } from "./policy-document";
import { NODEJS_LAMBDA_RUNTIME } from "./lambda-runtime";

/** One secret of a server, as recovery rotates it. */
export interface RecoverySecret {
  /** The secret's name, e.g. `mcp/prod/github-tools/webhook-secret`; names its step. */
  readonly name: string;
  readonly arn: string;
  /**
   * Whether Secrets Manager rotates it (a rotation function is configured): the runbook starts a rotation. Otherwise
   * the issuer rotates it, and the runbook pauses until an operator has put the new value and resumes.
   */
  readonly rotates: boolean;
}

/** One MCP server recovery can restore. */
export interface RecoveryServer {
  /** The server's name: its namespace, Deployment and container. */
  readonly name: string;
  /** Its last approved image, pinned by digest (`<repo>@sha256:<64 hex>`). */
  readonly image: string;
  /** The replicas it runs when healthy. */
  readonly replicas: number;
  /**
   * Every OAuth client its tokens are issued to (their `azp`), e.g. `mcp-github-tools` and its token-exchange client:
   * the revoke step revokes each at the guard. At least one.
   */
  readonly clients: readonly string[];
  readonly secrets: readonly RecoverySecret[];
}

/** The guard's shared store (a {@link GuardStore}), where the revoke step writes the server's revocation. */
export interface RecoveryRevocationStore {
  /** Its primary endpoint's host name; spoken to over TLS. */
  readonly host: string;
  /** @default 6379 */
  readonly port?: number;
  /** Its security group, which gets an ingress rule from the function's. */
  readonly securityGroupId: string;
  /** The secret holding its AUTH token: the only secret the function may read. */
  readonly tokenSecretArn: string;
  /** The guard's key prefix (`auth.store.keyPrefix`). @default "mcp-guard:" (the guard's default) */
  readonly keyPrefix?: string;
  /** How long a revocation lasts, seconds: at least the longest access token lifetime, so every token issued before it has expired. */
  readonly ttlSeconds: number;
}

/** Properties of a {@link RecoveryAutomation}. */
export interface RecoveryAutomationProps {
  /** Prefix of every name, e.g. `mcp-prod`: function `<prefix>-recovery`, role `<prefix>-recovery-automation`, documents `<prefix>-recover-<server>`. */
  readonly namePrefix: string;
  /** Environment name, in every log line. */
  readonly environment: string;
  readonly accountId: string;
  readonly region: string;
  readonly vpcId: string;
  /** The function's subnets and the API security groups it reaches (the cluster's, the interface endpoints'). */
  readonly network: ContainmentNetwork;
  /** The cluster whose MCP servers it redeploys, through an access entry of its role (Kubernetes group only). */
  readonly cluster: ContainmentCluster;
  /** Customer-managed KMS key: encrypts the function's environment and log group. */
  readonly kmsKeyArn: string;
  /** The function's log group, e.g. `/mcp/prod/recovery`. */
  readonly logGroupName: string;
  readonly logRetentionInDays: number;
  /** The servers, each with its approved image, replicas and secrets. */
  readonly servers: readonly RecoveryServer[];
  /** The guard's shared store, where the revoke step writes. */
  readonly revocationStore: RecoveryRevocationStore;
  /** Attempts of the verification step, 60 seconds apart, before the runbook stops. @default 10 */
  readonly verifyAttempts?: number;
}

let bundled: Buffer | undefined;

/**
 * The recovery function's deployment package: a deterministic ZIP of one file, `recovery/index.js`, bundled by esbuild
 * from an entry that hands `functions/recovery`'s `lambdaHandler` the guard's own store modules (`guard/src/auth`, from
 * the sources or from the build beside this file), with the cluster access it shares with containment and ioredis; the
 * AWS SDK comes with the runtime. Bundled once per process, and cached between processes ({@link lambdaBundle}).
 */
export function recoveryPackage(): Buffer {
  if (bundled !== undefined) return bundled;
  const root = path.dirname(path.dirname(containmentSourceDirectory()));
  const relative = (...parts: string[]) => `./${path.relative(root, path.join(...parts)).split(path.sep).join("/")}`;
  // The guard's TypeScript sources when this is a checkout, so the CLI (running dist/) and the tests (running the
  // sources) bundle the same input and write the same bytes; an installed package ships only the compiled modules.
  const sources = path.join(root, "guard", "src", "auth");
  const guard = relative(fs.existsSync(path.join(sources, "redis-store.ts")) ? sources : path.join(__dirname, "..", "guard", "src", "auth"));
  const entry = [
    `const { lambdaHandler } = require(${JSON.stringify(relative(containmentSourceDirectory(), "..", "recovery", "index.js"))});`,
    `const { RedisAuthStore } = require(${JSON.stringify(`${guard}/redis-store`)});`,
    `const { revocationKey } = require(${JSON.stringify(`${guard}/revocation`)});`,
    "exports.handler = lambdaHandler({ RedisAuthStore, revocationKey });",
  ].join("\n");
  bundled = deterministicZip([{ name: "recovery/index.js", data: lambdaBundle({ entry, entryName: "recovery-entry.js", root }) }]);
  return bundled;
}

/** A step name of an automation document: letters, digits and underscores. */
const stepName = (text: string) => text.replace(/[^A-Za-z0-9]+(.)?/g, (_match, next: string | undefined) => (next ?? "").toUpperCase()).replace(/^./, (first) => first.toUpperCase());

/**
 * The SSM Automation runbook of one server (schema 0.3): revoke its sessions, rotate its secrets, redeploy it from its
 * approved digest at one replica, verify the rollout (retried, then stop), and only then restore its replicas. Every
 * step aborts the runbook on failure; each is recorded in the execution history and as a JSON line of the function.
 */
export function recoveryDocument(props: { readonly server: RecoveryServer; readonly functionName: string; readonly assumeRoleArn: string; readonly verifyAttempts: number }): Record<string, unknown> {
  const { server } = props;
  const invoke = (name: string, action: string, extra: Record<string, unknown> = {}) => ({
    name,
    action: "aws:invokeLambdaFunction",
    onFailure: "Abort",
    isCritical: true,
    ...extra,
    inputs: { FunctionName: props.functionName, InvocationType: "RequestResponse", Payload: JSON.stringify({ action, server: server.name, execution: "{{automation:EXECUTION_ID}}" }) },
  });
  const rotations = server.secrets.map((secret) =>
    secret.rotates
      ? {
          name: `Rotate${stepName(secret.name.split("/").pop() as string)}`,
          action: "aws:executeAwsApi",
          onFailure: "Abort",
          isCritical: true,
          inputs: { Service: "secretsmanager", Api: "RotateSecret", SecretId: secret.arn, RotateImmediately: true },
        }
      : {
          name: `Replace${stepName(secret.name.split("/").pop() as string)}`,
          action: "aws:pause",
          onFailure: "Abort",
          isCritical: true,
          description: `${secret.name} is rotated by its issuer: have it reissued, put the new value (aws secretsmanager put-secret-value --secret-id ${secret.name}) as an administrator, then resume this execution.`,
          inputs: {},
        }
  );
  return {
    schemaVersion: "0.3",
    description: `Eradication and recovery of MCP server ${server.name} (IR-02b, IR-02c): revoke its tokens and sessions, rotate its secrets, redeploy it from its approved digest, verify, then restore ${server.replicas} replica(s).`,
    assumeRole: props.assumeRoleArn,
    parameters: {},
    mainSteps: [
      invoke("RevokeSessions", "revoke-sessions"),
      ...rotations,
      invoke("RedeployApprovedDigest", "redeploy"),
      invoke("VerifyRollout", "verify", { maxAttempts: props.verifyAttempts, timeoutSeconds: 60 }),
      invoke("RestoreReplicas", "restore-replicas", { isEnd: true }),
    ],
  };
}

/**
 * Eradication and recovery of MCP servers (IR-02b, IR-02c): an SSM Automation runbook `<prefix>-recover-<server>` per
 * server ({@link recoveryDocument}), run by the role `<prefix>-recovery-automation`, which may only invoke the
 * recovery function and start rotations of the servers' rotating secrets; and the function `<prefix>-recovery`
 * (`functions/recovery`), which performs the cluster steps through its access entry (Kubernetes group
 * `mcp:recovery`: get and patch each server's Deployment, nothing else) and writes the revocation of the server's
 * client into the guard's shared store (TLS, the AUTH token read from its secret: the only secret its role may read,
 * decrypted only through Secrets Manager), logging JSON lines to its own KMS-encrypted log group. It runs in the VPC
 * behind its own security group: HTTPS to the API endpoints and the Redis protocol to the store only, which admits it.
 */
export class RecoveryAutomation extends Construct {
  readonly function: LambdaFunction;
  readonly functionRole: IamRole;
  readonly automationRole: IamRole;
  readonly logGroup: EncryptedLogGroup;
  readonly securityGroup: SecurityGroup;
  readonly clusterAccess: EksAccessEntry;
  /** The runbooks, by server name. */
  readonly documents: ReadonlyMap<string, SsmDocument>;

  constructor(scope: Construct, id: string, props: RecoveryAutomationProps) {
    super(scope, id);
    const { accountId, region, kmsKeyArn, network } = props;
    const functionName = `${props.namePrefix}-recovery`;
    const where = `RecoveryAutomation "${props.namePrefix}"`;
    const verifyAttempts = props.verifyAttempts ?? 10;
    if (!Number.isInteger(verifyAttempts) || verifyAttempts < 1 || verifyAttempts > 30) throw new Error(`${where}: verifyAttempts must be a whole number from 1 to 30, got ${verifyAttempts}.`);
    const unpinned = props.servers.filter((server) => !/^[^\s@]+@sha256:[0-9a-f]{64}$/.test(server.image));
    if (unpinned.length > 0) throw new Error(`${where}: servers ${unpinned.map((server) => server.name).join(", ")} have no digest-pinned image; recovery redeploys approved digests only.`);
    if (!Number.isInteger(props.revocationStore.ttlSeconds) || props.revocationStore.ttlSeconds < 1) throw new Error(`${where}: revocationStore.ttlSeconds must be a whole number of seconds, at least the longest access token lifetime, got ${props.revocationStore.ttlSeconds}.`);
    const clientless = props.servers.filter((server) => server.clients.length === 0 || server.clients.some((client) => client === ""));
    if (clientless.length > 0) throw new Error(`${where}: servers ${clientless.map((server) => server.name).join(", ")} name no OAuth client (or an empty one); list every client their tokens are issued to, so recovery revokes them all.`);
    if (network.subnetIds.length < 2) throw new Error(`${where}: network.subnetIds must list subnets in at least two AZs, got ${network.subnetIds.length}.`);

    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: functionName,
      description: "Recovery function: HTTPS to the AWS API endpoints and the cluster API, Redis protocol to the guard's store only",
      vpcId: props.vpcId,
      revokeRulesOnDelete: true,
      tags: { Name: functionName, [TIER_TAG]: network.tier },
    });
    network.apiSecurityGroupIds.forEach((groupId, index) => {
      const https = { ipProtocol: "tcp", fromPort: 443, toPort: 443 };
      new VpcSecurityGroupEgressRule(this, `to-api-${index}`, { ...https, securityGroupId: this.securityGroup.id, referencedSecurityGroupId: groupId, description: "HTTPS to an API the recovery function calls" });
      new VpcSecurityGroupIngressRule(this, `api-${index}-from-function`, { ...https, securityGroupId: groupId, referencedSecurityGroupId: this.securityGroup.id, description: "HTTPS from the recovery function" });
    });
    const store = props.revocationStore;
    const storePort = store.port ?? REDIS_PORT;
    const redis = { ipProtocol: "tcp", fromPort: storePort, toPort: storePort };
    new VpcSecurityGroupEgressRule(this, "to-guard-store", { ...redis, securityGroupId: this.securityGroup.id, referencedSecurityGroupId: store.securityGroupId, description: "To the guard's shared store: writes revocations" });
    new VpcSecurityGroupIngressRule(this, "guard-store-from-function", { ...redis, securityGroupId: store.securityGroupId, referencedSecurityGroupId: this.securityGroup.id, description: "Redis protocol from the recovery function: writes revocations" });

    this.logGroup = new EncryptedLogGroup(this, "logs", { name: props.logGroupName, kmsKeyArn, retentionInDays: props.logRetentionInDays });
    const ec2 = (type: string) => `arn:aws:ec2:${region}:${accountId}:${type}/*`;
    const inTheVpc = { ArnEquals: { "ec2:Vpc": `arn:aws:ec2:${region}:${accountId}:vpc/${props.vpcId}` } };
    this.functionRole = new IamRole(this, "function-role", { name: functionName, description: "Incident recovery: redeploys MCP servers from their approved digests", assumeRolePolicy: serviceTrustPolicy("lambda.amazonaws.com", accountId) });
    const functionPolicy = new IamRolePolicy(this, "function-policy", {
      name: "recover-servers",
      role: this.functionRole.id,
      policy: policyDocument([
        { Sid: "ReadNetworkInterfaces", Effect: "Allow", Action: "ec2:DescribeNetworkInterfaces", Resource: "*" },
        { Sid: "ItsInterfacesInTheVpc", Effect: "Allow", Action: ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"], Resource: [ec2("network-interface"), ec2("subnet")], Condition: inTheVpc },
        { Sid: "ItsInterfacesInItsGroup", Effect: "Allow", Action: "ec2:CreateNetworkInterface", Resource: `arn:aws:ec2:${region}:${accountId}:security-group/${this.securityGroup.id}` },
        { Sid: "WriteItsOwnLogGroup", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${this.logGroup.logGroup.arn}:*` },
        { Sid: "DecryptItsEnvironment", Effect: "Allow", Action: "kms:Decrypt", Resource: kmsKeyArn, Condition: { StringEquals: { "kms:EncryptionContext:LambdaFunctionName": functionName } } },
        { Sid: "ReadTheGuardStoreToken", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: store.tokenSecretArn },
        {
          Sid: "DecryptTheGuardStoreTokenViaSecretsManager",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: kmsKeyArn,
          Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com`, "kms:EncryptionContext:SecretARN": store.tokenSecretArn } },
        },
      ]),
    });

    const zip = recoveryPackage();
    const asset = new TerraformAsset(this, "package", { path: packageFile(zip, "recovery.zip"), type: AssetType.FILE });
    const approved = Object.fromEntries([...props.servers].sort((a, b) => a.name.localeCompare(b.name)).map((server) => [server.name, { image: server.image, replicas: server.replicas, clients: [...server.clients] }]));
    this.function = new LambdaFunction(this, "function", {
      functionName,
      description: "Cluster steps of the MCP server recovery runbooks: revoke sessions at the guard's store, redeploy the approved digest, verify, restore replicas (IR-02b, IR-02c)",
      role: this.functionRole.arn,
      runtime: NODEJS_LAMBDA_RUNTIME,
      handler: "recovery/index.handler",
      architectures: ["arm64"],
      filename: asset.path,
      sourceCodeHash: createHash("sha256").update(zip).digest("base64"),
      memorySize: 256,
      timeout: 60,
      reservedConcurrentExecutions: 2,
      kmsKeyArn,
      environment: {
        variables: {
          ENVIRONMENT: props.environment,
          APPROVED_SERVERS: JSON.stringify(approved),
          CLUSTER_NAME: props.cluster.name,
          CLUSTER_ENDPOINT: props.cluster.endpoint,
          CLUSTER_CERTIFICATE_AUTHORITY: props.cluster.certificateAuthority,
          REVOCATION_STORE_HOST: store.host,
          REVOCATION_STORE_PORT: String(storePort),
          REVOCATION_STORE_TOKEN_SECRET: store.tokenSecretArn,
          REVOCATION_KEY_PREFIX: store.keyPrefix ?? DEFAULT_KEY_PREFIX,
          REVOCATION_TTL_SECONDS: String(store.ttlSeconds),
        },
      },
      vpcConfig: { subnetIds: [...network.subnetIds], securityGroupIds: [this.securityGroup.id] },
      loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.logGroup.name, applicationLogLevel: "INFO", systemLogLevel: "WARN" },
      dependsOn: [functionPolicy],
    });
    this.clusterAccess = new EksAccessEntry(this, "cluster-access", {
      clusterName: props.cluster.name,
      principalArn: this.functionRole.arn,
      type: "STANDARD",
      kubernetesGroups: [props.cluster.kubernetesGroup ?? RECOVERY_GROUP],
    });

    const automationRoleName = `${props.namePrefix}-recovery-automation`;
    this.automationRole = new IamRole(this, "automation-role", {
      name: automationRoleName,
      description: "Runs the MCP server recovery runbooks: invokes the recovery function and starts rotations of the servers' secrets",
      assumeRolePolicy: serviceTrustPolicy("ssm.amazonaws.com", accountId),
    });
    const rotating = props.servers.flatMap((server) => server.secrets.filter((secret) => secret.rotates).map((secret) => secret.arn));
    const statements: PolicyStatement[] = [
      { Sid: "InvokeTheRecoveryFunction", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: this.function.arn },
      ...(rotating.length === 0 ? [] : [{ Sid: "StartRotationsOfServerSecrets", Effect: "Allow" as const, Action: ["secretsmanager:DescribeSecret", "secretsmanager:RotateSecret"], Resource: rotating }]),
    ];
    new IamRolePolicy(this, "automation-policy", { name: "run-recovery", role: this.automationRole.id, policy: policyDocument(statements) });

    this.documents = new Map(
      props.servers.map((server) => [
        server.name,
        new SsmDocument(this, `runbook-${server.name}`, {
          name: `${props.namePrefix}-recover-${server.name}`,
          documentType: "Automation",
          documentFormat: "JSON",
          content: JSON.stringify(recoveryDocument({ server, functionName: this.function.functionName, assumeRoleArn: this.automationRole.arn, verifyAttempts })),
        }),
      ])
    );
  }
}
