/**
 * `mcp-harden report`: the control report of an environment (status, resources, rules, tests and exceptions of
 * every control) and its architecture drawn from the plan, as Markdown with Mermaid and as HTML with inline SVG,
 * on the real synthesized plans of the built-in environments, weakened variants and small synthetic plans. The
 * HTML is opened in headless Chromium.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chromium, Page } from "playwright-core";
import { stringify } from "yaml";
import { packageTestSources } from "../bin/package-files";
import report from "../bin/commands/report";
import { BUILT_IN_ENVIRONMENTS } from "../environments";
import { architectureOf } from "../review/architecture/build";
import { toMermaid } from "../review/architecture/mermaid";
import { ArchitectureDiagram } from "../review/architecture/model";
import { toSvg } from "../review/architecture/svg";
import { CONTROLS } from "../policies/catalog";
import { controlReports, CONTROL_STATUSES, EnvironmentReport, environmentArtifacts, environmentsOf } from "../review/control-report";
import { formatControlReport } from "../review/control-report-format";
import { EXCEPTIONS_KEY, runPolicies } from "../policies/engine";
import { METADATA_KEY } from "../policies/terraform";
import { Artifacts } from "../policies/types";
import { copySharedOutput, removeResources, stackResources, synthesizedPlans, tempDir } from "./support/plans";

const CHROMIUM = "/usr/bin/chromium";
const TIERS = ["edge", "firewall", "mcp", "admin", "data"];
const { tests } = packageTestSources();
const prodConfig = BUILT_IN_ENVIRONMENTS.find((environment) => environment.name === "prod")!;

/** Writes artifacts the way synthesis lays them out: `<root>/cdktf.out/stacks/<stack>/cdk.tf.json` and `<root>/dist/k8s/<file>`. */
function writeCheckout(artifacts: Artifacts, root: string): { out: string; k8s: string } {
  const out = path.join(root, "cdktf.out");
  const k8s = path.join(root, "dist", "k8s");
  for (const item of artifacts.stacks) {
    fs.mkdirSync(path.join(out, "stacks", item.name), { recursive: true });
    fs.writeFileSync(path.join(out, "stacks", item.name, "cdk.tf.json"), JSON.stringify(item.json, null, 2));
  }
  for (const file of artifacts.kubernetes) {
    fs.mkdirSync(path.dirname(path.join(k8s, file.file)), { recursive: true });
    fs.writeFileSync(path.join(k8s, file.file), file.objects.map((object) => stringify(object)).join("---\n"));
  }
  return { out, k8s };
}

/**
 * A structural check of Mermaid flowchart source, as far as this generator writes it: every line is one of the
 * statement forms below, subgraphs nest and close, IDs are unique and declared before edges use them, and labels
 * are quoted with no raw quote or markup except `<br/>`. Returns the problems found, and what it counted.
 */
