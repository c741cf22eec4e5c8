import * as fs from "fs";
import * as path from "path";
import { BUILT_IN_ENVIRONMENTS } from "../environments";
import { EnvironmentConfig } from "../environments/schema";
import { ConfigError } from "../environments/config-error";
import { loadStacks } from "../policies/engine";
import { App } from "cdktf";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { McpEnvironmentStack } from "../stacks/environment-stack";
import { PolicyViolationError, synthesize, synthesizeApp } from "../stacks/synthesize";
import { OUTPUTS_RECORD } from "../stacks/publish";
import { sharedOutput, tempDir } from "./support/plans";

function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(dir, full)] = fs.readFileSync(full, "utf8");
    }
  };
  walk(dir);
  return files;
}

describe("synthesis", () => {
  const base = tempDir("synth");
  const first = path.join(base, "first", "cdktf.out");
  synthesize(BUILT_IN_ENVIRONMENTS, { outdir: first });
  const firstStacks = loadStacks(first);
  // The second run: test/global-setup.ts's, in another process and directory (perhaps an earlier test run, for the same inputs).
  const second = sharedOutput();

  /** Where synthesis puts the Kubernetes YAML by default: dist/k8s beside the cdktf output directory. */
  const k8s = (outdir: string) => path.join(path.dirname(outdir), "dist", "k8s");

  test("writes an infrastructure and a workloads stack per environment, and each environment's Kubernetes YAML", () => {
    expect(fs.readdirSync(path.join(first, "stacks")).sort()).toEqual(["mcp-dev", "mcp-dev-workloads", "mcp-prod", "mcp-prod-workloads", "mcp-test", "mcp-test-workloads"]);
    const charts = ["access-review", "admission", "gateway", "identity", "mesh", "observability", "workloads"];
    expect(Object.keys(readTree(k8s(first))).sort()).toEqual([OUTPUTS_RECORD, ...["dev", "prod", "test"].flatMap((environment) => charts.map((chart) => `${environment}/${chart}.yaml`))]);
  });

  test("is byte-identical across runs and output directories", () => {
    expect(readTree(second.outdir)).toEqual(readTree(first));
    expect(readTree(second.k8sOutdir)).toEqual(readTree(k8s(first)));
  });

  test("contains no absolute path, home directory, timestamp or random ID", () => {
    for (const [file, text] of [...Object.entries(readTree(first)), ...Object.entries(readTree(k8s(first)))]) {
      expect({ file, cwd: text.includes(process.cwd()) }).toEqual({ file, cwd: false });
      expect({ file, base: text.includes(base) }).toEqual({ file, base: false });
      expect({ file, timestamp: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) }).toEqual({ file, timestamp: false });
      // ACM certificate and KMS key IDs from the environment config have the form of a UUID; they are deterministic input.
      const withoutCertificateIds = text.replace(/:(certificate|key)\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ":$1/<id>");
      expect({ file, uuid: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.test(withoutCertificateIds) }).toEqual({ file, uuid: false });
    }
  });

  test.each(["dev", "test", "prod"])("mcp-%s matches its reviewed snapshot", (environment) => {
    const [stack] = firstStacks.filter((candidate) => candidate.name === `mcp-${environment}`);
    expect(stack.json).toMatchSnapshot();
  });

  describe("refuses bad input and violating plans without writing anything", () => {
    const prod = BUILT_IN_ENVIRONMENTS.find((environment) => environment.name === "prod")!;

    test("an invalid environment set is a ConfigError and the output directory is untouched", () => {
      const outdir = path.join(base, "refused-config");
      const clash: EnvironmentConfig = { ...prod, name: "prod2", vpcCidr: prod.vpcCidr, state: { ...prod.state, bucket: "another-bucket-name" } };
      expect(() => synthesize([prod, clash], { outdir })).toThrow(ConfigError);
      expect(fs.existsSync(outdir)).toBe(false);
    });

    test("an exception naming a resource that does not exist is a ConfigError", () => {
      const outdir = path.join(base, "refused-exception");
      const withException: EnvironmentConfig = {
        ...prod,
        exceptions: [{ rule: "net-01-no-open-ingress", resource: "aws_security_group.nope", justification: "Approved by security review SR-42 until 2027-01-31." }],
      };
      expect(() => synthesize([withException], { outdir })).toThrow(/no resource "aws_security_group.nope" in stack mcp-prod/);
      expect(fs.existsSync(outdir)).toBe(false);
    });

    test("a previous good output survives a refused synthesis", () => {
      // The previous output: the first synthesis's, copied with the Kubernetes and guard output beside it.
      const outdir = path.join(base, "kept", "cdktf.out");
      fs.cpSync(first, outdir, { recursive: true });
      fs.cpSync(path.join(path.dirname(first), "dist"), path.join(path.dirname(outdir), "dist"), { recursive: true });
      const before = readTree(outdir);
      const k8sBefore = readTree(k8s(outdir));
      expect(() => synthesize([{ ...prod, azCount: 1 }], { outdir })).toThrow();
      expect(readTree(outdir)).toEqual(before);
      expect(readTree(k8s(outdir))).toEqual(k8sBefore);
      expect(fs.readdirSync(path.dirname(outdir)).filter((name) => name.includes("staging"))).toEqual([]);
      expect(fs.readdirSync(path.dirname(k8s(outdir))).filter((name) => name.includes("staging"))).toEqual([]);
    });

    test("a plan that violates a rule is refused with the rule, control and resource named; a justified exception accepts it", () => {
      const outdir = path.join(base, "violating");
      const withOpenSsh = (app: App, environment: EnvironmentConfig) => {
        const stack = new McpEnvironmentStack(app, environment);
        new VpcSecurityGroupIngressRule(stack, "ssh-from-anywhere", {
          securityGroupId: stack.securityGroups.groups.admin.id,
          cidrIpv4: "0.0.0.0/0",
          ipProtocol: "tcp",
          fromPort: 2222,
          toPort: 2222,
        });
      };
      let error: unknown;
      try {
        synthesizeApp((app) => withOpenSsh(app, prod), { outdir });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(PolicyViolationError);
      const findings = (error as PolicyViolationError).report.findings;
      const resource = "aws_vpc_security_group_ingress_rule.ssh-from-anywhere";
      expect(findings.map((finding) => [finding.rule, finding.location, finding.resource])).toEqual([
        ["net-01-no-open-ingress", "mcp-prod", resource],
        ["pub-05-bastion-no-public-access", "mcp-prod", resource],
      ]);
      expect(findings[0].controls).toEqual(expect.arrayContaining(["NET-01", "PUB-06"]));
      expect(fs.existsSync(outdir)).toBe(false);

      const justification = "Break-glass access for incident INC-7, approved by the CISO until 2026-12-01.";
      const exceptions = findings.map((finding) => ({ rule: finding.rule, resource, justification }));
      const accepted = synthesizeApp((app) => withOpenSsh(app, { ...prod, exceptions }), { outdir });
      expect(accepted.findings).toEqual([]);
      expect(accepted.accepted).toEqual(findings.map((finding) => ({ ...finding, justification })));
      const [written] = loadStacks(outdir).filter((stack) => stack.name === "mcp-prod");
      const [type, name] = resource.split(".");
      expect(((written.json["resource"] as Record<string, Record<string, Record<string, unknown>>>)[type][name]["//"] as Record<string, unknown>)["exceptions"]).toEqual(
        findings.map((finding) => ({ rule: finding.rule, justification })),
      );
    });
  });
  describe("deletes nothing it did not write", () => {
    const [dev, , prod] = ["dev", "test", "prod"].map((name) => BUILT_IN_ENVIRONMENTS.find((environment) => environment.name === name)!);
    const root = path.join(base, "foreign");
    const outdir = path.join(root, "plans", "cdktf.out");
    const k8sOutdir = path.join(root, "k8s-out");
    const guardOutdir = path.join(root, "guard-out");
    /** A file the user put there, and what it holds. */
    const foreign = [
      path.join(root, "plans", "notes.txt"),
      path.join(root, "dist", "k8s", "mine.yaml"),
      path.join(outdir, "README.md"),
      path.join(outdir, "stacks", "mcp-prod", ".terraform.lock.hcl"),
      path.join(outdir, "stacks", "mcp-prod", ".terraform", "providers", "marker"),
      path.join(k8sOutdir, "extra.yaml"),
      path.join(k8sOutdir, "prod", "kustomization.yaml"),
      path.join(root, "k8s-out.staging"),
      path.join(guardOutdir, "extra.json"),
      path.join(guardOutdir, "prod", "notes.txt"),
      path.join(root, "guard-out.staging"),
    ];

    beforeAll(() => {
      synthesize([dev], { outdir, k8sOutdir, guardOutdir });
      for (const file of foreign) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, `foreign ${path.basename(file)}`);
      }
      synthesize([prod], { outdir, k8sOutdir, guardOutdir });
    });

    test("a foreign file in and beside every output folder survives, and the earlier environment's output stays", () => {
      for (const file of foreign) expect({ file, text: fs.readFileSync(file, "utf8") }).toEqual({ file, text: `foreign ${path.basename(file)}` });
      expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["mcp-dev", "mcp-dev-workloads", "mcp-prod", "mcp-prod-workloads"]);
      expect(fs.readdirSync(k8sOutdir).sort()).toEqual([OUTPUTS_RECORD, "dev", "extra.yaml", "prod"]);
      expect(fs.readdirSync(guardOutdir).sort()).toEqual([OUTPUTS_RECORD, "dev", "extra.json", "prod"]);
      expect(fs.readdirSync(path.join(guardOutdir, "prod")).sort()).toEqual(["guard-config.json", "notes.txt"]);
      expect(fs.existsSync(path.join(root, "plans", "dist"))).toBe(false);
    });

    test("the cdktf manifest lists the stacks of both syntheses, so cdktf deploys either", () => {
      const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
      expect(Object.keys(manifest.stacks)).toEqual(["mcp-dev", "mcp-dev-workloads", "mcp-prod", "mcp-prod-workloads"]);
    });

    test("a file it wrote earlier and no longer writes is deleted; the same output is byte-identical", () => {
      const stale = path.join(k8sOutdir, "prod", "retired-chart.yaml");
      fs.writeFileSync(stale, "kind: Retired\n");
      const record = JSON.parse(fs.readFileSync(path.join(k8sOutdir, OUTPUTS_RECORD), "utf8"));
      fs.writeFileSync(path.join(k8sOutdir, OUTPUTS_RECORD), JSON.stringify({ ...record, prod: [...record.prod, "retired-chart.yaml"] }));
      const before = readTree(path.join(k8sOutdir, "dev"));
      synthesize([prod], { outdir, k8sOutdir, guardOutdir });
      expect(fs.existsSync(stale)).toBe(false);
      expect(fs.readFileSync(path.join(k8sOutdir, "prod", "kustomization.yaml"), "utf8")).toBe("foreign kustomization.yaml");
      expect(readTree(path.join(k8sOutdir, "dev"))).toEqual(before);
      expect(readTree(path.join(k8sOutdir, "prod"))).toEqual({ ...readTree(path.join(k8s(first), "prod")), "kustomization.yaml": "foreign kustomization.yaml" });
    });
  });
});
