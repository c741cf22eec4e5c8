/**
 * Helpers for the bastion and image pipeline control tests: the bastion's launch template and user data, the image
 * components' documents, edits of both inside a plan, and the real offline validators (sshd -t, cloud-init schema,
 * auditctl, aide --config-check) run on what the plan carries.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { EnvironmentConfig } from "../../environments/schema";
import { TerraformResource } from "../../policies/terraform";
import { Artifacts } from "../../policies/types";
import { findingsFor, stackResources, synthesizedPlans, tempDir } from "./plans";

/** The names of the built-in environments. */
export const ENVIRONMENTS = BUILT_IN_ENVIRONMENTS.map((environment) => environment.name);

/** The built-in environment of a name. */
export function config(environment: string): EnvironmentConfig {
  return BUILT_IN_ENVIRONMENTS.find((candidate) => candidate.name === environment)!;
}

/** `${<address>.<attribute>}`: how the plan references a resource's attribute. */
export function ref(resource: TerraformResource, attribute: string): string {
  return `\${${resource.address}.${attribute}}`;
}

/** The one resource of a type in an environment whose address matches, failing when there is not exactly one. */
export function one(plans: Artifacts, environment: string, type: string, match: RegExp = /./): TerraformResource {
  const found = stackResources(plans, environment, type).filter((resource) => match.test(resource.name));
  if (found.length !== 1) throw new Error(`expected one ${type} matching ${match} in ${environment}, found ${found.map((resource) => resource.address).join(", ") || "none"}`);
  return found[0];
}

/** The bastion's launch template. */
export function bastionTemplate(plans: Artifacts, environment: string): TerraformResource {
  return one(plans, environment, "aws_launch_template", /^bastion_/);
}

/** The bastion's user data as text. */
export function userDataText(plans: Artifacts, environment: string): string {
  return Buffer.from(String(bastionTemplate(plans, environment).values["user_data"]), "base64").toString("utf8");
}

/** Replaces the bastion's user data, as a hand edit of the plan would. */
export function setUserData(plans: Artifacts, environment: string, text: string): void {
  bastionTemplate(plans, environment).values["user_data"] = Buffer.from(text, "utf8").toString("base64");
}

/** The file the bastion's user data writes at a path. */
export function userDataFile(plans: Artifacts, environment: string, filePath: string): string {
  const document = YAML.parse(userDataText(plans, environment)) as { write_files: { path: string; content: string }[] };
  const found = document.write_files.find((entry) => entry.path === filePath);
  if (!found) throw new Error(`user data of ${environment} writes no ${filePath}`);
  return found.content;
}

/** One of our image components, by its suffix (`os-hardening`, `sshd`, `audit`, `aide`). */
export function component(plans: Artifacts, environment: string, suffix: string): TerraformResource {
  return one(plans, environment, "aws_imagebuilder_component", new RegExp(`^bastion-image_${suffix}_`));
}

/** A component's document, parsed. */
export function componentDocument(resource: TerraformResource): { name: string; description: string; schemaVersion: number; phases: { name: string; steps: { name: string; action: string; inputs: unknown }[] }[] } {
  return YAML.parse(String(resource.values["data"]));
}

/** The content of the file a component's CreateFile steps write at a path. */
export function componentFile(resource: TerraformResource, filePath: string): string {
  for (const phase of componentDocument(resource).phases) {
    for (const step of phase.steps) {
      if (step.action !== "CreateFile") continue;
      const found = (step.inputs as { path: string; content: string }[]).find((input) => input.path === filePath);
      if (found) return found.content;
    }
  }
  throw new Error(`component ${resource.address} writes no ${filePath}`);
}

