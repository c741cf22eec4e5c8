/**
 * The performance targets and whether a bench run meets them.
 */
import { seconds } from "./format";
import { BenchResults, cpuMsPerResourceBeyondFloor, msPerResourceBeyondFloor } from "./results";
import { linearFit } from "./stats";

/** The outcome of one target: `pass` is undefined when the run did not measure what the target needs. */
export interface TargetResult {
  readonly target: string;
  readonly measured: string;
  readonly pass: boolean | undefined;
}

/** Synthesis may take at most this multiple of the `cdktf synth` empty app. */
const MAX_RATIO_TO_CLI_EMPTY_APP = 2;
/** Total ms per resource beyond the floor: about 0.5 for the framework (toolchain.md §4) plus at most 0.5 for our code. */
const MAX_MS_PER_RESOURCE = 1.0;
const MIN_R_SQUARED = 0.98;
const MAX_PER_RESOURCE_DRIFT = 1.5;

/** (a) Every environment with 10 servers, and the built-in environments, synthesize in ≤ 2× the `cdktf synth` empty app. */
function withinCliFloor(results: BenchResults): TargetResult[] {
  const limit = MAX_RATIO_TO_CLI_EMPTY_APP * results.emptyCli.wallMs;
  const target = (what: string): string => `(a) ${what} ≤ ${MAX_RATIO_TO_CLI_EMPTY_APP}× \`cdktf synth\` empty app (${seconds(limit)})`;
  const ten = results.sizes.find((size) => size.servers === 10);
  return [
    {
      target: target("every env at 10 servers"),
      measured: ten ? `${seconds(ten.wallMs)} (${(ten.wallMs / results.emptyCli.wallMs).toFixed(2)}×)` : "N=10 not measured",
      pass: ten ? ten.wallMs <= limit : undefined,
    },
    {
      target: target("`node dist/bin/cli.js synth` (built-in envs)"),
      measured: `${seconds(results.builtIn.wallMs)} (${(results.builtIn.wallMs / results.emptyCli.wallMs).toFixed(2)}×)`,
      pass: results.builtIn.wallMs <= limit,
    },
  ];
}

/**
 * (b) At the largest size, all resources together cost ≤ 1.0 ms each beyond the floor. Judged on CPU time, which
 * other load on a shared machine barely moves; wall time is reported beside it.
 */
function perResourceCost(results: BenchResults): TargetResult {
  const largest = results.sizes[results.sizes.length - 1];
  const cpu = cpuMsPerResourceBeyondFloor(results, largest);
  const wall = msPerResourceBeyondFloor(results, largest);
  const slope = results.sizes.length >= 2 ? linearFit(results.sizes.map((size) => ({ x: size.resources, y: size.cpuMs }))).slope : undefined;
  return {
    target: `(b) CPU ms/resource beyond the empty app at N=${largest.servers} ≤ ${MAX_MS_PER_RESOURCE} (framework ≈ 0.5 + ours ≤ 0.5)`,
    measured: `${cpu.toFixed(3)} CPU ms/resource (wall ${wall.toFixed(3)})${slope === undefined ? "" : `; fitted marginal CPU cost ${slope.toFixed(3)} ms/resource`}`,
    pass: cpu <= MAX_MS_PER_RESOURCE,
  };
}

/**
 * (c) Wall time grows linearly with resources: R² of the fit ≥ 0.98, or ms/resource at 200 servers at most 1.5× that
 * at 50. The second check is one-sided: a fixed cost beyond the floor makes ms/resource fall as N grows, which is
 * linear; only growth faster than linear makes it rise. It also holds when the per-server cost is so small that
 * machine noise dominates the fit's R².
 */
function linearGrowth(results: BenchResults): TargetResult {
  const target = `(c) linear growth: R² ≥ ${MIN_R_SQUARED} (wall vs resources), or ms/resource at N=200 ≤ ${MAX_PER_RESOURCE_DRIFT}× N=50`;
  const fit = results.sizes.length >= 3 ? linearFit(results.sizes.map((size) => ({ x: size.resources, y: size.wallMs }))) : undefined;
  const fifty = results.sizes.find((size) => size.servers === 50);
  const twoHundred = results.sizes.find((size) => size.servers === 200);
  const drift = fifty && twoHundred ? msPerResourceBeyondFloor(results, twoHundred) / msPerResourceBeyondFloor(results, fifty) : undefined;
  const measured = [
    fit ? `R² = ${fit.rSquared.toFixed(4)}` : "R² needs ≥ 3 sizes",
    drift === undefined ? "N=50/N=200 not both measured" : `ms/resource N=200 ÷ N=50 = ${drift.toFixed(2)}`,
  ].join("; ");
  const passes = [fit && fit.rSquared >= MIN_R_SQUARED, drift !== undefined && drift <= MAX_PER_RESOURCE_DRIFT];
  return { target, measured, pass: fit === undefined && drift === undefined ? undefined : passes.some(Boolean) };
}

