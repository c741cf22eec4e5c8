/**
 * The rule pack's report on one side of a diff, remembered per process by the side's content: a reviewer's tool or a
 * CI job that diffs several heads against one base (each environment's, each commit's) checks the base once. The key
 * is the SHA-256 of the artifacts' JSON, so an edited copy is never mistaken for the original; reports are read only.
 */
import { createHash } from "node:crypto";
import { runPolicies } from "../../policies/engine";
import { rememberedForText } from "../../policies/run-cache";
import { Artifacts, Report, Rule } from "../../policies/types";

/** Reports kept per rule set, the oldest forgotten first (a base and a few heads). */
const KEPT_REPORTS = 4;

const reports = new WeakMap<readonly Rule[], Map<string, Report>>();

/** `runPolicies(artifacts, rules)`, or the report of an earlier run on the same content with the same rules. */
export function policyReport(artifacts: Artifacts, rules: readonly Rule[]): Report {
  const digest = createHash("sha256").update(JSON.stringify(artifacts)).digest("base64");
  let kept = reports.get(rules);
  if (kept === undefined) reports.set(rules, (kept = new Map()));
  return rememberedForText(kept, digest, () => runPolicies(artifacts, rules), KEPT_REPORTS);
}
