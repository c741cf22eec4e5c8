/**
 * `mcp-harden synth [--env-file <file>]... [--out cdktf.out] [--k8s-out <dir>]`: validates the environments,
 * synthesizes them, and refuses to write a plan that violates a policy rule.
 */
import * as fs from "fs";
import * as path from "path";
import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { ConfigError, formatProblem } from "../../environments/config-error";
import { EnvironmentSource, loadEnvironmentSources } from "../../environments/parse";
import { EnvironmentConfig } from "../../environments/schema";
import { formatSarif, formatText } from "../../policies/report";
import { SarifSource } from "../../policies/sarif-locations";
import { Report } from "../../policies/types";
import { PolicyViolationError, synthesize } from "../../stacks/synthesize";
import { defineCommand } from "../command";
import { packageVersion } from "../package-files";
import { createProgress, ProgressStream } from "../progress";
import { sarifSources } from "./sarif-sources";

/** Where {@link runSynth} writes. */
export interface SynthOutputs {
  /** The cdktf output directory. */
  readonly out: string;
  /** The Kubernetes manifest directory. @default "dist/k8s" beside `out`'s parent */
  readonly k8sOut?: string;
  /** The MCP guard's configuration directory (`<env>/guard-config.json`). @default "dist/guard" beside `out`'s parent */
  readonly guardOut?: string;
  /** List every accepted exception after the summary line. @default false */
  readonly verbose?: boolean;
  /**
   * Also write the policy report as SARIF 2.1.0 to `file`, whether synthesis passes or is refused, its results pointing
   * at the keys of the environment files `sources`. @default no SARIF
   */
  readonly sarif?: { readonly file: string; readonly sources: () => readonly SarifSource[] };
}

/**
 * Loads the environments, synthesizes them into the output directories (validation and policy checks included) and
 * returns the exit code: 0 written, 1 refused by a policy rule, 2 invalid input (a production server overdue for
 * re-certification included; a non-production one is a warning on stderr). Nothing is written unless it returns
 * 0, and only the files of the synthesized environments are replaced. A success is one summary line (accepted
 * exceptions counted; listed with `verbose`). Shows progress on `progressStream` when it is a terminal.
 */
export function runSynth(load: () => readonly EnvironmentConfig[], outputs: SynthOutputs, progressStream: ProgressStream = process.stderr): number {
  const progress = createProgress("synth", progressStream);
  const k8sOut = outputs.k8sOut ?? path.join(path.dirname(outputs.out), "dist", "k8s");
  const guardOut = outputs.guardOut ?? path.join(path.dirname(outputs.out), "dist", "guard");
  try {
    const configs = load();
    const sources = outputs.sarif?.sources();
    const writeSarif = (report: Report) => {
      if (outputs.sarif) fs.writeFileSync(outputs.sarif.file, formatSarif(report, { sources, toolVersion: packageVersion(), out: outputs.out, k8s: k8sOut }));
    };
    let report: Report;
    try {
      report = synthesize(configs, { outdir: outputs.out, k8sOutdir: k8sOut, guardOutdir: guardOut, onStep: (step) => progress.step(step), onWarning: (warning) => process.stderr.write(`warning: ${formatProblem(warning)}\n`) });
    } catch (error) {
      if (error instanceof PolicyViolationError) writeSarif(error.report);
      throw error;
    }
    writeSarif(report);
    progress.done();
    const accepted = report.accepted.length;
    const exceptions = accepted === 0 ? "" : `, ${accepted} through accepted exception${accepted === 1 ? "" : "s"}${outputs.verbose ? " (listed above)" : " (--verbose lists them)"}`;
    if (outputs.verbose && accepted > 0) process.stdout.write(formatText(report));
    process.stdout.write(`Synthesized ${configs.map((config) => `mcp-${config.name}`).join(", ")} into ${outputs.out} (Kubernetes: ${k8sOut}; guard: ${guardOut}): all ${report.rules.length} policy rules pass${exceptions}.\n`);
    return 0;
  } catch (error) {
    progress.done();
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nNothing was written.\n`);
      return 2;
    }
    if (error instanceof PolicyViolationError) {
      process.stderr.write(`${formatText(error.report)}\n${error.message} Nothing was written.\n`);
      return 1;
    }
    throw error;
  }
}

export default defineCommand({
  name: "synth",
  summary: "Validate environments, synthesize them, check every policy rule, and write the plans only when all pass.",
  synopsis: "[--env-file <file>]... [--out cdktf.out] [--k8s-out <dir>] [--guard-out <dir>] [--sarif <file>] [--verbose]",
  description:
    "Without --env-file: the built-in environments (dev, test, prod). In the output directories only the files of the\n" +
    "synthesized environments are replaced (a record of them is kept in .mcp-harden-outputs.json): other environments'\n" +
    "output and files you put there stay.",
  flags: {
    "env-file": { type: "string", multiple: true, valueName: "<file.yaml|file.json>", description: "An environment file to synthesize instead of the built-in environments." },
    out: { type: "string", valueName: "<dir>", default: "cdktf.out", description: "Where the Terraform JSON goes (cdktf's output directory: stacks/ and manifest.json)." },
    "k8s-out": { type: "string", valueName: "<dir>", description: "Where the Kubernetes YAML goes, as <dir>/<env>/<chart>.yaml (default: dist/k8s beside --out's parent folder)." },
    "guard-out": { type: "string", valueName: "<dir>", description: "Where the MCP guard's configuration goes, as <dir>/<env>/guard-config.json (default: dist/guard beside --out's parent folder)." },
    sarif: { type: "string", valueName: "<file>", description: "Also write the policy report as SARIF 2.1.0 for code scanning, also when synthesis is refused: results point at the --env-file keys they come from." },
    verbose: { type: "boolean", description: "List every accepted exception, with its justification, before the summary line." },
  },
  exitCodes: { 0: "written: every policy rule passes", 1: "refused: a rule reports a finding no exception accepts; nothing written", 2: "invalid arguments or environment; nothing written" },
  run: (flags, _positionals, progressStream) => {
    const files = flags["env-file"];
    let sources: readonly EnvironmentSource[] = [];
    const load = () => (sources = loadEnvironmentSources(files)).map((source) => source.environment);
    const sarif = flags.sarif === undefined ? undefined : { file: flags.sarif, sources: () => sarifSources(sources) };
    return runSynth(files.length > 0 ? load : () => BUILT_IN_ENVIRONMENTS, { out: flags.out, k8sOut: flags["k8s-out"], guardOut: flags["guard-out"], verbose: flags.verbose, sarif }, progressStream);
  },
});
