import { Rule } from "../types";
import { resources, violation } from "../terraform";

/**
 * Every ElastiCache replication group (the guard's shared store of DPoP proof ids, revocations and session owners) is
 * encrypted at rest with a customer-managed key and in transit with TLS required (NET-04), refuses clients without its
 * AUTH token, and keeps snapshots. Without TLS the token and every revocation cross the data tier in clear; without
 * AUTH anything that reaches the port can lift a revocation.
 */
const rule: Rule = {
  id: "net-04-elasticache-encrypted-auth",
  controls: ["NET-04"],
  severity: "high",
  description: "Every aws_elasticache_replication_group is KMS-encrypted at rest, requires TLS, requires an AUTH token, and keeps snapshots.",
  remediation: "Use the GuardStore construct's settings: at_rest_encryption_enabled with kms_key_id, transit_encryption_enabled with transit_encryption_mode required, auth_token, snapshot_retention_limit >= 1.",
  check: (artifacts) =>
    resources(artifacts, "aws_elasticache_replication_group").flatMap((group) => {
      const values = group.values;
      const findings: string[] = [];
      if (String(values["at_rest_encryption_enabled"]) !== "true" || typeof values["kms_key_id"] !== "string") findings.push("is not encrypted at rest with a customer-managed KMS key");
      if (values["transit_encryption_enabled"] !== true || values["transit_encryption_mode"] !== "required") findings.push("does not require TLS (transit_encryption_enabled with transit_encryption_mode required)");
      if (typeof values["auth_token"] !== "string" || values["auth_token"] === "") findings.push("accepts clients without an AUTH token");
      if (!(Number(values["snapshot_retention_limit"]) >= 1)) findings.push("keeps no snapshots");
      return findings.map((message) => violation(group, message));
    }),
};

export default rule;
