/**
 * `mcp-harden diff <base> <head>`: the security diff of two synthesized checkouts, for reviewers.
 */
import * as fs from "fs";
import * as path from "path";
import { ArtifactError, loadArtifacts } from "../../policies/engine";
import { DIFF_FORMATS, formatDiff } from "../../policies/diff/render";
import { securityDiff } from "../../policies/diff/security-diff";
import { Artifacts } from "../../policies/types";
import { parseArgs, UsageError } from "../args";

const USAGE = `Usage: mcp-harden diff <base> <head> [--format ${DIFF_FORMATS.join("|")}] [--fail-on weaker|any]
  <base>, <head>: roots of synthesized checkouts, each holding cdktf.out/ and optionally dist/k8s/.`;

const FLAGS = {
  format: { choices: DIFF_FORMATS, default: "text" },
  "fail-on": { choices: ["weaker", "any"], default: "weaker" },
} as const;

/** Loads one side: `<root>/cdktf.out` (required) and `<root>/dist/k8s` (when present). */
function loadRoot(root: string, side: string): Artifacts {
  const out = path.join(root, "cdktf.out");
  if (!fs.existsSync(out)) {
    throw new ArtifactError(`${side} "${root}" has no cdktf.out: synthesize that checkout first ("npm ci && npm run synth" in it).`);
  }
  return loadArtifacts({ out, k8s: path.join(root, "dist", "k8s") });
}

/**
 * Compares two synthesized outputs. Exit code 0 when no control got weaker (with `--fail-on any`: when nothing
 * but noise changed), 1 otherwise, 2 on bad arguments or unreadable input.
 */
export function diffCommand(args: string[]): number {
  let parsed;
  try {
    parsed = parseArgs(args, FLAGS, { positionals: true });
    if (parsed.positionals.length !== 2) throw new UsageError(`expected two checkout roots, <base> and <head>; got ${parsed.positionals.length}.`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`mcp-harden diff: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  const [baseRoot, headRoot] = parsed.positionals;
  let diff;
  try {
    diff = securityDiff(loadRoot(baseRoot, "base"), loadRoot(headRoot, "head"));
  } catch (error) {
    if (!(error instanceof ArtifactError)) throw error;
    process.stderr.write(`mcp-harden diff: ${error.message}\n`);
    return 2;
  }
  process.stdout.write(formatDiff(diff, parsed.flags.format));
  const failed = parsed.flags["fail-on"] === "any" ? diff.securityChanged : diff.weaker;
  return failed ? 1 : 0;
}
