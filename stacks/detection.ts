/**
 * Detection, logging and response of one environment (LOG-01, LOG-03, LOG-04, IR-02d, PUB-07, HOST-03, CV-02, TI-01,
 * OPS-02, TS-04): the tamper-evident log archive, the audit trail, GuardDuty, Security Hub, Inspector, AWS Config
 * with the baseline conformance pack, the CloudTrail alarms and the routing of high-severity findings to the
 * environment's security alerts topic.
 */
import { AccessAnalyzers } from "../constructs/access-analyzers";
import { cloudTrailArn, AuditTrail } from "../constructs/audit-trail";
import { ConfigRecorder } from "../constructs/config-recorder";
import { ConfigManagedRule, ConformancePack, MCP_BASELINE_CONFIG_RULES } from "../constructs/conformance-pack";
import { FindingAlerts } from "../constructs/finding-alerts";
import { GuardAnomalyAlarms } from "../constructs/guard-anomaly-alarms";
import { GuardDutyDetector } from "../constructs/guardduty-detector";
import { InspectorScanning } from "../constructs/inspector-scanning";
import { LOG_ARCHIVE_PREFIXES, LogArchiveBucket } from "../constructs/log-archive-bucket";
import { SecurityAlarms } from "../constructs/security-alarms";
import { SecurityHub } from "../constructs/security-hub";
import { ServerAccessLogBucket } from "../constructs/server-access-log-bucket";
import { WafBlockAlarms } from "../constructs/waf-block-alarms";
import { EnvironmentConfig } from "../environments/schema";
import type { McpEnvironmentStack } from "./environment-stack";

/** The name of an environment's audit trail: `mcp-<env>-audit`. */
export function auditTrailName(environment: EnvironmentConfig): string {
  return `mcp-${environment.name}-audit`;
}

/** The ARN of an environment's audit trail, which the environment key's policy names before the trail exists. */
export function auditTrailArn(environment: EnvironmentConfig): string {
  return cloudTrailArn(environment.region, environment.accountId, auditTrailName(environment));
}

/** The name of an environment's log archive bucket: `mcp-<env>-log-archive-<account>`. */
export function logArchiveBucketName(environment: EnvironmentConfig): string {
  return `mcp-${environment.name}-log-archive-${environment.accountId}`;
}

/** What detection uses from other parts of the stack. */
export interface DetectionDependencies {
  /** The web application firewall's log group, for the per-server block alarms. */
  readonly wafLogGroupName: string;
}

/** What {@link addDetection} created. */
export interface Detection {
  readonly archive: LogArchiveBucket;
  readonly trail: AuditTrail;
  readonly guardDuty: GuardDutyDetector;
  readonly alarms: SecurityAlarms;
  readonly findingAlerts: FindingAlerts;
  /** The external and unused access analyzers and their findings route (OPS-04). */
  readonly accessAnalyzers: AccessAnalyzers;
  /** The per-server WAF block alarms; undefined when the environment hosts no MCP server. */
  readonly wafBlockAlarms: WafBlockAlarms | undefined;
  /** The behavioural baselines of every MCP server and approved tool on the guard's metrics (TOOL-09, CV-02). */
  readonly guardBaselines: GuardAnomalyAlarms;
}

/**
 * Adds detection, logging and response to an environment's stack:
 * - log archive `mcp-<env>-log-archive-<account>`: Object Lock in compliance mode for `logging.archiveRetentionDays`,
 *   SSE-KMS with the environment key, versioned, TLS only, reachable only from the account (or `logging.organizationId`),
 *   configuration changes only by the deploy role, server access logs to `mcp-<env>-s3-access-logs-<account>`;
 * - trail `mcp-<env>-audit`: every region, management events read and write, reads and deletions of archived objects,
 *   validated and encrypted, to the archive and to `/mcp/<env>/cloudtrail`;
 * - GuardDuty with every protection plan, findings exported to the archive; Security Hub with AWS Foundational
 *   Security Best Practices and CIS AWS Foundations; Inspector for EC2, ECR and Lambda;
 * - AWS Config recording everything to the archive, and the `mcp-<env>-baseline` conformance pack;
 * - the CloudTrail alarms, a WAF block alarm per MCP server and the finding routes, all to the environment's security
 *   alerts topic;
 * - IAM Access Analyzer for external access and for access unused 90 days, every active finding to that topic (OPS-04);
 * - anomaly-detection alarms on the guard's metrics per MCP server and per approved tool (TOOL-09, CV-02), to that topic.
 */
