import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { EnvironmentKey, McpNetwork, TierSecurityGroups, VpcFlowLog } from "../constructs";
import { loadStacks, runPolicies } from "../policies/engine";
import { tempDir } from "./support/plans";

describe("the construct library used in another cdktf app (the README example)", () => {
  const outdir = path.join(tempDir("library"), "cdktf.out");
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "platform-mcp");
  new AwsProvider(stack, "aws", { region: "eu-west-1", allowedAccountIds: ["123456789012"] });
  const key = new EnvironmentKey(stack, "key", { accountId: "123456789012", region: "eu-west-1", administratorRoleArns: ["arn:aws:iam::123456789012:role/platform-deploy"], aliasName: "platform-mcp" });
  const network = new McpNetwork(stack, "network", {
    name: "platform-mcp",
    cidrBlock: "10.50.0.0/16",
    availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
  });
  new VpcFlowLog(stack, "flow-log", {
    vpcId: network.vpc.id,
    logGroupName: "/platform-mcp/vpc-flow-logs",
    roleName: "platform-mcp-flow-logs",
    accountId: "123456789012",
    kmsKeyArn: key.arn,
    retentionInDays: 365,
  });
  new TierSecurityGroups(stack, "security-groups", { name: "platform-mcp", vpcId: network.vpc.id, adminCidrs: ["10.99.0.0/24"], sshPort: 2222 });
  app.synth();
  const report = runPolicies({ stacks: loadStacks(outdir), kubernetes: [] });

  test("check names exactly what the composition leaves out: private endpoints, the encrypted state backend, the administrators' VPN, the egress and DNS firewalls, the log pipeline, the audit trail, alarms, managed detection, containment and access review", () => {
    expect(report.findings.map((finding) => `${finding.rule} ${finding.resource}`)).toEqual([
      "iso-03-encrypted-state-backend terraform.backend",
      "log-02-log-groups-subscribed aws_cloudwatch_log_group.flow-log_logs_group_36059D74",
      ...Array(4).fill("log-03-security-alarms provider.aws"),
      "log-04-cloudtrail-integrity provider.aws",
      "net-01-egress-domain-allowlist aws_vpc.network_vpc_4E8F0223",
      "net-01-egress-domain-allowlist aws_vpc.network_vpc_4E8F0223",
      ...Array(2).fill("ops-03-containment-wired provider.aws"),
      "pub-05-client-vpn-mutual-tls-and-sso aws_vpc.network_vpc_4E8F0223",
      "pub-07-idps-rules-and-logging aws_vpc.network_vpc_4E8F0223",
      ...Array(3).fill("pub-07-threat-detection-enabled provider.aws"),
      "net-01-private-service-endpoints aws_vpc.network_vpc_4E8F0223",
      ...Array(2).fill("ops-02-config-recorder-and-conformance-pack provider.aws"),
      ...Array(4).fill("ops-04-access-analyzers provider.aws"),
    ]);
  });

  test("the constructs used with no options are the hardened versions", () => {
    const passing = new Set(report.rules.map((rule) => rule.id));
    for (const finding of report.findings) passing.delete(finding.rule);
    expect([...passing]).toEqual(expect.arrayContaining(["net-01-no-public-ip-on-launch", "net-01-private-tier-no-internet-route", "net-01-vpc-block-public-access", "pub-06-default-security-group-closed", "log-02-vpc-flow-logs", "auth-05-kms-key-rotation"]));
  });

  test("bad props get an error naming the field and the fix", () => {
    const scope = new TerraformStack(new App({ outdir }), "bad");
    expect(() => new McpNetwork(scope, "n", { name: "x", cidrBlock: "10.50.0.1/16", availabilityZones: ["a", "b"] })).toThrow(/cidrBlock must be a canonical IPv4 \/16 to \/20 like "10.0.0.0\/16"/);
    expect(() => new McpNetwork(scope, "m", { name: "x", cidrBlock: "10.50.0.0/16", availabilityZones: ["a"] })).toThrow(/availabilityZones must list 2 to 6 distinct zones/);
    expect(() => new EnvironmentKey(scope, "k", { accountId: "1", region: "r", administratorRoleArns: ["arn:aws:iam::1:role/deploy"], aliasName: "a", deletionWindowInDays: 3 })).toThrow(/deletionWindowInDays must be an integer from 7 to 30/);
    expect(() => new EnvironmentKey(scope, "k2", { accountId: "1", region: "r", administratorRoleArns: [], aliasName: "a" })).toThrow(/administratorRoleArns must name at least one role of account 1 \(arn:aws:iam::1:role\/<name>\)/);
    expect(() => new EnvironmentKey(scope, "k3", { accountId: "1", region: "r", administratorRoleArns: ["arn:aws:iam::2:role/deploy"], aliasName: "a" })).toThrow(/administratorRoleArns must name at least one role of account 1/);
  });
});

describe("the construct library's API: the entry point exports every construct, with documented defaults", () => {
  const root = path.resolve(__dirname, "..", "constructs");
  const sources = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((entry) => (entry.isDirectory() ? sources(path.join(dir, entry.name)) : entry.name.endsWith(".ts") ? [path.join(dir, entry.name)] : []));
  const files = sources(root);
  const parsed = files.map((file) => ({ file: path.relative(root, file), source: ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true) }));
  const exported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);

  test.each([".", "k8s"])("constructs/%s/index.ts re-exports every module of its folder", (folder) => {
    const dir = path.join(root, folder);
    const modules = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => (entry.isFile() && entry.name.endsWith(".ts") && entry.name !== "index.ts") || (entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "index.ts"))))
      .map((entry) => `./${entry.name.replace(/\.ts$/, "")}`)
      .sort();
    const index = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
    const reexported = [...new Set(Array.from(index.matchAll(/^export \* from "(\.\/[^"]+)";$/gm), (match) => match[1]))].sort();
    expect(reexported).toEqual(modules);
  });

  test("everything a module exports has a doc comment", () => {
    const undocumented = parsed.flatMap(({ file, source }) =>
      source.statements
        .filter((statement) => exported(statement) && ts.getJSDocCommentsAndTags(statement).length === 0)
        .map((statement) => `${file}: ${ts.isVariableStatement(statement) ? statement.declarationList.declarations.map((declaration) => declaration.name.getText(source)).join(", ") : ((statement as ts.DeclarationStatement).name?.getText(source) ?? ts.SyntaxKind[statement.kind])}`)
    );
    expect(undocumented).toEqual([]);
  });

  test("every optional field of an exported interface (construct props and the types they use) documents its @default", () => {
    const missing = parsed.flatMap(({ file, source }) =>
      source.statements.filter(ts.isInterfaceDeclaration).filter(exported).flatMap((declaration) =>
        declaration.members
          .filter((member) => member.questionToken !== undefined)
          .filter((member) => !ts.getJSDocTags(member).some((tag) => tag.tagName.text === "default"))
          .map((member) => `${file}: ${declaration.name.text}.${member.name?.getText(source) ?? "?"}`)
      )
    );
    expect(missing).toEqual([]);
  });

  test("the scan sees the props of the constructs the README uses", () => {
    const interfaces = parsed.flatMap(({ source }) => source.statements.filter(ts.isInterfaceDeclaration).filter(exported).map((declaration) => declaration.name.text));
    expect(interfaces).toEqual(expect.arrayContaining(["McpNetworkProps", "VpcFlowLogProps", "McpWebAclProps", "TierSecurityGroupsProps", "EnvironmentKeyProps"]));
  });
});
