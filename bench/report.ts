/**
 * The bench report as Markdown: the reference measurements, the scaling table and the targets.
 */
import * as os from "os";
import { seconds } from "./format";
import { Measurement } from "./measure";
import { BenchResults, cpuMsPerResourceBeyondFloor, msPerResourceBeyondFloor, SuiteMeasurement, SynthMeasurement } from "./results";
import { TargetResult } from "./targets";

function mebibytes(measurement: Measurement): string {
  return `${Math.round(measurement.peakRssMiB)} MiB`;
}

function runs(measurement: Measurement): string {
  return measurement.runs < measurement.requestedRuns ? `${measurement.runs} (reduced from ${measurement.requestedRuns})` : String(measurement.runs);
}

function referenceRow(measurement: SynthMeasurement): string {
  return `| ${measurement.label} | ${measurement.resources} | ${seconds(measurement.wallMs)} | ${seconds(measurement.cpuMs)} | ${mebibytes(measurement)} | ${runs(measurement)} |`;
}

function verdict(pass: boolean | undefined): string {
  if (pass === undefined) return "N/A";
  return pass ? "PASS" : "FAIL";
}

/** The test suite's run and its slowest files, when the bench ran it. */
function suiteSection(suite: SuiteMeasurement | undefined): string[] {
  if (suite === undefined) return [];
  const share = (ms: number) => `${Math.round((100 * ms) / suite.filesMs)} %`;
  return [
    "## Test suite: `jest --ci`, once",
    "",
    `${suite.tests} tests in ${suite.files} files under Node ${suite.node}: wall ${seconds(suite.wallMs)}, CPU ${seconds(suite.cpuMs)} (Jest, its workers and every process they started), peak RSS ${mebibytes(suite)}.`,
    `Jest's transform cache started empty, as on a fresh clone; the built-in plans were ${suite.plansSynthesized ? "synthesized by the global setup (not cached yet, as on a fresh clone)" : "in the test cache (node_modules/.cache/mcp-hardening/test-plans; a fresh clone synthesizes them once more)"}.`,
    `The files' durations add up to ${seconds(suite.filesMs)}, ${seconds(suite.outsideTestsMs)} (${share(suite.outsideTestsMs)}) of it outside tests: loading modules (each file has its own module registry) and fixtures made outside tests.`,
    "",
    "| slowest test files | duration in its worker | tests | in tests | outside tests |",
    "|---|---|---|---|---|",
    ...suite.slowest.map((file) => `| ${file.file} | ${seconds(file.ms)} | ${file.tests} | ${seconds(file.testsMs)} | ${seconds(file.ms - file.testsMs)} |`),
    "",
  ];
}

/** Formats a bench run and its target checks. */
export function formatBenchReport(results: BenchResults, targets: readonly TargetResult[]): string {
  const cpus = os.cpus();
  const reduced = [results.emptyDirect, results.emptyCli, results.builtIn, results.warmSynth, ...results.sizes].filter((m) => m.runs < m.requestedRuns);
  return [
    "# Synthesis benchmark",
    "",
    `Node ${process.version}, ${os.platform()}/${os.arch()}, ${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"};`,
    `load average at the end ${os.loadavg().map((load) => load.toFixed(2)).join(" / ")} (1 / 5 / 15 min): other load on the machine inflates wall times.`,
    "Each run is a fresh process; medians over the measured runs after one warm-up. Wall time includes process start-up;",
    "peak RSS is the largest `maxRSS` of any Node.js process of the run (for `cdktf synth`: npx, the CLI or the app);",
    "CPU is user + system time of all of the run's Node.js processes together.",
    "",
    "## Reference",
    "",
    "| command | resources | wall (median) | CPU (median) | peak RSS (median) | runs |",
    "|---|---|---|---|---|---|",
    referenceRow(results.emptyDirect),
    referenceRow(results.emptyCli),
    referenceRow(results.builtIn),
    referenceRow(results.warmSynth),
    "",
    "## Scaling: `synthesize()` of dev, test and prod with N MCP servers each (validation, stacks, policy check)",
    "",
    "| N | resources | wall (median) | CPU (median) | peak RSS (median) | wall ms/resource beyond empty app | CPU ms/resource beyond empty app | × `cdktf synth` empty app | runs |",
    "|---|---|---|---|---|---|---|---|---|",
    ...results.sizes.map(
      (size) =>
        `| ${size.servers} | ${size.resources} | ${seconds(size.wallMs)} | ${seconds(size.cpuMs)} | ${mebibytes(size)} | ${msPerResourceBeyondFloor(results, size).toFixed(3)} | ${cpuMsPerResourceBeyondFloor(results, size).toFixed(3)} | ${(size.wallMs / results.emptyCli.wallMs).toFixed(2)} | ${runs(size)} |`,
    ),
    "",
    ...suiteSection(results.suite),
    "## Targets",
    "",
    "| target | measured | result |",
    "|---|---|---|",
    ...targets.map((target) => `| ${target.target} | ${target.measured} | ${verdict(target.pass)} |`),
    ...(reduced.length > 0 ? ["", `Runs were reduced to 3 to stay within the time budget for: ${reduced.map((m) => m.label).join(", ")}.`] : []),
    "",
  ].join("\n");
}
