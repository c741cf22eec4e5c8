/**
 * The real synthesized plans of the built-in environments, for control tests: synthesized through the same pipeline
 * as `npm run synth` (Terraform JSON and Kubernetes YAML), once per test run for the built-in environments (see
 * test/global-setup.ts: cached across runs until a source changes) and once per test file for others, then handed out
 * as deep copies so each test may weaken its own.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { EnvironmentConfig } from "../../environments/schema";
import { runPolicies } from "../../policies/engine";
import { resources, TerraformResource } from "../../policies/terraform";
import { Artifacts, Finding, Rule, StackArtifact } from "../../policies/types";
import { loadKubernetes, loadStacks } from "../../policies/engine";
import { RULES_BY_CONTROL_FILE, SHARED_ARTIFACTS_FILE, SHARED_PLANS_VARIABLE } from "./shared-plans";

/** Temporary directories of this process, removed when it exits. */
const temporary = new Set<string>();

/** A fresh temporary directory, removed when the process exits. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mcp-hardening-${prefix}-`));
  if (temporary.size === 0) process.on("exit", () => temporary.forEach((created) => fs.rmSync(created, { recursive: true, force: true })));
  temporary.add(dir);
  return dir;
}

/** The plans of each set of environments synthesized in this process, parsed once; never handed out (see {@link jsonCopy}). */
const cache = new Map<string, Artifacts>();

/**
 * A deep copy of a value parsed from JSON (objects, arrays, strings, numbers, booleans, null). About four times faster
 * than `JSON.parse` of its text, and ten times faster than `structuredClone` (3 MB of plans: 2.7 ms, 10.1 ms and
 * 18.6 ms), which matters at about 1,500 copies per suite run. `__proto__` is copied as an own key, as `JSON.parse`
 * makes it.
 */
function jsonCopy<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    for (let index = 0; index < value.length; index++) copy[index] = jsonCopy(value[index]);
    return copy as T;
  }
  const source = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key in source) {
    if (key === "__proto__") Object.defineProperty(copy, key, { value: jsonCopy(source[key]), enumerable: true, writable: true, configurable: true });
    else copy[key] = jsonCopy(source[key]);
  }
  return copy as T;
}

let builtIn: string | undefined;

/** The cache key of the built-in environments: their JSON, serialized once. */
function builtInKey(): string {
  return (builtIn ??= JSON.stringify(BUILT_IN_ENVIRONMENTS));
}

/** Synthesizes environments (default: the built-in ones) with the real pipeline and returns a private copy of the plans. */
export function synthesizedPlans(environments: readonly EnvironmentConfig[] = BUILT_IN_ENVIRONMENTS): Artifacts {
  // The built-in environments are keyed without serializing them: most calls are for them (2 s of the suite's CPU).
  const key = environments === BUILT_IN_ENVIRONMENTS ? builtInKey() : JSON.stringify(environments);
  let plans = cache.get(key);
  if (plans === undefined) {
    const shared = process.env[SHARED_PLANS_VARIABLE];
    if (shared !== undefined && key === builtInKey()) {
      plans = JSON.parse(fs.readFileSync(path.join(shared, SHARED_ARTIFACTS_FILE), "utf8")) as Artifacts;
    } else {
      // Loaded only here: a file that reads the built-in plans skips loading the construct library (cdktf, the AWS provider, cdk8s).
      const { synthesize } = require("../../stacks/synthesize") as typeof import("../../stacks/synthesize");
      const dir = tempDir("plans");
      const outdir = path.join(dir, "cdktf.out");
      const k8sOutdir = path.join(dir, "k8s");
      synthesize(environments, { outdir, k8sOutdir });
      plans = JSON.parse(JSON.stringify({ stacks: loadStacks(outdir), kubernetes: loadKubernetes(k8sOutdir) })) as Artifacts;
    }
    cache.set(key, plans);
  }
  return jsonCopy(plans);
}

/**
 * Where test/global-setup.ts wrote the built-in environments' synthesized output (read only: copy it to edit it), as
 * `synthesize` writes it: `cdktf.out`, the Kubernetes YAML and the guard's configuration files.
 */
