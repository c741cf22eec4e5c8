/**
 * The synthesis pipeline: environment configs → stacks and Kubernetes charts → Terraform JSON and Kubernetes YAML in
 * staging directories → policies → the output directories. A plan that violates a rule reaches neither.
 */
import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { EnvironmentConfig } from "../environments/schema";
import { ConfigError, ConfigProblem } from "../environments/config-error";
import { validateEnvironmentSet } from "../environments/parse";
import { overdueReviews, reviewDay } from "../environments/recertification";
import { loadStacks, runPolicies } from "../policies/engine";
import { Report } from "../policies/types";
import { McpEnvironmentStack } from "./environment-stack";
import { exceptionRuleProblems } from "./exception-targets";
import { publishCdktfOutput, publishUnits } from "./publish";
import { buildWorkloads, GuardConfigFile, guardConfigFile, ManifestFile, manifestFiles, writeGuardConfigs, writeManifests } from "./workloads";
import { McpWorkloadsStack } from "./workloads-stack";

/** Synthesis stopped because the plan violates policy rules; nothing was written. */
export class PolicyViolationError extends Error {
  constructor(readonly report: Report) {
    super(`Synthesis refused: ${report.findings.length} policy violation(s).`);
    this.name = "PolicyViolationError";
  }
}

/** Where synthesis writes. */
export interface SynthesizeOptions {
  /** The cdktf output directory. @default "cdktf.out" */
  readonly outdir?: string;
  /** The Kubernetes manifest directory. @default "dist/k8s" beside the cdktf output directory */
  readonly k8sOutdir?: string;
  /** The MCP guard's configuration directory (`<env>/guard-config.json`). @default "dist/guard" beside the cdktf output directory */
  readonly guardOutdir?: string;
  /** Called with each step as synthesis reaches it (building one environment, synthesizing, checking, writing). @default no callback */
  readonly onStep?: (step: string) => void;
  /**
   * The day servers' re-certification is judged on, `YYYY-MM-DD` (TOOL-04): a production server due before it is
   * refused. @default the day `reviewDay()` gives (the MCP_HARDEN_TODAY variable, else today)
   */
  readonly reviewDay?: string;
  /** Called with each warning, before synthesis or its refusal: a non-production server overdue for re-certification. @default none */
  readonly onWarning?: (problem: ConfigProblem) => void;
}

/** What a build adds to a synthesis besides Terraform stacks. */
export interface SynthesisOutputs {
  /** Adds Kubernetes manifest files (`<env>/<chart>.yaml`) to write under the Kubernetes output directory. */
  addManifests(files: readonly ManifestFile[]): void;
  /** Adds MCP guard configuration files (`<env>/guard-config.json`) to write under the guard output directory. */
  addGuardConfigs(files: readonly GuardConfigFile[]): void;
}

/**
 * Adds every environment's stacks to a cdktf app: `mcp-<env>` (AWS infrastructure) and `mcp-<env>-workloads`
 * (its Kubernetes objects, deployed after it), and hands the same objects to `outputs` as YAML files. Calls
 * `onStep` before building each environment.
 */
export function addEnvironmentStacks(app: App, environments: readonly EnvironmentConfig[], outputs?: SynthesisOutputs, onStep?: (step: string) => void): void {
  for (const [index, environment] of environments.entries()) {
    onStep?.(`building mcp-${environment.name} (${index + 1}/${environments.length})`);
    const environmentStack = new McpEnvironmentStack(app, environment);
    const workloads = buildWorkloads(environment);
    const files = manifestFiles(workloads);
    new McpWorkloadsStack(app, environment, { environmentStack, objects: files.flatMap((file) => file.objects) });
    outputs?.addManifests(files);
    outputs?.addGuardConfigs([guardConfigFile(workloads)]);
  }
}

/**
 * Synthesizes whatever `build` adds to a fresh cdktf app (and the Kubernetes manifests and guard configurations it adds to `outputs`) into
 * staging directories, checks both against every rule, and only then publishes them: in the output directories it
 * replaces the files of the stacks and environments it synthesized, and nothing else (see `publish.ts`). Rules read the
 * Terraform JSON as written, and the Kubernetes objects the YAML was written from (the YAML parses back to exactly
 * these objects; `check` reads the files themselves). Throws
 * `PolicyViolationError` for a violating plan, leaving the output directories as they were. A build that adds no
 * manifests (or no guard configuration) leaves the Kubernetes (or guard) directory untouched. The guard configurations
 * are the text of the guard's ConfigMaps, which the rules read. Platform teams composing their own stacks get the same gate.
 */
