import { resources, violation } from "../terraform";
import { Rule } from "../types";

/** Every symmetric KMS key rotates its key material automatically (AUTH-05). */
const rule: Rule = {
  id: "auth-05-kms-key-rotation",
  controls: ["AUTH-05"],
  severity: "medium",
  description: "Every symmetric aws_kms_key has enable_key_rotation = true.",
  remediation: "Set enable_key_rotation = true (and rotation_period_in_days) on the key.",
  check: (artifacts) =>
    resources(artifacts, "aws_kms_key")
      .filter((key) => (key.values["customer_master_key_spec"] ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT")
      .filter((key) => key.values["enable_key_rotation"] !== true)
      .map((key) => violation(key, "automatic key rotation is off")),
};

export default rule;
