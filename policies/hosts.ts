/**
 * Read-only helpers for rules over EC2 hosts in synthesized Terraform JSON: launch templates of the admin tier (the
 * bastion), their cloud-init user data, EC2 Image Builder pipelines with their recipes and component documents, and
 * the sshd, audit and AIDE configuration those carry.
 */
import { nodeGroupLaunchTemplate } from "./eks";
import { parsedText } from "./run-cache";
import { Attributes, awsProviders, block, blocks, referencedAddress, resolveReference, stackResources, TerraformResource, tierOf } from "./terraform";
import { StackArtifact } from "./types";

/** Whether a Terraform boolean (a boolean, or the strings launch templates use) is true. */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** Whether a Terraform boolean is explicitly false. */
export function isFalse(value: unknown): boolean {
  return value === false || value === "false";
}

/** The region a stack's AWS provider deploys to, if it names exactly one. */
export function stackRegion(stack: StackArtifact): string | undefined {
  const regions = new Set(awsProviders(stack).map((provider) => provider["region"]).filter((region): region is string => typeof region === "string"));
  return regions.size === 1 ? [...regions][0] : undefined;
}

function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return typeof value === "string" ? [value] : [];
}

/** The network tier of the resource a reference points to (a subnet, a security group), if any. */
export function tierOfReference(stack: StackArtifact, value: unknown): string | undefined {
  const resource = resolveReference(stack, value);
  return resource ? tierOf(resource) : undefined;
}

/** The security groups a launch template attaches, from its network interfaces and its top-level list. */
export function launchTemplateSecurityGroups(stack: StackArtifact, template: TerraformResource): TerraformResource[] {
  const ids = [...blocks(template.values["network_interfaces"]).flatMap((nic) => strings(nic["security_groups"])), ...strings(template.values["vpc_security_group_ids"])];
  return ids.flatMap((id) => resolveReference(stack, id) ?? []);
}

/** The launch templates of EKS node groups (judged by host-00-node-launch-template). */
export function nodeLaunchTemplates(stack: StackArtifact): Set<string> {
  return new Set(stackResources(stack, "aws_eks_node_group").flatMap((group) => nodeGroupLaunchTemplate(stack, group)?.address ?? []));
}

/** The bastion's launch templates: those that attach a security group of the admin tier. */
export function bastionLaunchTemplates(stack: StackArtifact): TerraformResource[] {
  return stackResources(stack, "aws_launch_template").filter((template) => launchTemplateSecurityGroups(stack, template).some((group) => tierOf(group) === "admin"));
}

/** The result of reading a launch template's user data as cloud-config. */
export type CloudConfig = { readonly document: Attributes } | { readonly problem: string };

/** A launch template's `user_data`, base64-decoded and parsed as a `#cloud-config` document. */
export function cloudConfig(template: TerraformResource): CloudConfig {
  const encoded = template.values["user_data"];
  if (typeof encoded !== "string" || encoded === "") return { problem: "has no user data" };
  if (encoded.includes("${")) return { problem: "has user data computed at apply time, which cannot be checked" };
  const text = Buffer.from(encoded, "base64").toString("utf8");
  if (!text.startsWith("#cloud-config\n")) return { problem: "user data is not a #cloud-config document" };
  try {
    const document: unknown = parsedText(text);
    return typeof document === "object" && document !== null && !Array.isArray(document) ? { document: document as Attributes } : { problem: "user data is not a cloud-config mapping" };
  } catch (error) {
    return { problem: `user data is not valid YAML: ${(error as Error).message.split("\n")[0]}` };
  }
}

/** A file a host configuration writes, and where it comes from. */
export interface HostFile {
  readonly path: string;
  readonly content: string;
}

/** The files a cloud-config document writes (`write_files`). */
export function cloudConfigFiles(document: Attributes): HostFile[] {
  return blocks(document["write_files"]).flatMap((entry) =>
    typeof entry["path"] === "string" && typeof entry["content"] === "string" ? [{ path: entry["path"], content: entry["content"] }] : [],
  );
}

/** The commands a cloud-config document runs (`runcmd`, `bootcmd`), each as one string. */
export function cloudConfigCommands(document: Attributes): string[] {
  return ["bootcmd", "runcmd"].flatMap((key) =>
    (Array.isArray(document[key]) ? (document[key] as unknown[]) : []).map((command) => (Array.isArray(command) ? command.map(String).join(" ") : String(command))),
  );
}

