/**
 * Shared fixtures, made once per test run in Jest's main process, for every test file (each worker inherits the
 * environment variables set here). New tests use them through their helpers instead of making their own:
 * - the built-in environments' plans (`synthesizedPlans()` in test/support/plans.ts: a private copy per call, to weaken
 *   freely; the files themselves under `process.env[SHARED_PLANS_VARIABLE]`), synthesized through the real pipeline
 *   and cached across runs by a hash of their inputs (test/support/shared-plans.ts).
 * Tests of the pipeline itself (synth.test.ts, cli.test.ts) still synthesize on their own.
 * - which rule files cover each control, beside the plans (`findingsFor` loads only those);
 * - the day servers' re-certification is judged on (`MCP_HARDEN_TODAY`, `TEST_REVIEW_DAY`), fixed so that the built-in
 *   environments' review dates do not decide whether the suite passes.
 */
import * as fs from "fs";
import * as path from "path";
import { REVIEW_DATE_VARIABLE } from "../environments/recertification";
import { TEST_REVIEW_DAY } from "./support/review-day";
import type { Rule } from "../policies/types";
import { RULES_BY_CONTROL_FILE, SHARED_ARTIFACTS_FILE, SHARED_PLANS_CACHE, SHARED_PLANS_VARIABLE, sharedPlansHash } from "./support/shared-plans";

/** Cached plans kept besides the current ones (another branch's, a concurrent run's). */
const KEEP = 4;

/** Synthesizes the built-in environments into `dir` (a staging directory renamed into place, so `dir` is always whole). */
function synthesizeShared(dir: string): void {
  // Loaded only here: a run that finds the plans cached skips loading the whole construct library.
  const { BUILT_IN_ENVIRONMENTS } = require("../environments") as typeof import("../environments");
  const { loadKubernetes, loadStacks } = require("../policies/engine") as typeof import("../policies/engine");
  const { synthesize } = require("../stacks/synthesize") as typeof import("../stacks/synthesize");
  const staging = fs.mkdtempSync(`${dir}.staging-`);
  try {
    const outdir = path.join(staging, "cdktf.out");
    const k8sOutdir = path.join(staging, "k8s");
    synthesize(BUILT_IN_ENVIRONMENTS, { outdir, k8sOutdir });
    fs.writeFileSync(path.join(staging, SHARED_ARTIFACTS_FILE), JSON.stringify({ stacks: loadStacks(outdir), kubernetes: loadKubernetes(k8sOutdir) }));
    try {
      fs.renameSync(staging, dir);
    } catch (error) {
      if (!fs.existsSync(path.join(dir, SHARED_ARTIFACTS_FILE))) throw error;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Writes which rule files cover each control into `dir` (its hash covers policies/, so the index is as fresh as the
 * plans): a test file that runs one control's rules then loads those modules alone, not all of policies/rules.
 */
function indexRules(dir: string): void {
  const rulesDir = path.join(__dirname, "..", "policies", "rules");
  const { ALL_RULES } = require("../policies/rules") as typeof import("../policies/rules");
  const fileOf = new Map<Rule, string>();
  for (const name of fs.readdirSync(rulesDir)) {
    if (!name.endsWith(".ts") || name === "index.ts") continue;
    const file = name.slice(0, -".ts".length);
    fileOf.set((require(path.join(rulesDir, file)) as { default: Rule }).default, file);
  }
  const index: { [control: string]: string[] } = {};
  for (const rule of ALL_RULES) {
    const file = fileOf.get(rule);
    if (file === undefined) throw new Error(`rule ${rule.id} is not the default export of a file in policies/rules: export it as the file's default`);
    for (const control of rule.controls) (index[control] ??= []).push(file);
  }
  const staging = path.join(dir, `${RULES_BY_CONTROL_FILE}.${process.pid}`);
  fs.writeFileSync(staging, JSON.stringify(index));
  fs.renameSync(staging, path.join(dir, RULES_BY_CONTROL_FILE));
}

/** Removes all but the most recent cached plans (never a concurrent run's staging directory). */
function prune(): void {
  const entries = fs
    .readdirSync(SHARED_PLANS_CACHE)
    .filter((name) => !name.includes(".staging-"))
    .map((name) => ({ dir: path.join(SHARED_PLANS_CACHE, name), time: fs.statSync(path.join(SHARED_PLANS_CACHE, name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const { dir } of entries.slice(KEEP + 1)) fs.rmSync(dir, { recursive: true, force: true });
}

export default function globalSetup(): void {
  process.env[REVIEW_DATE_VARIABLE] = TEST_REVIEW_DAY;
  const dir = path.join(SHARED_PLANS_CACHE, sharedPlansHash());
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(SHARED_PLANS_CACHE, { recursive: true });
    synthesizeShared(dir);
    prune();
  }
  if (!fs.existsSync(path.join(dir, RULES_BY_CONTROL_FILE))) indexRules(dir);
  process.env[SHARED_PLANS_VARIABLE] = dir;
}
