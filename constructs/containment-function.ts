import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "cdktf";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { deterministicZip } from "./deterministic-zip";
import { EncryptedLogGroup } from "./encrypted-log-group";
import { GUARDDUTY_HIGH_SEVERITY, SECURITY_HUB_HIGH_CRITICAL } from "./finding-alerts";
import { CONTAINMENT_GROUP } from "../baselines/containment";
import { TIER_TAG } from "../baselines/network-tier";
import { policyDocument, PolicyStatement, serviceTrustPolicy } from "./policy-document";
import { NODEJS_LAMBDA_RUNTIME } from "./lambda-runtime";

/** One EventBridge trigger of the containment function. */
export interface ContainmentTrigger {
  /** Kebab-case ID; names the rule `<namePrefix>-contain-<id>`. */
  readonly id: string;
  readonly description: string;
  /** The EventBridge event pattern. */
  readonly pattern: Readonly<Record<string, unknown>>;
}

/**
 * The high-confidence findings that trigger containment (OPS-03, JIT-04): GuardDuty findings of severity 7 or more,
 * and new, active Security Hub findings labelled HIGH or CRITICAL from products other than GuardDuty (its findings
 * arrive directly) and Inspector (a vulnerability is not a compromise).
 */
export const CONTAINMENT_TRIGGERS: readonly ContainmentTrigger[] = [
  {
    id: "guardduty-high-severity",
    description: "Contain the resources of GuardDuty findings of severity 7 or more",
    pattern: GUARDDUTY_HIGH_SEVERITY,
  },
  {
    id: "securityhub-high-critical",
    description: "Contain the resources of new, active Security Hub findings labelled HIGH or CRITICAL, other than GuardDuty's and Inspector's",
    pattern: SECURITY_HUB_HIGH_CRITICAL,
  },
];

/** Every action the containment function's role is allowed, and nothing else (OPS-03). */
export const CONTAINMENT_ACTIONS: readonly string[] = [
  "ec2:AssignPrivateIpAddresses",
  "ec2:CreateNetworkInterface",
  "ec2:CreateSnapshot",
  "ec2:CreateTags",
  "ec2:DeleteNetworkInterface",
  "ec2:DescribeInstances",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSubnets",
  "ec2:ModifyNetworkInterfaceAttribute",
  "ec2:UnassignPrivateIpAddresses",
  "kms:Decrypt",
  "kms:GenerateDataKey*",
  "logs:CreateLogStream",
  "logs:PutLogEvents",
  "sns:Publish",
];

/** The directory of the function's code in this repository. */
const SOURCE_DIRECTORY = path.join("functions", "containment");
/** The files of the package: the handler and its cluster access (the AWS SDK comes with the runtime). */
const SOURCE_FILES = ["index.js", "kubernetes.js"];

/** The function's code directory: searched upward from this file, so it is found from the sources and from a build. */
export function containmentSourceDirectory(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, SOURCE_DIRECTORY);
    if (fs.existsSync(path.join(candidate, SOURCE_FILES[0]))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`ContainmentFunction: ${path.join(SOURCE_DIRECTORY, SOURCE_FILES[0])} not found above ${__dirname}.`);
  }
}

/** The function's deployment package: a deterministic ZIP of its code, the same bytes on every synthesis. */
export function containmentPackage(sourceDirectory: string = containmentSourceDirectory()): Buffer {
  return deterministicZip(SOURCE_FILES.map((name) => ({ name, data: fs.readFileSync(path.join(sourceDirectory, name)) })));
}

/** Writes a package to a file named by its content, once, and returns the file's path. */
export function packageFile(zip: Buffer, fileName: string): string {
  const digest = createHash("sha256").update(zip).digest("hex");
  const dir = path.join(os.tmpdir(), `mcp-hardening-package-${digest}`);
  const file = path.join(dir, fileName);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, zip);
    fs.renameSync(partial, file);
  }
  return file;
}

/** Where the containment function runs: in the VPC, reaching only the APIs it calls. */
export interface ContainmentNetwork {
  /** Private subnets of the VPC for the function's network interfaces, in at least two AZs. */
  readonly subnetIds: readonly string[];
  /**
   * Security groups of what the function calls on 443, and nothing else: the VPC interface endpoints (EC2) and the
   * cluster's control plane. Each gets an ingress rule from the function's own group.
   */
  readonly apiSecurityGroupIds: readonly string[];
  /** The tier the function's network interfaces sit in (the `tier` tag of its group), e.g. `mcp`. */
  readonly tier: string;
}

