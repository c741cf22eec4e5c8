/**
 * `mcp-harden runbooks`: writes an environment's incident runbooks (IR-00..IR-03), filled with the real resource names
 * of its synthesized plan.
 */
import * as fs from "fs";
import * as path from "path";
import { ArtifactError, loadStacks } from "../../policies/engine";
import { RunbookError } from "../../policies/runbook-names";
import { renderRunbooks } from "../../review/runbooks";
import { defineCommand, UsageError } from "../command";
import { PLANS_FLAG } from "./input-flags";

export default defineCommand({
  name: "runbooks",
  summary: "Write an environment's incident runbooks (IR-00..IR-03), filled with the real resource names of its plan.",
  synopsis: "--env <env> [--out <dir>] [--plans cdktf.out]",
  flags: {
    env: { type: "string", valueName: "<env>", description: "The environment whose plan to read, e.g. prod (required)." },
    out: { type: "string", valueName: "<dir>", description: "Where the runbooks go (default: dist/runbooks/<env>)." },
    plans: PLANS_FLAG,
  },
  exitCodes: { 0: "written", 2: "invalid arguments, or the plan lacks the environment or a resource a runbook names" },
  run: (flags) => {
    if (flags.env === undefined) throw new UsageError("--env is required: name the environment whose plan to read, e.g. --env prod.");
    const stackName = `mcp-${flags.env}`;
    const outdir = flags.out ?? path.join("dist", "runbooks", flags.env);
    try {
      const stack = loadStacks(flags.plans).find((candidate) => candidate.name === stackName);
      if (!stack) throw new RunbookError(`no plan of ${stackName} in ${flags.plans}/stacks: synthesize it first (npm run synth), or pass --plans <dir>.`);
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
  },
});