export function addDetection(stack: McpEnvironmentStack, environment: EnvironmentConfig, deps: DetectionDependencies): Detection {
  const { accountId, region, logging, security } = environment;
  const name = `mcp-${environment.name}`;
  const kmsKeyArn = stack.key.arn;
  const archiveName = logArchiveBucketName(environment);
  const trailArn = auditTrailArn(environment);

  const accessLogs = new ServerAccessLogBucket(stack, "s3-access-logs", {
    bucketName: `${name}-s3-access-logs-${accountId}`,
    accountId,
    sourceBucketArns: [`arn:aws:s3:::${archiveName}`],
    retentionInDays: security.logRetentionDays,
  });
  const archive = new LogArchiveBucket(stack, "log-archive", {
    bucketName: archiveName,
    accountId,
    kmsKeyArn,
    retentionDays: logging.archiveRetentionDays,
    accessLogBucketName: accessLogs.bucket.bucket,
    administratorArns: [`arn:aws:iam::${accountId}:role/${environment.deployRoleName}`],
    organizationId: logging.organizationId,
    cloudTrailArns: [trailArn],
    configDelivery: true,
    guardDutyFindingsExport: true,
  });

  const trail = new AuditTrail(stack, "audit-trail", {
    name: auditTrailName(environment),
    accountId,
    region,
    bucketName: archive.bucket.bucket,
    s3KeyPrefix: LOG_ARCHIVE_PREFIXES.cloudTrail,
    kmsKeyArn,
    logGroupName: `/mcp/${environment.name}/cloudtrail`,
    logRetentionInDays: security.logRetentionDays,
    roleName: `${name}-cloudtrail-logs`,
    auditedBucketArns: [archive.bucket.arn],
    dependsOn: [archive.policy],
  });

  const guardDuty = new GuardDutyDetector(stack, "guardduty", {
    findingsExport: { bucketArn: archive.bucket.arn, prefix: LOG_ARCHIVE_PREFIXES.guardDuty, kmsKeyArn, dependsOn: [archive.policy] },
  });
  new SecurityHub(stack, "security-hub", { region });
  new InspectorScanning(stack, "inspector", { accountId });

  const config = new ConfigRecorder(stack, "config", {
    name,
    roleName: `${name}-config-recorder`,
    accountId,
    bucketName: archive.bucket.bucket,
    s3KeyPrefix: LOG_ARCHIVE_PREFIXES.config,
    kmsKeyArn,
    dependsOn: [archive.policy],
  });
  const parameters: Readonly<Record<string, Readonly<Record<string, string>>>> = {
    INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY: { AuthorizedVpcIds: stack.network.vpc.id },
    NO_UNRESTRICTED_ROUTE_TO_IGW: { routeTableIds: stack.network.routeTables.edge.map((table) => table.id).join(",") },
  };
  const rules: ConfigManagedRule[] = MCP_BASELINE_CONFIG_RULES.map((rule) =>
    parameters[rule.identifier] === undefined ? rule : { ...rule, parameters: parameters[rule.identifier] }
  );
  new ConformancePack(stack, "conformance-pack", { name: `${name}-baseline`, rules, dependsOn: [config.status] });

  const alarms = new SecurityAlarms(stack, "security-alarms", {
    namePrefix: name,
    logGroupName: trail.logGroup.logGroup.name,
    alarmTopicArns: [stack.alerts.arn],
  });
  const findingAlerts = new FindingAlerts(stack, "finding-alerts", { namePrefix: name, topicArn: stack.alerts.arn, accountId, region });
  stack.alerts.allowEventRules(findingAlerts.ruleArns);
  const accessAnalyzers = new AccessAnalyzers(stack, "access-analyzers", { namePrefix: name, accountId, region, topicArn: stack.alerts.arn });
  stack.alerts.allowEventRules(accessAnalyzers.ruleArns);
  const wafBlockAlarms =
    environment.mcpServers.length === 0
      ? undefined
      : new WafBlockAlarms(stack, "waf-block-alarms", {
          namePrefix: name,
          logGroupName: deps.wafLogGroupName,
          paths: environment.mcpServers.map((server) => ({ id: server.name, path: `${environment.edge.mcpPathPrefix}/${server.name}` })),
          alarmTopicArns: [stack.alerts.arn],
        });

  const guardBaselines = new GuardAnomalyAlarms(stack, "guard-baselines", {
    namePrefix: name,
    environment: environment.name,
    servers: environment.mcpServers.map((server) => ({ name: server.name, tools: server.tools.map((tool) => tool.name) })),
    alarmTopicArns: [stack.alerts.arn],
  });

  return { archive, trail, guardDuty, alarms, findingAlerts, accessAnalyzers, wafBlockAlarms, guardBaselines };
}
