/**
 * One measured synthesis, run by the bench in a fresh process:
 * `node dist/bench/synth-child.js --servers <n> --out <dir> --k8s <dir>`.
 * Synthesizes every built-in environment scaled to `n` MCP servers through the real pipeline (`synthesize`:
 * validation, stacks, policy check, output), exactly as `npm run synth` does.
 */
import * as path from "path";
import { BUILT_IN_ENVIRONMENTS } from "../environments";
import { synthesize } from "../stacks/synthesize";
import { parseArgs } from "util";
import { withServerCount } from "./scaled-environments";

const flags = parseArgs({ options: { servers: { type: "string" }, out: { type: "string" }, k8s: { type: "string" } }, strict: true }).values;
const servers = Number(flags.servers);
if (!Number.isInteger(servers) || servers < 1 || flags.out === undefined || flags.k8s === undefined) {
  throw new Error("usage: synth-child --servers <positive integer> --out <dir> --k8s <dir>");
}
synthesize(
  BUILT_IN_ENVIRONMENTS.map((environment) => withServerCount(environment, servers, path.join(path.dirname(path.resolve(flags.out!)), "approved-tools"))),
  { outdir: flags.out, k8sOutdir: flags.k8s },
);