export function sharedOutput(): { readonly outdir: string; readonly k8sOutdir: string; readonly guardOutdir: string } {
  const shared = process.env[SHARED_PLANS_VARIABLE];
  if (shared === undefined) throw new Error(`${SHARED_PLANS_VARIABLE} is not set: run the tests through jest, whose globalSetup (test/global-setup.ts) synthesizes the built-in environments.`);
  return { outdir: path.join(shared, "cdktf.out"), k8sOutdir: path.join(shared, "k8s"), guardOutdir: path.join(shared, "dist", "guard") };
}

/** Copies the built-in environments' synthesized output under `root` as `synthesize` lays a checkout out by default: `cdktf.out`, `dist/k8s`, `dist/guard`. */
export function copySharedOutput(root: string): void {
  const { outdir, k8sOutdir, guardOutdir } = sharedOutput();
  fs.cpSync(outdir, path.join(root, "cdktf.out"), { recursive: true });
  fs.cpSync(k8sOutdir, path.join(root, "dist", "k8s"), { recursive: true });
  fs.cpSync(guardOutdir, path.join(root, "dist", "guard"), { recursive: true });
}

/** The stack of one environment's AWS infrastructure. */
export function stack(artifacts: Artifacts, environment: string): StackArtifact {
  const found = artifacts.stacks.find((candidate) => candidate.name === `mcp-${environment}`);
  if (!found) throw new Error(`No stack mcp-${environment}`);
  return found;
}

/** Every resource of a type in one environment's stack (mutable: edits change the plan). */
export function stackResources(artifacts: Artifacts, environment: string, type: string): TerraformResource[] {
  return resources({ stacks: [stack(artifacts, environment)], kubernetes: [] }, type);
}

/** Adds a resource to a stack's plan, as a hand edit of cdk.tf.json would. */
export function addResource(artifacts: Artifacts, environment: string, type: string, name: string, values: Record<string, unknown>): void {
  const block = (stack(artifacts, environment).json["resource"] ??= {}) as Record<string, Record<string, unknown>>;
  (block[type] ??= {})[name] = values;
}

/** Removes every resource of a type matching a predicate from a stack's plan. */
export function removeResources(artifacts: Artifacts, environment: string, type: string, predicate: (resource: TerraformResource) => boolean = () => true): number {
  const block = stack(artifacts, environment).json["resource"] as Record<string, Record<string, unknown>>;
  const doomed = stackResources(artifacts, environment, type).filter(predicate);
  for (const resource of doomed) delete block[type][resource.name];
  return doomed.length;
}

/** Each control's rule files, as global setup indexed them (undefined outside a Jest run with its global setup). */
let rulesByControl: { readonly [control: string]: readonly string[] } | undefined;

/**
 * The rules covering a control, in the rule pack's order. Only their modules load when global setup indexed them
 * (test/global-setup.ts): loading every rule costs a test file about half a second of CPU.
 */
function rulesFor(control: string): readonly Rule[] {
  const shared = process.env[SHARED_PLANS_VARIABLE];
  if (shared === undefined) return (require("../../policies/rules") as typeof import("../../policies/rules")).ALL_RULES.filter((rule) => rule.controls.includes(control));
  rulesByControl ??= JSON.parse(fs.readFileSync(path.join(shared, RULES_BY_CONTROL_FILE), "utf8")) as { [control: string]: string[] };
  return (rulesByControl[control] ?? []).map((file) => (require(`../../policies/rules/${file}`) as { default: Rule }).default);
}

/**
 * The failing findings of a check of the artifacts that name a control. A finding names its rule's controls, so only
 * the rules proving `control` run: the same findings as a full check, filtered, in a fraction of its time.
 */
export function findingsFor(artifacts: Artifacts, control: string): Finding[] {
  return [...runPolicies(artifacts, rulesFor(control)).findings];
}

/** The tier tag of a resource. */
export function tier(resource: TerraformResource): string | undefined {
  return (resource.values["tags"] as Record<string, string> | undefined)?.["mcp:tier"];
}
