/**
 * Synthesizes the built-in environments once per test run, through the real pipeline, for every test file that reads
 * their plans (test/support/plans.ts): each file then loads the written output instead of synthesizing it again.
 * Tests of the pipeline itself (synth.test.ts, cli.test.ts) still synthesize on their own.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BUILT_IN_ENVIRONMENTS } from "../environments";
import { synthesize } from "../stacks/synthesize";
import { SHARED_PLANS_VARIABLE } from "./support/shared-plans";

export default function globalSetup(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-hardening-shared-plans-"));
  synthesize(BUILT_IN_ENVIRONMENTS, { outdir: path.join(dir, "cdktf.out"), k8sOutdir: path.join(dir, "k8s") });
  process.env[SHARED_PLANS_VARIABLE] = dir;
}
