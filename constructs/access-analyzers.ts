import { Construct } from "constructs";
import { AccessanalyzerAnalyzer } from "@cdktf/provider-aws/lib/accessanalyzer-analyzer";
import { FindingAlerts, FindingRoute } from "./finding-alerts";

/** EventBridge pattern of active IAM Access Analyzer findings: external access and unused access. */
export const ACCESS_ANALYZER_FINDINGS: Readonly<Record<string, unknown>> = {
  source: ["aws.access-analyzer"],
  "detail-type": ["Access Analyzer Finding", "Unused Access Finding for IAM entities"],
  detail: { status: ["ACTIVE"] },
};

/** Properties of an {@link AccessAnalyzers}. */
export interface AccessAnalyzersProps {
  /** Prefix of the analyzers' and the route's names, e.g. `mcp-prod`. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** The SNS topic findings go to; its policy must let the route publish (see {@link ruleArns}). */
  readonly topicArn: string;
  /** Days without use after which a role, key, password or permission is a finding, 1 to 365. @default 90 */
  readonly unusedAccessAgeDays?: number;
}

/**
 * Automated access review of an account (OPS-04): two IAM Access Analyzers, `<prefix>-external-access` (resources
 * shared outside the account: buckets, keys, roles, secrets, queues, ...) and `<prefix>-unused-access` (roles, access
 * keys, passwords and permissions unused for the tracking period), re-evaluated continuously by AWS, and one
 * EventBridge route `<prefix>-access-analyzer-findings` that sends every active finding of either to the alert topic.
 */
export class AccessAnalyzers extends Construct {
  readonly external: AccessanalyzerAnalyzer;
  readonly unused: AccessanalyzerAnalyzer;
  /** The route's ARN, for the topic's policy. */
  readonly ruleArns: readonly string[];

  constructor(scope: Construct, id: string, props: AccessAnalyzersProps) {
    super(scope, id);
    const age = props.unusedAccessAgeDays ?? 90;
    if (!Number.isInteger(age) || age < 1 || age > 365) throw new Error(`AccessAnalyzers "${props.namePrefix}": unusedAccessAgeDays must be a whole number from 1 to 365, got ${age}.`);
    this.external = new AccessanalyzerAnalyzer(this, "external-access", { analyzerName: `${props.namePrefix}-external-access`, type: "ACCOUNT" });
    this.unused = new AccessanalyzerAnalyzer(this, "unused-access", {
      analyzerName: `${props.namePrefix}-unused-access`,
      type: "ACCOUNT_UNUSED_ACCESS",
      configuration: { unusedAccess: { unusedAccessAge: age } },
    });
    const route: FindingRoute = { id: "access-analyzer-findings", description: "Active IAM Access Analyzer findings: external access and unused access (OPS-04)", pattern: ACCESS_ANALYZER_FINDINGS };
    const alerts = new FindingAlerts(this, "route", { namePrefix: props.namePrefix, topicArn: props.topicArn, accountId: props.accountId, region: props.region, routes: [route] });
    this.ruleArns = alerts.ruleArns;
  }
}
