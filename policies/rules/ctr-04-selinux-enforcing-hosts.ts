import { bastionLaunchTemplates, cloudConfig, cloudConfigCommands, cloudConfigFiles, HostFile, imagePipelines, recipeContent, selinuxMode } from "../hosts";
import { TerraformResource, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

const WEAKENING_COMMAND = /\bsetenforce\s+(0|permissive)\b|\bselinux=0\b|\benforcing=0\b|\bsemanage\s+permissive\s+-a\b/i;

function weakenings(resource: TerraformResource, where: string, files: readonly HostFile[], commands: readonly string[]): Violation[] {
  const findings: Violation[] = [];
  const mode = selinuxMode(files);
  if (mode !== undefined && mode !== "enforcing") findings.push(violation(resource, `${where} sets SELINUX=${mode}`));
  for (const command of commands.filter((candidate) => WEAKENING_COMMAND.test(candidate))) findings.push(violation(resource, `${where} weakens SELinux: ${command.trim().split("\n")[0]}`));
  return findings;
}

function stackFindings(stack: StackArtifact): Violation[] {
  const findings: Violation[] = [];
  for (const { pipeline, recipe } of imagePipelines(stack)) {
    if (!recipe) continue;
    const { files, commands } = recipeContent(stack, recipe);
    if (selinuxMode(files) !== "enforcing") findings.push(violation(recipe, `builds an image without a component that sets SELINUX=enforcing (image of ${pipeline.address})`));
    findings.push(...weakenings(recipe, "a component of the recipe", files, commands));
  }
  for (const template of bastionLaunchTemplates(stack)) {
    const config = cloudConfig(template);
    if ("document" in config) findings.push(...weakenings(template, "user data", cloudConfigFiles(config.document), cloudConfigCommands(config.document)));
  }
  return findings;
}

/**
 * Hosts run SELinux enforcing (CTR-04, PUB-03): every image a pipeline builds sets SELINUX=enforcing through a
 * component, and neither a component nor the bastion's user data switches it to permissive or off.
 */
const rule: Rule = {
  id: "ctr-04-selinux-enforcing-hosts",
  controls: ["CTR-04", "PUB-03"],
  severity: "high",
  description: "Every image recipe has a component writing SELINUX=enforcing; no component or bastion user data sets permissive/disabled or runs setenforce 0.",
  remediation: "Keep the OS hardening component's /etc/selinux/config (SELINUX=enforcing); label what SELinux denies (semanage, restorecon) instead of switching it off.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
