/**
 * The built-in environments' plans, synthesized once through the real pipeline by test/global-setup.ts and read by
 * every test file through `synthesizedPlans()` (test/support/plans.ts). They are cached across test runs under
 * `node_modules/.cache/mcp-hardening/test-plans/<hash>/`, the hash taken over every file synthesis reads, so a run
 * after a change to any of them synthesizes afresh and a run without one starts at once.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** Where test/global-setup.ts put the built-in environments' plans: `<dir>/cdktf.out`, `<dir>/k8s` and `<dir>/artifacts.json`. */
export const SHARED_PLANS_VARIABLE = "MCP_HARDENING_TEST_PLANS";

/** The plans' artifacts as `loadStacks` and `loadKubernetes` read them, as JSON: parsing it is many times faster than the YAML. */
export const SHARED_ARTIFACTS_FILE = "artifacts.json";

/** Each control's rules as file names under policies/rules (`{ [control]: files }`), beside the plans: see `findingsFor`. */
export const RULES_BY_CONTROL_FILE = "rules-by-control.json";

const ROOT = path.resolve(__dirname, "..", "..");

/** The cache of synthesized plans, one directory per hash of their inputs. */
export const SHARED_PLANS_CACHE = path.join(ROOT, "node_modules", ".cache", "mcp-hardening", "test-plans");

/** What synthesis reads: the sources of every module it imports, the files it reads at run time, and the locked dependencies. */
const INPUTS = ["environments", "baselines", "shared", "constructs", "stacks", "policies", "functions", "guard", "package-lock.json"];

/** Folders under the inputs that synthesis never reads. */
const SKIPPED = new Set(["node_modules", "dist"]);

function filesUnder(file: string): string[] {
  if (!fs.statSync(file).isDirectory()) return [file];
  return fs
    .readdirSync(file)
    .filter((name) => !SKIPPED.has(name))
    .sort()
    .flatMap((name) => filesUnder(path.join(file, name)));
}

/** A SHA-256 over the path and content of every input file and the Node.js version. */
export function sharedPlansHash(): string {
  const hash = createHash("sha256").update(process.version);
  for (const file of INPUTS.flatMap((input) => filesUnder(path.join(ROOT, input)))) {
    hash.update(`\0${path.relative(ROOT, file)}\0`).update(fs.readFileSync(file));
  }
  return hash.digest("hex").slice(0, 16);
}
