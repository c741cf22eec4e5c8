/**
 * Loads synthesized artifacts and runs the rules over them.
 */
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments, YAMLError } from "yaml";
import { kubernetesAddress } from "./kubernetes";
import { duringPolicyRun, rememberedForText } from "./run-cache";
import { findResource, METADATA_KEY } from "./terraform";
import { AcceptedFinding, Artifacts, Finding, KubernetesArtifact, KubernetesObject, Report, Rule, StackArtifact } from "./types";

/** An artifact directory or file that cannot be read or parsed. */
export class ArtifactError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ArtifactError";
  }
}

/** An exception recorded on a synthesized resource. */
export interface RecordedException {
  readonly rule: string;
  readonly justification: string;
}

/** The annotation on a Kubernetes object that records accepted exceptions (a JSON list). */
export const EXCEPTIONS_ANNOTATION = "mcp-hardening.io/exceptions";

/** The key under a Terraform resource's `//` metadata that records accepted exceptions. */
export const EXCEPTIONS_KEY = "exceptions";

function readJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new ArtifactError(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

/** Reads every `stacks/<stack>/cdk.tf.json` under a cdktf output directory, in stack-name order. */
export function loadStacks(outdir: string): StackArtifact[] {
  const stacksDir = path.join(outdir, "stacks");
  if (!fs.existsSync(stacksDir)) {
    throw new ArtifactError(`No synthesized stacks in ${outdir}: expected ${stacksDir}/<stack>/cdk.tf.json. Run "npm run synth" first.`);
  }
  const names = fs.readdirSync(stacksDir).sort();
  if (names.length === 0) throw new ArtifactError(`No stacks under ${stacksDir}: nothing to check. Run "npm run synth" first.`);
  return names.map((name) => {
    const file = path.join(stacksDir, name, "cdk.tf.json");
    return { name, file: path.relative(outdir, file), json: readJson(file) };
  });
}

function yamlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return yamlFiles(full);
      return /\.ya?ml$/.test(entry.name) ? [full] : [];
    });
}

/** The objects of a YAML file's text; throws the parser's first error, without the file's name. */
function parseObjects(text: string): KubernetesObject[] {
  return parseAllDocuments(text).flatMap((document) => {
    if (document.errors.length > 0) throw document.errors[0];
    const object = document.toJS() as KubernetesObject | null;
    return object === null ? [] : [object];
  });
}

const parsedFiles = new Map<string, KubernetesObject[]>();

/** Reads every Kubernetes object from the YAML files under a directory; a missing directory has none. */
export function loadKubernetes(dir: string): KubernetesArtifact[] {
  if (!fs.existsSync(dir)) return [];
  return yamlFiles(dir).map((file) => {
    let text;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (error) {
      throw new ArtifactError(`Cannot read ${file}: ${(error as Error).message}`);
    }
    let objects;
    try {
      objects = rememberedForText(parsedFiles, text, parseObjects);
    } catch (error) {
      throw new ArtifactError(`${error instanceof YAMLError ? "Cannot parse" : "Cannot read"} ${file}: ${(error as Error).message}`);
    }
    return { file: path.relative(dir, file), objects: structuredClone(objects) };
  });
}

/** Reads every artifact of one synthesis. */
export function loadArtifacts(options: { readonly out: string; readonly k8s: string }): Artifacts {
  return { stacks: loadStacks(options.out), kubernetes: loadKubernetes(options.k8s) };
}

function isRecordedException(value: unknown): value is RecordedException {
  const candidate = value as Partial<RecordedException> | null;
  return typeof candidate?.rule === "string" && typeof candidate.justification === "string";
}

/** Reads a recorded exception list; anything malformed is an error naming where it was found. */
function parseExceptions(value: unknown, where: string): RecordedException[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every(isRecordedException)) {
    throw new ArtifactError(`Malformed exceptions on ${where}: expected a list of {"rule", "justification"} objects.`);
  }
  return value;
}

function kubernetesExceptions(artifacts: Artifacts, location: string, resource: string): RecordedException[] {
  const file = artifacts.kubernetes.find((artifact) => artifact.file === location);
  const object = file?.objects.find((candidate) => kubernetesAddress(candidate) === resource);
  const annotation = object?.metadata.annotations?.[EXCEPTIONS_ANNOTATION];
  if (annotation === undefined) return [];
  const where = `${resource} in ${location} (annotation ${EXCEPTIONS_ANNOTATION})`;
  try {
    return parseExceptions(JSON.parse(annotation), where);
  } catch (error) {
    if (error instanceof ArtifactError) throw error;
    throw new ArtifactError(`Malformed exceptions on ${where}: not JSON.`);
  }
}

/** The configuration of the provider a finding names as `provider.<name>` (its first, unaliased block). */
function providerBlock(stack: StackArtifact, resource: string): Record<string, unknown> | undefined {
  const [kind, name] = resource.split(".");
  if (kind !== "provider" || name === undefined) return undefined;
  const blocks = (stack.json["provider"] as Record<string, unknown> | undefined)?.[name];
  const list = Array.isArray(blocks) ? blocks : [blocks];
  const block = list.find((candidate) => typeof candidate === "object" && candidate !== null && (candidate as Record<string, unknown>)["alias"] === undefined);
  return block as Record<string, unknown> | undefined;
}

function terraformExceptions(artifacts: Artifacts, location: string, resource: string): RecordedException[] {
  const stack = artifacts.stacks.find((candidate) => candidate.name === location);
  const found = stack && findResource(stack, resource);
  const values = found?.values ?? (stack && providerBlock(stack, resource));
  const metadata = values?.[METADATA_KEY] as Record<string, unknown> | undefined;
  return parseExceptions(metadata?.[EXCEPTIONS_KEY], `${resource} in stack ${location}`);
}

/** The exceptions recorded on the resource a violation names. */
function exceptionsFor(artifacts: Artifacts, finding: Finding): RecordedException[] {
  return artifacts.stacks.some((stack) => stack.name === finding.location)
    ? terraformExceptions(artifacts, finding.location, finding.resource)
    : kubernetesExceptions(artifacts, finding.location, finding.resource);
}

const SEVERITY_ORDER = ["critical", "high", "medium", "low"];

function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
    a.rule.localeCompare(b.rule) ||
    a.location.localeCompare(b.location) ||
    a.resource.localeCompare(b.resource) ||
    a.message.localeCompare(b.message)
  );
}

/** Every rule (policies/rules), loaded on first use: a caller that passes its own rules never loads the others. */
function allRules(): readonly Rule[] {
  return (require("./rules") as typeof import("./rules")).ALL_RULES;
}

/** Runs the rules (default: every rule) over the artifacts and splits the findings into failing and accepted ones. */
export function runPolicies(artifacts: Artifacts, rules: readonly Rule[] = allRules()): Report {
  const findings: Finding[] = [];
  const accepted: AcceptedFinding[] = [];
  const results = duringPolicyRun(artifacts, () => rules.map((rule) => ({ rule, violations: rule.check(artifacts) })));
  for (const { rule, violations } of results) {
    for (const violation of violations) {
      const finding: Finding = { ...violation, rule: rule.id, controls: rule.controls, severity: rule.severity, remediation: rule.remediation };
      const exception = exceptionsFor(artifacts, finding).find((candidate) => candidate.rule === rule.id);
      if (exception) accepted.push({ ...finding, justification: exception.justification });
      else findings.push(finding);
    }
  }
  return { findings: findings.sort(compareFindings), accepted: accepted.sort(compareFindings), rules };
}
