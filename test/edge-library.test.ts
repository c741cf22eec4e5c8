import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AccessLogBucket, McpWebAcl, McpWebAclProps, TlsEdge, TlsEdgeProps } from "../constructs";
import { loadStacks, runPolicies } from "../policies/engine";
import { resources } from "../policies/terraform";
import { tempDir } from "./support/plans";

const EDGE_RULES = [
  "gw-01-waf-mcp-protocol-rules",
  "gw-03-waf-rate-limits",
  "log-01-waf-logging-redacts-authorization",
  "net-01-no-open-ingress",
  "net-03-waf-managed-groups-block",
  "net-03-waf-on-internet-facing-lb",
  "net-04-alb-hardening",
  "net-04-https-listeners",
  "net-04-https-target-groups",
];

const tlsProps = (overrides: Partial<TlsEdgeProps> = {}): TlsEdgeProps => ({
  name: "platform-edge",
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
  securityGroupId: "sg-0123456789abcdef0",
  certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0f0e0d0c-0b0a-4090-8070-605040302010",
  accessLogs: { bucket: "platform-alb-logs", prefix: "alb" },
  ...overrides,
});

const aclProps = (overrides: Partial<McpWebAclProps> = {}): McpWebAclProps => ({
  name: "platform-mcp",
  mcpPathPrefix: "/mcp",
  humanPaths: ["/login"],
  rateLimits: { perIp: 1000, perCredential: 500, perServerPath: 5000 },
  logKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/0f0e0d0c-0b0a-4090-8070-605040302010",
  logRetentionDays: 365,
  ...overrides,
});

describe("the edge constructs used on their own, with no options", () => {
  const outdir = path.join(tempDir("edge-library"), "cdktf.out");
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "platform-edge");
  new AwsProvider(stack, "aws", { region: "eu-west-1", allowedAccountIds: ["123456789012"] });
  const logs = new AccessLogBucket(stack, "logs", { bucketName: "platform-alb-logs", accountId: "123456789012", prefix: "alb", retentionInDays: 90 });
  const edge = new TlsEdge(stack, "edge", tlsProps({ dependsOn: [logs.policy] }));
  const acl = new McpWebAcl(stack, "waf", aclProps());
  acl.protect("edge", edge.loadBalancer.arn);
  app.synth();
  const artifacts = { stacks: loadStacks(outdir), kubernetes: [] };
  const report = runPolicies(artifacts);

  test("pass every edge rule, in a stack without the production tag (which the rules treat as production)", () => {
    expect(report.findings.filter((finding) => EDGE_RULES.includes(finding.rule))).toEqual([]);
    expect(report.rules.map((rule) => rule.id)).toEqual(expect.arrayContaining(EDGE_RULES));
  });

  test("are the hardened versions: HTTPS only, deletion protection on, no port 80, managed groups blocking", () => {
    expect(edge.httpRedirectListener).toBeUndefined();
    expect(resources(artifacts, "aws_lb_listener").map((listener) => [listener.values["port"], listener.values["ssl_policy"]])).toEqual([[443, "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"]]);
    expect(resources(artifacts, "aws_lb")[0].values["enable_deletion_protection"]).toBe(true);
    expect(resources(artifacts, "aws_vpc_security_group_ingress_rule")).toEqual([]);
    const rules = resources(artifacts, "aws_wafv2_web_acl")[0].values["rule"] as { name: string; override_action?: unknown }[];
    expect(rules.filter((rule) => rule.name.startsWith("managed-")).map((rule) => rule.override_action)).toEqual(Array(7).fill({ none: {} }));
    expect(resources(artifacts, "aws_wafv2_regex_pattern_set").map((set) => set.values["name"])).toEqual(["platform-mcp-injection-signatures"]);
  });

  test("bad props get an error naming the prop and the fix", () => {
    const scope = new TerraformStack(new App({ outdir }), "bad");
    expect(() => new TlsEdge(scope, "a", tlsProps({ sslPolicy: "ELBSecurityPolicy-2016-08" as never }))).toThrow(/sslPolicy "ELBSecurityPolicy-2016-08" is not a restricted TLS 1.3\/1.2 policy; use one of ELBSecurityPolicy-TLS13-1-2-Res-2021-06/);
    expect(() => new TlsEdge(scope, "b", tlsProps({ subnetIds: ["subnet-1"] }))).toThrow(/at least two availability zones/);
    expect(() => new TlsEdge(scope, "c", tlsProps({ name: "internal-edge" }))).toThrow(/not starting with "internal-"/);
    expect(() => new TlsEdge(scope, "d", tlsProps({ hstsMaxAgeSeconds: 300 }))).toThrow(/hstsMaxAgeSeconds must be at least 31536000/);
    expect(() => new TlsEdge(scope, "d2", tlsProps({ healthCheckPort: 8443 }))).toThrow(/healthCheckPort 8443 must be a TCP port other than the target port 8443: the gateway's status port, e.g. 15021/);
    expect(() => new McpWebAcl(scope, "e", aclProps({ rateLimits: { perIp: 0, perCredential: 500, perServerPath: 5000 } }))).toThrow(/rateLimits.perIp must be a whole number from 10 to 2000000000, got 0/);
    expect(() => new McpWebAcl(scope, "f", aclProps({ humanPaths: ["/mcp/login"] }))).toThrow(/overlaps mcpPathPrefix "\/mcp": Bot Control would block MCP clients/);
    expect(() => new McpWebAcl(scope, "g", aclProps({ maxRequestBodyBytes: 9000 }))).toThrow(/maxRequestBodyBytes must be a whole number from 1 to 8192/);
    expect(() => new McpWebAcl(scope, "h", aclProps({ injectionSignatures: ["(ignore) previous"] }))).toThrow(/capturing group, which AWS WAF rejects; use \(\?:\.\.\.\)/);
    expect(() => new McpWebAcl(scope, "i", aclProps({ allowedOrigins: ["http://agents.example.com"] }))).toThrow(/allowedOrigins entry "http:\/\/agents.example.com" must be https:\/\/host/);
    expect(() => new AccessLogBucket(scope, "j", { bucketName: "logs", accountId: "123456789012", prefix: "x/AWSLogs", retentionInDays: 30 })).toThrow(/without "AWSLogs"/);
  });
});
