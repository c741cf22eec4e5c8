import { Rule } from "../types";
import { findResource, referencedAddress, resources, violation } from "../terraform";

/**
 * Every RDS database is private and encrypted in transit and at rest (NET-04, MSH-02): storage encrypted with a
 * customer-managed key, never publicly accessible, TLS forced by its parameter group (`rds.force_ssl = 1`), credentials
 * managed by RDS in Secrets Manager or IAM authentication (no password in Terraform), and automated backups kept.
 */
const rule: Rule = {
  id: "net-04-rds-encrypted-private",
  controls: ["NET-04", "MSH-02"],
  severity: "high",
  description: "Every aws_db_instance is encrypted with a KMS key, private, forces TLS, keeps its password out of Terraform, and is backed up.",
  remediation: "Use the KeycloakDatabase construct's settings: storage_encrypted with kms_key_id, publicly_accessible false, a parameter group with rds.force_ssl 1, manage_master_user_password, backup_retention_period >= 1.",
  check: (artifacts) =>
    resources(artifacts, "aws_db_instance").flatMap((instance) => {
      const values = instance.values;
      const findings: string[] = [];
      if (values["storage_encrypted"] !== true || typeof values["kms_key_id"] !== "string") findings.push("storage is not encrypted with a customer-managed KMS key");
      if (values["publicly_accessible"] !== false) findings.push("is publicly accessible");
      if (values["manage_master_user_password"] !== true || values["password"] !== undefined) findings.push("its master password is not managed by RDS in Secrets Manager (a password in Terraform lands in state)");
      if (!(Number(values["backup_retention_period"]) >= 1)) findings.push("keeps no automated backups");
      const groupAddress = referencedAddress(values["parameter_group_name"]);
      const stack = artifacts.stacks.find((candidate) => candidate.name === instance.stack);
      const group = groupAddress === undefined || stack === undefined ? undefined : findResource(stack, groupAddress);
      const parameters = Array.isArray(group?.values["parameter"]) ? (group.values["parameter"] as Record<string, unknown>[]) : [];
      if (!parameters.some((parameter) => parameter["name"] === "rds.force_ssl" && String(parameter["value"]) === "1")) findings.push("its parameter group does not force TLS (rds.force_ssl = 1)");
      return findings.map((message) => violation(instance, message));
    }),
};

export default rule;
