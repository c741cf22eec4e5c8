import { resources, violation } from "../terraform";
import { Rule } from "../types";

/** Every log group is encrypted with a customer-managed key and has an explicit retention (LOG-04). */
const rule: Rule = {
  id: "log-04-log-group-encryption-retention",
  controls: ["LOG-04"],
  severity: "medium",
  description: "Every CloudWatch log group has kms_key_id and a positive retention_in_days.",
  remediation: "Set kms_key_id to the environment key's ARN and retention_in_days to the environment's log retention.",
  check: (artifacts) =>
    resources(artifacts, "aws_cloudwatch_log_group").flatMap((group) => {
      const problems = [
        ...(typeof group.values["kms_key_id"] === "string" && group.values["kms_key_id"] !== "" ? [] : ["no kms_key_id"]),
        ...(typeof group.values["retention_in_days"] === "number" && group.values["retention_in_days"] > 0 ? [] : ["no explicit retention_in_days"]),
      ];
      return problems.length > 0 ? [violation(group, problems.join(" and "))] : [];
    }),
};

export default rule;
