/**
 * The package platform teams install (#16 item 7): `npm pack` makes a tarball of the build, the data files it reads,
 * LICENSE and CHANGELOG, without tests or generated output; its framework packages are peer dependencies with ranges;
 * installed into a fresh consumer app, offline, its entry point synthesizes an environment file through
 * `synthesizeApp` and its `mcp-harden` command validates the same file.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { tempDir } from "./support/plans";

const ROOT = path.resolve(__dirname, "..");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

/** The framework packages a consumer brings itself: one instance of each in the app, so constructs compose. */
const FRAMEWORK = ["@cdktf/provider-aws", "@cdktf/provider-helm", "@cdktf/provider-kubernetes", "cdk8s", "cdk8s-plus-33", "cdktf", "constructs"];

function npm(args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync("npm", [...args], { cwd, encoding: "utf8", env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" }, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("package.json", () => {
  test("is publishable: not private, with files, exports and types, a LICENSE and a CHANGELOG", () => {
    expect(manifest.private).toBeUndefined();
    expect(manifest.exports["."]).toEqual({ types: "./dist/index.d.ts", default: "./dist/index.js" });
    expect(manifest.types).toBe("dist/index.d.ts");
    expect(manifest.main).toBe("dist/index.js");
    expect(fs.readFileSync(path.join(ROOT, "LICENSE"), "utf8")).toContain("Apache License");
    expect(fs.readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8")).toMatch(/^# Changelog/m);
  });

  test("takes the framework packages as peer dependencies with ranges, the versions the repository tests with satisfying them", () => {
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(FRAMEWORK);
    for (const name of FRAMEWORK) {
      expect(manifest.dependencies[name]).toBeUndefined();
      const range = manifest.peerDependencies[name] as string;
      expect(range).toBe(`^${manifest.devDependencies[name]}`);
      const installed = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")).version;
      expect(installed).toBe(manifest.devDependencies[name]);
    }
    expect(manifest.dependencies["cdktf-cli"]).toBeUndefined();
  });
});

describe("the packed tarball, installed into a fresh consumer app", () => {
  // The consumer lives outside the repository, so nothing resolves from the repository's node_modules by accident:
  // everything comes from the tarball and npm's cache, except the framework packages (peers, which the app brings),
  // linked in from the repository's node_modules after the install.
  const work = tempDir("package");

  // Tests run after the build (scripts/test.sh): packing without the prepack build saves a second tsc pass, and no
  // rebuild of dist/ races the other test files that read it.
  const pack = npm(["pack", "--ignore-scripts", "--json", "--pack-destination", work], ROOT);
  const packed = pack.status === 0 ? (JSON.parse(pack.stdout.slice(pack.stdout.indexOf("["))) as { filename: string; files: { path: string }[]; size: number }[])[0] : undefined;
  const files = packed?.files.map((file) => file.path) ?? [];

  test("npm pack succeeds", () => {
    expect(pack.stderr).not.toMatch(/npm (ERR|error)/);
    expect(pack.status).toBe(0);
  });

  test("holds the build, the data files it reads, LICENSE, CHANGELOG and README, and no tests or generated output", () => {
    for (const file of ["package.json", "LICENSE", "CHANGELOG.md", "README.md", "bin/mcp-harden", "dist/index.js", "dist/index.d.ts", "dist/bin/cli.js", "dist/stacks/synthesize.js", "guard/rules/threat-patterns.json", "guard/proto/ext_mcp.proto", "functions/containment/index.js"]) {
      expect(files).toContain(file);
    }
    expect(files.some((file) => file.startsWith("environments/approved-tools/prod/"))).toBe(true);
    const unwanted = files.filter((file) => /^test\/|\.test\.|^dist\/(bench|test|k8s|guard\/model)\/|^cdktf\.out\/|^\.cache\/|\.ts$(?<!\.d\.ts)|^examples\/|corpus\.json$/.test(file));
    expect(unwanted).toEqual([]);
  });

  const consumer = path.join(work, "consumer");
  fs.mkdirSync(consumer);
  fs.writeFileSync(path.join(consumer, "package.json"), JSON.stringify({ name: "platform-mcp", version: "1.0.0", private: true }, null, 2));
  const install = packed ? npm(["install", "--prefer-offline", "--legacy-peer-deps", "--no-package-lock", path.join(work, packed.filename)], consumer) : undefined;

  test("installs offline from the tarball, without the framework packages or any dev dependency", () => {
    expect(install?.stderr ?? "").not.toMatch(/npm (ERR|error)/);
    expect(install?.status).toBe(0);
    const installed = fs.readdirSync(path.join(consumer, "node_modules"));
    for (const name of [...FRAMEWORK, "cdktf-cli", "jest", "typescript"]) expect(installed).not.toContain(name.split("/")[0] === "@cdktf" ? "@cdktf" : name);
    for (const name of FRAMEWORK) {
      fs.mkdirSync(path.dirname(path.join(consumer, "node_modules", name)), { recursive: true });
      fs.symlinkSync(path.join(ROOT, "node_modules", name), path.join(consumer, "node_modules", name), "dir");
    }
  });

  test("its entry point synthesizes an environment file through synthesizeApp, every rule passing", () => {
    fs.cpSync(path.join(ROOT, "test", "fixtures", "staging.yaml"), path.join(consumer, "staging.yaml"));
    fs.cpSync(path.join(ROOT, "test", "fixtures", "approved-tools"), path.join(consumer, "approved-tools"), { recursive: true });
    fs.writeFileSync(
      path.join(consumer, "main.js"),
      [
        'const { App, TerraformStack } = require("cdktf");',
        'const { AwsProvider } = require("@cdktf/provider-aws/lib/provider");',
        'const { addEnvironmentStacks, loadEnvironmentFile, McpNetwork, synthesizeApp } = require("mcp-hardening");',
        'const environment = loadEnvironmentFile("staging.yaml");',
        "const report = synthesizeApp((app, outputs) => addEnvironmentStacks(app, [environment], outputs), { outdir: 'cdktf.out' });",
        "const app = new App({ outdir: 'own.out' });",
        'const own = new TerraformStack(app, "own");',
        'new AwsProvider(own, "aws", { region: "eu-west-1" });',
        'new McpNetwork(own, "network", { name: "own", cidrBlock: "10.70.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"] });',
        "app.synth();",
        "console.log(JSON.stringify({ findings: report.findings.length, rules: report.rules.length, cdktf: require.resolve('cdktf', { paths: [require.resolve('mcp-hardening')] }) === require.resolve('cdktf') }));",
      ].join("\n")
    );
    const result = spawnSync(process.execPath, ["main.js"], { cwd: consumer, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ findings: 0, rules: expect.any(Number), cdktf: true });
    expect(fs.readdirSync(path.join(consumer, "cdktf.out", "stacks")).sort()).toEqual(["mcp-staging", "mcp-staging-workloads"]);
    expect(fs.existsSync(path.join(consumer, "dist", "k8s", "staging"))).toBe(true);
    expect(fs.existsSync(path.join(consumer, "own.out", "stacks", "own", "cdk.tf.json"))).toBe(true);
  });

  test("its mcp-harden command runs from the install: --version and validate", () => {
    const bin = path.join(consumer, "node_modules", ".bin", "mcp-harden");
    const version = spawnSync(bin, ["--version"], { cwd: consumer, encoding: "utf8" });
    expect(version.stdout).toBe(`mcp-harden ${manifest.version}\n`);
    const validate = spawnSync(bin, ["validate", "staging.yaml"], { cwd: consumer, encoding: "utf8" });
    expect(validate.stderr).toBe("");
    expect(validate.status).toBe(0);
  });
});
