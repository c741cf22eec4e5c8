/**
 * Log shipping and automated response of one environment (LOG-02, TS-04, DLP-03, OPS-03, IR-02a, IR-02d, JIT-04):
 * the SIEM delivery stream every log group of the stack is subscribed to, the container log group, the large-response
 * alarms over the gateway's access log, the quarantine security group and the containment function.
 */
import { ContainmentFunction } from "../constructs/containment-function";
import { EncryptedLogGroup } from "../constructs/encrypted-log-group";
import { LargeResponseAlarms } from "../constructs/large-response-alarms";
import { LOG_ARCHIVE_PREFIXES } from "../constructs/log-archive-bucket";
import { LogGroupSubscriptions } from "../constructs/log-group-subscriptions";
import { McpCorrelationAlarms } from "../constructs/mcp-correlation";
import { mcpCorrelations } from "../baselines/mcp-correlations";
import { QuarantineSecurityGroup } from "../constructs/quarantine-security-group";
import { SiemDeliveryStream } from "../constructs/siem-delivery-stream";
import { EnvironmentConfig } from "../environments/schema";
import type { McpEnvironmentStack } from "./environment-stack";
import { containerLogGroupName } from "./observability";

/** The Kubernetes namespace of the MCP gateway (agentgateway), whose access log lines the large-response alarms read. */
export const GATEWAY_NAMESPACE = "mcp-gateway";

/** What response uses from other parts of the stack. */
export interface ResponseDependencies {
  /** ARN of the log archive bucket, where the delivery stream backs up every record. */
  readonly archiveBucketArn: string;
}

/** What {@link addResponse} created. */
export interface Response {
  /** `/mcp/<env>/containers`: container logs shipped by Fluent Bit, the gateway's access log among them. */
  readonly containerLogs: EncryptedLogGroup;
  readonly siem: SiemDeliveryStream;
  readonly subscriptions: LogGroupSubscriptions;
  readonly largeResponses: LargeResponseAlarms;
  /** The guard's cross-server correlations: alarms and saved Logs Insights queries. */
  readonly correlations: McpCorrelationAlarms;
  readonly quarantine: QuarantineSecurityGroup;
  readonly containment: ContainmentFunction;
}

/**
 * Adds log shipping and automated response to an environment's stack:
 * - delivery stream `mcp-<env>-siem` to `logging.siem` (HTTPS, access key from Secrets Manager), encrypted with the
 *   environment key, every record also archived under `firehose/` in the log archive, errors to
 *   `/mcp/<env>/siem-delivery-errors`, and alarms when delivery keeps failing;
 * - a subscription filter `mcp-<env>-to-siem` on every log group of the stack, found at synthesis (also those other
 *   parts add later), except the stream's own error log group;
 * - the container log group `/mcp/<env>/containers`, and an alarm per MCP server when the gateway returns a response
 *   larger than `logging.largeResponseBytes`;
 * - the correlations of the guard's audit lines across servers (TOOL-12, TS-04, LOG-03): alarms on authentication
 *   failure bursts, revoked sessions, tool changes followed by calls, DLP hits followed by large responses and denial
 *   bursts on several servers, and a saved Logs Insights query `mcp-<env>/correlation/<id>` per correlation;
 * - the quarantine security group `mcp-<env>-quarantine` (no rules) and the containment function
 *   `mcp-<env>-containment`, triggered by high-severity GuardDuty and Security Hub findings, reporting failures to the
 *   security alerts topic; it runs in the MCP tier's subnets, reaches the interface endpoints and the cluster API, and
 *   scales an affected MCP server to zero through its access entry (Kubernetes group `mcp:containment`).
 */
export function addResponse(stack: McpEnvironmentStack, environment: EnvironmentConfig, deps: ResponseDependencies): Response {
  const { accountId, region, logging, security } = environment;
  const name = `mcp-${environment.name}`;
  const kmsKeyArn = stack.key.arn;
  const alarmTopicArns = [stack.alerts.arn];

  const siem = new SiemDeliveryStream(stack, "siem", {
    name: `${name}-siem`,
    roleName: `${name}-siem-delivery`,
    accountId,
    region,
    endpoint: { name: logging.siem.name, url: logging.siem.endpointUrl, accessKeySecretArn: logging.siem.accessKeySecretArn },
    kmsKeyArn,
    backup: { bucketArn: deps.archiveBucketArn, prefix: LOG_ARCHIVE_PREFIXES.firehose },
    errorLogGroupName: `/mcp/${environment.name}/siem-delivery-errors`,
    logRetentionInDays: security.logRetentionDays,
    alarmTopicArns,
    commonAttributes: { environment: environment.name },
  });
  const subscriptions = new LogGroupSubscriptions(stack, "log-subscriptions", {
    filterName: `${name}-to-siem`,
    roleName: `${name}-logs-to-siem`,
    accountId,
    region,
    destinationArn: siem.arn,
    exclude: [siem.errorLogGroup.logGroup],
  });

  const containerLogs = new EncryptedLogGroup(stack, "container-logs", {
    name: containerLogGroupName(environment),
    kmsKeyArn,
    retentionInDays: security.logRetentionDays,
  });
  const largeResponses = new LargeResponseAlarms(stack, "large-responses", {
    namePrefix: name,
    logGroupName: containerLogs.logGroup.name,
    thresholdBytes: logging.largeResponseBytes,
    servers: environment.mcpServers.map((server) => server.name),
    alarmTopicArns,
    gatewayNamespace: GATEWAY_NAMESPACE,
  });

  const correlations = new McpCorrelationAlarms(stack, "correlations", {
    namePrefix: name,
    logGroupName: containerLogs.logGroup.name,
    servers: environment.mcpServers.map((server) => server.name),
    guardNamespace: GATEWAY_NAMESPACE,
    largeResponseAlarms: new Map([...largeResponses.alarms].map(([server, alarm]) => [server, alarm.alarmName])),
    correlations: mcpCorrelations(logging.largeResponseBytes),
    alarmTopicArns,
  });

  const quarantine = new QuarantineSecurityGroup(stack, "quarantine", { name: `${name}-quarantine`, vpcId: stack.network.vpc.id });
  const containment = new ContainmentFunction(stack, "containment", {
    functionName: `${name}-containment`,
    namePrefix: name,
    environment: environment.name,
    accountId,
    region,
    vpcId: stack.network.vpc.id,
    network: {
      subnetIds: stack.network.subnetIds("mcp"),
      apiSecurityGroupIds: [stack.securityGroups.endpoints.id, stack.cluster.securityGroup.id],
      tier: "mcp",
    },
    cluster: {
      name: stack.cluster.cluster.name,
      endpoint: stack.cluster.cluster.endpoint,
      certificateAuthority: stack.cluster.cluster.certificateAuthority.get(0).data,
    },
    quarantineGroupId: quarantine.id,
    kmsKeyArn,
    logGroupName: `/mcp/${environment.name}/containment`,
    logRetentionInDays: security.logRetentionDays,
    onFailureTopicArn: stack.alerts.arn,
  });

  return { containerLogs, siem, subscriptions, largeResponses, correlations, quarantine, containment };
}
