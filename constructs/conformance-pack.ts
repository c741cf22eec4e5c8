import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { ConfigConformancePack } from "@cdktf/provider-aws/lib/config-conformance-pack";
import { stringify } from "yaml";

/** One AWS managed Config rule of a conformance pack. */
export interface ConfigManagedRule {
  /** The managed rule's identifier, e.g. `VPC_DEFAULT_SECURITY_GROUP_CLOSED`. */
  readonly identifier: string;
  /** What drift it detects, at most 256 characters. */
  readonly description: string;
  /** The rule's input parameters. @default none */
  readonly parameters?: Readonly<Record<string, string>>;
}

/**
 * The baseline AWS Config evaluates continuously (OPS-02): the rules of the AWS Landing Zone Accelerator baseline, the
 * drift checks named by OPS-02, and one check for each detective control this blueprint deploys, so turning one of
 * them off is itself detected.
 */
export const MCP_BASELINE_CONFIG_RULES: readonly ConfigManagedRule[] = [
  { identifier: "CLOUDTRAIL_SECURITY_TRAIL_ENABLED", description: "A trail records management events read and write, with validation and encryption." },
  { identifier: "CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED", description: "Trails deliver to CloudWatch Logs, where the security alarms read them." },
  { identifier: "CLOUD_TRAIL_ENCRYPTION_ENABLED", description: "Trails encrypt log files with a KMS key." },
  { identifier: "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED", description: "Trails write signed digest files, so tampering with log files is detectable." },
  { identifier: "MULTI_REGION_CLOUD_TRAIL_ENABLED", description: "A trail covers every region." },
  { identifier: "CLOUDWATCH_LOG_GROUP_ENCRYPTED", description: "Every log group is encrypted with a KMS key." },
  { identifier: "CMK_BACKING_KEY_ROTATION_ENABLED", description: "Customer-managed KMS keys rotate their key material." },
  { identifier: "GUARDDUTY_ENABLED_CENTRALIZED", description: "GuardDuty is enabled." },
  { identifier: "SECURITYHUB_ENABLED", description: "Security Hub is enabled." },
  { identifier: "VPC_FLOW_LOGS_ENABLED", description: "Every VPC has flow logs." },
  { identifier: "VPC_DEFAULT_SECURITY_GROUP_CLOSED", description: "Default security groups allow no traffic." },
  { identifier: "INCOMING_SSH_DISABLED", description: "No security group admits SSH from anywhere." },
  { identifier: "NO_UNRESTRICTED_ROUTE_TO_IGW", description: "Only the edge tier's route tables route 0.0.0.0/0 to an internet gateway." },
  { identifier: "INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY", description: "Internet gateways are attached only to the environment's VPC." },
  { identifier: "INSTANCES_IN_VPC", description: "EC2 instances run in a VPC." },
  { identifier: "EC2_IMDSV2_CHECK", description: "EC2 instances require IMDSv2." },
  { identifier: "EC2_INSTANCE_PROFILE_ATTACHED", description: "EC2 instances have an instance profile, not long-lived keys." },
  { identifier: "EC2_INSTANCE_DETAILED_MONITORING_ENABLED", description: "EC2 instances have detailed monitoring." },
  { identifier: "EBS_IN_BACKUP_PLAN", description: "EBS volumes are in a backup plan." },
  { identifier: "EKS_ENDPOINT_NO_PUBLIC_ACCESS", description: "EKS API endpoints are private." },
  { identifier: "ELB_LOGGING_ENABLED", description: "Load balancers write access logs." },
  { identifier: "SECRETSMANAGER_ROTATION_ENABLED_CHECK", description: "Secrets rotate automatically." },
  { identifier: "SECRETSMANAGER_USING_CMK", description: "Secrets are encrypted with a customer-managed KMS key." },
];

/** The CloudFormation logical ID of a rule: its identifier in PascalCase (`VpcFlowLogsEnabled`). */
export function configRuleLogicalId(identifier: string): string {
  return identifier
    .toLowerCase()
    .split("_")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}

/** The Config rule name of a managed rule: its identifier in lower case with hyphens (`vpc-flow-logs-enabled`). */
export function configRuleName(identifier: string): string {
  return identifier.toLowerCase().replace(/_/g, "-");
}

/** The conformance pack template (CloudFormation YAML) that deploys the given managed rules, in the given order. */
export function conformancePackTemplate(rules: readonly ConfigManagedRule[]): string {
  const resources = Object.fromEntries(
    rules.map((rule) => [
      configRuleLogicalId(rule.identifier),
      {
        Type: "AWS::Config::ConfigRule",
        Properties: {
          ConfigRuleName: configRuleName(rule.identifier),
          Description: rule.description,
          Source: { Owner: "AWS", SourceIdentifier: rule.identifier },
          ...(rule.parameters === undefined ? {} : { InputParameters: { ...rule.parameters } }),
        },
      },
    ])
  );
  return stringify({ Resources: resources }, { lineWidth: 0 });
}

/** Properties of a {@link ConformancePack}. */
export interface ConformancePackProps {
  /** Conformance pack name. */
  readonly name: string;
  /** The managed rules; leaving baseline rules out is a weakening. @default MCP_BASELINE_CONFIG_RULES */
  readonly rules?: readonly ConfigManagedRule[];
  /** Resources the pack waits for: the enabled configuration recorder. */
  readonly dependsOn: ITerraformDependable[];
}

/**
 * An AWS Config conformance pack of AWS managed rules (OPS-02): AWS Config evaluates every recorded change against
 * the baseline, and non-compliant resources appear in AWS Config and Security Hub as drift from the baseline.
 */
export class ConformancePack extends Construct {
  /** The conformance pack. */
  readonly pack: ConfigConformancePack;

  constructor(scope: Construct, id: string, props: ConformancePackProps) {
    super(scope, id);
    const rules = props.rules ?? MCP_BASELINE_CONFIG_RULES;
    if (rules.length === 0) throw new Error(`ConformancePack "${props.name}" needs at least one rule.`);
    const seen = new Set<string>();
    for (const rule of rules) {
      if (!/^[A-Z0-9_]+$/.test(rule.identifier)) {
        throw new Error(`ConformancePack "${props.name}": "${rule.identifier}" is not a managed rule identifier (upper-case letters, digits and underscores).`);
      }
      if (seen.has(rule.identifier)) throw new Error(`ConformancePack "${props.name}" lists ${rule.identifier} twice.`);
      if (rule.description.length > 256) throw new Error(`ConformancePack "${props.name}": the description of ${rule.identifier} is longer than 256 characters.`);
      seen.add(rule.identifier);
    }
    this.pack = new ConfigConformancePack(this, "pack", {
      name: props.name,
      templateBody: conformancePackTemplate(rules),
      dependsOn: props.dependsOn,
    });
  }
}
