import { Construct } from "constructs";
import { CloudwatchCompositeAlarm } from "@cdktf/provider-aws/lib/cloudwatch-composite-alarm";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";

/** One alarm on a CloudTrail metric filter: the events it counts and how many in five minutes raise it. */
export interface CloudTrailAlarm {
  /** Kebab-case ID; names the filter, the metric and the alarm. */
  readonly id: string;
  /** What the alarm means, for whoever is paged. */
  readonly description: string;
  /** CloudWatch Logs filter pattern over CloudTrail's JSON events. */
  readonly pattern: string;
  /** Matching events in five minutes that raise the alarm. */
  readonly threshold: number;
}

const anyEvent = (...names: string[]): string => names.map((name) => `($.eventName = ${name})`).join(" || ");

/**
 * The alarms over the audit trail (LOG-03), after the CIS AWS Foundations Benchmark's monitoring section, plus AWS
 * Config and the two halves of the authentication-burst correlation.
 */
export const CLOUDTRAIL_ALARMS: readonly CloudTrailAlarm[] = [
  {
    id: "unauthorized-api-calls",
    description: "API calls were refused for missing permissions: probing, or a compromised credential testing its reach.",
    pattern: '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
    threshold: 5,
  },
  {
    id: "console-sign-in-without-mfa",
    description: "An IAM user signed in to the console without MFA.",
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    threshold: 1,
  },
  {
    id: "root-account-usage",
    description: "The account's root user made a call: it should never be used day to day.",
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    threshold: 1,
  },
  {
    id: "iam-policy-changes",
    description: "An IAM policy was created, changed, attached or detached.",
    pattern: `{ ($.eventSource = iam.amazonaws.com) && (${anyEvent(
      "DeleteGroupPolicy",
      "DeleteRolePolicy",
      "DeleteUserPolicy",
      "PutGroupPolicy",
      "PutRolePolicy",
      "PutUserPolicy",
      "CreatePolicy",
      "DeletePolicy",
      "CreatePolicyVersion",
      "DeletePolicyVersion",
      "SetDefaultPolicyVersion",
      "AttachRolePolicy",
      "DetachRolePolicy",
      "AttachUserPolicy",
      "DetachUserPolicy",
      "AttachGroupPolicy",
      "DetachGroupPolicy",
      "UpdateAssumeRolePolicy"
    )}) }`,
    threshold: 1,
  },
  {
    id: "cloudtrail-configuration-changes",
    description: "A trail was created, changed, stopped or deleted: audit records may be at risk.",
    pattern: `{ ${anyEvent("CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging", "PutEventSelectors")} }`,
    threshold: 1,
  },
  {
    id: "kms-key-disabled-or-scheduled-for-deletion",
    description: "A KMS key was disabled or scheduled for deletion: everything it encrypts would become unreadable.",
    pattern: `{ ($.eventSource = kms.amazonaws.com) && (${anyEvent("DisableKey", "ScheduleKeyDeletion")}) }`,
    threshold: 1,
  },
  {
    id: "s3-bucket-policy-changes",
    description: "A bucket's policy, ACL, CORS, lifecycle or replication was changed.",
    pattern: `{ ($.eventSource = s3.amazonaws.com) && (${anyEvent(
      "PutBucketAcl",
      "PutBucketPolicy",
      "PutBucketCors",
      "PutBucketLifecycle",
      "PutBucketReplication",
      "DeleteBucketPolicy",
      "DeleteBucketCors",
      "DeleteBucketLifecycle",
      "DeleteBucketReplication"
    )}) }`,
    threshold: 1,
  },
  {
    id: "config-changes",
    description: "AWS Config recording or delivery was changed or stopped: drift detection may be blind.",
    pattern: `{ ($.eventSource = config.amazonaws.com) && (${anyEvent(
      "StopConfigurationRecorder",
      "DeleteDeliveryChannel",
      "PutDeliveryChannel",
      "PutConfigurationRecorder",
      "DeleteConfigurationRecorder"
    )}) }`,
    threshold: 1,
  },
  {
    id: "security-group-changes",
    description: "A security group or one of its rules was changed.",
    pattern: `{ ${anyEvent(
      "AuthorizeSecurityGroupIngress",
      "AuthorizeSecurityGroupEgress",
      "RevokeSecurityGroupIngress",
      "RevokeSecurityGroupEgress",
      "ModifySecurityGroupRules",
      "CreateSecurityGroup",
      "DeleteSecurityGroup"
    )} }`,
    threshold: 1,
  },
  {
    id: "network-acl-changes",
    description: "A network ACL or one of its entries was changed.",
    pattern: `{ ${anyEvent(
      "CreateNetworkAcl",
      "CreateNetworkAclEntry",
      "DeleteNetworkAcl",
      "DeleteNetworkAclEntry",
      "ReplaceNetworkAclEntry",
      "ReplaceNetworkAclAssociation"
    )} }`,
    threshold: 1,
  },
  {
    id: "network-gateway-changes",
    description: "An internet or customer gateway was created, attached, detached or deleted.",
    pattern: `{ ${anyEvent(
      "CreateCustomerGateway",
      "DeleteCustomerGateway",
      "AttachInternetGateway",
      "CreateInternetGateway",
      "DeleteInternetGateway",
      "DetachInternetGateway"
    )} }`,
    threshold: 1,
  },
  {
    id: "route-table-changes",
    description: "A route or route table was changed: traffic may bypass the tiers' isolation or the firewall.",
    pattern: `{ ($.eventSource = ec2.amazonaws.com) && (${anyEvent(
      "CreateRoute",
      "CreateRouteTable",
      "ReplaceRoute",
      "ReplaceRouteTableAssociation",
      "DeleteRouteTable",
      "DeleteRoute",
      "DisassociateRouteTable"
    )}) }`,
    threshold: 1,
  },
  {
    id: "vpc-changes",
    description: "A VPC or a peering connection was created, changed or deleted.",
    pattern: `{ ${anyEvent(
      "CreateVpc",
      "DeleteVpc",
      "ModifyVpcAttribute",
      "AcceptVpcPeeringConnection",
      "CreateVpcPeeringConnection",
      "DeleteVpcPeeringConnection",
      "RejectVpcPeeringConnection"
    )} }`,
    threshold: 1,
  },
  {
    id: "eks-access-changes",
    description:
      "Who reaches the cluster changed: an EKS access entry or its access policies, or the cluster's endpoint access. The scheduled access review (OPS-04) does not read access entries live: a change outside the reviewed plan shows here.",
    pattern: `{ ($.eventSource = eks.amazonaws.com) && (${anyEvent(
      "CreateAccessEntry",
      "UpdateAccessEntry",
      "DeleteAccessEntry",
      "AssociateAccessPolicy",
      "DisassociateAccessPolicy",
      "UpdateClusterConfig"
    )}) }`,
    threshold: 1,
  },
  {
    id: "console-sign-in-failure-burst",
    description: "Five or more failed console sign-ins in five minutes: password guessing.",
    pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    threshold: 5,
  },
];

