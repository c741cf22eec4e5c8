/**
 * `mcp-harden diff <base> <head>`: the security diff of two synthesized checkouts, for reviewers.
 */
import * as fs from "fs";
import * as path from "path";
import { ArtifactError, loadArtifacts } from "../../policies/engine";
import { DIFF_FORMATS, formatDiff } from "../../review/diff/render";
import { securityDiff } from "../../review/diff/security-diff";
import { Artifacts } from "../../policies/types";
import { defineCommand } from "../command";

/** Loads one side: `<root>/cdktf.out` (required) and `<root>/dist/k8s` (when present). */
function loadRoot(root: string, side: string): Artifacts {
  const out = path.join(root, "cdktf.out");
  if (!fs.existsSync(out)) {
    throw new ArtifactError(`${side} "${root}" has no cdktf.out: synthesize that checkout first ("npm ci && npm run synth" in it).`);
  }
  return loadArtifacts({ out, k8s: path.join(root, "dist", "k8s") });
}

export default defineCommand({
  name: "diff",
  summary: "The security diff of two synthesized checkouts, by control, for reviewers.",
  synopsis: `<base> <head> [--format ${DIFF_FORMATS.join("|")}] [--fail-on weaker|any]`,
  flags: {
    format: { type: "string", choices: DIFF_FORMATS, default: "text", description: "text for a terminal, markdown for a pull-request comment, json for tools." },
    "fail-on": { type: "string", choices: ["weaker", "any"], default: "weaker", description: "Exit 1 when a control got weaker, or on any security-relevant change." },
  },
  positionals: { min: 2, max: 2, description: "<base> <head>: roots of synthesized checkouts, each holding cdktf.out/ and optionally dist/k8s/." },
  exitCodes: { 0: "no control got weaker (with --fail-on any: nothing security-relevant changed)", 1: "a control got weaker (with --fail-on any: something security-relevant changed)", 2: "invalid arguments or unreadable input" },
  run: (flags, [baseRoot, headRoot]) => {
    let diff;
    try {
      diff = securityDiff(loadRoot(baseRoot, "base"), loadRoot(headRoot, "head"));
    } catch (error) {
      if (!(error instanceof ArtifactError)) throw error;
      process.stderr.write(`mcp-harden diff: ${error.message}\n`);
      return 2;
    }
    process.stdout.write(formatDiff(diff, flags.format));
    const failed = flags["fail-on"] === "any" ? diff.securityChanged : diff.weaker;
    return failed ? 1 : 0;
  },
});