/** Rewrites the content of a file a component writes. */
export function rewriteComponentFile(resource: TerraformResource, filePath: string, rewrite: (content: string) => string): void {
  const document = componentDocument(resource);
  let found = false;
  for (const phase of document.phases) {
    for (const step of phase.steps) {
      if (step.action !== "CreateFile") continue;
      for (const input of step.inputs as { path: string; content: string }[]) {
        if (input.path === filePath) {
          input.content = rewrite(input.content);
          found = true;
        }
      }
    }
  }
  if (!found) throw new Error(`component ${resource.address} writes no ${filePath}`);
  resource.values["data"] = YAML.stringify(document);
}

/** The distinct rules that report a control after `mutate` weakens a fresh copy of the real plans, sorted. */
export function rulesFired(control: string, mutate: (plans: Artifacts) => void): string[] {
  const plans = synthesizedPlans();
  mutate(plans);
  return [...new Set(findingsFor(plans, control).map((finding) => finding.rule))].sort();
}

/** The result of running a validator. */
export interface ToolResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command; fails the test with a clear message when the tool is not installed. */
export function run(command: string, args: readonly string[]): ToolResult {
  const result = spawnSync(command, [...args], { encoding: "utf8" });
  if (result.error) throw new Error(`${command} could not run (${result.error.message}): install the Debian packages in scripts/apt-packages.txt`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Finds a binary on the PATH or in the sbin directories (where Debian puts sshd and auditctl). */
export function tool(name: string): string {
  for (const dir of [...(process.env.PATH ?? "").split(":"), "/usr/sbin", "/sbin"]) {
    const candidate = path.join(dir, name);
    if (dir !== "" && fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} is not installed: install the Debian packages in scripts/apt-packages.txt`);
}

/** Writes text to a fresh temporary file and returns its path. */
export function writeTemp(name: string, content: string): string {
  const file = path.join(tempDir("bastion"), name);
  fs.writeFileSync(file, content);
  return file;
}

/**
 * `sshd -t` on a configuration, with throwaway host keys generated for the test (sshd refuses to run without one).
 * The configuration's own HostKey paths may be missing on the test machine; sshd then reports "Unable to load host
 * key", which the caller can tell apart from configuration errors.
 */
export function sshdTest(config: string): ToolResult {
  const dir = tempDir("sshd");
  const hostKey = path.join(dir, "ssh_host_ed25519_key");
  const keygen = run(tool("ssh-keygen"), ["-q", "-t", "ed25519", "-N", "", "-f", hostKey]);
  if (keygen.status !== 0) throw new Error(`ssh-keygen failed: ${keygen.stderr}`);
  fs.mkdirSync("/run/sshd", { recursive: true });
  const file = path.join(dir, "sshd_config");
  fs.writeFileSync(file, config);
  return run(tool("sshd"), ["-t", "-f", file, "-h", hostKey]);
}

/** sshd's complaints, without the notes about host keys the test machine lacks. */
export function sshdErrors(result: ToolResult): string[] {
  return result.stderr
    .split("\n")
    .filter((line) => line.trim() !== "" && !/^Unable to load host key: \/etc\/ssh\/ssh_host_(ed25519|ecdsa)_key$/.test(line));
}

/** auditctl's complaints about each rule parsed in this file. */
const auditctlComplaints = new Map<string, string[]>();

/**
 * Parses one audit rule with the real `auditctl`, in an unprivileged user namespace: auditctl parses the rule (and
 * reports any syntax error, unknown field or syscall) and the kernel then refuses it, since audit is not namespaced, so
 * nothing is loaded on the test machine. Returns auditctl's complaints about the rule. auditctl runs once per distinct
 * rule in a test file (the environments share most of their rules).
 */
export function auditctlParse(rule: string): string[] {
  let complaints = auditctlComplaints.get(rule);
  if (complaints === undefined) {
    const result = run(tool("unshare"), ["--user", "--map-root-user", tool("auditctl"), ...rule.split(/\s+/)]);
    complaints = result.stderr
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && line !== "The audit system is disabled" && !/^Error sending .* request \((Operation not permitted|Connection refused)\)$/.test(line));
    auditctlComplaints.set(rule, complaints);
  }
  return [...complaints];
}
