/**
 * The AWS side of the cluster's observability agents (LOG-02, GW-04, HOST-01): what the agents of
 * stacks/observability.ts write to and as whom.
 * - Fluent Bit's Pod Identity role `mcp-<env>-fluent-bit`: create streams in and put events to
 *   `/mcp/<env>/containers` only (that log group is the log pipeline's, handed in by the stack);
 * - the collector's role `mcp-<env>-otel-collector`: send segments and telemetry to X-Ray (which has no
 *   resource-level permissions for them) and write to `/mcp/<env>/traces` and `/mcp/<env>/guard-metrics` only
 *   (create streams, put events: all the `awscloudwatchlogs` and `awsemf` exporters call on an existing group; EMF
 *   records become CloudWatch metrics without `cloudwatch:PutMetricData`); those log groups, KMS-encrypted with
 *   explicit retention; an X-Ray interface endpoint, so traces leave the VPC through no firewall and no internet;
 * - `mcp-<env>-falco-critical`: an alarm on any Falco event of priority Critical or above in the container logs, to
 *   the environment's security alerts topic.
 * The guard's tool-change events (TOOL-08) are alarmed per server by the correlation alarms (`guard-tool-changed-<server>`,
 * constructs/mcp-correlation.ts).
 */
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { EncryptedLogGroup } from "../constructs/encrypted-log-group";
import { LogEventAlarm } from "../constructs/log-event-alarm";
import { PodIdentityRole } from "../constructs/pod-identity-role";
import { thisAccountOnly } from "../constructs/vpc-endpoints";
import { policyDocument } from "../constructs/policy-document";
import { EnvironmentConfig } from "../environments/schema";
import type { McpEnvironmentStack } from "./environment-stack";
import { AGENTS, containerLogGroupName, FALCO_NAMESPACE, guardMetricsLogGroupName, OBSERVABILITY_NAMESPACE, traceLogGroupName } from "./observability";

/** The CloudWatch Logs pattern of Falco alerts of priority Critical, Alert or Emergency in the container logs. */
export const FALCO_CRITICAL_PATTERN = `{ ($.kubernetes.namespace_name = "${FALCO_NAMESPACE}") && (($.priority = "Critical") || ($.priority = "Alert") || ($.priority = "Emergency")) }`;

/** What the agents' AWS side uses from other parts of the stack. */
export interface ObservabilityDependencies {
  /** `/mcp/<env>/containers`, the log pipeline's group Fluent Bit writes to and the Falco alarm reads. */
  readonly containerLogs: EncryptedLogGroup;
}

/** What {@link addObservabilityIdentities} created. */
export interface ObservabilityAws {
  readonly fluentBitRole: PodIdentityRole;
  readonly collectorRole: PodIdentityRole;
  readonly traceLogs: EncryptedLogGroup;
  readonly guardMetricsLogs: EncryptedLogGroup;
  readonly xrayEndpoint: VpcEndpoint;
  readonly falcoAlarm: LogEventAlarm;
}

/** The ARN of a log group by name, and of its streams. */
function logGroupArns(environment: EnvironmentConfig, name: string): string[] {
  const group = `arn:aws:logs:${environment.region}:${environment.accountId}:log-group:${name}`;
  return [group, `${group}:log-stream:*`];
}

/** Adds the agents' identities, the traces log group, the X-Ray endpoint and the Falco alarm to an environment's stack. */
export function addObservabilityIdentities(stack: McpEnvironmentStack, environment: EnvironmentConfig, deps: ObservabilityDependencies): ObservabilityAws {
  const { accountId, region } = environment;
  const name = `mcp-${environment.name}`;
  const cluster = { accountId, region, clusterName: stack.cluster.name, clusterArn: stack.cluster.arn };

  const fluentBitRole = new PodIdentityRole(stack, "fluent-bit-identity", {
    ...cluster,
    roleName: `${name}-${AGENTS.fluentBit}`,
    namespace: OBSERVABILITY_NAMESPACE,
    serviceAccount: AGENTS.fluentBit,
    policyName: "write-container-logs",
    statements: [
      { Sid: "WriteContainerLogGroupOnly", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: logGroupArns(environment, containerLogGroupName(environment)) },
    ],
  });

  const traceLogs = new EncryptedLogGroup(stack, "trace-logs", {
    name: traceLogGroupName(environment),
    kmsKeyArn: stack.key.arn,
    retentionInDays: environment.security.logRetentionDays,
  });
  const guardMetricsLogs = new EncryptedLogGroup(stack, "guard-metrics-logs", {
    name: guardMetricsLogGroupName(environment),
    kmsKeyArn: stack.key.arn,
    retentionInDays: environment.security.logRetentionDays,
  });
  const collectorRole = new PodIdentityRole(stack, "otel-collector-identity", {
    ...cluster,
    roleName: `${name}-${AGENTS.otelCollector}`,
    namespace: OBSERVABILITY_NAMESPACE,
    serviceAccount: AGENTS.otelCollector,
    policyName: "export-traces",
    statements: [
      { Sid: "SendTracesToXRay", Effect: "Allow", Action: ["xray:PutTelemetryRecords", "xray:PutTraceSegments"], Resource: "*" },
      { Sid: "WriteTraceLogGroupOnly", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: logGroupArns(environment, traceLogGroupName(environment)) },
      { Sid: "WriteGuardMetricsLogGroupOnly", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: logGroupArns(environment, guardMetricsLogGroupName(environment)) },
    ],
  });

  const xrayEndpoint = new VpcEndpoint(stack, "xray-endpoint", {
    vpcId: stack.network.vpc.id,
    serviceName: `com.amazonaws.${region}.xray`,
    vpcEndpointType: "Interface",
    privateDnsEnabled: true,
    subnetIds: stack.network.subnetIds("data"),
    securityGroupIds: [stack.securityGroups.endpoints.id],
    policy: policyDocument([thisAccountOnly(accountId)]),
    tags: { Name: "xray-endpoint" },
  });

  const falcoAlarm = new LogEventAlarm(stack, "falco-critical-alarm", {
    name: `${name}-falco-critical`,
    description: "Falco reported a Critical (or higher) event: a shell, credential read, undeclared connection or memory injection in an MCP server, or an unexpected process in the gateway. Follow the server compromise runbook.",
    logGroupName: containerLogGroupName(environment),
    pattern: FALCO_CRITICAL_PATTERN,
    alarmTopicArns: [stack.alerts.arn],
  });
  falcoAlarm.filter.dependsOn = [deps.containerLogs.logGroup.fqn];

  return { fluentBitRole, collectorRole, traceLogs, guardMetricsLogs, xrayEndpoint, falcoAlarm };
}