/** `npm run synth` with nothing to rebuild may cost at most this multiple of the synthesis alone. */
const MAX_WARM_SYNTH_RATIO = 1.5;
/** The whole test suite's wall time on a 2-core machine, at most. */
const MAX_SUITE_WALL_MS = 180_000;

/** (d) Warm `npm run synth` ≤ 1.5× `node dist/bin/cli.js synth`, judged on CPU (wall beside it). */
function warmSynth(results: BenchResults): TargetResult {
  const cpu = results.warmSynth.cpuMs / results.builtIn.cpuMs;
  const wall = results.warmSynth.wallMs / results.builtIn.wallMs;
  return {
    target: `(d) warm \`npm run synth\` ≤ ${MAX_WARM_SYNTH_RATIO}× \`node dist/bin/cli.js synth\` (CPU)`,
    measured: `CPU ${seconds(results.warmSynth.cpuMs)} (${cpu.toFixed(2)}×), wall ${seconds(results.warmSynth.wallMs)} (${wall.toFixed(2)}×)`,
    pass: cpu <= MAX_WARM_SYNTH_RATIO,
  };
}

/** (e) The whole test suite in ≤ 180 s wall, when the bench ran it. */
function suiteWall(results: BenchResults): TargetResult {
  return {
    target: `(e) the whole test suite ≤ ${seconds(MAX_SUITE_WALL_MS)} wall (\`--suite\`)`,
    measured: results.suite ? `${seconds(results.suite.wallMs)} wall, ${seconds(results.suite.cpuMs)} CPU` : "not run (add --suite)",
    pass: results.suite ? results.suite.wallMs <= MAX_SUITE_WALL_MS : undefined,
  };
}

/** Issue 17: CPU per resource beyond the framework floor, at every measured size, at most this (ms). */
const MAX_CPU_MS_PER_RESOURCE_AT_EVERY_SIZE = 0.75;
/** Issue 17: the three built-in environments, wall time at most this. */
const MAX_BUILT_IN_WALL_MS = 1_500;

/** (f) CPU ms per resource beyond the empty app ≤ 0.75 at every size (issue 17). */
function perResourceAtEverySize(results: BenchResults): TargetResult {
  const costs = results.sizes.map((size) => ({ servers: size.servers, cpu: cpuMsPerResourceBeyondFloor(results, size) }));
  return {
    target: `(f) CPU ms/resource beyond the empty app ≤ ${MAX_CPU_MS_PER_RESOURCE_AT_EVERY_SIZE} at every size`,
    measured: costs.map((cost) => `N=${cost.servers}: ${cost.cpu.toFixed(3)}`).join("; "),
    pass: costs.every((cost) => cost.cpu <= MAX_CPU_MS_PER_RESOURCE_AT_EVERY_SIZE),
  };
}

/** (g) `node dist/bin/cli.js synth` (the three built-in environments) in ≤ 1.5 s wall (issue 17). */
function builtInWall(results: BenchResults): TargetResult {
  return {
    target: `(g) \`node dist/bin/cli.js synth\` (built-in envs) ≤ ${seconds(MAX_BUILT_IN_WALL_MS)} wall`,
    measured: `${seconds(results.builtIn.wallMs)} wall, ${seconds(results.builtIn.cpuMs)} CPU`,
    pass: results.builtIn.wallMs <= MAX_BUILT_IN_WALL_MS,
  };
}

/** Checks every target against a bench run. */
export function checkTargets(results: BenchResults): TargetResult[] {
  return [...withinCliFloor(results), perResourceCost(results), linearGrowth(results), warmSynth(results), suiteWall(results), perResourceAtEverySize(results), builtInWall(results)];
}
