import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { OUTPUTS_RECORD } from "../stacks/publish";
import { runCli } from "./support/cli";
import { sharedOutput, tempDir } from "./support/plans";

const ROOT = path.resolve(__dirname, "..");
const CLI = path.join(ROOT, "bin", "mcp-harden");

/**
 * Runs the compiled CLI in its own process. Every command runs this way at least once; a command's further cases run
 * in process (`runCli`, the same `main`), since each process pays about a second of module loading (two with the
 * policy rules, four with a synthesis) that the cases in one process share.
 */
function run(args: string[], cwd = ROOT) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, CI: "1" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The commands whose only run in this file is `--help`: theirs runs as the compiled CLI, so every command runs in a process of its own. */
const HELP_IN_PROCESS_OF_ITS_OWN = new Set(["report", "runbooks"]);

/** The output of `mcp-harden <command> --help` (the whole usage without a command), run once per command: it is the same on every run. */
const helpOutputs = new Map<string, Promise<ReturnType<typeof run>>>();
function help(command?: string): Promise<ReturnType<typeof run>> {
  const key = command ?? "";
  let result = helpOutputs.get(key);
  if (!result) {
    if (command === undefined) result = runCli("--help");
    else result = HELP_IN_PROCESS_OF_ITS_OWN.has(command) ? Promise.resolve(run([command, "--help"])) : runCli(command, "--help");
    helpOutputs.set(key, result);
  }
  return result;
}

/** Edits one stack's cdk.tf.json in a copy of a synthesized output directory. */
function weaken(source: string, target: string, edit: (json: Record<string, Record<string, Record<string, Record<string, unknown>>>>) => void): string {
  fs.cpSync(source, target, { recursive: true });
  const file = path.join(target, "stacks", "mcp-prod", "cdk.tf.json");
  const json = JSON.parse(fs.readFileSync(file, "utf8"));
  edit(json);
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
  return target;
}

