import { auditRuleLines, imagePipelines, recipeContent } from "../hosts";
import { violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/** What the audit rules must record, each as a test over one rule line. */
const REQUIRED: readonly { readonly what: string; readonly matches: (line: string) => boolean }[] = [
  { what: "writes to /etc/passwd", matches: (line) => /^-w \/etc\/passwd -p \S*w/.test(line) },
  { what: "writes to /etc/shadow", matches: (line) => /^-w \/etc\/shadow -p \S*w/.test(line) },
  { what: "writes to /etc/sudoers", matches: (line) => /^-w \/etc\/sudoers -p \S*w/.test(line) },
  { what: "writes to /etc/ssh/sshd_config", matches: (line) => /^-w \/etc\/ssh\/sshd_config -p \S*w/.test(line) },
  { what: "kernel module loading (init_module, finit_module, delete_module)", matches: (line) => /-F arch=b64\b/.test(line) && ["init_module", "finit_module", "delete_module"].every((call) => new RegExp(`-S \\S*\\b${call}\\b`).test(line)) },
  { what: "clock changes (settimeofday, clock_settime)", matches: (line) => /-F arch=b64\b/.test(line) && /-S \S*\bsettimeofday\b/.test(line) && /-S \S*\bclock_settime\b/.test(line) },
  { what: "commands run as root by logged-in users (execve, euid=0)", matches: (line) => /-F arch=b64\b/.test(line) && /-S \S*\bexecve\b/.test(line) && /-F euid=0\b/.test(line) },
];

function stackFindings(stack: StackArtifact): Violation[] {
  return imagePipelines(stack).flatMap(({ recipe }) => {
    if (!recipe) return [];
    const { files, commands } = recipeContent(stack, recipe);
    const lines = auditRuleLines(files);
    const problems = REQUIRED.filter((required) => !lines.some(required.matches)).map((required) => `no audit rule records ${required.what}`);
    if (lines.some((line) => /^-a\s+(task,never|never,task)\b/.test(line))) problems.push("an audit rule (-a task,never) switches syscall auditing off");
    if (lines[lines.length - 1] !== "-e 2") problems.push("the rules do not end with -e 2 (immutable until reboot)");
    if (!commands.some((command) => /\bsystemctl\s+enable\b.*\bauditd\b/.test(command))) problems.push("no component enables auditd");
    return problems.map((problem) => violation(recipe, `${problem} (HOST-00 host intrusion detection)`));
  });
}

/**
 * Hosts run a HIDS (HOST-00): every image a pipeline builds enables auditd with CIS rules for identity files, sudoers,
 * the sshd configuration, kernel module loading, clock changes and root commands, never `-a task,never`, and locked
 * with `-e 2`.
 */
const rule: Rule = {
  id: "host-00-host-audit-rules",
  controls: ["HOST-00"],
  severity: "high",
  description: "Every image recipe enables auditd with rules on identity files, sudoers, sshd_config, module loading, time changes and root execve, ending with -e 2.",
  remediation: "Keep the audit component of the BastionImagePipeline (constructs/bastion-image-pipeline.ts) in the recipe.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
