/**
 * `mcp-harden check`: runs the rule pack over synthesized artifacts and prints the report.
 */
import { ConfigError } from "../../environments/config-error";
import { loadEnvironmentSources } from "../../environments/parse";
import { ArtifactError, loadArtifacts, runPolicies } from "../../policies/engine";
import { formatReport, REPORT_FORMATS } from "../../policies/report";
import { defineCommand } from "../command";
import { packageVersion } from "../package-files";
import { PLANS_FLAG, K8S_FLAG } from "./input-flags";
import { sarifSources } from "./sarif-sources";

export default defineCommand({
  name: "check",
  summary: "Check synthesized plans against every policy rule and print the report.",
  synopsis: `[--plans cdktf.out] [--k8s dist/k8s] [--format ${REPORT_FORMATS.join("|")}] [--env-file <file>]...`,
  description:
    "With --format sarif, each result points at the environment file (--env-file, relative to the working directory,\n" +
    "which should be the repository root) and the key its resource comes from: the accepting exception, the MCP server.",
  flags: {
    plans: PLANS_FLAG,
    k8s: K8S_FLAG,
    format: { type: "string", choices: REPORT_FORMATS, default: "text", description: "text for people, json for tools, sarif for code scanning." },
    "env-file": { type: "string", multiple: true, valueName: "<file.yaml|file.json>", description: "An environment file the plans were synthesized from: SARIF results of its environment point at its keys." },
  },
  exitCodes: { 0: "every rule passes (accepted exceptions included)", 1: "a rule reports a finding no exception accepts", 2: "invalid arguments, environment files or unreadable input" },
  run: (flags) => {
    let artifacts;
    let sources;
    try {
      artifacts = loadArtifacts({ out: flags.plans, k8s: flags.k8s });
      sources = sarifSources(loadEnvironmentSources(flags["env-file"]));
    } catch (error) {
      if (!(error instanceof ArtifactError || error instanceof ConfigError)) throw error;
      process.stderr.write(`mcp-harden check: ${error.message}\n`);
      return 2;
    }
    const report = runPolicies(artifacts);
    process.stdout.write(formatReport(report, flags.format, { out: flags.plans, k8s: flags.k8s, sources, toolVersion: packageVersion() }));
    return report.findings.length === 0 ? 0 : 1;
  },
});
