import { bastionLaunchTemplates, groupsOfTemplate, imagePipelines } from "../hosts";
import { block, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/** The longest an instance from an image pipeline may run before it is replaced by one from a newer image, in days. */
const MAX_INSTANCE_LIFETIME_DAYS = 30;

const START_CONDITIONS = ["EXPRESSION_MATCH_ONLY", "EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE"];

function stackFindings(stack: StackArtifact): Violation[] {
  const findings: Violation[] = [];
  for (const { pipeline } of imagePipelines(stack)) {
    const schedule = block(pipeline.values["schedule"]);
    const expression = schedule?.["schedule_expression"];
    if (typeof expression !== "string" || !/^(cron|rate)\(.+\)$/.test(expression)) findings.push(violation(pipeline, "has no schedule: the image is never rebuilt with new patches"));
    else if (!START_CONDITIONS.includes(String(schedule?.["pipeline_execution_start_condition"] ?? "EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE"))) {
      findings.push(violation(pipeline, `schedule start condition ${JSON.stringify(schedule?.["pipeline_execution_start_condition"])} is not one Image Builder runs on`));
    }
    if (pipeline.values["status"] === "DISABLED") findings.push(violation(pipeline, "is disabled: its schedule never runs"));
  }
  for (const template of bastionLaunchTemplates(stack)) {
    for (const group of groupsOfTemplate(stack, template)) {
      const lifetime = group.values["max_instance_lifetime"];
      if (typeof lifetime !== "number" || lifetime <= 0 || lifetime > MAX_INSTANCE_LIFETIME_DAYS * 86400) {
        findings.push(violation(group, `max_instance_lifetime is ${JSON.stringify(lifetime ?? "unset")}: the bastion must be replaced by one from the latest image at least every ${MAX_INSTANCE_LIFETIME_DAYS} days`));
      }
    }
  }
  return findings;
}

/**
 * Patches reach the bastion automatically (OPS-01): every image pipeline has an enabled rebuild schedule, and the
 * bastion's Auto Scaling group replaces its instance with one from the latest image within 30 days.
 */
const rule: Rule = {
  id: "ops-01-scheduled-image-rebuild",
  controls: ["OPS-01"],
  severity: "medium",
  description: "Every image pipeline has an enabled cron/rate schedule; the bastion's Auto Scaling group has max_instance_lifetime ≤ 30 days.",
  remediation: "Give the pipeline schedule { schedule_expression = \"cron(0 3 ? * sun *)\", pipeline_execution_start_condition = \"EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE\" } and the bastion's group max_instance_lifetime = 604800.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
