/**
 * Runs commands repeatedly, each time in a fresh process, and reports the median wall time and peak RSS.
 * Wall time is taken by this process around the whole child (start-up included); peak RSS is reported by the
 * child itself through the preloaded probe, as the largest of its Node.js processes.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { RSS_FILE_VARIABLE } from "./rss-probe";
import { median } from "./stats";

const PROBE = path.join(__dirname, "rss-probe.js");
const CHILD_TIMEOUT_MS = 120_000;

/** A command to measure. */
export interface BenchCommand {
  /** What the measurement is called in the report. */
  readonly label: string;
  /** Executable and arguments. */
  readonly file: string;
  readonly args: readonly string[];
  /** Working directory. */
  readonly cwd: string;
  /** Variables added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** The directory the command writes, its own; emptied before each run and left in place after the last one. */
  readonly outdir: string;
  /**
   * How long one run may take before it is killed and the bench fails.
   * @default 120 s
   */
  readonly timeoutMs?: number;
}

/** How often to run a command. */
export interface MeasureOptions {
  /** Measured runs of each command, after one warm-up run. */
  readonly runs: number;
  /** If a command's warm-up suggests its runs would take longer than this, it is run only 3 times. */
  readonly budgetMs: number;
  /** A directory for the probe's files. */
  readonly scratch: string;
  /**
   * Called before each run with what is about to run (for progress output).
   * @default no callback
   */
  readonly onStep?: (step: string) => void;
}

/** Medians over the measured runs. */
export interface Measurement {
  readonly label: string;
  readonly wallMs: number;
  readonly peakRssMiB: number;
  /** CPU time (user + system) of all the run's Node.js processes together: unlike wall time, other load on the machine barely moves it. */
  readonly cpuMs: number;
  /** Measured runs made (fewer than asked when the budget was exceeded). */
  readonly runs: number;
  readonly requestedRuns: number;
}

interface Sample {
  readonly wallMs: number;
  readonly peakRssKiB: number;
  readonly cpuMs: number;
}

/** The largest peak RSS any process of the run reported, in KiB, and the CPU time of all of them, in ms. */
function readProbe(file: string, label: string): { readonly peakRssKiB: number; readonly cpuMs: number } {
  const reports = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => line.split(" ").map(Number));
  if (reports.length === 0) throw new Error(`${label}: no process reported its peak RSS.`);
  return { peakRssKiB: Math.max(...reports.map((report) => report[1])), cpuMs: reports.reduce((sum, report) => sum + report[2], 0) };
}

function runOnce(command: BenchCommand, rssFile: string): Sample {
  fs.rmSync(command.outdir, { recursive: true, force: true });
  fs.rmSync(rssFile, { force: true });
  const nodeOptions = [process.env.NODE_OPTIONS, `--require "${PROBE}"`].filter(Boolean).join(" ");
  const start = process.hrtime.bigint();
  const result = spawnSync(command.file, command.args, {
    cwd: command.cwd,
    env: { ...process.env, ...command.env, NODE_OPTIONS: nodeOptions, [RSS_FILE_VARIABLE]: rssFile },
    stdio: ["ignore", "pipe", "pipe"],
    timeout: command.timeoutMs ?? CHILD_TIMEOUT_MS,
    encoding: "utf8",
    // Jest's progress output on stderr runs to megabytes; the default 1 MiB would kill the run.
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw new Error(`${command.label}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command.label}: exit ${result.status ?? result.signal}\n${result.stdout}${result.stderr}`);
  }
  return { wallMs, ...readProbe(rssFile, command.label) };
}

/** Runs a command once (no warm-up: for a command too long to repeat, such as the test suite). */
export function measureOnce(command: BenchCommand, scratch: string): Measurement {
  const sample = runOnce(command, path.join(scratch, "rss.txt"));
  return { label: command.label, wallMs: sample.wallMs, peakRssMiB: sample.peakRssKiB / 1024, cpuMs: sample.cpuMs, runs: 1, requestedRuns: 1 };
}

/**
 * Warms each command up once, then measures them in interleaved rounds (every command once per round), so a
 * burst of load on the machine spreads over all commands instead of skewing one. Returns the medians in the
 * order of `commands`.
 */
export function measureAll(commands: readonly BenchCommand[], options: MeasureOptions): Measurement[] {
  const rssFile = path.join(options.scratch, "rss.txt");
  const runs = commands.map((command, index) => {
    options.onStep?.(`warm-up ${index + 1}/${commands.length}: ${command.label}`);
    const warmUp = runOnce(command, rssFile);
    return warmUp.wallMs * options.runs > options.budgetMs ? Math.min(options.runs, 3) : options.runs;
  });
  const samples: Sample[][] = commands.map(() => []);
  for (let round = 0; round < options.runs; round++) {
    commands.forEach((command, index) => {
      if (round >= runs[index]) return;
      options.onStep?.(`round ${round + 1}/${options.runs}, ${index + 1}/${commands.length}: ${command.label}`);
      samples[index].push(runOnce(command, rssFile));
    });
  }
  return commands.map((command, index) => ({
    label: command.label,
    wallMs: median(samples[index].map((sample) => sample.wallMs)),
    peakRssMiB: median(samples[index].map((sample) => sample.peakRssKiB)) / 1024,
    cpuMs: median(samples[index].map((sample) => sample.cpuMs)),
    runs: runs[index],
    requestedRuns: options.runs,
  }));
}
