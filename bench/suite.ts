/**
 * The whole test suite, measured as the README runs it: `bash scripts/test.sh` type-checks, builds, then runs
 * `jest --ci --json --outputFile` under Node.js 22 (the machine's when it is recent enough, else the one the script
 * fetched into `.cache/`). Like a fresh clone, Jest starts with an empty transform cache; the built-in plans come from
 * the test cache when it holds them (the report says which).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Progress } from "../bin/progress";
import { BenchCommand, measureOnce } from "./measure";
import { SuiteFile, SuiteMeasurement } from "./results";

/** How many of the slowest test files the report lists. */
const SLOWEST_FILES = 12;

/** How long the suite may run before the bench gives up (20+ minutes when the machine is busy). */
const SUITE_TIMEOUT_MS = 60 * 60_000;

/** The Node.js major version scripts/test.sh runs the tests with. */
const REQUIRED_NODE_MAJOR = 22;

/** Where jest's global setup caches the built-in plans (test/support/shared-plans.ts), one directory per hash of their inputs. */
const PLANS_CACHE = path.join("node_modules", ".cache", "mcp-hardening", "test-plans");

/** The kernel's unit of the CPU times in /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** The Node.js scripts/test.sh runs the tests with: this one when recent enough, else the pinned one it fetched into `.cache/`. */
function suiteNode(root: string): string {
  if (Number(process.versions.node.split(".")[0]) >= REQUIRED_NODE_MAJOR) return process.execPath;
  const version = fs.readFileSync(path.join(root, ".nvmrc"), "utf8").trim();
  const node = path.join(root, ".cache", `node-${version}-linux-${process.arch}`, "bin", "node");
  if (!fs.existsSync(node)) throw new Error(`--suite: Node.js ${process.version} is older than the tests' ${REQUIRED_NODE_MAJOR}, and ${path.relative(root, node)} is missing: run "bash scripts/test.sh" once (it fetches it), or run the bench under Node.js ${REQUIRED_NODE_MAJOR}.`);
  return node;
}

/**
 * CPU time (user + system, ms) of this process's finished children and all their descendants, from /proc (Linux);
 * undefined elsewhere. Unlike the bench's exit probe it also counts the processes that do not run Node.js (shellcheck,
 * the browser, sshd) and the Jest workers that are killed at the end.
 */
function childrenCpuMs(): number | undefined {
  if (!fs.existsSync("/proc/self/stat")) return undefined;
  const stat = fs.readFileSync("/proc/self/stat", "utf8");
  // After the command name in parentheses: field 3 (state) onwards; cutime and cstime are fields 16 and 17.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
}

function cachedPlans(root: string): string[] {
  const dir = path.join(root, PLANS_CACHE);
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => !name.includes(".staging-")) : [];
}

interface JestJson {
  readonly numTotalTests: number;
  readonly testResults: readonly { readonly name: string; readonly startTime: number; readonly endTime: number; readonly assertionResults: readonly { readonly duration?: number | null }[] }[];
}

/** Every test file of Jest's report with its wall time in its worker and the part of it spent in its tests. */
function suiteFiles(root: string, json: JestJson): SuiteFile[] {
  return json.testResults.map((file) => ({
    file: path.relative(root, file.name),
    ms: file.endTime - file.startTime,
    tests: file.assertionResults.length,
    testsMs: file.assertionResults.reduce((sum, test) => sum + (test.duration ?? 0), 0),
  }));
}

/** Runs the whole test suite once, as scripts/test.sh does (after `npm run build`, which `npm run bench` ran). */
export function runSuite(root: string, scratch: string, progress: Progress): SuiteMeasurement {
  progress.step("the whole test suite, once");
  const results = path.join(scratch, "suite.json");
  const node = suiteNode(root);
  const plansBefore = new Set(cachedPlans(root));
  const command: BenchCommand = {
    label: "`jest --ci` (the whole test suite)",
    file: node,
    args: [path.join(root, "node_modules", "jest", "bin", "jest.js"), "--ci", "--json", `--outputFile=${results}`, `--cacheDirectory=${path.join(scratch, "jest-cache")}`],
    cwd: root,
    outdir: path.join(scratch, "suite"),
    timeoutMs: SUITE_TIMEOUT_MS,
  };
  const cpuBefore = childrenCpuMs();
  const measurement = measureOnce(command, scratch);
  const cpuAfter = childrenCpuMs();
  const json = JSON.parse(fs.readFileSync(results, "utf8")) as JestJson;
  const files = suiteFiles(root, json);
  return {
    ...measurement,
    cpuMs: cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : measurement.cpuMs,
    node: execFileSync(node, ["--version"], { encoding: "utf8" }).trim(),
    plansSynthesized: cachedPlans(root).some((name) => !plansBefore.has(name)),
    tests: json.numTotalTests,
    files: files.length,
    filesMs: files.reduce((sum, file) => sum + file.ms, 0),
    outsideTestsMs: files.reduce((sum, file) => sum + file.ms - file.testsMs, 0),
    slowest: [...files].sort((a, b) => b.ms - a.ms).slice(0, SLOWEST_FILES),
  };
}