/** The EKS cluster whose MCP server Deployments the function scales to zero. */
export interface ContainmentCluster {
  readonly name: string;
  /** The API's private https endpoint. */
  readonly endpoint: string;
  /** The cluster CA, base64 PEM as EKS reports it (`certificate_authority[0].data`). */
  readonly certificateAuthority: string;
  /**
   * The Kubernetes group the function's access entry maps its role to; Role bindings in each MCP server namespace
   * give it the scale of that server's Deployment only. @default {@link CONTAINMENT_GROUP}
   */
  readonly kubernetesGroup?: string;
}

/** Properties of a {@link ContainmentFunction}. */
export interface ContainmentFunctionProps {
  /** Function name, e.g. `mcp-prod-containment`; also names its role. */
  readonly functionName: string;
  /** Prefix of the trigger rules' names, e.g. `mcp-prod`. */
  readonly namePrefix: string;
  /** Environment name written on evidence snapshots. */
  readonly environment: string;
  readonly accountId: string;
  readonly region: string;
  /** The VPC whose instances may be isolated: the function refuses others, and its role is limited to it. */
  readonly vpcId: string;
  /** The quarantine security group (no rules) network interfaces are moved to: the only group the role may attach. */
  readonly quarantineGroupId: string;
  /** Customer-managed KMS key: encrypts the environment variables, the log group and the failure topic. */
  readonly kmsKeyArn: string;
  /** The function's log group name, e.g. `/mcp/prod/containment`. */
  readonly logGroupName: string;
  readonly logRetentionInDays: number;
  /** SNS topic (encrypted with `kmsKeyArn`) notified of every invocation that failed after its retries. */
  readonly onFailureTopicArn: string;
  /** The function's subnets and the API security groups it reaches. */
  readonly network: ContainmentNetwork;
  /**
   * The cluster whose MCP servers it scales to zero, through an access entry of its role (no access policy: only the
   * Kubernetes group's RBAC). @default none: findings naming a Kubernetes workload are logged with the command to run
   */
  readonly cluster?: ContainmentCluster;
  /** Concurrent executions reserved, and at most allowed, 1 to 10. @default 2 */
  readonly reservedConcurrency?: number;
  /** The findings that trigger containment; leaving one out is a weakening. @default CONTAINMENT_TRIGGERS */
  readonly triggers?: readonly ContainmentTrigger[];
}

/**
 * The automated containment function (OPS-03, IR-02a, IR-02d, JIT-04): the handler in `functions/containment`,
 * packaged deterministically, invoked by EventBridge on high-confidence findings. It moves the network interfaces of
 * an instance of the environment's VPC to the quarantine security group, tags it and snapshots its volumes as
 * evidence; given a cluster, it scales the MCP server of a namespace a finding names to zero through the private
 * cluster API. Every action is a JSON line in its own KMS-encrypted log group. Its role may do exactly that
 * ({@link CONTAINMENT_ACTIONS}): attach only the quarantine group, only to interfaces of the VPC, create snapshots
 * only tagged as evidence, manage its own network interfaces in the VPC; in the cluster its access entry carries no
 * access policy, only the Kubernetes group that MCP server namespaces let scale their Deployment. It runs in the VPC
 * with its own security group, which reaches the API endpoints on 443 and nothing else. Reserved concurrency bounds
 * it; environment variables are encrypted with the key; an invocation that still fails after two retries is sent to
 * the failure topic.
 */
