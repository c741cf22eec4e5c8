import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "cdktf";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { deterministicZip } from "./deterministic-zip";
import { EncryptedLogGroup } from "./encrypted-log-group";
import { GUARDDUTY_HIGH_SEVERITY, SECURITY_HUB_HIGH_CRITICAL } from "./finding-alerts";
import { policyDocument, PolicyStatement, serviceTrustPolicy } from "./policy-document";

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
  "ec2:CreateSnapshot",
  "ec2:CreateTags",
  "ec2:DescribeInstances",
  "ec2:ModifyNetworkInterfaceAttribute",
  "kms:Decrypt",
  "kms:GenerateDataKey*",
  "logs:CreateLogStream",
  "logs:PutLogEvents",
  "sns:Publish",
];

/** The directory of the function's code in this repository. */
const SOURCE_DIRECTORY = path.join("functions", "containment");
/** The files of the package: the handler only (the AWS SDK comes with the runtime). */
const SOURCE_FILES = ["index.js"];

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
function packageFile(zip: Buffer, fileName: string): string {
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
  /** Concurrent executions reserved, and at most allowed, 1 to 10. @default 2 */
  readonly reservedConcurrency?: number;
  /** The findings that trigger containment; leaving one out is a weakening. @default CONTAINMENT_TRIGGERS */
  readonly triggers?: readonly ContainmentTrigger[];
}

/**
 * The automated containment function (OPS-03, IR-02a, IR-02d, JIT-04): the handler in `functions/containment`,
 * packaged deterministically, invoked by EventBridge on high-confidence findings. It moves the network interfaces of
 * an instance of the environment's VPC to the quarantine security group, tags it and snapshots its volumes as
 * evidence, logging every action as a JSON line to its own KMS-encrypted log group. Its role may do exactly that
 * ({@link CONTAINMENT_ACTIONS}): attach only the quarantine group, only to interfaces of the VPC, create snapshots
 * only tagged as evidence. Reserved concurrency bounds it; environment variables are encrypted with the key; an
 * invocation that still fails after two retries is sent to the failure topic.
 */
export class ContainmentFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly logGroup: EncryptedLogGroup;
  /** The trigger rules, by trigger ID. */
  readonly rules: ReadonlyMap<string, CloudwatchEventRule>;

  constructor(scope: Construct, id: string, props: ContainmentFunctionProps) {
    super(scope, id);
    const { accountId, region, kmsKeyArn } = props;
    const reservedConcurrency = props.reservedConcurrency ?? 2;
    if (!Number.isInteger(reservedConcurrency) || reservedConcurrency < 1 || reservedConcurrency > 10) {
      throw new Error(`ContainmentFunction "${props.functionName}": reservedConcurrency must be a whole number from 1 to 10, got ${reservedConcurrency}.`);
    }
    const triggers = props.triggers ?? CONTAINMENT_TRIGGERS;
    if (triggers.length === 0) throw new Error(`ContainmentFunction "${props.functionName}": triggers must name at least one finding pattern.`);

    this.logGroup = new EncryptedLogGroup(this, "logs", { name: props.logGroupName, kmsKeyArn, retentionInDays: props.logRetentionInDays });
    const groupArn = this.logGroup.logGroup.arn;
    const ec2 = (type: string, name = "*") => `arn:aws:ec2:${region}:${accountId}:${type}/${name}`;
    const vpcArn = ec2("vpc", props.vpcId);

    this.role = new IamRole(this, "role", {
      name: props.functionName,
      description: "Automated containment: quarantines instances of the environment's VPC and snapshots their volumes as evidence",
      assumeRolePolicy: serviceTrustPolicy("lambda.amazonaws.com", accountId),
    });
    const statements: PolicyStatement[] = [
      { Sid: "ReadInstances", Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*" },
      {
        Sid: "MoveInterfacesOfTheVpc",
        Effect: "Allow",
        Action: "ec2:ModifyNetworkInterfaceAttribute",
        Resource: ec2("network-interface"),
        Condition: { ArnEquals: { "ec2:Vpc": vpcArn } },
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
      description: "Contains high-severity findings: quarantines EC2 instances and snapshots their volumes (OPS-03, IR-02a)",
      role: this.role.arn,
      runtime: "nodejs20.x",
      handler: "index.handler",
      architectures: ["arm64"],
      filename: asset.path,
      sourceCodeHash: createHash("sha256").update(zip).digest("base64"),
      memorySize: 256,
      timeout: 60,
      reservedConcurrentExecutions: reservedConcurrency,
      kmsKeyArn,
      environment: {
        variables: { ENVIRONMENT: props.environment, QUARANTINE_SECURITY_GROUP_ID: props.quarantineGroupId, VPC_ID: props.vpcId },
      },
      loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.logGroup.name, applicationLogLevel: "INFO", systemLogLevel: "WARN" },
      dependsOn: [policy],
    });
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
