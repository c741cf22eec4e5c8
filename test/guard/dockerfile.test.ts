/**
 * The guard's image, checked by construction (no container engine here): base images pinned by digest, a non-root
 * numeric user in the runtime stage, the entrypoint produced by the guard's own tsconfig, every copied path present,
 * data files where the guard looks for them, and a package with runtime dependencies only.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const text = fs.readFileSync(path.join(ROOT, "guard", "Dockerfile"), "utf8");
const lines = text.split("\n").filter((line) => line.trim() !== "" && !line.trim().startsWith("#"));
const args = Object.fromEntries(lines.filter((line) => line.startsWith("ARG ")).map((line) => line.slice(4).split("=") as [string, string]));
const stages = text.split(/^FROM /m).slice(1);

test("every base image is pinned by digest", () => {
  const froms = lines.filter((line) => line.startsWith("FROM ")).map((line) => line.split(/\s+/)[1]);
  expect(froms).toHaveLength(2);
  for (const from of froms) {
    const image = from.replace(/^\$\{(\w+)\}$/, (_match, name: string) => args[name]);
    expect(image).toMatch(/@sha256:[0-9a-f]{64}$/);
  }
  expect(args.RUNTIME_IMAGE).toMatch(/^gcr\.io\/distroless\//);
});

test("the runtime stage runs as a numeric non-root user and starts the compiled guard", () => {
  const runtime = stages[stages.length - 1];
  const user = /^USER (\d+):(\d+)$/m.exec(runtime);
  expect(user).not.toBeNull();
  expect(Number(user?.[1])).toBeGreaterThan(0);
  expect(runtime).toMatch(/^ENTRYPOINT \["\/nodejs\/bin\/node", (?:"--[a-z0-9-]+=\d+", )*"\/app\/guard\/dist\/main\.js"\]$/m);
  expect(runtime).not.toMatch(/^RUN /m);
});

test("every path the build copies from the repository exists", () => {
  const sources = lines.filter((line) => line.startsWith("COPY ") && !line.includes("--from=")).flatMap((line) => line.split(/\s+/).slice(1, -1));
  for (const source of sources) expect(fs.existsSync(path.join(ROOT, source))).toBe(true);
});

test("the image layout puts the data files where the guard looks for them", () => {
  const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, "guard", "tsconfig.json"), "utf8"));
  expect(tsconfig.compilerOptions).toMatchObject({ rootDir: "src", outDir: "dist" });
  for (const data of ["proto/ext_mcp.proto", "schemas/mcp-2025-06-18.schema.json", "rules/threat-patterns.json", "rules/secrets.json"]) {
    expect(path.resolve("/app/guard/dist", "..", data)).toBe(`/app/guard/${data}`);
    expect(text).toContain(`COPY guard/${data.split("/")[0]} guard/${data.split("/")[0]}`);
  }
});

/**
 * Where the guard's type check keeps its incremental state between test runs: tsc re-checks the files that changed
 * since (and those that depend on them) and reports the errors it recorded for the others, so a warm run is the same
 * verdict in well under half the CPU.
 */
const GUARD_BUILD_INFO = path.join(ROOT, "node_modules", ".cache", "mcp-hardening", "guard-tsc", "tsconfig.tsbuildinfo");

test("the guard compiles on its own with its tsconfig, and its package holds runtime dependencies only", () => {
  const tsc = [require.resolve("typescript/bin/tsc"), "--noEmit", "--incremental", "--tsBuildInfoFile", GUARD_BUILD_INFO, "-p", path.join(ROOT, "guard", "tsconfig.json")];
  const result = spawnSync(process.execPath, tsc, { encoding: "utf8" });
  expect(result.stdout + result.stderr).toBe("");
  expect(result.status).toBe(0);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "guard", "package.json"), "utf8"));
  expect(Object.keys(pkg.devDependencies ?? {})).toEqual([]);
  for (const name of Object.keys(pkg.dependencies)) expect(name).not.toMatch(/cdktf|cdk8s|constructs|jest|typescript/);
});

test("both stages run the project's Node.js major (.nvmrc), and the build compiles against its @types/node", () => {
  const major = fs.readFileSync(path.join(ROOT, ".nvmrc"), "utf8").trim().split(".")[0];
  expect(args.BUILD_IMAGE).toMatch(new RegExp(`^node:${major}[-.@]`));
  expect(args.RUNTIME_IMAGE).toMatch(new RegExp(`^gcr\\.io/distroless/nodejs${major}-`));
  const rootPackage = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  expect(text).toContain(`@types/node@${rootPackage.devDependencies["@types/node"]}`);
});

test("the image starts Node.js with the flags of bin/mcp-guard's #! line", () => {
  const entrypoint = JSON.parse(/^ENTRYPOINT (.*)$/m.exec(stages[stages.length - 1])?.[1] ?? "[]") as string[];
  const shebang = fs.readFileSync(path.join(ROOT, "bin", "mcp-guard"), "utf8").split("\n")[0];
  expect(shebang).toMatch(/^#!\/usr\/bin\/env -S node( --\S+)+$/);
  const flags = shebang.split(" ").slice(3);
  expect(flags).toContain("--v8-pool-size=1");
  expect(entrypoint).toEqual(["/nodejs/bin/node", ...flags, "/app/guard/dist/main.js"]);
});
