/**
 * `mcp-harden vetting-gate (--env <env> | --env-file <file>) [--out <file>]`: writes an environment's vetting gate
 * (TOOL-01), the GitHub Actions workflow that scans, then signs, every MCP server image with the key its admission
 * policy trusts.
 */
import * as fs from "fs";
import * as path from "path";
import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { ConfigError } from "../../environments/config-error";
import { loadEnvironmentFile } from "../../environments/parse";
import { vettingGateWorkflowOf } from "../../stacks/vetting-gate";
import { defineCommand, UsageError } from "../command";

export default defineCommand({
  name: "vetting-gate",
  summary: "Write an environment's vetting gate: the GitHub Actions workflow that scans MCP server images and signs only those that pass (TOOL-01).",
  synopsis: "(--env <env> | --env-file <file.yaml|file.json>) [--out <file>]",
  flags: {
    env: { type: "string", valueName: "<env>", description: "A built-in environment (dev, test, prod)." },
    "env-file": { type: "string", valueName: "<file.yaml|file.json>", description: "An environment file." },
    out: { type: "string", valueName: "<file>", description: "Where the workflow goes, e.g. .github/workflows/vet-mcp-image.yml (default: stdout)." },
  },
  exitCodes: { 0: "written", 2: "invalid arguments or environment; nothing written" },
  run: (flags) => {
    if ((flags.env === undefined) === (flags["env-file"] === undefined)) throw new UsageError("give either --env <env> (a built-in environment) or --env-file <file>.");
    let text: string;
    try {
      const environment = flags["env-file"] !== undefined ? loadEnvironmentFile(flags["env-file"]) : BUILT_IN_ENVIRONMENTS.find((candidate) => candidate.name === flags.env);
      if (environment === undefined) throw new UsageError(`no built-in environment "${flags.env}": use one of ${BUILT_IN_ENVIRONMENTS.map((candidate) => candidate.name).join(", ")}, or --env-file <file>.`);
      text = vettingGateWorkflowOf(environment);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`${error.message}\nNothing was written.\n`);
      return 2;
    }
    if (flags.out === undefined) {
      process.stdout.write(text);
      return 0;
    }
    fs.mkdirSync(path.dirname(path.resolve(flags.out)), { recursive: true });
    fs.writeFileSync(flags.out, text);
    process.stdout.write(`Wrote the vetting gate of ${flags.env ?? flags["env-file"]} to ${flags.out}.\n`);
    return 0;
  },
});
