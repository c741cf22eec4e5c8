/**
 * `mcp-harden report --env <env>|--all`: the control report of one or every environment of a synthesis, with its
 * architecture drawn from the plan, as Markdown or HTML.
 */
import * as fs from "fs";
import * as path from "path";
import { controlReports, environmentsOf } from "../../review/control-report";
import { CONTROL_REPORT_FORMATS, formatControlReport } from "../../review/control-report-format";
import { ArtifactError, loadArtifacts } from "../../policies/engine";
import { defineCommand, UsageError } from "../command";
import { K8S_FLAG, PLANS_FLAG } from "./input-flags";
import { packageTestSources } from "../package-files";
import { createProgress } from "../progress";

/** Where each environment's report goes: a file path, or undefined for stdout. */
function destinations(environments: readonly string[], out: string | undefined, all: boolean, extension: string): (string | undefined)[] {
  if (out === undefined) {
    if (all) throw new UsageError("--all writes one file per environment: give the directory with --out <dir>.");
    return [undefined];
  }
  const isDirectory = fs.existsSync(out) && fs.statSync(out).isDirectory();
  if (all && fs.existsSync(out) && !isDirectory) throw new UsageError(`--out "${out}" is a file; with --all give a directory (created when missing).`);
  if (all || isDirectory) return environments.map((environment) => path.join(out, `${environment}.${extension}`));
  return [out];
}

export default defineCommand({
  name: "report",
  summary: "The control report of an environment: status, resources, rules, tests and exceptions of every control, and its architecture drawn from the plan.",
  synopsis: `(--env <env> | --all) [--format ${CONTROL_REPORT_FORMATS.join("|")}] [--out <file or dir>] [--plans cdktf.out] [--k8s dist/k8s]`,
  flags: {
    env: { type: "string", valueName: "<env>", description: "One environment: to stdout, or to --out (a file, or a directory that gets <env>.<format>)." },
    all: { type: "boolean", description: "Every environment of the synthesis: one <env>.<format> per environment in the directory --out." },
    format: { type: "string", choices: CONTROL_REPORT_FORMATS, default: "md", description: "md (Mermaid diagram) or html (SVG diagram)." },
    out: { type: "string", valueName: "<file or dir>", description: "Where the report goes (default: stdout; required with --all)." },
    plans: PLANS_FLAG,
    k8s: K8S_FLAG,
  },
  exitCodes: { 0: "written", 1: "written, but a control fails (a rule reports a finding no exception accepts)", 2: "invalid arguments or unreadable input" },
  run: (flags, _positionals, progressStream) => {
    if ((flags.env === undefined) === !flags.all) throw new UsageError("give either --env <env> or --all.");
    let artifacts;
    try {
      artifacts = loadArtifacts({ out: flags.plans, k8s: flags.k8s });
    } catch (error) {
      if (!(error instanceof ArtifactError)) throw error;
      process.stderr.write(`mcp-harden report: ${error.message}\n`);
      return 2;
    }
    const available = environmentsOf(artifacts);
    const environments = flags.all ? available : [flags.env!];
    const missing = environments.filter((environment) => !available.includes(environment));
    if (environments.length === 0 || missing.length > 0) {
      const found = available.length > 0 ? `it has ${available.join(", ")}` : "no stack in it carries the mcp:environment provider tag";
      process.stderr.write(`mcp-harden report: no environment ${missing.map((name) => `"${name}"`).join(", ") || "at all"} in ${flags.plans}: ${found}. Synthesize it first, or pick one of those.\n`);
      return 2;
    }
    const targets = destinations(environments, flags.out, flags.all, flags.format);
    const progress = createProgress("report", progressStream);
    progress.step("running every policy rule");
    const reports = controlReports(artifacts, environments, packageTestSources().tests, {
      onEnvironment: (environment, index, total) => progress.step(`${environment} (${index + 1}/${total})`),
    });
    progress.done();
    reports.forEach((report, index) => {
      const text = formatControlReport(report, flags.format);
      const target = targets[index];
      if (target === undefined) {
        process.stdout.write(text);
        return;
      }
      fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
      fs.writeFileSync(target, text);
      const failing = report.counts.failing;
      process.stdout.write(`Wrote ${target}: ${report.environment}, ${report.counts.proven} proven, ${report.counts["mechanism deployed"]} mechanism deployed, ${report.counts["not covered"]} not covered${failing > 0 ? `, ${failing} FAILING` : ""}.\n`);
    });
    return reports.some((report) => report.counts.failing > 0) ? 1 : 0;
  },
});