export function synthesizeApp(build: (app: App, outputs: SynthesisOutputs) => void, options: SynthesizeOptions = {}): Report {
  const outdir = path.resolve(options.outdir ?? "cdktf.out");
  const k8sOutdir = path.resolve(options.k8sOutdir ?? path.join(path.dirname(outdir), "dist", "k8s"));
  const guardOutdir = path.resolve(options.guardOutdir ?? path.join(path.dirname(outdir), "dist", "guard"));
  const created: string[] = [];
  const makeParent = (dir: string): void => {
    const first = fs.mkdirSync(path.dirname(dir), { recursive: true });
    if (first !== undefined) created.push(first);
  };
  makeParent(outdir);
  const staging = fs.mkdtempSync(`${outdir}.staging-`);
  let k8sStaging: string | undefined;
  let guardStaging: string | undefined;
  let published = false;
  try {
    const { manifests, guardConfigs } = synthesizeInto(staging, build, options.onStep);
    makeParent(k8sOutdir);
    k8sStaging = fs.mkdtempSync(`${k8sOutdir}.staging-`);
    writeManifests(k8sStaging, manifests);
    makeParent(guardOutdir);
    guardStaging = fs.mkdtempSync(`${guardOutdir}.staging-`);
    writeGuardConfigs(guardStaging, guardConfigs);
    options.onStep?.("checking every policy rule");
    const report = runPolicies({ stacks: loadStacks(staging), kubernetes: manifests });
    if (report.findings.length > 0) throw new PolicyViolationError(report);
    publishCdktfOutput(staging, outdir);
    if (manifests.length > 0) publishUnits(k8sStaging, k8sOutdir, [...new Set(manifests.map((manifest) => manifest.file.split("/")[0]))]);
    if (guardConfigs.length > 0) publishUnits(guardStaging, guardOutdir, [...new Set(guardConfigs.map((config) => config.file.split("/")[0]))]);
    published = true;
    return report;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    if (k8sStaging !== undefined) fs.rmSync(k8sStaging, { recursive: true, force: true });
    if (guardStaging !== undefined) fs.rmSync(guardStaging, { recursive: true, force: true });
    if (!published) for (const dir of created.reverse()) removeEmptyFolders(dir);
  }
}

/** Removes `dir` and the folders under it when they hold no file: the folders a refused synthesis made for its staging. */
function removeEmptyFolders(dir: string): void {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return;
  for (const entry of fs.readdirSync(dir)) removeEmptyFolders(path.join(dir, entry));
  if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
}

/**
 * Builds a fresh cdktf app with `build` and writes its Terraform JSON to `outdir`; returns the manifest and guard
 * configuration files the build added. The app (the whole construct tree) is unreachable once this returns, so the
 * policy run does not carry it.
 */
function synthesizeInto(outdir: string, build: (app: App, outputs: SynthesisOutputs) => void, onStep?: (step: string) => void): { manifests: ManifestFile[]; guardConfigs: GuardConfigFile[] } {
  const manifests: ManifestFile[] = [];
  const guardConfigs: GuardConfigFile[] = [];
  const app = new App({ outdir, skipValidation: false });
  build(app, { addManifests: (files) => manifests.push(...files), addGuardConfigs: (files) => guardConfigs.push(...files) });
  onStep?.("writing Terraform JSON");
  app.synth();
  return { manifests, guardConfigs };
}

/**
 * Validates the environments (each exception must name a rule of the rule pack; synthesis checks its resource; no
 * production server may be overdue for re-certification, see recertification.ts), then synthesizes their stacks through {@link synthesizeApp}. Throws `ConfigError` for invalid input and `PolicyViolationError` for a violating plan; in both cases nothing is written.
 */
export function synthesize(environments: readonly EnvironmentConfig[], options: SynthesizeOptions = {}): Report {
  validateEnvironmentSet(environments);
  const overdue = overdueReviews(environments, options.reviewDay ?? reviewDay());
  overdue.warnings.forEach((warning) => options.onWarning?.(warning));
  const problems = [...environments.flatMap((environment) => exceptionRuleProblems(environment, environment.name)), ...overdue.refused];
  if (problems.length > 0) throw new ConfigError(problems);
  return synthesizeApp((app, outputs) => addEnvironmentStacks(app, environments, outputs, options.onStep), options);
}
