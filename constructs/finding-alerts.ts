import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";

/** EventBridge pattern of GuardDuty findings of severity 7 or more (HIGH and CRITICAL). */
export const GUARDDUTY_HIGH_SEVERITY: Readonly<Record<string, unknown>> = {
  source: ["aws.guardduty"],
  "detail-type": ["GuardDuty Finding"],
  detail: { severity: [{ numeric: [">=", 7] }] },
};

/**
 * EventBridge pattern of new, active Security Hub findings labelled HIGH or CRITICAL from products other than
 * GuardDuty (its findings arrive directly) and Inspector.
 */
export const SECURITY_HUB_HIGH_CRITICAL: Readonly<Record<string, unknown>> = {
  source: ["aws.securityhub"],
  "detail-type": ["Security Hub Findings - Imported"],
  detail: {
    findings: {
      Severity: { Label: ["HIGH", "CRITICAL"] },
      Workflow: { Status: ["NEW"] },
      RecordState: ["ACTIVE"],
      ProductName: [{ "anything-but": ["GuardDuty", "Inspector"] }],
    },
  },
};

/** One EventBridge route of high-severity findings to the alert topic. */
export interface FindingRoute {
  /** Kebab-case ID; names the rule. */
  readonly id: string;
  /** What the rule forwards. */
  readonly description: string;
  /** The EventBridge event pattern. */
  readonly pattern: Readonly<Record<string, unknown>>;
}

/**
 * The findings that page (LOG-03): GuardDuty findings of severity 7 or more (HIGH and CRITICAL), new active Security
 * Hub findings labelled HIGH or CRITICAL from other products than GuardDuty and Inspector (those two have their own
 * route, so nothing is sent twice), and active CRITICAL Inspector findings.
 */
export const FINDING_ROUTES: readonly FindingRoute[] = [
  {
    id: "guardduty-high-severity",
    description: "GuardDuty findings of severity 7 or more",
    pattern: GUARDDUTY_HIGH_SEVERITY,
  },
  {
    id: "securityhub-high-critical",
    description: "New, active Security Hub findings labelled HIGH or CRITICAL, other than GuardDuty's and Inspector's",
    pattern: SECURITY_HUB_HIGH_CRITICAL,
  },
  {
    id: "inspector-critical",
    description: "Active Amazon Inspector findings of CRITICAL severity",
    pattern: { source: ["aws.inspector2"], "detail-type": ["Inspector2 Finding"], detail: { severity: ["CRITICAL"], status: ["ACTIVE"] } },
  },
];

/** The ARN of a rule on the account's default event bus, known before the rule exists (the topic policy names it). */
export function eventRuleArn(region: string, accountId: string, name: string): string {
  return `arn:aws:events:${region}:${accountId}:rule/${name}`;
}

/** Properties of a {@link FindingAlerts}. */
export interface FindingAlertsProps {
  /** Prefix of every rule name, e.g. `mcp-prod`. */
  readonly namePrefix: string;
  /** The SNS topic the findings go to; its policy must let these rules publish (see {@link ruleArns}). */
  readonly topicArn: string;
  readonly accountId: string;
  readonly region: string;
  /** The routes; leaving one out is a weakening. @default FINDING_ROUTES */
  readonly routes?: readonly FindingRoute[];
}

/**
 * EventBridge rules that send high-severity findings of GuardDuty, Security Hub and Inspector to the alert topic as
 * they arrive (LOG-03, TS-04): one place where every finding about any MCP server, node or account resource lands.
 */
export class FindingAlerts extends Construct {
  /** The rules, by route ID. */
  readonly rules: ReadonlyMap<string, CloudwatchEventRule>;
  /** The rules' ARNs, for the topic's policy. */
  readonly ruleArns: readonly string[];

  constructor(scope: Construct, id: string, props: FindingAlertsProps) {
    super(scope, id);
    const routes = props.routes ?? FINDING_ROUTES;
    const rules = new Map<string, CloudwatchEventRule>();
    for (const route of routes) {
      const name = `${props.namePrefix}-${route.id}`;
      const rule = new CloudwatchEventRule(this, route.id, {
        name,
        description: route.description,
        eventPattern: JSON.stringify(route.pattern),
        state: "ENABLED",
      });
      new CloudwatchEventTarget(this, `${route.id}-to-topic`, { rule: rule.name, targetId: "security-alerts", arn: props.topicArn });
      rules.set(route.id, rule);
    }
    this.rules = rules;
    this.ruleArns = routes.map((route) => eventRuleArn(props.region, props.accountId, `${props.namePrefix}-${route.id}`));
  }
}
