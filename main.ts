/**
 * The cdktf app: `npx cdktf synth` and `cdktf deploy mcp-<env>` run this. It synthesizes every built-in
 * environment; `bin/mcp-harden synth --env-file` synthesizes others.
 */
import { BUILT_IN_ENVIRONMENTS } from "./environments";
import { runSynth } from "./bin/commands/synth";

process.exitCode = runSynth(() => BUILT_IN_ENVIRONMENTS, { out: process.env.CDKTF_OUTDIR ?? "cdktf.out" });