/** The alarm of {@link CLOUDTRAIL_ALARMS} whose state, with a following success, raises the correlation. */
export const FAILURE_BURST_ALARM = "console-sign-in-failure-burst";

/** Counts successful console sign-ins: a component of the correlation only, it notifies nobody on its own. */
export const SIGN_IN_SUCCESS: CloudTrailAlarm = {
  id: "console-sign-in-success",
  description: "A console sign-in succeeded. Component of the failure-burst correlation; notifies nobody on its own.",
  pattern: '{ ($.eventName = ConsoleLogin) && ($.responseElements.ConsoleLogin = "Success") }',
  threshold: 1,
};

/** Properties of a {@link SecurityAlarms}. */
export interface SecurityAlarmsProps {
  /** Prefix of every alarm name, e.g. `mcp-prod`. */
  readonly namePrefix: string;
  /** The log group the audit trail delivers to. */
  readonly logGroupName: string;
  /** Namespace of the metrics the filters publish. @default "mcp-hardening/CloudTrail" */
  readonly metricNamespace?: string;
  /** SNS topics notified when an alarm fires and when it clears (encrypted, e.g. the security alerts topic). */
  readonly alarmTopicArns: readonly string[];
  /** The alarms; leaving one out is a weakening. @default CLOUDTRAIL_ALARMS */
  readonly alarms?: readonly CloudTrailAlarm[];
  /**
   * Minutes a failure burst keeps the correlation armed: a successful sign-in within this time after the burst
   * raises the composite alarm. A multiple of 5. @default 15
   */
  readonly correlationWindowMinutes?: number;
}

