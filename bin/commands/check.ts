/**
 * `mcp-harden check`: runs the rule pack over synthesized artifacts and prints the report.
 */
import { ArtifactError, loadArtifacts, runPolicies } from "../../policies/engine";
import { formatReport, REPORT_FORMATS } from "../../policies/report";
import { defineCommand } from "../command";
import { PLANS_FLAG, K8S_FLAG } from "./input-flags";

export default defineCommand({
  name: "check",
  summary: "Check synthesized plans against every policy rule and print the report.",
  synopsis: `[--plans cdktf.out] [--k8s dist/k8s] [--format ${REPORT_FORMATS.join("|")}]`,
  flags: {
    plans: PLANS_FLAG,
    k8s: K8S_FLAG,
    format: { type: "string", choices: REPORT_FORMATS, default: "text", description: "text for people, json for tools, sarif for code scanning." },
  },
  exitCodes: { 0: "every rule passes (accepted exceptions included)", 1: "a rule reports a finding no exception accepts", 2: "invalid arguments or unreadable input" },
  run: (flags) => {
    let artifacts;
    try {
      artifacts = loadArtifacts({ out: flags.plans, k8s: flags.k8s });
    } catch (error) {
      if (!(error instanceof ArtifactError)) throw error;
      process.stderr.write(`mcp-harden check: ${error.message}\n`);
      return 2;
    }
    const report = runPolicies(artifacts);
    process.stdout.write(formatReport(report, flags.format, { out: flags.plans, k8s: flags.k8s }));
    return report.findings.length === 0 ? 0 : 1;
  },
});
