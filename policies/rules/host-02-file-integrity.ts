import { HostFile, imagePipelines, recipeContent } from "../hosts";
import { violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/** The systemd timers among the files whose service runs `aide --check`, by timer unit name. */
function aideTimers(files: readonly HostFile[]): string[] {
  return files
    .filter((file) => /^\/etc\/systemd\/system\/[^/]+\.timer$/.test(file.path) && /^OnCalendar=\S/m.test(file.content))
    .flatMap((timer) => {
      const unit = timer.path.split("/").pop()!;
      const service = files.find((file) => file.path === timer.path.replace(/\.timer$/, ".service"));
      return service && /^ExecStart=\S*aide\s+(--check|-C)\b/m.test(service.content) ? [unit] : [];
    });
}

function stackFindings(stack: StackArtifact): Violation[] {
  return imagePipelines(stack).flatMap(({ recipe }) => {
    if (!recipe) return [];
    const { files, commands } = recipeContent(stack, recipe);
    const problems: string[] = [];
    if (!files.some((file) => file.path === "/etc/aide.conf" && /^\/(etc|usr\/bin|usr\/sbin)\s/m.test(file.content))) problems.push("no component installs an AIDE configuration watching /etc and the system binaries");
    if (!commands.some((command) => /\baide\s+(--init|-i)\b/.test(command))) problems.push("no component initializes the AIDE baseline (aide --init)");
    const timers = aideTimers(files);
    if (timers.length === 0) problems.push("no component installs a systemd timer whose service runs aide --check");
    else if (!commands.some((command) => timers.some((timer) => new RegExp(`systemctl\\s+enable\\b.*\\b${timer.replace(/\./g, "\\.")}\\b`).test(command)))) problems.push(`no component enables the AIDE timer ${timers.join(", ")}`);
    return problems.map((problem) => violation(recipe, `${problem} (HOST-02 file integrity monitoring)`));
  });
}

/**
 * Hosts monitor file integrity (HOST-02): every image a pipeline builds carries AIDE with a configuration watching
 * /etc and the system binaries, a baseline initialized at build, and a systemd timer that runs `aide --check`
 * on a schedule, enabled.
 */
const rule: Rule = {
  id: "host-02-file-integrity",
  controls: ["HOST-02"],
  severity: "high",
  description: "Every image recipe installs an AIDE config, initializes the baseline and enables a systemd timer running aide --check.",
  remediation: "Keep the AIDE component of the BastionImagePipeline (constructs/bastion-image-pipeline.ts) in the recipe.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
