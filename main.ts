/**
 * The cdktf app: `npx cdktf synth`, `cdktf list` and `cdktf deploy mcp-<env>` run this. It synthesizes the
 * environment files of the folder named by `MCP_ENVIRONMENTS` (every `*.yaml`, `*.yml` and `*.json` in it), or the
 * built-in environments when the variable is unset.
 */
import * as fs from "fs";
import * as path from "path";
import { BUILT_IN_ENVIRONMENTS } from "./environments";
import { loadEnvironmentFiles } from "./environments/parse";
import { runSynth } from "./bin/commands/synth";

/** The variable naming the folder of environment files the cdktf app synthesizes. */
export const ENVIRONMENTS_VARIABLE = "MCP_ENVIRONMENTS";

/** Every environment file in `folder`, sorted. */
function environmentFiles(folder: string): string[] {
  const files = fs.existsSync(folder) && fs.statSync(folder).isDirectory() ? fs.readdirSync(folder).filter((name) => /\.(ya?ml|json)$/.test(name)).sort() : [];
  return files.map((name) => path.join(folder, name));
}

const folder = process.env[ENVIRONMENTS_VARIABLE];
const files = folder === undefined ? [] : environmentFiles(folder);
if (folder !== undefined && files.length === 0) {
  process.stderr.write(`${ENVIRONMENTS_VARIABLE}="${folder}" names no folder of environment files (*.yaml, *.yml, *.json): point it at one, or unset it for the built-in environments. Nothing was written.\n`);
  process.exitCode = 2;
} else {
  process.exitCode = runSynth(folder ? () => loadEnvironmentFiles(files) : () => BUILT_IN_ENVIRONMENTS, { out: process.env.CDKTF_OUTDIR ?? "cdktf.out" });
}