/** One step of a component document. */
export interface ComponentStepView {
  readonly phase: string;
  readonly name: string;
  readonly action: string;
  readonly inputs: unknown;
}

/** A parsed Image Builder component document. */
export interface ComponentView {
  readonly resource: TerraformResource;
  readonly document: Attributes | undefined;
  readonly steps: readonly ComponentStepView[];
  /** Files written by `CreateFile` steps. */
  readonly files: readonly HostFile[];
  /** Commands of `ExecuteBash` steps, per phase. */
  readonly commands: Readonly<Record<string, readonly string[]>>;
}

/** Parses an `aws_imagebuilder_component`'s inline `data` document. */
export function componentView(resource: TerraformResource): ComponentView {
  let document: Attributes | undefined;
  try {
    const parsed: unknown = typeof resource.values["data"] === "string" ? parsedText(resource.values["data"]) : undefined;
    document = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Attributes) : undefined;
  } catch {
    document = undefined;
  }
  const steps = blocks(document?.["phases"]).flatMap((phase) =>
    blocks(phase["steps"]).map((step) => ({ phase: String(phase["name"]), name: String(step["name"]), action: String(step["action"]), inputs: step["inputs"] })),
  );
  const files = steps
    .filter((step) => step.action === "CreateFile")
    .flatMap((step) => blocks(step.inputs).flatMap((input) => (typeof input["path"] === "string" ? [{ path: input["path"], content: typeof input["content"] === "string" ? input["content"] : "" }] : [])));
  const commands: Record<string, string[]> = {};
  for (const step of steps.filter((candidate) => candidate.action === "ExecuteBash")) {
    const list = block(step.inputs)?.["commands"];
    (commands[step.phase] ??= []).push(...(Array.isArray(list) ? list.map(String) : []));
  }
  return { resource, document, steps, files, commands };
}

/** The component ARNs of a recipe, as written. */
export function recipeComponentArns(recipe: TerraformResource): string[] {
  return blocks(recipe.values["component"]).flatMap((component) => (typeof component["component_arn"] === "string" ? [component["component_arn"]] : []));
}

/** The components of this stack a recipe uses, parsed. */
export function recipeComponents(stack: StackArtifact, recipe: TerraformResource): ComponentView[] {
  return recipeComponentArns(recipe).flatMap((arn) => {
    const component = resolveReference(stack, arn);
    return component?.type === "aws_imagebuilder_component" ? [componentView(component)] : [];
  });
}

/** Every file and every command of a recipe's components. */
export function recipeContent(stack: StackArtifact, recipe: TerraformResource): { files: HostFile[]; commands: string[] } {
  const components = recipeComponents(stack, recipe);
  return {
    files: components.flatMap((component) => component.files),
    commands: components.flatMap((component) => Object.values(component.commands).flat()),
  };
}

/** The SSM parameters a distribution configuration publishes AMI IDs to. */
export function distributionParameters(distribution: TerraformResource): string[] {
  return blocks(distribution.values["distribution"]).flatMap((entry) =>
    blocks(entry["ssm_parameter_configuration"]).flatMap((parameter) => (typeof parameter["parameter_name"] === "string" ? [parameter["parameter_name"]] : [])),
  );
}

/** A pipeline with the recipe, infrastructure and distribution it references in the same stack. */
export interface PipelineView {
  readonly pipeline: TerraformResource;
  readonly recipe: TerraformResource | undefined;
  readonly infrastructure: TerraformResource | undefined;
  readonly distribution: TerraformResource | undefined;
}

/** Every image pipeline of a stack, with what it references. */
export function imagePipelines(stack: StackArtifact): PipelineView[] {
  return stackResources(stack, "aws_imagebuilder_image_pipeline").map((pipeline) => ({
    pipeline,
    recipe: resolveReference(stack, pipeline.values["image_recipe_arn"]),
    infrastructure: resolveReference(stack, pipeline.values["infrastructure_configuration_arn"]),
    distribution: resolveReference(stack, pipeline.values["distribution_configuration_arn"]),
  }));
}

/** The SSM parameter a `resolve:ssm:<parameter>` image ID names. */
export function resolvedParameter(imageId: unknown): string | undefined {
  return typeof imageId === "string" && imageId.startsWith("resolve:ssm:") ? imageId.slice("resolve:ssm:".length) : undefined;
}

