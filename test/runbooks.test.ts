import * as fs from "fs";
import * as path from "path";
import runbooks from "../bin/commands/runbooks";
import { RunbookError, runbookNames } from "../policies/runbook-names";
import { renderRunbooks } from "../review/runbooks";
import { config, ENVIRONMENTS } from "./support/compute";
import { removeResources, stack, synthesizedPlans, tempDir } from "./support/plans";

const FILES = ["README.md", "tool-poisoning.md", "unauthorized-access.md", "data-exfiltration.md", "server-compromise.md", "denial-of-service.md"];

/** Runs the command, capturing what it writes to stdout and stderr. */
function runCommand(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const out = jest.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: runbooks.run(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe("incident runbooks (IR-00 playbooks, IR-01 classification, IR-02 response with IR-02a..IR-02e, IR-03 post-incident analysis) from the real plan", () => {
  const plans = synthesizedPlans();

  test.each(ENVIRONMENTS)("%s: every playbook names the environment's real resources, read from its plan", (environment) => {
    const { accountId, mcpServers } = config(environment);
    const names = runbookNames(stack(plans, environment));
    expect(names).toMatchObject({
      quarantineGroup: `mcp-${environment}-quarantine`,
      containmentFunction: `mcp-${environment}-containment`,
      containmentLogGroup: `/mcp/${environment}/containment`,
      archiveBucket: `mcp-${environment}-log-archive-${accountId}`,
      alertsTopic: `mcp-${environment}-security-alerts`,
      webAcl: `mcp-${environment}`,
      cluster: `mcp-${environment}`,
      trail: `mcp-${environment}-audit`,
      siemStream: `mcp-${environment}-siem`,
      logGroups: { cloudTrail: `/mcp/${environment}/cloudtrail`, containers: `/mcp/${environment}/containers`, flowLogs: `/mcp/${environment}/vpc-flow-logs`, waf: `aws-waf-logs-mcp-${environment}` },
      servers: mcpServers.map((server) => server.name).sort(),
    });
    expect(names.logGroups.networkFirewall).toContain(`/mcp/${environment}/network-firewall/alert`);
    expect(names.alarms.auditTrail).toEqual(expect.arrayContaining([`mcp-${environment}-root-account-usage`, `mcp-${environment}-sign-in-failure-burst-then-success`]));

    const runbooks = renderRunbooks(stack(plans, environment));
    expect(runbooks.map((runbook) => runbook.file)).toEqual(FILES);
    const text = (file: string) => runbooks.find((runbook) => runbook.file === file)!.markdown;
    for (const { file, markdown } of runbooks) {
      expect(markdown).not.toMatch(/undefined|\[object Object\]|\$\{/);
      expect(markdown).toContain(`mcp-${environment}`);
      if (file !== "README.md") {
        for (const id of ["IR-00", "IR-01", "IR-02", "IR-02a", "IR-02d", "IR-02e", "IR-03"]) expect(markdown).toContain(id);
        expect(markdown).toContain(names.archiveBucket);
        expect(markdown).toContain(names.alertsTopic);
      }
    }
    expect(text("server-compromise.md")).toContain(`\`mcp-${environment}-containment\``);
    expect(text("server-compromise.md")).toContain(`\`mcp-${environment}-quarantine\``);
    expect(text("server-compromise.md")).toContain(`\`/mcp/${environment}/containment\``);
    expect(text("unauthorized-access.md")).toContain(`\`mcp-${environment}-root-account-usage\``);
    expect(text("unauthorized-access.md")).toContain(`\`/mcp/${environment}/cloudtrail\``);
    expect(text("data-exfiltration.md")).toContain(`\`mcp-${environment}-large-responses-${mcpServers[0].name}\``);
    expect(text("data-exfiltration.md")).toContain(`\`/mcp/${environment}/vpc-flow-logs\``);
    expect(text("denial-of-service.md")).toContain(`\`mcp-${environment}-waf-blocked-${mcpServers[0].name}\``);
    expect(text("denial-of-service.md")).toContain(`web ACL \`mcp-${environment}\``);
    expect(text("tool-poisoning.md")).toContain(`\`/mcp/${environment}/containers\``);
    expect(text("tool-poisoning.md")).toContain(`\`mcp-${environment}-guard-tool-changed-${mcpServers[0].name}\``);
    for (const trigger of names.containmentTriggers) expect(text("server-compromise.md")).toContain(`\`${trigger}\``);
    expect(text("README.md")).toContain("| Suspected tool poisoning |");
  });

  /**
   * Placeholders only the incident can fill: its hour, the affected network interface, the automation run it started,
   * and the two checkouts its fix is reviewed between.
   */
  const INCIDENT_PLACEHOLDERS = ["<yyyy>", "<mm>", "<dd>", "<hh>", "<eni>", "<execution-id>", "<base>", "<head>"];

  const markdownOf = (environment: string) => renderRunbooks(stack(plans, environment)).map((runbook) => runbook.markdown);

  test.each(ENVIRONMENTS)("%s: no placeholder is left for a value the plan knows; every server gets its own commands", (environment) => {
    const { mcpServers } = config(environment);
    const names = runbookNames(stack(plans, environment));
    for (const { file, markdown } of renderRunbooks(stack(plans, environment))) {
      const placeholders = [...new Set(markdown.match(/<[A-Za-z][\w .-]*>/g) ?? [])].filter((placeholder) => !INCIDENT_PLACEHOLDERS.includes(placeholder));
      expect({ file, placeholders }).toEqual({ file, placeholders: [] });
      if (file === "README.md") continue;
      for (const server of mcpServers) {
        if (markdown.includes("Scale the affected MCP server to zero")) expect(markdown).toContain(`kubectl --namespace ${server.name} scale --replicas=0 deployment/${server.name}`);
        expect(markdown).toContain(`kubectl --namespace ${server.name} scale --replicas=${names.replicas[server.name]} deployment/${server.name}`);
        expect(markdown).toContain(`--document-name mcp-${environment}-recover-${server.name} --region ${names.region}`);
        for (const secret of names.serverSecrets[server.name]) expect(markdown).toContain(`--secret-id ${secret} `);
      }
    }
    expect(names.replicas).toEqual(Object.fromEntries(mcpServers.map((server) => [server.name, expect.any(Number)])));
    expect(Object.values(names.serverSecrets).flat().length).toBeGreaterThan(0);
    expect(markdownOf(environment).filter((markdown) => markdown.includes("Scale the affected MCP server to zero"))).toHaveLength(4);
    const exfiltration = renderRunbooks(stack(plans, environment)).find((runbook) => runbook.file === "data-exfiltration.md")!.markdown;
    expect(exfiltration).toContain(`filter response_bytes > ${names.largeResponseBytes}`);
    expect(names.largeResponseBytes).toBeGreaterThan(0);
  });

  test.each(ENVIRONMENTS)("%s: every runbook says how to reach the bastion, with the deployed Session Manager and Client VPN names", (environment) => {
    const names = runbookNames(stack(plans, environment));
    expect(names.bastion).toMatchObject({
      group: `mcp-${environment}-bastion`,
      sessionPreferences: "SSM-SessionManagerRunShell",
      sessionLogGroup: `/mcp/${environment}/bastion/sessions`,
      vpn: { name: `mcp-${environment}-client-vpn` },
      clusterAdmins: [`mcp-${environment}-admin`],
    });
    expect(names.bastion?.sshPorts.length).toBeGreaterThan(0);
    for (const { file, markdown } of renderRunbooks(stack(plans, environment))) {
      if (file === "README.md") {
        expect(markdown).toContain(`Auto Scaling group \`mcp-${environment}-bastion\`, Client VPN \`mcp-${environment}-client-vpn\``);
        continue;
      }
      expect(markdown).toContain("## Reach the bastion (PUB-05)");
      expect(markdown).toContain(`aws ssm start-session --region ${names.region} --target "$(aws ec2 describe-instances --region ${names.region} --filters Name=tag:aws:autoscaling:groupName,Values=mcp-${environment}-bastion `);
      expect(markdown).toContain(`Value=='mcp-${environment}-client-vpn'`);
      expect(markdown).toContain(`ssh -p ${names.bastion?.sshPorts[0]} `);
      expect(markdown).toContain(`aws eks update-kubeconfig --region ${names.region} --name ${names.cluster}`);
    }
  });

  test("a plan without a bastion says so instead of inventing one", () => {
    const withoutBastion = synthesizedPlans();
    removeResources(withoutBastion, "prod", "aws_autoscaling_group");
    expect(runbookNames(stack(withoutBastion, "prod")).bastion).toBeUndefined();
    expect(renderRunbooks(stack(withoutBastion, "prod"))[1].markdown).toContain("This plan has no bastion");
  });

  test("a plan without the quarantine group or the containment function is refused with the missing resource named", () => {
    const withoutGroup = synthesizedPlans();
    removeResources(withoutGroup, "prod", "aws_security_group", (group) => group.values["name"] === "mcp-prod-quarantine");
    expect(() => renderRunbooks(stack(withoutGroup, "prod"))).toThrow(RunbookError);
    expect(() => renderRunbooks(stack(withoutGroup, "prod"))).toThrow(
      "the plan of mcp-prod (stacks/mcp-prod/cdk.tf.json) has no quarantine security group (aws_security_group tagged mcp:tier = quarantine); add QuarantineSecurityGroup. Synthesize with the current blueprint (npm run synth) and try again."
    );
    const withoutFunction = synthesizedPlans();
    removeResources(withoutFunction, "prod", "aws_lambda_function");
    expect(() => renderRunbooks(stack(withoutFunction, "prod"))).toThrow("has no containment function (aws_lambda_function with QUARANTINE_SECURITY_GROUP_ID)");
  });

  test("bin/mcp-harden runbooks writes the files from a synthesized output directory, and exits 2 naming what is missing", () => {
    const dir = tempDir("runbooks");
    const outDir = path.join(dir, "cdktf.out");
    const stackDir = path.join(outDir, "stacks", "mcp-prod");
    fs.mkdirSync(stackDir, { recursive: true });
    fs.writeFileSync(path.join(stackDir, "cdk.tf.json"), JSON.stringify(stack(plans, "prod").json));
    const target = path.join(dir, "runbooks");

    const written = runCommand(["--env", "prod", "--out", target, "--plans", outDir]);
    expect(written).toMatchObject({ code: 0, stderr: "" });
    expect(fs.readdirSync(target).sort()).toEqual([...FILES].sort());
    expect(fs.readFileSync(path.join(target, "server-compromise.md"), "utf8")).toContain("`mcp-prod-quarantine`");

    expect(runCommand(["--env", "staging", "--out", target, "--plans", outDir])).toMatchObject({
      code: 2,
      stderr: `mcp-harden runbooks: no plan of mcp-staging in ${outDir}/stacks: synthesize it first (npm run synth), or pass --plans <dir>.\n`,
    });
    expect(runCommand(["--out", target]).stderr).toContain("--env is required");

    const broken = JSON.parse(JSON.stringify(stack(plans, "prod").json)) as { resource: Record<string, unknown> };
    delete broken.resource["aws_wafv2_web_acl"];
    fs.writeFileSync(path.join(stackDir, "cdk.tf.json"), JSON.stringify(broken));
    const refused = runCommand(["--env", "prod", "--out", path.join(dir, "other"), "--plans", outDir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("has no web ACL (aws_wafv2_web_acl)");
    expect(fs.existsSync(path.join(dir, "other"))).toBe(false);
  });
});
