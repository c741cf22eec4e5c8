import { block, blocks, resolveReference, stackOf, violation } from "../terraform";
import { Rule, Violation } from "../types";
import { loggingConfigurations, webAcls } from "../waf";

/** Headers whose values are credentials and must never reach a log. */
const REDACTED_HEADERS = ["authorization", "cookie"];

/**
 * Every web ACL logs its requests (LOG-02) to a destination whose name starts `aws-waf-logs-` (a KMS-encrypted log
 * group when it is CloudWatch Logs), with the credential-bearing `authorization` and `cookie` headers redacted
 * (LOG-01: events logged, secrets sanitized).
 */
const rule: Rule = {
  id: "log-01-waf-logging-redacts-authorization",
  controls: ["LOG-01", "LOG-02"],
  severity: "high",
  description: `Every web ACL has an aws_wafv2_web_acl_logging_configuration with redacted_fields single_header ${REDACTED_HEADERS.join(" and ")}, logging to an aws-waf-logs-* destination (a CloudWatch log group with kms_key_id).`,
  remediation: 'Add aws_wafv2_web_acl_logging_configuration with redacted_fields { single_header { name = "authorization" } } and { single_header { name = "cookie" } }, to a KMS-encrypted log group named aws-waf-logs-<name>.',
  check: (artifacts) =>
    webAcls(artifacts).flatMap((acl): Violation[] => {
      const configurations = loggingConfigurations(artifacts, acl);
      if (configurations.length === 0) return [violation(acl, "is not logged: no aws_wafv2_web_acl_logging_configuration names it")];
      return configurations.flatMap((logging): Violation[] => {
        const findings: Violation[] = [];
        const redacted = blocks(logging.values["redacted_fields"]).map((field) => String(block(field["single_header"])?.["name"] ?? "").toLowerCase());
        const missing = REDACTED_HEADERS.filter((header) => !redacted.includes(header));
        if (missing.length > 0) findings.push(violation(logging, `logs the ${missing.join(" and ")} header${missing.length > 1 ? "s" : ""} of ${acl.address} unredacted`));
        const destinations = Array.isArray(logging.values["log_destination_configs"]) ? (logging.values["log_destination_configs"] as unknown[]) : [];
        if (destinations.length === 0) findings.push(violation(logging, "names no log destination"));
        for (const destination of destinations) {
          const group = resolveReference(stackOf(artifacts, logging), destination);
          if (group?.type !== "aws_cloudwatch_log_group") continue;
          if (!String(group.values["name"] ?? "").startsWith("aws-waf-logs-")) findings.push(violation(logging, `logs to ${group.address}, whose name does not start with aws-waf-logs- (WAF refuses it)`));
          if (!group.values["kms_key_id"]) findings.push(violation(logging, `logs to ${group.address}, which is not encrypted with a customer-managed key`));
        }
        return findings;
      });
    }),
};

export default rule;