function checkMermaid(source: string): { problems: string[]; subgraphs: number; nodes: number; edges: number } {
  const problems: string[] = [];
  const ids = new Set<string>();
  let depth = 0;
  let subgraphs = 0;
  let nodes = 0;
  let edges = 0;
  const label = /"((?:[^"<>]|<br\/>)*)"/.source;
  const declare = (id: string, line: number) => {
    if (ids.has(id)) problems.push(`line ${line}: ${id} declared twice`);
    ids.add(id);
  };
  const lines = source.trimEnd().split("\n");
  if (lines[0] !== "flowchart TB") problems.push(`line 1: expected "flowchart TB", got ${JSON.stringify(lines[0])}`);
  lines.slice(1).forEach((text, index) => {
    const line = index + 2;
    const statement = text.trim();
    let match: RegExpExecArray | null;
    if ((match = new RegExp(`^subgraph ([A-Za-z][A-Za-z0-9_]*)\\[${label}\\]$`).exec(statement))) {
      declare(match[1], line);
      depth++;
      subgraphs++;
    } else if (statement === "end") {
      if (--depth < 0) problems.push(`line ${line}: "end" without a subgraph`);
    } else if (/^direction (LR|TB)$/.test(statement)) {
      if (depth === 0) problems.push(`line ${line}: direction outside a subgraph`);
    } else if ((match = new RegExp(`^([A-Za-z][A-Za-z0-9_]*)(?:\\[${label}\\]|\\(\\[${label}\\]\\)|\\[\\(${label}\\)\\])$`).exec(statement))) {
      declare(match[1], line);
      nodes++;
    } else if ((match = new RegExp(`^([A-Za-z][A-Za-z0-9_]*) (-->|==>|---|-\\.->)(?:\\|${label}\\|)? ([A-Za-z][A-Za-z0-9_]*)$`).exec(statement))) {
      if (depth !== 0) problems.push(`line ${line}: edge inside a subgraph`);
      for (const id of [match[1], match[4]]) if (!ids.has(id)) problems.push(`line ${line}: edge uses undeclared ${id}`);
      edges++;
    } else if ((match = /^classDef [a-z]+ (?:[a-z-]+:#?[A-Za-z0-9]+,?)+$/.exec(statement))) {
      // a style class
    } else if ((match = /^class ([A-Za-z0-9_,]+) [a-z]+$/.exec(statement))) {
      for (const id of match[1].split(",")) if (!ids.has(id)) problems.push(`line ${line}: class of undeclared ${id}`);
    } else {
      problems.push(`line ${line}: not a statement this generator writes: ${JSON.stringify(statement)}`);
    }
  });
  if (depth !== 0) problems.push(`${depth} subgraph(s) not closed`);
  return { problems, subgraphs, nodes, edges };
}

function reportOf(reports: readonly EnvironmentReport[], environment: string): EnvironmentReport {
  return reports.find((report) => report.environment === environment)!;
}

function entry(report: EnvironmentReport, id: string) {
  return report.controls.find((candidate) => candidate.control.id === id)!;
}

function nodeLabelled(diagram: ArchitectureDiagram, label: string) {
  return diagram.nodes.find((node) => node.label === label);
}

function edgeBetween(diagram: ArchitectureDiagram, from: string | undefined, to: string | undefined, kind?: string) {
  return diagram.edges.find((edge) => edge.from === from && edge.to === to && (kind === undefined || edge.kind === kind));
}

/** The built-in environments' plans (read only: a test that edits plans takes its own copy) and their reports, made once. */
const builtInPlans = synthesizedPlans();
const builtInReports = controlReports(builtInPlans, environmentsOf(builtInPlans), tests);

/** prod's report as HTML, made once: the Markdown test compares it with a second report's, the browser opens it. */
let prodHtml: string | undefined;
function prodReportHtml(): string {
  prodHtml ??= formatControlReport(reportOf(builtInReports, "prod"), "html");
  return prodHtml;
}

describe("control report of the built-in environments", () => {
  const plans = builtInPlans;
  const environments = environmentsOf(plans);
  const reports = builtInReports;

  test("the environments are read from the plan: the mcp:environment tag of each stack and the Kubernetes directories", () => {
    expect(environments).toEqual(BUILT_IN_ENVIRONMENTS.map((environment) => environment.name).sort());
    const prod = environmentArtifacts(plans, "prod");
    expect(prod.stacks.map((item) => item.name)).toEqual(expect.arrayContaining(["mcp-prod", "mcp-prod-workloads"]));
    expect(prod.stacks.every((item) => item.name.startsWith("mcp-prod"))).toBe(true);
    expect(prod.kubernetes.length).toBeGreaterThan(0);
    expect(prod.kubernetes.every((file) => file.file.startsWith("prod/"))).toBe(true);
  });

  test.each(BUILT_IN_ENVIRONMENTS.map((environment) => environment.name))("%s: every control of the catalog, in order, and none failing", (environment) => {
    const report = reportOf(reports, environment);
    expect(report.controls.map((item) => item.control.id)).toEqual(CONTROLS.map((control) => control.id));
    expect(report.controls.filter((item) => item.status === "failing")).toEqual([]);
    expect(CONTROL_STATUSES.reduce((sum, status) => sum + report.counts[status], 0)).toBe(CONTROLS.length);
  });

  test("each status means what the legend says", () => {
    for (const report of reports) {
      for (const item of report.controls) {
        const { control, status, rules, tests: named, resources, findings } = item;
        const context = `${report.environment} ${control.id} (${status})`;
        expect({ context, findings: findings.length > 0 }).toEqual({ context, findings: status === "failing" });
        if (status === "proven") expect({ context, ok: control.class === "IaC" && rules.length > 0 && named.length > 0 && resources.length > 0 }).toEqual({ context, ok: true });
        if (status === "mechanism deployed") expect({ context, ok: control.class !== "process" && rules.length > 0 && resources.length > 0 && (control.class === "IaC+runtime" || named.length === 0) }).toEqual({ context, ok: true });
        if (status === "process support") expect({ context, ok: control.class === "process" && rules.length + named.length > 0 }).toEqual({ context, ok: true });
        if (status === "not covered") expect({ context, ok: control.class === "process" ? rules.length + named.length === 0 : rules.length === 0 || resources.length === 0 }).toEqual({ context, ok: true });
      }
    }
    const prod = reportOf(reports, "prod");
    expect(entry(prod, "NET-01").status).toBe("proven");
    expect(entry(prod, "NET-03").status).toBe("mechanism deployed");
    expect(entry(prod, "TOOL-02").status).toBe("process support");
  });

  test("the resources of a control are the ones its rules read, in that environment only", () => {
    for (const report of reports) {
      const own = new Set([...report.stacks, ...report.kubernetesFiles]);
      for (const item of report.controls) for (const resource of item.resources) expect(own.has(resource.location)).toBe(true);
    }
    const prod = reportOf(reports, "prod");
    const net01 = entry(prod, "NET-01").resources;
    const subnets = stackResources(plans, "prod", "aws_subnet").map((subnet) => subnet.address);
    expect(net01.filter((resource) => resource.type === "aws_subnet").map((resource) => resource.address)).toEqual(subnets);
    expect(net01.some((resource) => resource.type === "aws_vpc_security_group_ingress_rule")).toBe(true);
    const deployments = entry(prod, "CTR-01").resources.filter((resource) => resource.type === "Deployment").map((resource) => resource.address);
    for (const server of prodConfig.mcpServers) expect(deployments).toContain(`Deployment/${server.name}/${server.name}`);
    const onboarding = entry(prod, "TOOL-02").resources;
    expect(new Set(onboarding.map((resource) => resource.type))).toEqual(new Set(["Namespace"]));
    for (const server of prodConfig.mcpServers) expect(onboarding).toContainEqual({ location: "prod/workloads.yaml", address: `Namespace/${server.name}`, type: "Namespace" });
  });

  test("rules and tests per control are the coverage of `mcp-harden controls`", () => {
    const prod = reportOf(reports, "prod");
    const net01 = entry(prod, "NET-01");
    expect(net01.rules).toEqual(expect.arrayContaining(["net-01-no-open-ingress", "net-01-tier-segmentation"]));
    expect(net01.tests).toContain("test/controls/NET-01.test.ts");
  });

  test("Markdown: legend, Mermaid architecture, one row per control, resources per control; byte-identical on every run", () => {
    const prod = reportOf(reports, "prod");
    const markdown = formatControlReport(prod, "md");
    expect(markdown).toContain("# Control report: prod");
    for (const status of CONTROL_STATUSES) expect(markdown).toContain(`- **${status}**: `);
    for (const control of CONTROLS) expect(markdown).toMatch(new RegExp(`^\\| ${control.id} \\| `, "m"));
    const mermaid = /```mermaid\n([\s\S]*?)```/.exec(markdown)![1];
    expect(mermaid).toBe(toMermaid(prod.diagram));
    expect(markdown).toContain("<details><summary>NET-01 Dedicated MCP security zone: ");
    expect(markdown).not.toContain(os.tmpdir());
    const again = controlReports(synthesizedPlans(), ["prod"], tests)[0];
    expect(formatControlReport(again, "md")).toBe(markdown);
    expect(formatControlReport(again, "html")).toBe(prodReportHtml());
  });

  test.each(BUILT_IN_ENVIRONMENTS.map((environment) => environment.name))("%s: the Mermaid source is structurally valid and draws every box, component and flow", (environment) => {
    const { diagram } = reportOf(reports, environment);
    const checked = checkMermaid(toMermaid(diagram));
    expect(checked.problems).toEqual([]);
    expect([checked.subgraphs, checked.nodes, checked.edges]).toEqual([diagram.groups.length, diagram.nodes.length, diagram.edges.length]);
  });

  test("prod's diagram is drawn from its plan: VPC tiers, edge, firewall, NAT, bastion, VPN, EKS with the servers' namespaces, log flow", () => {
    const { diagram } = reportOf(reports, "prod");
    const vpc = diagram.groups.find((group) => group.style === "vpc")!;
    expect(vpc.detail).toBe(prodConfig.vpcCidr);
    const tiers = diagram.groups.filter((group) => group.style === "tier");
    expect(tiers.map((group) => group.label)).toEqual(TIERS.map((tier) => `${tier} tier`));
    const tier = (name: string) => tiers.find((group) => group.label === `${name} tier`)!.id;
    const alb = nodeLabelled(diagram, "Application Load Balancer")!;
    const waf = nodeLabelled(diagram, "AWS WAF web ACL")!;
    const firewall = nodeLabelled(diagram, "Network Firewall")!;
    const nat = nodeLabelled(diagram, "NAT gateways")!;
    const gatewayToInternet = nodeLabelled(diagram, "Internet gateway")!;
    const bastion = nodeLabelled(diagram, "Auto Scaling group")!;
    const vpn = nodeLabelled(diagram, "Client VPN endpoint")!;
    const logs = nodeLabelled(diagram, "CloudWatch Logs")!;
    expect([alb.group, waf.group, nat.group, firewall.group, bastion.group, vpn.group]).toEqual([tier("edge"), tier("edge"), tier("edge"), tier("firewall"), tier("admin"), tier("admin")]);
    const cluster = diagram.groups.find((group) => group.style === "cluster")!;
    expect(cluster.parent).toBe(tier("mcp"));
    for (const server of prodConfig.mcpServers) expect(diagram.nodes).toContainEqual(expect.objectContaining({ label: `namespace ${server.name}`, group: cluster.id }));
    expect(edgeBetween(diagram, "n_internet", alb.id, "traffic")?.label).toContain("tcp/443");
    expect(edgeBetween(diagram, waf.id, alb.id, "attachment")).toBeDefined();
    expect(edgeBetween(diagram, alb.id, diagram.nodes.find((node) => node.label === "EKS node group")!.id, "traffic")?.label).toBe("tcp/8443, tcp/15021");
    expect(edgeBetween(diagram, "n_administrators", vpn.id, "traffic")).toBeDefined();
    expect(edgeBetween(diagram, vpn.id, bastion.id, "traffic")?.label).toBe(`tcp/${prodConfig.security.sshPort}`);
    expect(edgeBetween(diagram, bastion.id, cluster.id, "traffic")?.label).toBe("tcp/443");
    expect(edgeBetween(diagram, tier("mcp"), firewall.id, "egress")?.label).toBe("0.0.0.0/0");
    expect(edgeBetween(diagram, tier("firewall"), nat.id, "egress")).toBeDefined();
    expect(edgeBetween(diagram, tier("edge"), gatewayToInternet.id, "egress")).toBeDefined();
    expect(edgeBetween(diagram, gatewayToInternet.id, "n_internet", "egress")).toBeDefined();
    expect(edgeBetween(diagram, vpc.id, logs.id, "logs")).toBeDefined();
    expect(edgeBetween(diagram, cluster.id, logs.id, "logs")).toBeDefined();
    for (const source of [waf, firewall, vpn]) expect(edgeBetween(diagram, source.id, logs.id, "logs")).toBeDefined();
    const archive = diagram.nodes.find((node) => node.label === "S3 bucket (Object Lock)")!;
    expect(edgeBetween(diagram, nodeLabelled(diagram, "CloudTrail")!.id, archive.id, "logs")).toBeDefined();
    const topic = nodeLabelled(diagram, "SNS alert topic")!;
    expect(edgeBetween(diagram, nodeLabelled(diagram, "CloudWatch alarms")!.id, topic.id, "alerts")).toBeDefined();
  });

  test("the mcp tier's only default route leads to the firewall: no tier but edge routes to the internet gateway", () => {
    for (const report of reports) {
      const gateway = nodeLabelled(report.diagram, "Internet gateway")!;
      const routedToGateway = report.diagram.edges.filter((edge) => edge.to === gateway.id && edge.kind === "egress").map((edge) => report.diagram.groups.find((group) => group.id === edge.from)?.label);
      expect(routedToGateway).toEqual(["edge tier"]);
    }
  });
});

describe("control report of weakened plans", () => {
  test("a deleted flow log fails LOG-02 in prod only, and the report lists the finding", () => {
    const plans = synthesizedPlans();
    expect(removeResources(plans, "prod", "aws_flow_log")).toBeGreaterThan(0);
    const reports = controlReports(plans, ["dev", "prod"], tests);
    const prodLog02 = entry(reportOf(reports, "prod"), "LOG-02");
    expect(prodLog02.status).toBe("failing");
    expect(prodLog02.findings.map((finding) => finding.rule)).toContain("log-02-vpc-flow-logs");
    expect(entry(reportOf(reports, "dev"), "LOG-02").status).not.toBe("failing");
    const markdown = formatControlReport(reportOf(reports, "prod"), "md");
    expect(markdown).toContain("## Failing findings");
    expect(markdown).toMatch(/^\| LOG-02 \| .* \| \*\*failing\*\* \|/m);
  });

  test("an accepted exception is listed with its justification under every control its rules prove, escaped", () => {
    const plans = synthesizedPlans();
    const ssh = stackResources(plans, "prod", "aws_vpc_security_group_ingress_rule").find((rule) => String(rule.values["description"]).startsWith("SSH from admin"))!;
    ssh.values["cidr_ipv4"] = "0.0.0.0/0";
    const fired = runPolicies(plans).findings.filter((finding) => finding.resource === ssh.address);
    expect(fired.length).toBeGreaterThan(0);
    const justification = 'Break-glass for INC-7 <script>alert("x")</script> | approved by the CISO until 2026-12-01.';
    ssh.values[METADATA_KEY] = { ...(ssh.values[METADATA_KEY] as object), [EXCEPTIONS_KEY]: [...new Set(fired.map((finding) => finding.rule))].map((rule) => ({ rule, justification })) };
    const [prod] = controlReports(plans, ["prod"], tests);
    const withException = prod.controls.filter((item) => item.exceptions.some((exception) => exception.resource === ssh.address));
    expect(withException.map((item) => item.control.id).sort()).toEqual([...new Set(fired.flatMap((finding) => finding.controls))].sort());
    for (const item of withException) {
      expect(item.status).not.toBe("failing");
      expect(item.exceptions.filter((exception) => exception.resource === ssh.address).map((exception) => exception.justification)).toEqual(fired.filter((finding) => finding.controls.includes(item.control.id)).map(() => justification));
    }
    const markdown = formatControlReport(prod, "md");
    const html = formatControlReport(prod, "html");
    expect(markdown).toContain("## Accepted exceptions");
    expect(markdown).toContain("Break-glass for INC-7 &lt;script&gt;alert(\"x\")&lt;/script&gt; \\| approved by the CISO");
    expect(html).toContain("Break-glass for INC-7 &#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; | approved by the CISO");
    expect(html).not.toContain("<script");
  });
});

describe("architecture from any plan", () => {
  /** A minimal plan: one VPC with a `lab` tier and an untagged subnet, an unknown resource type, a hostile name. */
  function syntheticPlan(): Artifacts {
    const hostile = 'lab"]; click n_internet "javascript:alert(1)" %% <script>&';
    return {
      stacks: [
        {
          name: "lab",
          file: "stacks/lab/cdk.tf.json",
          json: {
            provider: { aws: [{ default_tags: [{ tags: { "mcp:environment": "lab" } }] }] },
            resource: {
              aws_vpc: { main: { cidr_block: "10.9.0.0/16", tags: { Name: hostile } } },
              aws_subnet: {
                a: { vpc_id: "${aws_vpc.main.id}", availability_zone: "x-1a", tags: { "mcp:tier": "lab" } },
                b: { vpc_id: "${aws_vpc.main.id}", availability_zone: "x-1b" },
              },
              aws_instance: { box: { subnet_id: "${aws_subnet.a.id}", tags: { Name: "box" }, vpc_security_group_ids: ["${aws_security_group.box.id}"] } },
              aws_security_group: { box: { vpc_id: "${aws_vpc.main.id}", tags: { "mcp:tier": "lab" } } },
              aws_vpc_security_group_ingress_rule: { web: { security_group_id: "${aws_security_group.box.id}", cidr_ipv4: "0.0.0.0/0", ip_protocol: "tcp", from_port: 443, to_port: 443 } },
              aws_something_new: { thing: { vpc_id: "${aws_vpc.main.id}" } },
            },
          },
        },
        { name: "untagged", file: "stacks/untagged/cdk.tf.json", json: { resource: { aws_vpc: { other: { cidr_block: "10.8.0.0/16" } } } } },
      ],
      kubernetes: [
        {
          file: "lab/apps.yaml",
          objects: [
            { apiVersion: "v1", kind: "Namespace", metadata: { name: "front", labels: { role: "front" } } },
            { apiVersion: "v1", kind: "Namespace", metadata: { name: "back" } },
            {
              apiVersion: "networking.k8s.io/v1",
              kind: "NetworkPolicy",
              metadata: { name: "from-front", namespace: "back" },
              spec: { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { role: "front" } } }], ports: [{ port: 8080, protocol: "TCP" }] }] },
            },
          ],
        },
      ],
    };
  }

  test("only tagged stacks and Kubernetes directories are environments", () => {
    expect(environmentsOf(syntheticPlan())).toEqual(["lab"]);
  });

  test("unknown tiers and types, a namespace's NetworkPolicy, and hostile names: drawn, valid and escaped", () => {
    const artifacts = environmentArtifacts(syntheticPlan(), "lab");
    const diagram = architectureOf(artifacts, "lab <test>");
    expect(diagram.groups.map((group) => group.label)).toEqual([
      "Outside the VPC",
      'VPC lab"]; click n_internet "javascript:alert(1)" %% <script>&',
      "lab tier",
      "subnets without a tier",
      "Kubernetes",
    ]);
    const box = nodeLabelled(diagram, "EC2 instance")!;
    expect(box.group).toBe(diagram.groups.find((group) => group.label === "lab tier")!.id);
    expect(edgeBetween(diagram, "n_internet", box.id, "traffic")?.label).toBe("tcp/443");
    expect(edgeBetween(diagram, "n_namespace_front", "n_namespace_back", "traffic")?.label).toBe("tcp/8080");
    const mermaid = toMermaid(diagram);
    expect(checkMermaid(mermaid).problems).toEqual([]);
    expect(mermaid).not.toMatch(/<script|javascript:alert\(1\)"|"\]; click/);
    const svg = toSvg(diagram);
    expect(svg).not.toContain("<script");
    expect(svg).toContain("&#60;script&#62;&#38;");
    expect(toSvg(architectureOf(environmentArtifacts(syntheticPlan(), "lab"), "lab <test>"))).toBe(svg);
  });
});

