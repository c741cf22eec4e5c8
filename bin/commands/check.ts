/**
 * `mcp-harden check`: runs the rule pack over synthesized artifacts and prints the report.
 */
import { ArtifactError, loadArtifacts, runPolicies } from "../../policies/engine";
import { formatReport, REPORT_FORMATS } from "../../policies/report";
import { parseArgs, UsageError } from "../args";

const USAGE = `Usage: mcp-harden check [--out cdktf.out] [--k8s dist/k8s] [--format ${REPORT_FORMATS.join("|")}]`;

const FLAGS = {
  out: { default: "cdktf.out" },
  k8s: { default: "dist/k8s" },
  format: { choices: REPORT_FORMATS, default: "text" },
} as const;

/** Checks synthesized artifacts; exit code 0 when there are no findings, 1 on findings, 2 on bad input. */
export function checkCommand(args: string[]): number {
  let flags;
  try {
    flags = parseArgs(args, FLAGS).flags;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`mcp-harden check: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  let artifacts;
  try {
    artifacts = loadArtifacts({ out: flags.out, k8s: flags.k8s });
  } catch (error) {
    if (!(error instanceof ArtifactError)) throw error;
    process.stderr.write(`mcp-harden check: ${error.message}\n`);
    return 2;
  }
  const report = runPolicies(artifacts);
  process.stdout.write(formatReport(report, flags.format, { out: flags.out, k8s: flags.k8s }));
  return report.findings.length === 0 ? 0 : 1;
}
