import { Construct } from "constructs";
import { SecurityhubAccount } from "@cdktf/provider-aws/lib/securityhub-account";
import { SecurityhubStandardsSubscription } from "@cdktf/provider-aws/lib/securityhub-standards-subscription";

/** A Security Hub standard, by the path of its ARN after `standards/`. */
export const SECURITY_HUB_STANDARDS = {
  /** AWS Foundational Security Best Practices v1.0.0. */
  foundationalBestPractices: "aws-foundational-security-best-practices/v/1.0.0",
  /** CIS AWS Foundations Benchmark v3.0.0. */
  cisFoundations: "cis-aws-foundations-benchmark/v/3.0.0",
} as const;

/** A Security Hub standard of {@link SECURITY_HUB_STANDARDS}. */
export type SecurityHubStandard = (typeof SECURITY_HUB_STANDARDS)[keyof typeof SECURITY_HUB_STANDARDS];

/** The regional ARN of a Security Hub standard. */
export function securityHubStandardArn(region: string, standard: SecurityHubStandard): string {
  return `arn:aws:securityhub:${region}::standards/${standard}`;
}

/** Properties of a {@link SecurityHub}. */
export interface SecurityHubProps {
  /** The region Security Hub is enabled in (standards ARNs are regional). */
  readonly region: string;
  /** Standards to subscribe to; leaving one out is a weakening. @default both of SECURITY_HUB_STANDARDS */
  readonly standards?: readonly SecurityHubStandard[];
}

/**
 * Security Hub for the account (PUB-07, OPS-02): aggregates GuardDuty, Inspector and AWS Config findings and checks
 * the account continuously against AWS Foundational Security Best Practices and the CIS AWS Foundations Benchmark.
 * Only the named standards are enabled (not AWS's changing defaults), new controls are enabled automatically, and
 * findings are consolidated per control across standards.
 */
export class SecurityHub extends Construct {
  /** The Security Hub account resource. */
  readonly account: SecurityhubAccount;

  constructor(scope: Construct, id: string, props: SecurityHubProps) {
    super(scope, id);
    this.account = new SecurityhubAccount(this, "account", {
      enableDefaultStandards: false,
      autoEnableControls: true,
      controlFindingGenerator: "SECURITY_CONTROL",
    });
    const standards = props.standards ?? Object.values(SECURITY_HUB_STANDARDS);
    for (const standard of standards) {
      new SecurityhubStandardsSubscription(this, standard.split("/")[0], {
        standardsArn: securityHubStandardArn(props.region, standard),
        dependsOn: [this.account],
      });
    }
  }
}
