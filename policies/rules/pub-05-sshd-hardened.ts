import { bastionLaunchTemplates, bastionRecipes, cloudConfig, cloudConfigFiles, componentView, recipeContent, sshdConfigOf, sshdProblems } from "../hosts";
import { stackResources, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

function stackFindings(stack: StackArtifact): Violation[] {
  const findings: Violation[] = [];
  for (const template of bastionLaunchTemplates(stack)) {
    const config = cloudConfig(template);
    if ("problem" in config) {
      findings.push(violation(template, `${config.problem}, so its sshd configuration cannot be checked`));
      continue;
    }
    const sshd = sshdConfigOf(cloudConfigFiles(config.document));
    if (sshd === undefined) findings.push(violation(template, "user data does not write /etc/ssh/sshd_config, so the bastion runs an unchecked sshd configuration"));
    else findings.push(...sshdProblems(sshd).map((problem) => violation(template, `sshd configuration in user data: ${problem}`)));
  }
  for (const component of stackResources(stack, "aws_imagebuilder_component").map(componentView)) {
    const sshd = sshdConfigOf(component.files);
    if (sshd !== undefined) findings.push(...sshdProblems(sshd).map((problem) => violation(component.resource, `sshd configuration it installs: ${problem}`)));
  }
  for (const recipe of bastionRecipes(stack)) {
    if (sshdConfigOf(recipeContent(stack, recipe).files) === undefined) findings.push(violation(recipe, "builds the bastion image without a component that installs a hardened /etc/ssh/sshd_config"));
  }
  return findings;
}

/**
 * The bastion's sshd is hardened wherever its configuration is written (PUB-05): in the launch template's user data
 * and in every image component that installs one. Key-only (publickey) authentication, no root, no passwords or
 * keyboard-interactive, exactly one non-standard port, an AllowUsers/AllowGroups list, at most 4 tries, no
 * forwarding of agents, X11 or tunnels, TCP forwarding at most local, explicit algorithm lists without weak
 * algorithms, verbose logging, and no Match or Include that could override any of it.
 */
const rule: Rule = {
  id: "pub-05-sshd-hardened",
  controls: ["PUB-05"],
  severity: "critical",
  description: "Every sshd_config in bastion user data and image components: publickey only, no root, no passwords, one port ≠ 22, AllowUsers, no forwarding, strong algorithms, no Match/Include.",
  remediation: "Render the sshd configuration with renderSshdConfig (constructs/sshd-config.ts) and write it as /etc/ssh/sshd_config in both the user data and the image's sshd component.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