/** The recipes whose image a bastion launch template runs (through a pipeline's published SSM parameter). */
export function bastionRecipes(stack: StackArtifact): TerraformResource[] {
  const parameters = new Set(bastionLaunchTemplates(stack).flatMap((template) => resolvedParameter(template.values["image_id"]) ?? []));
  return imagePipelines(stack).flatMap((view) =>
    view.recipe && view.distribution && distributionParameters(view.distribution).some((parameter) => parameters.has(parameter)) ? [view.recipe] : [],
  );
}

/** The Auto Scaling groups that launch from a launch template. */
export function groupsOfTemplate(stack: StackArtifact, template: TerraformResource): TerraformResource[] {
  return stackResources(stack, "aws_autoscaling_group").filter((group) => {
    const spec = block(group.values["launch_template"]) ?? block(block(block(group.values["mixed_instances_policy"])?.["launch_template"])?.["launch_template_specification"]);
    return spec !== undefined && [spec["id"], spec["name"], spec["launch_template_id"], spec["launch_template_name"]].some((value) => referencedAddress(value) === template.address);
  });
}

/** sshd configuration: every keyword's first value (sshd uses the first), lower-cased keys, and structural flags. */
export interface SshdConfigView {
  /** Keyword (lower case) → first value. */
  readonly first: ReadonlyMap<string, string>;
  /** Keyword (lower case) → every value, in order (for multi-valued keywords such as Port, AllowUsers). */
  readonly all: ReadonlyMap<string, readonly string[]>;
  /** Whether the file has a `Match` block, which could override any setting for some connections. */
  readonly hasMatch: boolean;
  /** Whether the file includes other files, whose content the plan does not show. */
  readonly hasInclude: boolean;
}

/** Parses sshd_config text. */
export function parseSshdConfig(text: string): SshdConfigView {
  const first = new Map<string, string>();
  const all = new Map<string, string[]>();
  let hasMatch = false;
  let hasInclude = false;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line);
    if (!match) continue;
    const key = match[1].toLowerCase();
    const value = match[2].trim();
    if (key === "match") hasMatch = true;
    if (key === "include") hasInclude = true;
    if (!first.has(key)) first.set(key, value);
    (all.get(key) ?? all.set(key, []).get(key)!).push(value);
  }
  return { first, all, hasMatch, hasInclude };
}

/** Weak SSH algorithms no hardened sshd may offer. */
const WEAK_SSH_ALGORITHM = /(^|,)([^,]*-cbc|3des[^,]*|arcfour[^,]*|hmac-md5[^,]*|hmac-sha1[^,]*|umac-64[^,]*|diffie-hellman-group1-sha1|diffie-hellman-group14-sha1|diffie-hellman-group-exchange-sha1|ssh-dss|ssh-rsa)(,|$)/;

