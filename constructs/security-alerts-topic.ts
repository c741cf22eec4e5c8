import { Construct } from "constructs";
import { Lazy } from "cdktf";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { policyDocument, PolicyStatement } from "./policy-document";

/** Properties of a {@link SecurityAlertsTopic}. */
export interface SecurityAlertsTopicProps {
  /** Topic name, e.g. `mcp-prod-security-alerts`. */
  readonly name: string;
  /** The account of the topic: only its principals manage it and only its CloudWatch alarms publish to it. */
  readonly accountId: string;
  /** The region of the topic and of the alarms that publish to it. */
  readonly region: string;
  /**
   * Customer-managed KMS key that encrypts messages at rest. Its key policy must let `cloudwatch.amazonaws.com` use
   * it for this account's alarms (the {@link EnvironmentKey} does).
   */
  readonly kmsKeyArn: string;
}

/**
 * The topic security alarms notify: encrypted with the environment's key, published to only by this account's
 * CloudWatch alarms and principals, and by the EventBridge rules named through {@link allowEventRules}, over TLS only.
 * Subscriptions (on-call paging, the SIEM) are added by whoever receives the alerts.
 */
export class SecurityAlertsTopic extends Construct {
  /** The topic. */
  readonly topic: SnsTopic;
  /** The topic's ARN, for alarm actions. */
  readonly arn: string;
  private readonly eventRuleArns: string[] = [];

  constructor(scope: Construct, id: string, props: SecurityAlertsTopicProps) {
    super(scope, id);
    const { accountId, region } = props;
    this.topic = new SnsTopic(this, "topic", { name: props.name, kmsMasterKeyId: props.kmsKeyArn });
    this.arn = this.topic.arn;
    const statements: PolicyStatement[] = [
      {
        Sid: "ThisAccountManagesAndPublishes",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: ["sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic", "sns:Publish", "sns:Subscribe"],
        Resource: this.topic.arn,
      },
      {
        Sid: "CloudWatchAlarmsOfThisAccountPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: this.topic.arn,
        Condition: {
          StringEquals: { "aws:SourceAccount": accountId },
          ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${region}:${accountId}:alarm:*` },
        },
      },
      {
        Sid: "TlsOnly",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: this.topic.arn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ];
    // Rendered at synthesis, so rules named after construction are included.
    const eventRules = (): PolicyStatement[] =>
      this.eventRuleArns.length === 0
        ? []
        : [
            {
              Sid: "NamedEventBridgeRulesPublish",
              Effect: "Allow",
              Principal: { Service: "events.amazonaws.com" },
              Action: "sns:Publish",
              Resource: this.topic.arn,
              Condition: { ArnEquals: { "aws:SourceArn": [...this.eventRuleArns] } },
            },
          ];
    new SnsTopicPolicy(this, "policy", {
      arn: this.topic.arn,
      policy: Lazy.stringValue({ produce: () => policyDocument([...statements, ...eventRules()]) }),
    });
  }

  /** Lets these EventBridge rules (of this account, targeting the topic) publish to it. */
  allowEventRules(ruleArns: readonly string[]): void {
    this.eventRuleArns.push(...ruleArns);
  }
}
