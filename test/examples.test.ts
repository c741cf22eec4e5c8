/**
 * examples/consumer: a platform team's own cdktf app importing two constructs by the package's name, synthesized
 * and judged by the policy engine like any other plan.
 */
import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import * as entryPoint from "../index";
import { addPlatformStack, PLATFORM } from "../examples/consumer/main";
import { loadStacks, runPolicies } from "../policies/engine";
import { inspecting } from "../policies/inspection";
import { ALL_RULES } from "../policies/rules";
import { allStackResources } from "../policies/terraform";
import { tempDir } from "./support/plans";

const ROOT = path.resolve(__dirname, "..");

/** The rules that judge what the two constructs (and the team's own KMS key) create. */
const RULES_OF_THE_CONSTRUCTS = {
  McpNetwork: [
    "net-01-no-public-ip-on-launch",
    "net-01-private-tier-no-internet-route",
    "net-01-tier-segmentation",
    "net-01-vpc-block-public-access",
    "pub-06-default-network-acl-closed",
    "pub-06-default-security-group-closed",
    "pub-06-mcp-egress-through-firewall",
    "pub-06-network-acl-explicit",
  ],
  McpWebAcl: ["gw-01-waf-mcp-protocol-rules", "gw-03-waf-rate-limits", "log-01-waf-logging-redacts-authorization", "log-04-log-group-encryption-retention", "net-03-waf-managed-groups-block"],
  "the team's own KMS key": ["auth-05-kms-key-rotation", "log-04-kms-prevent-destroy", "msh-03-kms-key-policy-least-privilege"],
} as const;

describe("examples/consumer: a platform team's cdktf app with McpNetwork and McpWebAcl", () => {
  const outdir = path.join(tempDir("consumer"), "cdktf.out");
  const app = new App({ outdir });
  addPlatformStack(app);
  app.synth();
  const artifacts = { stacks: loadStacks(outdir), kubernetes: [] };
  const report = runPolicies(artifacts);

  test("it imports the constructs by the package's name, which resolves to the package's entry point", () => {
    const source = fs.readFileSync(path.join(ROOT, "examples", "consumer", "main.ts"), "utf8");
    expect(source).toMatch(/^import \{ addPolicyException, EnvironmentKey, McpNetwork, McpWebAcl \} from "mcp-hardening";$/m);
    expect(source).not.toMatch(/from "\.\.?\//);
    const byName = require("mcp-hardening") as typeof entryPoint;
    expect(byName.McpNetwork).toBe(entryPoint.McpNetwork);
    expect(byName.McpWebAcl).toBe(entryPoint.McpWebAcl);
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect([manifest.main, manifest.types]).toEqual(["dist/index.js", "dist/index.d.ts"]);
  });

  test("it synthesizes its own stack, with its own backend and provider, holding the constructs' resources", () => {
    expect(artifacts.stacks.map((stack) => stack.name)).toEqual([PLATFORM.stack]);
    const [stack] = artifacts.stacks;
    expect((stack.json["terraform"] as Record<string, Record<string, unknown>>)["backend"]["s3"]).toMatchObject({ bucket: PLATFORM.stateBucket, encrypt: true, use_lockfile: true });
    const types = new Set(allStackResources(stack).map((resource) => resource.type));
    expect([...types]).toEqual(expect.arrayContaining(["aws_vpc", "aws_subnet", "aws_network_acl", "aws_nat_gateway", "aws_wafv2_web_acl", "aws_wafv2_web_acl_logging_configuration", "aws_kms_key"]));
  });

  test.each(Object.entries(RULES_OF_THE_CONSTRUCTS))("every rule that judges %s passes, after really reading its resources", (_owner, rules) => {
    const ids = ALL_RULES.map((rule) => rule.id);
    const failing = new Set(report.findings.map((finding) => finding.rule));
    const present = new Set(allStackResources(artifacts.stacks[0]).map((resource) => resource.type));
    for (const id of rules) {
      expect(ids).toContain(id);
      expect({ rule: id, failing: failing.has(id) }).toEqual({ rule: id, failing: false });
      const { inspected } = inspecting(() => ALL_RULES.find((rule) => rule.id === id)!.check(artifacts));
      expect({ rule: id, read: inspected.terraformTypes.some((type) => present.has(type)) }).toEqual({ rule: id, read: true });
    }
    expect(report.accepted.filter((accepted) => (rules as readonly string[]).includes(accepted.rule))).toEqual([]);
  });

  test("it passes check: what its landing zone provides instead (trail, detection, egress inspection, ...) is accepted by rule, with the reason, and listed", () => {
    expect(report.findings).toEqual([]);
    const accepted = report.accepted.map((finding) => `${finding.rule} ${finding.resource}`);
    expect([...new Set(accepted)].sort()).toEqual([
      "log-02-log-groups-subscribed aws_cloudwatch_log_group.waf_logs_group_70202871",
      "log-02-vpc-flow-logs aws_vpc.network_vpc_4E8F0223",
      "log-03-security-alarms aws_wafv2_web_acl_logging_configuration.waf_logging_09F1A7C5",
      "log-03-security-alarms provider.aws",
      "log-04-cloudtrail-integrity provider.aws",
      "net-01-egress-domain-allowlist aws_vpc.network_vpc_4E8F0223",
      "net-01-private-service-endpoints aws_vpc.network_vpc_4E8F0223",
      "net-01-tier-security-groups aws_vpc.network_vpc_4E8F0223",
      "ops-02-config-recorder-and-conformance-pack provider.aws",
      "ops-03-containment-wired provider.aws",
      "ops-04-access-analyzers provider.aws",
      "pub-05-client-vpn-mutual-tls-and-sso aws_vpc.network_vpc_4E8F0223",
      "pub-07-idps-rules-and-logging aws_vpc.network_vpc_4E8F0223",
      "pub-07-threat-detection-enabled provider.aws",
    ]);
    expect(report.accepted.every((finding) => /landing zone LZ-7/.test(finding.justification))).toBe(true);
  });

  test("without its provider's acceptances, check names the account-level gaps again", () => {
    const provider = (artifacts.stacks[0].json["provider"] as Record<string, Record<string, unknown>[]>)["aws"][0];
    const weakened = structuredClone(artifacts);
    delete (weakened.stacks[0].json["provider"] as Record<string, Record<string, unknown>[]>)["aws"][0]["//"];
    expect(provider["//"]).toBeDefined();
    expect([...new Set(runPolicies(weakened).findings.map((finding) => `${finding.rule} ${finding.resource}`))].sort()).toEqual([
      "log-03-security-alarms provider.aws",
      "log-04-cloudtrail-integrity provider.aws",
      "ops-02-config-recorder-and-conformance-pack provider.aws",
      "ops-03-containment-wired provider.aws",
      "ops-04-access-analyzers provider.aws",
      "pub-07-threat-detection-enabled provider.aws",
    ]);
  });
});