export class ContainmentFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly logGroup: EncryptedLogGroup;
  /** The trigger rules, by trigger ID. */
  readonly rules: ReadonlyMap<string, CloudwatchEventRule>;
  /** The function's security group: HTTPS to the API security groups only, no ingress. */
  readonly securityGroup: SecurityGroup;
  /** The function role's access entry to the cluster, when it has one. */
  readonly clusterAccess?: EksAccessEntry;

  constructor(scope: Construct, id: string, props: ContainmentFunctionProps) {
    super(scope, id);
    const { accountId, region, kmsKeyArn } = props;
    const reservedConcurrency = props.reservedConcurrency ?? 2;
    if (!Number.isInteger(reservedConcurrency) || reservedConcurrency < 1 || reservedConcurrency > 10) {
      throw new Error(`ContainmentFunction "${props.functionName}": reservedConcurrency must be a whole number from 1 to 10, got ${reservedConcurrency}.`);
    }
    const triggers = props.triggers ?? CONTAINMENT_TRIGGERS;
    if (triggers.length === 0) throw new Error(`ContainmentFunction "${props.functionName}": triggers must name at least one finding pattern.`);
    const { network, cluster } = props;
    if (network.subnetIds.length < 2) throw new Error(`ContainmentFunction "${props.functionName}": network.subnetIds must list subnets in at least two AZs, got ${network.subnetIds.length}.`);
    if (network.apiSecurityGroupIds.length === 0) throw new Error(`ContainmentFunction "${props.functionName}": network.apiSecurityGroupIds must name the interface endpoints' group, or the function reaches no AWS API.`);

    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: props.functionName,
      description: "Containment function: HTTPS to the AWS API endpoints and the cluster API only",
      vpcId: props.vpcId,
      revokeRulesOnDelete: true,
      tags: { Name: props.functionName, [TIER_TAG]: network.tier },
    });
    network.apiSecurityGroupIds.forEach((groupId, index) => {
      new VpcSecurityGroupEgressRule(this, `to-api-${index}`, {
        securityGroupId: this.securityGroup.id,
        referencedSecurityGroupId: groupId,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        description: "HTTPS to an API the containment function calls",
      });
      new VpcSecurityGroupIngressRule(this, `api-${index}-from-function`, {
        securityGroupId: groupId,
        referencedSecurityGroupId: this.securityGroup.id,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        description: "HTTPS from the containment function",
      });
    });

    this.logGroup = new EncryptedLogGroup(this, "logs", { name: props.logGroupName, kmsKeyArn, retentionInDays: props.logRetentionInDays });
    const groupArn = this.logGroup.logGroup.arn;
    const ec2 = (type: string, name = "*") => `arn:aws:ec2:${region}:${accountId}:${type}/${name}`;
    const vpcArn = ec2("vpc", props.vpcId);

    this.role = new IamRole(this, "role", {
      name: props.functionName,
      description: "Automated containment: quarantines instances of the environment's VPC, snapshots their volumes as evidence, scales MCP servers to zero",
      assumeRolePolicy: serviceTrustPolicy("lambda.amazonaws.com", accountId),
    });
    const inTheVpc = { ArnEquals: { "ec2:Vpc": vpcArn } };
    const statements: PolicyStatement[] = [
      { Sid: "ReadInstancesAndNetwork", Effect: "Allow", Action: ["ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"], Resource: "*" },
      {
        Sid: "CreateItsInterfacesInTheVpc",
        Effect: "Allow",
        Action: "ec2:CreateNetworkInterface",
        Resource: [ec2("network-interface"), ec2("subnet")],
        Condition: inTheVpc,
      },
      { Sid: "CreateItsInterfacesInItsGroup", Effect: "Allow", Action: "ec2:CreateNetworkInterface", Resource: ec2("security-group", this.securityGroup.id) },
      {
        Sid: "ManageItsInterfacesInTheVpc",
        Effect: "Allow",
        Action: ["ec2:AssignPrivateIpAddresses", "ec2:DeleteNetworkInterface", "ec2:UnassignPrivateIpAddresses"],
        Resource: ec2("network-interface"),
        Condition: inTheVpc,
      },
      {
        Sid: "MoveInterfacesOfTheVpc",
        Effect: "Allow",
        Action: "ec2:ModifyNetworkInterfaceAttribute",
        Resource: ec2("network-interface"),
        Condition: inTheVpc,
      },
      {
        Sid: "IntoTheQuarantineGroupOnly",
        Effect: "Allow",
        Action: "ec2:ModifyNetworkInterfaceAttribute",
        Resource: ec2("security-group", props.quarantineGroupId),
      },
      {
        Sid: "TagQuarantinedInstances",
        Effect: "Allow",
        Action: "ec2:CreateTags",
        Resource: ec2("instance"),
        Condition: {
          StringEquals: { "aws:RequestTag/mcp:quarantine": "true" },
          "ForAllValues:StringEquals": { "aws:TagKeys": ["mcp:quarantine", "mcp:quarantine-finding"] },
        },
      },
      { Sid: "SnapshotVolumes", Effect: "Allow", Action: "ec2:CreateSnapshot", Resource: ec2("volume") },
      {
        Sid: "CreateEvidenceSnapshotsOnly",
        Effect: "Allow",
        Action: "ec2:CreateSnapshot",
        Resource: `arn:aws:ec2:${region}::snapshot/*`,
        Condition: { StringEquals: { "aws:RequestTag/mcp:evidence": "true" } },
      },
      {
        Sid: "TagSnapshotsAtCreation",
        Effect: "Allow",
        Action: "ec2:CreateTags",
        Resource: `arn:aws:ec2:${region}::snapshot/*`,
        Condition: { StringEquals: { "ec2:CreateAction": "CreateSnapshot" } },
      },
      { Sid: "WriteItsOwnLogGroup", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${groupArn}:*` },
      { Sid: "ReportFailures", Effect: "Allow", Action: "sns:Publish", Resource: props.onFailureTopicArn },
      {
        Sid: "EncryptFailureReports",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: kmsKeyArn,
        Condition: { StringEquals: { "kms:ViaService": `sns.${region}.amazonaws.com` } },
      },
      {
        Sid: "DecryptItsEnvironment",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: kmsKeyArn,
        Condition: { StringEquals: { "kms:EncryptionContext:LambdaFunctionName": props.functionName } },
      },
    ];
    const policy = new IamRolePolicy(this, "containment", { name: "contain-and-preserve-evidence", role: this.role.id, policy: policyDocument(statements) });

    const zip = containmentPackage();
    const asset = new TerraformAsset(this, "package", { path: packageFile(zip, "containment.zip"), type: AssetType.FILE });
    this.function = new LambdaFunction(this, "function", {
      functionName: props.functionName,
      description: "Contains high-severity findings: quarantines EC2 instances and snapshots their volumes, scales MCP servers to zero (OPS-03, IR-02a)",
      role: this.role.arn,
      runtime: NODEJS_LAMBDA_RUNTIME,
      handler: "index.handler",
      architectures: ["arm64"],
      filename: asset.path,
      sourceCodeHash: createHash("sha256").update(zip).digest("base64"),
      memorySize: 256,
      timeout: 60,
      reservedConcurrentExecutions: reservedConcurrency,
      kmsKeyArn,
      environment: {
        variables: {
          ENVIRONMENT: props.environment,
          QUARANTINE_SECURITY_GROUP_ID: props.quarantineGroupId,
          VPC_ID: props.vpcId,
          ...(cluster ? { CLUSTER_NAME: cluster.name, CLUSTER_ENDPOINT: cluster.endpoint, CLUSTER_CERTIFICATE_AUTHORITY: cluster.certificateAuthority } : {}),
        },
      },
      vpcConfig: { subnetIds: [...network.subnetIds], securityGroupIds: [this.securityGroup.id] },
      loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.logGroup.name, applicationLogLevel: "INFO", systemLogLevel: "WARN" },
      dependsOn: [policy],
    });
    if (cluster) {
      this.clusterAccess = new EksAccessEntry(this, "cluster-access", {
        clusterName: cluster.name,
        principalArn: this.role.arn,
        type: "STANDARD",
        kubernetesGroups: [cluster.kubernetesGroup ?? CONTAINMENT_GROUP],
      });
    }
    new LambdaFunctionEventInvokeConfig(this, "invoke-config", {
      functionName: this.function.functionName,
      maximumRetryAttempts: 2,
      maximumEventAgeInSeconds: 3600,
      destinationConfig: { onFailure: { destination: props.onFailureTopicArn } },
    });

    const rules = new Map<string, CloudwatchEventRule>();
    for (const trigger of triggers) {
      const rule = new CloudwatchEventRule(this, trigger.id, {
        name: `${props.namePrefix}-contain-${trigger.id}`,
        description: trigger.description,
        eventPattern: JSON.stringify(trigger.pattern),
        state: "ENABLED",
      });
      new CloudwatchEventTarget(this, `${trigger.id}-target`, {
        rule: rule.name,
        targetId: "containment",
        arn: this.function.arn,
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
      });
      new LambdaPermission(this, `${trigger.id}-permission`, {
        statementId: `invoke-from-${trigger.id}`,
        action: "lambda:InvokeFunction",
        functionName: this.function.functionName,
        principal: "events.amazonaws.com",
        sourceArn: rule.arn,
      });
      rules.set(trigger.id, rule);
    }
    this.rules = rules;
  }
}
