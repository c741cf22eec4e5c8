import { Construct } from "constructs";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { GATEWAY_ACCESS_LOG_FIELDS } from "../baselines/gateway-access-log";

/** Properties of a {@link LargeResponseAlarms}. */
export interface LargeResponseAlarmsProps {
  /** Prefix of every filter and alarm name, e.g. `mcp-prod`. */
  readonly namePrefix: string;
  /** The log group the gateway's access log lines land in. */
  readonly logGroupName: string;
  /** A response larger than this many bytes counts. */
  readonly thresholdBytes: number;
  /** The MCP servers, each with its own alarm; with none, one alarm covers every response of the gateway. */
  readonly servers: readonly string[];
  /** SNS topics notified when an alarm fires and when it clears (encrypted, e.g. the security alerts topic). */
  readonly alarmTopicArns: readonly string[];
  /** Kubernetes namespace of the gateway, as Fluent Bit records it (`kubernetes.namespace_name`); set, only its lines count. @default every line */
  readonly gatewayNamespace?: string;
  /** Namespace of the metrics. @default "mcp-hardening/Gateway" */
  readonly metricNamespace?: string;
}

/**
 * Unusually large responses raise an alarm (DLP-03, LOG-03): a metric filter per MCP server counts the gateway's
 * responses above the threshold (from the fields of {@link GATEWAY_ACCESS_LOG_FIELDS}) and an alarm per server fires
 * on the first one in five minutes, notifying the alert topics on ALARM and OK.
 */
export class LargeResponseAlarms extends Construct {
  /** The alarms, by server name (`*` for the gateway-wide alarm of an environment without servers). */
  readonly alarms: ReadonlyMap<string, CloudwatchMetricAlarm>;

  constructor(scope: Construct, id: string, props: LargeResponseAlarmsProps) {
    super(scope, id);
    const namespace = props.metricNamespace ?? "mcp-hardening/Gateway";
    const topics = [...props.alarmTopicArns];
    if (topics.length === 0) throw new Error(`LargeResponseAlarms "${props.namePrefix}": alarmTopicArns must name at least one topic.`);
    if (!Number.isInteger(props.thresholdBytes) || props.thresholdBytes < 1) {
      throw new Error(`LargeResponseAlarms "${props.namePrefix}": thresholdBytes must be a positive whole number, got ${props.thresholdBytes}.`);
    }
    const { responseBytes, server: serverField } = GATEWAY_ACCESS_LOG_FIELDS;
    const conditions = (server: string | undefined): string =>
      [
        ...(props.gatewayNamespace === undefined ? [] : [`($.kubernetes.namespace_name = "${props.gatewayNamespace}")`]),
        `($.${responseBytes} > ${props.thresholdBytes})`,
        ...(server === undefined ? [] : [`($.${serverField} = "${server}")`]),
      ].join(" && ");
    const targets: readonly (string | undefined)[] = props.servers.length === 0 ? [undefined] : props.servers;
    const alarms = new Map<string, CloudwatchMetricAlarm>();
    for (const server of targets) {
      const suffix = server === undefined ? "large-responses" : `large-responses-${server}`;
      new CloudwatchLogMetricFilter(this, `${suffix}-filter`, {
        name: `${props.namePrefix}-${suffix}`,
        logGroupName: props.logGroupName,
        pattern: `{ ${conditions(server)} }`,
        metricTransformation: { name: suffix, namespace, value: "1", defaultValue: "0", unit: "Count" },
      });
      alarms.set(
        server ?? "*",
        new CloudwatchMetricAlarm(this, suffix, {
          alarmName: `${props.namePrefix}-${suffix}`,
          alarmDescription: `${server === undefined ? "The gateway" : `MCP server ${server}`} returned a response larger than ${props.thresholdBytes} bytes: possible data exfiltration (DLP-03). Find the request in ${props.logGroupName} by ${responseBytes}.`,
          namespace,
          metricName: suffix,
          statistic: "Sum",
          period: 300,
          evaluationPeriods: 1,
          datapointsToAlarm: 1,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          threshold: 1,
          treatMissingData: "notBreaching",
          alarmActions: topics,
          okActions: topics,
        })
      );
    }
    this.alarms = alarms;
  }
}
