/**
 * `npm run bench [-- --runs 5 --sizes 1,10,50,200 --suite]`: measures synthesis against the bare cdktf floor, warm
 * `npm run synth`, and with `--suite` one run of the whole test suite (minutes: it runs every test, once), and checks
 * the performance targets. Prints a Markdown report and writes it to `.bench/results.md`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { UsageError } from "../bin/command";
import { createProgress, Progress } from "../bin/progress";
import { countResources } from "./count-resources";
import { BenchCommand, measureAll } from "./measure";
import { formatBenchReport } from "./report";
import { BenchResults, SynthMeasurement } from "./results";
import { runSuite } from "./suite";
import { checkTargets } from "./targets";

const ROOT = path.resolve(__dirname, "..", "..");
const DEFAULT_RUNS = "5";
const DEFAULT_SIZES = "1,10,50,200";
/** Warm-up time × runs above this switches a command to 3 runs, keeping the bench within ~4 minutes on 2 cores. */
const BUDGET_PER_MEASUREMENT_MS = 30_000;

/** A positive integer from a flag, or a usage error naming the flag. */
function positiveInteger(flag: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`--${flag}: "${value}" is not a positive integer.`);
  return number;
}

/** `--runs` (measured runs per command), `--sizes` (MCP servers per environment, ascending, distinct) and `--suite`. */
function parseOptions(argv: readonly string[]): { runs: number; sizes: number[]; suite: boolean } {
  let flags;
  try {
    flags = parseArgs({ args: [...argv], options: { runs: { type: "string", default: DEFAULT_RUNS }, sizes: { type: "string", default: DEFAULT_SIZES }, suite: { type: "boolean", default: false } }, strict: true }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const sizes = [...new Set(flags.sizes.split(",").map((size) => positiveInteger("sizes", size.trim())))].sort((a, b) => a - b);
  return { runs: positiveInteger("runs", flags.runs), sizes, suite: flags.suite };
}

/** The commands to measure, each writing its own directory under `scratch`: the floors, `cli.js synth`, then one per size. */
function benchCommands(sizes: readonly number[], scratch: string): BenchCommand[] {
  const node = process.execPath;
  const outdir = (name: string): string => path.join(scratch, name);
  const home = path.join(scratch, "home");
  fs.mkdirSync(home);
  return [
    {
      label: "`node dist/bench/empty-app.js`",
      file: node,
      args: [path.join("dist", "bench", "empty-app.js")],
      cwd: ROOT,
      env: { CDKTF_OUTDIR: outdir("empty-direct") },
      outdir: outdir("empty-direct"),
    },
    {
      label: '`npx cdktf synth --app "node dist/bench/empty-app.js"`',
      file: "npx",
      args: ["cdktf", "synth", "--app", "node dist/bench/empty-app.js", "--output", outdir("empty-cli")],
      cwd: ROOT,
      env: { HOME: home, CHECKPOINT_DISABLE: "1", DISABLE_VERSION_CHECK: "1", CI: "1", npm_config_update_notifier: "false" },
      outdir: outdir("empty-cli"),
    },
    {
      label: "`node dist/bin/cli.js synth`",
      file: node,
      args: [path.join("dist", "bin", "cli.js"), "synth", "--out", outdir("built-in")],
      cwd: ROOT,
      outdir: outdir("built-in"),
    },
    {
      label: "`npm run synth` (warm: nothing to rebuild)",
      file: "npm",
      args: ["run", "--silent", "synth", "--", "--out", outdir("warm-synth")],
      cwd: ROOT,
      env: { npm_config_update_notifier: "false" },
      outdir: outdir("warm-synth"),
    },
    ...sizes.map((servers) => ({
      label: `synth N=${servers}`,
      file: node,
      args: [path.join("dist", "bench", "synth-child.js"), "--servers", String(servers), "--out", outdir(`n${servers}`), "--k8s", outdir(`k8s-n${servers}`)],
      cwd: ROOT,
      outdir: outdir(`n${servers}`),
    })),
  ];
}

/** Runs every measurement with its scratch files under `scratch`, showing each run on `progress`. */
function runBench(runs: number, sizes: readonly number[], scratch: string, progress: Progress): BenchResults {
  const commands = benchCommands(sizes, scratch);
  const measured = measureAll(commands, { runs, budgetMs: BUDGET_PER_MEASUREMENT_MS, scratch, onStep: (step) => progress.step(step) }).map(
    (measurement, index): SynthMeasurement => ({ ...measurement, resources: countResources(commands[index].outdir) }),
  );
  const [emptyDirect, emptyCli, builtIn, warmSynth, ...bySize] = measured;
  return { emptyDirect, emptyCli, builtIn, warmSynth, sizes: bySize.map((measurement, index) => ({ ...measurement, servers: sizes[index] })) };
}

/** Runs the bench, prints the report and writes it to `.bench/results.md`; returns the exit code (2 on bad flags). */
function main(argv: readonly string[]): number {
  let options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n`);
    return 2;
  }
  const started = process.hrtime.bigint();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-bench-"));
  let report;
  const progress = createProgress("bench");
  try {
    const synthesis = runBench(options.runs, options.sizes, scratch, progress);
    const results = options.suite ? { ...synthesis, suite: runSuite(ROOT, scratch, progress) } : synthesis;
    report = formatBenchReport(results, checkTargets(results));
  } finally {
    progress.done();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const full = `${report}\nBench took ${elapsed.toFixed(1)} s.\n`;
  process.stdout.write(full);
  fs.mkdirSync(path.join(ROOT, ".bench"), { recursive: true });
  fs.writeFileSync(path.join(ROOT, ".bench", "results.md"), full);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
