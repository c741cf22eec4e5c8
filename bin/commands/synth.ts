/**
 * `mcp-harden synth [--env-file <file>]... [--out cdktf.out]`: validates the environments, synthesizes them, and
 * refuses to write a plan that violates a policy rule.
 */
import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { ConfigError } from "../../environments/config-error";
import { loadEnvironmentFiles } from "../../environments/parse";
import { EnvironmentConfig } from "../../environments/schema";
import { formatReport } from "../../policies/report";
import { PolicyViolationError, synthesize } from "../../stacks/synthesize";
import { parseArgs, UsageError } from "../args";
import { createProgress, ProgressStream } from "../progress";

/**
 * Loads the environments, synthesizes them into `outdir` (validation and policy checks included) and returns the exit
 * code: 0 written, 1 refused by a policy rule, 2 invalid input. Nothing is written unless it returns 0. Shows
 * progress on `progressStream` when it is a terminal.
 */
export function runSynth(load: () => readonly EnvironmentConfig[], outdir: string, progressStream: ProgressStream = process.stderr): number {
  const progress = createProgress("synth", progressStream);
  try {
    const configs = load();
    const report = synthesize(configs, { outdir, onStep: (step) => progress.step(step) });
    progress.done();
    if (report.accepted.length > 0) process.stdout.write(formatReport(report, "text"));
    process.stdout.write(`Synthesized ${configs.map((config) => `mcp-${config.name}`).join(", ")} into ${outdir}: all policy rules pass.\n`);
    return 0;
  } catch (error) {
    progress.done();
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nNothing was written.\n`);
      return 2;
    }
    if (error instanceof PolicyViolationError) {
      process.stderr.write(`${formatReport(error.report, "text")}\n${error.message} Nothing was written.\n`);
      return 1;
    }
    throw error;
  }
}

/** `mcp-harden synth`. */
export function synthCommand(args: string[]): number {
  let flags;
  try {
    flags = parseArgs(args, { "env-file": { repeated: true }, out: { default: "cdktf.out" } }).flags;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`mcp-harden synth: ${error.message}\n`);
    return 2;
  }
  const files = flags["env-file"];
  return runSynth(files.length > 0 ? () => loadEnvironmentFiles(files) : () => BUILT_IN_ENVIRONMENTS, flags.out);
}