describe("bin/mcp-harden report", () => {
  const root = tempDir("report-cli");
  // The built-in environments' synthesized output as global setup wrote it (a weakened plan is written with writeCheckout).
  copySharedOutput(root);
  const out = path.join(root, "cdktf.out");
  const k8s = path.join(root, "dist", "k8s");
  const fakeStream = (isTTY: boolean) => {
    const written: string[] = [];
    return { stream: { isTTY, write: (text: string) => written.push(text) }, written };
  };
  const run = (args: string[], stream = fakeStream(false).stream) => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const out1 = jest.spyOn(process.stdout, "write").mockImplementation((text) => stdout.push(String(text)) > 0);
    const err1 = jest.spyOn(process.stderr, "write").mockImplementation((text) => stderr.push(String(text)) > 0);
    try {
      return { status: report.run(args, stream), stdout: stdout.join(""), stderr: stderr.join("") };
    } finally {
      out1.mockRestore();
      err1.mockRestore();
    }
  };

  /** `report --env prod` of the checkout, run once: the first test reads it, the next compares `--all`'s prod.md with it. */
  let prodRun: ReturnType<typeof run> | undefined;
  const prodMarkdown = () => (prodRun ??= run(["--env", "prod", "--plans", out, "--k8s", k8s]));

  test("--env prod prints the Markdown report and exits 0", () => {
    const result = prodMarkdown();
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^# Control report: prod\n/);
  });

  test("--all --format html writes one page per environment; progress only on a terminal", () => {
    const dir = path.join(root, "reports");
    const terminal = fakeStream(true);
    const result = run(["--all", "--format", "html", "--out", dir, "--plans", out, "--k8s", k8s], terminal.stream);
    expect(result.status).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(["dev.html", "prod.html", "test.html"]);
    expect(result.stdout).toContain(`Wrote ${path.join(dir, "prod.html")}: prod, `);
    const shown = terminal.written.join("");
    expect(shown).toContain("report: running every policy rule");
    expect(shown).toContain("report: dev (1/3)");
    expect(shown).toContain("report: test (3/3)");
    expect(shown.endsWith("\r\u001b[2K")).toBe(true);
    const pipe = fakeStream(false);
    expect(run(["--all", "--out", path.join(root, "md"), "--plans", out, "--k8s", k8s], pipe.stream).status).toBe(0);
    expect(pipe.written).toEqual([]);
    expect(fs.readFileSync(path.join(root, "md", "prod.md"), "utf8")).toBe(prodMarkdown().stdout);
  });

  test("bad arguments and input exit 2 with a message that says what to do", () => {
    expect(run(["--plans", out]).stderr).toContain("give either --env <env> or --all.");
    expect(run(["--env", "prod", "--all", "--plans", out]).status).toBe(2);
    expect(run(["--all", "--plans", out, "--k8s", k8s]).stderr).toContain("--all writes one file per environment: give the directory with --out <dir>.");
    const unknown = run(["--env", "staging", "--plans", out, "--k8s", k8s]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no environment "staging" in');
    expect(unknown.stderr).toContain("it has dev, prod, test");
    expect(run(["--env", "prod", "--plans", path.join(root, "missing")]).status).toBe(2);
    expect(run(["--env", "prod", "--format", "pdf", "--plans", out]).stderr).toContain("--format must be one of md, html");
  });

  test("exit 1 when a control fails on the plan, with the report still written", () => {
    const weakened = synthesizedPlans();
    removeResources(weakened, "prod", "aws_flow_log");
    const checkout = writeCheckout(weakened, path.join(root, "weakened"));
    const file = path.join(root, "weakened-prod.md");
    const result = run(["--env", "prod", "--out", file, "--plans", checkout.out, "--k8s", checkout.k8s]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/FAILING\.\n$/);
    expect(fs.readFileSync(file, "utf8")).toContain("## Failing findings");
  });
});