/** What is wrong with an sshd configuration against PUB-05, as messages. */
export function sshdProblems(text: string): string[] {
  const config = parseSshdConfig(text);
  const problems: string[] = [];
  const value = (key: string) => config.first.get(key.toLowerCase());
  const expect = (key: string, allowed: readonly string[]) => {
    const found = value(key);
    if (found === undefined || !allowed.includes(found.toLowerCase())) problems.push(`${key} is ${found === undefined ? "unset" : `"${found}"`}, not ${allowed.map((a) => `"${a}"`).join(" or ")}`);
  };
  expect("PermitRootLogin", ["no"]);
  expect("PasswordAuthentication", ["no"]);
  expect("KbdInteractiveAuthentication", ["no"]);
  expect("PermitEmptyPasswords", ["no"]);
  expect("PubkeyAuthentication", ["yes"]);
  expect("X11Forwarding", ["no"]);
  expect("AllowAgentForwarding", ["no"]);
  expect("PermitTunnel", ["no"]);
  expect("LogLevel", ["verbose"]);
  if (value("DisableForwarding")?.toLowerCase() !== "yes") expect("AllowTcpForwarding", ["no", "local"]);
  if (value("ChallengeResponseAuthentication")?.toLowerCase() === "yes") problems.push("ChallengeResponseAuthentication is yes");
  const methods = value("AuthenticationMethods");
  if (methods === undefined || !methods.split(/\s+/).every((alternative) => alternative.split(",")[0] === "publickey")) {
    problems.push(`AuthenticationMethods is ${methods === undefined ? "unset" : `"${methods}"`}: every alternative must begin with publickey`);
  }
  const ports = (config.all.get("port") ?? []).flatMap((entry) => entry.split(/\s+/));
  if (ports.length !== 1) problems.push(`declares ${ports.length} Port directives, not exactly one`);
  if (ports.some((port) => port === "22")) problems.push("listens on the standard port 22");
  const users = (config.all.get("allowusers") ?? []).flatMap((entry) => entry.split(/\s+/));
  const groups = (config.all.get("allowgroups") ?? []).flatMap((entry) => entry.split(/\s+/));
  if (users.length === 0 && groups.length === 0) problems.push("has neither AllowUsers nor AllowGroups: every account may log in");
  if (users.some((user) => user === "root" || user.startsWith("root@"))) problems.push("AllowUsers admits root");
  const tries = Number(value("MaxAuthTries"));
  if (!Number.isInteger(tries) || tries < 1 || tries > 4) problems.push(`MaxAuthTries is ${value("MaxAuthTries") ?? "unset (6)"}, not 1 to 4`);
  for (const key of ["KexAlgorithms", "Ciphers", "MACs", "PubkeyAcceptedAlgorithms", "HostKeyAlgorithms"]) {
    const list = value(key);
    if (list === undefined) problems.push(`${key} is unset, so OpenSSH's defaults (including weaker algorithms) apply`);
    else if (/^[+^-]/.test(list)) problems.push(`${key} modifies the defaults ("${list}") instead of listing the algorithms`);
    else if (WEAK_SSH_ALGORITHM.test(list)) problems.push(`${key} offers a weak algorithm: "${list}"`);
  }
  if (config.hasMatch) problems.push("has a Match block, which can override these settings for some connections");
  if (config.hasInclude) problems.push("includes other files, whose settings the plan does not show");
  return problems;
}

/** The sshd configuration a file list writes to `/etc/ssh/sshd_config`, if any. */
export function sshdConfigOf(files: readonly HostFile[]): string | undefined {
  return files.find((candidate) => candidate.path === "/etc/ssh/sshd_config")?.content;
}

/** The one `Port` of an sshd configuration, when it has exactly one numeric port. */
export function sshdPort(text: string): number | undefined {
  const ports = (parseSshdConfig(text).all.get("port") ?? []).flatMap((entry) => entry.split(/\s+/));
  return ports.length === 1 && /^\d+$/.test(ports[0]) ? Number(ports[0]) : undefined;
}

/** Non-comment lines of a configuration file. */
export function configLines(content: string): string[] {
  return content
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** The `key = value` settings of every sysctl drop-in among the files. */
export function sysctlSettings(files: readonly HostFile[]): Map<string, string> {
  const settings = new Map<string, string>();
  for (const entry of files.filter((candidate) => /^\/etc\/sysctl\.d\/[^/]+\.conf$/.test(candidate.path))) {
    for (const line of configLines(entry.content)) {
      const match = /^([\w.]+)\s*=\s*(\S+)$/.exec(line);
      if (match) settings.set(match[1], match[2]);
    }
  }
  return settings;
}

/** The kernel modules a modprobe drop-in makes impossible to load (`install <module> /bin/false|/bin/true`). */
export function disabledModules(files: readonly HostFile[]): Set<string> {
  const modules = new Set<string>();
  for (const entry of files.filter((candidate) => /^\/etc\/modprobe\.d\/[^/]+\.conf$/.test(candidate.path))) {
    for (const line of configLines(entry.content)) {
      const match = /^install\s+(\S+)\s+(\/usr)?\/bin\/(false|true)$/.exec(line);
      if (match) modules.add(match[1].replace(/_/g, "-"));
    }
  }
  return modules;
}

/** Every audit rule line the files install under `/etc/audit/rules.d/`. */
export function auditRuleLines(files: readonly HostFile[]): string[] {
  return files.filter((candidate) => /^\/etc\/audit\/rules\.d\/[^/]+\.rules$/.test(candidate.path)).flatMap((entry) => configLines(entry.content));
}

/** The SELinux mode `/etc/selinux/config` sets among the files, if the files write it. */
export function selinuxMode(files: readonly HostFile[]): string | undefined {
  const config = files.filter((candidate) => candidate.path === "/etc/selinux/config").pop();
  if (!config) return undefined;
  const line = configLines(config.content).find((candidate) => candidate.startsWith("SELINUX="));
  return line?.slice("SELINUX=".length);
}
