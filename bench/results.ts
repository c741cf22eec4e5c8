/**
 * What one bench run measured, shared by the target checks and the report.
 */
import { Measurement } from "./measure";

/** A measurement of a command that synthesizes resources. */
export interface SynthMeasurement extends Measurement {
  /** Resources over all synthesized stacks. */
  readonly resources: number;
}

/** Our synthesis of the built-in environments scaled to a number of MCP servers each. */
export interface SizeMeasurement extends SynthMeasurement {
  /** MCP servers per environment. */
  readonly servers: number;
}

/** One test file of the suite. */
export interface SuiteFile {
  readonly file: string;
  /** Its duration as Jest reports it (wall, in its worker). */
  readonly ms: number;
  readonly tests: number;
  /** The part of `ms` spent in its tests; the rest is loading its modules and its fixtures outside tests. */
  readonly testsMs: number;
}

/** One run of the whole test suite (`jest --ci`), and its slowest test files. */
export interface SuiteMeasurement extends Measurement {
  /** The Node.js it ran under (scripts/test.sh's). */
  readonly node: string;
  /** Whether Jest's global setup synthesized the built-in plans (not in the test cache yet, as on a fresh clone). */
  readonly plansSynthesized: boolean;
  readonly tests: number;
  readonly files: number;
  /** The test files' durations together (about wall × workers). */
  readonly filesMs: number;
  /** The part of `filesMs` outside tests: loading modules, fixtures made outside tests. */
  readonly outsideTestsMs: number;
  /** The slowest test files, slowest first. */
  readonly slowest: readonly SuiteFile[];
}

/** Everything one bench run measured. */
export interface BenchResults {
  /** `node dist/bench/empty-app.js`: the framework's floor without the CLI. */
  readonly emptyDirect: SynthMeasurement;
  /** `npx cdktf synth --app "node dist/bench/empty-app.js"`: the floor a cdktf user sees. */
  readonly emptyCli: SynthMeasurement;
  /** `node dist/bin/cli.js synth`: what `npm run synth` runs after the build. */
  readonly builtIn: SynthMeasurement;
  /** `npm run synth` with nothing to rebuild: the build's up-to-date check, then the synthesis. */
  readonly warmSynth: SynthMeasurement;
  /** Our synthesis per size, in increasing size. */
  readonly sizes: readonly SizeMeasurement[];
  /** The test suite, when asked for (`--suite`). */
  readonly suite?: SuiteMeasurement;
}

/** Milliseconds of wall time per resource that a synthesis spends beyond the empty app run directly. */
export function msPerResourceBeyondFloor(results: BenchResults, synth: SynthMeasurement): number {
  return (synth.wallMs - results.emptyDirect.wallMs) / synth.resources;
}

/** Milliseconds of CPU time per resource that a synthesis spends beyond the empty app run directly. */
export function cpuMsPerResourceBeyondFloor(results: BenchResults, synth: SynthMeasurement): number {
  return (synth.cpuMs - results.emptyDirect.cpuMs) / synth.resources;
}