/**
 * What overlaps in the architecture drawing as the browser rendered it (client rectangles, so real font metrics):
 * boxes of components over each other; labels (group titles, component texts, edge labels) over each other or over
 * another component's box; and texts spilling out of their own box. Each entry names both parts.
 */
async function architectureOverlaps(page: Page): Promise<{ boxes: string[]; labels: string[]; spills: string[] }> {
  type Rect = { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  type Part = { readonly name: string; readonly owner: string; readonly rect: Rect };
  type Rendered = { getBoundingClientRect(): Rect; closest(selector: string): { getAttribute(name: string): string | null } | null; readonly textContent: string | null };
  const parts = (selector: string, kind: string): Promise<Part[]> =>
    page.locator(`svg.architecture ${selector}`).evaluateAll(
      (elements: Rendered[], kindName: string) =>
        elements.map((element, index) => {
          const { left, top, right, bottom } = element.getBoundingClientRect();
          const id = element.closest("[data-id]")?.getAttribute("data-id") ?? "";
          return { name: `${kindName} ${id || index} "${element.textContent ?? ""}"`, owner: id || `${kindName}${index}`, rect: { left, top, right, bottom } };
        }),
      kind,
    );
  const overlap = (a: Rect, b: Rect) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
  const inside = (inner: Rect, outer: Rect) => inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5 && inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5;
  const pairs = (list: Part[], others: Part[]) =>
    list.flatMap((a, i) => others.filter((b, j) => (list !== others || j > i) && a.owner !== b.owner && overlap(a.rect, b.rect)).map((b) => `${a.name} / ${b.name}`));
  const nodeBoxes = await parts("g.node > rect", "box");
  const groupBoxes = await parts("g.group > rect", "group");
  const texts = [...(await parts("g.group > text", "title")), ...(await parts("g.node > text", "text"))];
  const labels = [...texts, ...(await parts("g.edge-label-box > rect", "edge label"))];
  const spills = texts.filter((text) => {
    const own = [...nodeBoxes, ...groupBoxes].find((candidate) => candidate.owner === text.owner);
    return !own || !inside(text.rect, own.rect);
  });
  return { boxes: pairs(nodeBoxes, nodeBoxes), labels: [...pairs(labels, labels), ...pairs(labels, nodeBoxes)], spills: spills.map((text) => text.name) };
}

describe("the HTML report in headless Chromium", () => {
  const prod = reportOf(builtInReports, "prod");
  const file = path.join(tempDir("report-html"), "prod.html");
  fs.writeFileSync(file, prodReportHtml());

  test("renders, draws the architecture with its tiers, has a row for every control, and logs no error", async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; it is in scripts/apt-packages.txt).`);
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-report-chromium-"));
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(`console error: ${message.text()}`);
      });
      page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
      page.on("requestfailed", (request) => errors.push(`request failed: ${request.url()}`));
      const response = await page.goto(`file://${file}`, { waitUntil: "load" });
      expect(response?.ok()).toBe(true);
      expect(await page.title()).toBe("Control report: prod");
      const svg = page.locator("svg.architecture");
      expect(await svg.count()).toBe(1);
      const box = await svg.boundingBox();
      expect(box!.width).toBeGreaterThan(400);
      expect(box!.height).toBeGreaterThan(400);
      const groupLabels = await page.locator("svg.architecture text.group-label").allTextContents();
      expect(groupLabels).toEqual(expect.arrayContaining(TIERS.map((tier) => `${tier} tier`)));
      const nodeLabels = await page.locator("svg.architecture text.node-label").allTextContents();
      expect(nodeLabels).toEqual(expect.arrayContaining(["Application Load Balancer", "Network Firewall", "CloudWatch Logs", ...prodConfig.mcpServers.map((server) => `namespace ${server.name}`)]));
      expect(await page.locator("svg.architecture path.edge").count()).toBe(prod.diagram.edges.length);
      expect(await architectureOverlaps(page)).toEqual({ boxes: [], labels: [], spills: [] });
      const drawing = await browser.newPage();
      await drawing.setViewportSize({ width: Math.ceil(box!.width), height: Math.ceil(box!.height) });
      await drawing.setContent(`<body style="margin:0">${toSvg(prod.diagram)}</body>`);
      expect(await architectureOverlaps(drawing)).toEqual({ boxes: [], labels: [], spills: [] });
      const png = await drawing.screenshot({ path: path.join(path.dirname(file), "prod-architecture.png") });
      expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([Math.ceil(box!.width), Math.ceil(box!.height)]);
      const rows = await page.locator("#control-table tbody tr").evaluateAll((elements) => elements.map((element) => element.getAttribute("data-control")));
      expect(rows).toEqual(CONTROLS.map((control) => control.id));
      expect(await page.locator('tr[data-control="NET-01"] .status').textContent()).toBe("proven");
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
    }
  }, 120000);
});