describe("bin/mcp-harden (the compiled CLI, as users run it)", () => {
  const base = tempDir("cli");
  const out = path.join(base, "cdktf.out");
  const k8s = path.join(base, "dist", "k8s");
  const synth = run(["synth", "--out", out]);

  test("synth writes every built-in environment and exits 0", () => {
    expect(synth.stderr).toBe("");
    expect(synth.status).toBe(0);
    expect(fs.readdirSync(path.join(out, "stacks")).sort()).toEqual(["mcp-dev", "mcp-dev-workloads", "mcp-prod", "mcp-prod-workloads", "mcp-test", "mcp-test-workloads"]);
    expect(fs.readdirSync(path.join(base, "dist", "k8s")).sort()).toEqual([OUTPUTS_RECORD, "dev", "prod", "test"]);
  });

  test("the compiled CLI writes the same plans as the tests' in-process synthesis, the bundled recovery function included (review)", () => {
    for (const stack of ["mcp-dev", "mcp-test", "mcp-prod"]) {
      const cli = fs.readFileSync(path.join(out, "stacks", stack, "cdk.tf.json"), "utf8");
      expect(cli).toBe(fs.readFileSync(path.join(sharedOutput().outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
      expect(cli).toMatch(/"filename": "assets\/recovery_package_[0-9A-F]+\/[0-9A-F]+\/recovery.zip"/);
    }
  });

  test("check exits 0 on the synthesized plans", () => {
    const result = run(["check", "--plans", out, "--k8s", k8s]);
    expect(result.stdout).toContain("PASS");
    expect(result.status).toBe(0);
  });

  test("check exits 1 and names the control on a weakened plan (0.0.0.0/0 on SSH)", async () => {
    const weakened = weaken(out, path.join(base, "open-ssh"), (json) => {
      const rules = json["resource"]["aws_vpc_security_group_ingress_rule"];
      const ssh = Object.values(rules).find((rule) => String(rule["description"]).startsWith("SSH"))!;
      ssh["cidr_ipv4"] = "0.0.0.0/0";
    });
    const result = await runCli("check", "--plans", weakened, "--k8s", k8s, "--format", "json");
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.findings[0]).toMatchObject({ rule: "net-01-no-open-ingress", controls: expect.arrayContaining(["NET-01", "PUB-06"]), location: "mcp-prod" });
  });

  test("check exits 1 with valid SARIF when the flow log is deleted (the incident runbooks, which name its log group, can no longer be written either)", async () => {
    const weakened = weaken(out, path.join(base, "no-flow-log"), (json) => {
      delete json["resource"]["aws_flow_log"];
    });
    const result = await runCli("check", "--plans", weakened, "--k8s", k8s, "--format", "sarif");
    expect(result.status).toBe(1);
    const sarif = JSON.parse(result.stdout);
    const results = sarif.runs[0].results as { ruleId: string; suppressions?: { status: string; justification: string }[] }[];
    expect(results.filter((result) => result.suppressions === undefined).map((result) => result.ruleId)).toEqual(["log-02-vpc-flow-logs", "ir-00-incident-runbooks"]);
    for (const accepted of results.filter((result) => result.suppressions !== undefined)) expect(accepted.suppressions).toEqual([{ kind: "external", status: "accepted", justification: expect.stringMatching(/^.{20,}$/s) }]);
  });

  test("check exits 2 on unreadable input", async () => {
    expect((await runCli("check", "--plans", path.join(base, "missing"))).status).toBe(2);
    const broken = path.join(base, "broken");
    fs.mkdirSync(path.join(broken, "stacks", "mcp-x"), { recursive: true });
    fs.writeFileSync(path.join(broken, "stacks", "mcp-x", "cdk.tf.json"), "{ not json");
    const result = await runCli("check", "--plans", broken);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("cdk.tf.json");
  });

  test("diff exits 1 naming the weakened control, and 0 between identical checkouts", async () => {
    const head = path.join(base, "diff-head");
    fs.mkdirSync(head);
    if (fs.existsSync(path.join(base, "dist"))) fs.cpSync(path.join(base, "dist"), path.join(head, "dist"), { recursive: true });
    weaken(out, path.join(head, "cdktf.out"), (json) => {
      Object.values(json["resource"]["aws_kms_key"])[0]["enable_key_rotation"] = false;
    });
    const result = run(["diff", base, head, "--format", "json"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).weakerControls).toContain("AUTH-05");
    expect((await runCli("diff", base, base)).status).toBe(0);
  });

  test("validate exits 2 listing every problem of a broken config, and 0 for a good one", async () => {
    const broken = run(["validate", path.join(ROOT, "test", "fixtures", "broken-env.yaml")]);
    expect(broken.status).toBe(2);
    expect(broken.stderr.split("\n").filter((line) => line.includes(":")).length).toBeGreaterThan(5);
    expect((await runCli("validate", path.join(ROOT, "test", "fixtures", "staging.yaml"))).status).toBe(0);
  });

  test("synth --env-file writes nothing for a broken config and exits 2", async () => {
    const target = path.join(base, "from-broken");
    const result = await runCli("synth", "--env-file", path.join(ROOT, "test", "fixtures", "broken-env.yaml"), "--out", target);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Nothing was written");
    expect(fs.existsSync(target)).toBe(false);
  });

  test("controls lists every control and says which are not covered", () => {
    const result = run(["controls"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/NET-01.*covered/);
    expect(result.stdout).toContain("NOT COVERED");
  });

  test("an unknown command or flag is a usage error that names the valid flags", async () => {
    expect((await runCli("deploy")).status).toBe(2);
    const unknown = await runCli("check", "--outdir", out);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--outdir'. Valid flags: --plans, --k8s, --format, --env-file.");
    expect(unknown.stderr).toContain("Usage: mcp-harden check [--plans cdktf.out]");
    expect((await runCli("check", "--format", "xml")).stderr).toContain('--format must be one of text, json, sarif; got "xml".');
    expect((await runCli("diff", out)).stderr).toContain("expected 2 argument(s)");
  });

  test("--version prints the package version", () => {
    const result = run(["--version"]);
    expect(result).toEqual({ status: 0, stdout: `mcp-harden ${JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version}\n`, stderr: "" });
  });

  test.each(["validate", "synth", "check", "controls", "diff", "report", "runbooks"])("%s --help lists its flags and exit codes, and exits 0", async (command) => {
    const result = await help(command);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: mcp-harden ${command}`));
    expect(result.stdout).toContain("Flags:");
    expect(result.stdout).toContain("--help, -h");
    expect(result.stdout).toMatch(/Exit codes:\n {2}0 {2}\S/);
    expect((await help()).stdout).toContain(`  ${command} `);
  });

  test("one flag vocabulary: --out is where a command writes, never what it reads", async () => {
    for (const command of ["check", "report", "runbooks"]) expect((await help(command)).stdout).toContain("--plans <dir>");
    expect((await help("check")).stdout).not.toMatch(/^ {2}--out\b/m);
    for (const command of ["synth", "report", "runbooks"]) expect((await help(command)).stdout).toMatch(/--out <[^>]+>\n {6}Where /);
  });

  test("a successful synth is one summary line counting the accepted exceptions; --verbose lists them", async () => {
    const lines = synth.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Synthesized mcp-dev, mcp-test, mcp-prod into .*: all \d+ policy rules pass, \d+ through accepted exceptions \(--verbose lists them\)\.$/);
    const verbose = await runCli("synth", "--out", path.join(base, "verbose", "cdktf.out"), "--verbose");
    expect(verbose.status).toBe(0);
    const count = Number(/(\d+) through accepted exceptions/.exec(lines[0])![1]);
    expect(verbose.stdout.match(/Accepted because: /g)).toHaveLength(count);
  });
});
