/**
 * The synthesis pipeline: environment configs → stacks → Terraform JSON in a staging directory → policies →
 * the output directory. A plan that violates a rule never reaches the output directory.
 */
import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { EnvironmentConfig } from "../environments/schema";
import { validateEnvironmentSet } from "../environments/parse";
import { loadArtifacts, runPolicies } from "../policies/engine";
import { Report } from "../policies/types";
import { McpEnvironmentStack } from "./environment-stack";

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
  /** The Kubernetes manifest directory. @default "dist/k8s" */
  readonly k8sOutdir?: string;
}

/** Adds every environment's stacks to a cdktf app. */
export function addEnvironmentStacks(app: App, environments: readonly EnvironmentConfig[]): void {
  for (const environment of environments) new McpEnvironmentStack(app, environment);
}

/**
 * Synthesizes whatever `build` adds to a fresh cdktf app, checks the result against every rule, and only then
 * replaces the output directory. Throws `PolicyViolationError` for a violating plan, leaving the output directory
 * as it was. Platform teams composing their own stacks get the same gate.
 */
export function synthesizeApp(build: (app: App) => void, options: SynthesizeOptions = {}): Report {
  const outdir = path.resolve(options.outdir ?? "cdktf.out");
  const k8sOutdir = path.resolve(options.k8sOutdir ?? path.join("dist", "k8s"));
  const staging = `${outdir}.staging`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  try {
    const app = new App({ outdir: staging, skipValidation: false });
    build(app);
    app.synth();
    const report = runPolicies(loadArtifacts({ out: staging, k8s: k8sOutdir }));
    if (report.findings.length > 0) throw new PolicyViolationError(report);
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.renameSync(staging, outdir);
    return report;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Validates the environments, then synthesizes their stacks through {@link synthesizeApp}. Throws `ConfigError`
 * for invalid input and `PolicyViolationError` for a violating plan; in both cases nothing is written.
 */
export function synthesize(environments: readonly EnvironmentConfig[], options: SynthesizeOptions = {}): Report {
  validateEnvironmentSet(environments);
  return synthesizeApp((app) => addEnvironmentStacks(app, environments), options);
}
