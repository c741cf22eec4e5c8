/**
 * An example consumer: a platform team's own cdktf app that imports two constructs of the library by the
 * package's name, the way it would after `npm install mcp-hardening`, into a stack it composes itself (its own
 * provider, state backend and KMS key). Inside this repository the name resolves to the package's entry point,
 * `constructs/index.ts`, through the `paths` mapping of `tsconfig.json` (and jest's `moduleNameMapper`).
 *
 * Run as a program it synthesizes into `cdktf.out/` like any cdktf app; `mcp-harden check --plans cdktf.out` then
 * judges what it will deploy, and passes: what the team's landing zone provides instead of this stack is accepted
 * with a reason, by rule, and listed as accepted. `test/examples.test.ts` does both.
 */
import { App, S3Backend, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { addPolicyException, EnvironmentKey, McpNetwork, McpWebAcl } from "mcp-hardening";

/** The platform team's own settings: nothing here comes from the blueprint's environment configs. */
export const PLATFORM = {
  stack: "platform-mcp-edge",
  accountId: "123456789012",
  region: "eu-west-1",
  cidrBlock: "10.60.0.0/16",
  availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
  stateBucket: "platform-terraform-state-123456789012",
  stateKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
  deployRoleArn: "arn:aws:iam::123456789012:role/platform-deploy",
} as const;

/** Adds the platform team's stack to an app: its VPC with the MCP tiers, and the web ACL that will front its MCP servers. */
export function addPlatformStack(app: App): TerraformStack {
  const stack = new TerraformStack(app, PLATFORM.stack);
  const provider = new AwsProvider(stack, "aws", { region: PLATFORM.region, allowedAccountIds: [PLATFORM.accountId] });
  new S3Backend(stack, {
    bucket: PLATFORM.stateBucket,
    key: `${PLATFORM.stack}/terraform.tfstate`,
    region: PLATFORM.region,
    encrypt: true,
    kmsKeyId: PLATFORM.stateKeyArn,
  }).addOverride("use_lockfile", true);
  const logsKey = new EnvironmentKey(stack, "logs-key", {
    accountId: PLATFORM.accountId,
    region: PLATFORM.region,
    aliasName: "platform-mcp-logs",
    administratorRoleArns: [PLATFORM.deployRoleArn],
  });
  const network = new McpNetwork(stack, "network", {
    name: "platform-mcp",
    cidrBlock: PLATFORM.cidrBlock,
    availabilityZones: PLATFORM.availabilityZones,
  });
  const waf = new McpWebAcl(stack, "waf", {
    name: "platform-mcp",
    mcpPathPrefix: "/mcp",
    humanPaths: ["/login"],
    rateLimits: { perIp: 2000, perCredential: 1000, perServerPath: 5000 },
    logKmsKeyArn: logsKey.arn,
    logRetentionDays: 365,
  });
  acceptWhatTheLandingZoneProvides(provider, network, waf);
  return stack;
}

/** Why the team's landing zone, not this stack, answers a rule: an exception is reviewed like a weakening. */
const LANDING_ZONE = {
  account: "The organization's security account runs CloudTrail, GuardDuty, Security Hub, Inspector, AWS Config, IAM Access Analyzer (organization zone of trust), the finding alarms and containment for every account (landing zone LZ-7, approved by security architecture, reviewed 2027-06).",
  network: "Egress inspection (Network Firewall, DNS Firewall), flow logs, private endpoints, tier security groups and admin VPN come from the shared network account over Transit Gateway (landing zone LZ-7, approved by network security, reviewed 2027-06).",
  logs: "The organization's log archive subscribes every log group and alarms on WAF blocks centrally (landing zone LZ-7, approved by the SOC, reviewed 2027-06).",
};

/**
 * The platform team's stack is one of several in an account its landing zone already governs: what the landing zone
 * provides is accepted here, by rule, with the reason, so `mcp-harden check` passes and still lists each acceptance.
 */
function acceptWhatTheLandingZoneProvides(provider: AwsProvider, network: McpNetwork, waf: McpWebAcl): void {
  for (const rule of ["log-03-security-alarms", "log-04-cloudtrail-integrity", "ops-02-config-recorder-and-conformance-pack", "ops-03-containment-wired", "ops-04-access-analyzers", "pub-07-threat-detection-enabled"]) {
    addPolicyException(provider, { rule, justification: LANDING_ZONE.account });
  }
  for (const rule of ["log-02-vpc-flow-logs", "net-01-egress-domain-allowlist", "net-01-private-service-endpoints", "net-01-tier-security-groups", "pub-05-client-vpn-mutual-tls-and-sso", "pub-07-idps-rules-and-logging"]) {
    addPolicyException(network.vpc, { rule, justification: LANDING_ZONE.network });
  }
  addPolicyException(waf.logGroup.logGroup, { rule: "log-02-log-groups-subscribed", justification: LANDING_ZONE.logs });
  addPolicyException(waf.logging, { rule: "log-03-security-alarms", justification: LANDING_ZONE.logs });
}

if (require.main === module) {
  const app = new App();
  addPlatformStack(app);
  app.synth();
}
