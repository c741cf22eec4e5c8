/**
 * `mcp-harden runbooks`: writes an environment's incident runbooks (IR-00..IR-03), filled with the real resource names
 * of its synthesized plan.
 */
import * as fs from "fs";
import * as path from "path";
import { ArtifactError, loadStacks } from "../../policies/engine";
import { renderRunbooks, RunbookError } from "../../policies/runbooks";
import { parseArgs, UsageError } from "../args";

const USAGE = "Usage: mcp-harden runbooks --env <env> [--out <dir>] [--out-dir cdktf.out]";

const FLAGS = {
  env: {},
  out: {},
  "out-dir": { default: "cdktf.out" },
} as const;

/** Writes the runbooks of one environment; exit code 0 when written, 2 on bad arguments or an unusable plan. */
export function runbooksCommand(args: string[]): number {
  let flags;
  try {
    flags = parseArgs(args, FLAGS).flags;
    if (flags.env === undefined) throw new UsageError("--env is required: name the environment whose plan to read, e.g. --env prod.");
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`mcp-harden runbooks: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  const stackName = `mcp-${flags.env}`;
  const outdir = flags.out ?? path.join("dist", "runbooks", flags.env);
  try {
    const stack = loadStacks(flags["out-dir"]).find((candidate) => candidate.name === stackName);
    if (!stack) throw new RunbookError(`no plan of ${stackName} in ${flags["out-dir"]}/stacks: synthesize it first (npm run synth), or pass --out-dir <dir>.`);
    const runbooks = renderRunbooks(stack);
    fs.mkdirSync(outdir, { recursive: true });
    for (const runbook of runbooks) fs.writeFileSync(path.join(outdir, runbook.file), `${runbook.markdown}\n`);
    process.stdout.write(`Wrote ${runbooks.length} runbooks of ${stackName} to ${outdir}: ${runbooks.map((runbook) => runbook.file).join(", ")}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof RunbookError || error instanceof ArtifactError)) throw error;
    process.stderr.write(`mcp-harden runbooks: ${error.message}\n`);
    return 2;
  }
}