/**
 * Metric filters and alarms over the audit trail's log group (LOG-03): one alarm per entry of
 * {@link CLOUDTRAIL_ALARMS}, and a composite alarm for the correlation "a burst of failed sign-ins followed by a
 * successful one" (the failure-burst alarm stays in ALARM for the correlation window, and a success within it raises
 * the composite). Every alarm that notifies sends ALARM and OK to the alert topics; missing data is not breaching.
 */
export class SecurityAlarms extends Construct {
  /** The metric alarms, by ID. */
  readonly alarms: ReadonlyMap<string, CloudwatchMetricAlarm>;
  /** The correlation of a sign-in failure burst followed by a success. */
  readonly bruteForceThenSuccess: CloudwatchCompositeAlarm;

  constructor(scope: Construct, id: string, props: SecurityAlarmsProps) {
    super(scope, id);
    const namespace = props.metricNamespace ?? "mcp-hardening/CloudTrail";
    const windowMinutes = props.correlationWindowMinutes ?? 15;
    const topics = [...props.alarmTopicArns];
    const definitions = props.alarms ?? CLOUDTRAIL_ALARMS;
    if (topics.length === 0) throw new Error(`SecurityAlarms "${props.namePrefix}": alarmTopicArns must name at least one topic.`);
    if (!Number.isInteger(windowMinutes) || windowMinutes < 5 || windowMinutes % 5 !== 0) {
      throw new Error(`SecurityAlarms "${props.namePrefix}": correlationWindowMinutes must be a positive multiple of 5, got ${windowMinutes}.`);
    }
    const burst = definitions.find((definition) => definition.id === FAILURE_BURST_ALARM);
    if (burst === undefined) throw new Error(`SecurityAlarms "${props.namePrefix}": alarms must include "${FAILURE_BURST_ALARM}", which the correlation needs.`);

    const alarm = (definition: CloudTrailAlarm, notify: boolean, evaluationPeriods: number): CloudwatchMetricAlarm => {
      const metricName = definition.id;
      new CloudwatchLogMetricFilter(this, `${definition.id}-filter`, {
        name: `${props.namePrefix}-${definition.id}`,
        logGroupName: props.logGroupName,
        pattern: definition.pattern,
        metricTransformation: { name: metricName, namespace, value: "1", defaultValue: "0", unit: "Count" },
      });
      return new CloudwatchMetricAlarm(this, definition.id, {
        alarmName: `${props.namePrefix}-${definition.id}`,
        alarmDescription: definition.description,
        namespace,
        metricName,
        statistic: "Sum",
        period: 300,
        evaluationPeriods,
        datapointsToAlarm: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        threshold: definition.threshold,
        treatMissingData: "notBreaching",
        alarmActions: notify ? topics : [],
        okActions: notify ? topics : [],
      });
    };
    this.alarms = new Map(
      definitions.map((definition) => [definition.id, alarm(definition, true, definition.id === FAILURE_BURST_ALARM ? windowMinutes / 5 : 1)])
    );
    const success = alarm(SIGN_IN_SUCCESS, false, 1);
    const burstAlarm = this.alarms.get(FAILURE_BURST_ALARM) as CloudwatchMetricAlarm;
    this.bruteForceThenSuccess = new CloudwatchCompositeAlarm(this, "brute-force-then-success", {
      alarmName: `${props.namePrefix}-sign-in-failure-burst-then-success`,
      alarmDescription: `A console sign-in succeeded within ${windowMinutes} minutes of a burst of failed sign-ins: a guessed or stolen password may be in use.`,
      alarmRule: `ALARM(${burstAlarm.alarmName}) AND ALARM(${success.alarmName})`,
      alarmActions: topics,
      okActions: topics,
    });
  }
}
