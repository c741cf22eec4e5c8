import { preventsDestroy, resources, violation } from "../terraform";
import { Rule } from "../types";

/**
 * Terraform never destroys a KMS key (LOG-04, IR-02d): destroying the key schedules its deletion, after which every log
 * and archive object it encrypts is unreadable, however long its retention.
 */
const rule: Rule = {
  id: "log-04-kms-prevent-destroy",
  controls: ["LOG-04", "IR-02d"],
  severity: "high",
  description: "Every aws_kms_key has lifecycle.prevent_destroy = true.",
  remediation: "Keep EnvironmentKey's preventDestroy at its default (true), or set lifecycle { prevent_destroy = true } on the key.",
  check: (artifacts) =>
    resources(artifacts, "aws_kms_key")
      .filter((key) => !preventsDestroy(key))
      .map((key) => violation(key, "lifecycle.prevent_destroy is not true: a destroy would schedule the key's deletion and make everything it encrypts unreadable")),
};

export default rule;
