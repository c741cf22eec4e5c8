import { stackIsProduction } from "../environments";
import { isApplicationLoadBalancer, loadBalancers } from "../load-balancers";
import { block, stackOf, violation } from "../terraform";
import { Rule, Violation } from "../types";

/**
 * Every Application Load Balancer drops invalid HTTP header fields, mitigates HTTP desync at least defensively, writes
 * access logs, and in production has deletion protection (NET-04, LOG-02). Production is read from the stack's
 * `mcp:production` provider default tag; a stack without it counts as production.
 */
const rule: Rule = {
  id: "net-04-alb-hardening",
  controls: ["NET-04", "LOG-02"],
  severity: "high",
  description:
    "Every application load balancer sets drop_invalid_header_fields = true, no desync_mitigation_mode monitor, access_logs enabled with a bucket, and in production enable_deletion_protection = true.",
  remediation:
    'Set drop_invalid_header_fields = true, desync_mitigation_mode = "strictest" (or "defensive"), access_logs { bucket = <log bucket>, enabled = true }, and enable_deletion_protection = true in production.',
  check: (artifacts) =>
    loadBalancers(artifacts)
      .filter(isApplicationLoadBalancer)
      .flatMap((loadBalancer): Violation[] => {
        const { values } = loadBalancer;
        const findings: string[] = [];
        if (values["drop_invalid_header_fields"] !== true) findings.push("does not drop invalid HTTP header fields (drop_invalid_header_fields is not true)");
        if (values["desync_mitigation_mode"] === "monitor") findings.push("only monitors HTTP desync (desync_mitigation_mode = monitor)");
        const logs = block(values["access_logs"]);
        if (logs?.["enabled"] !== true || typeof logs["bucket"] !== "string" || logs["bucket"] === "") findings.push("writes no access logs (access_logs is not enabled with a bucket)");
        if (stackIsProduction(stackOf(artifacts, loadBalancer)) && values["enable_deletion_protection"] !== true) {
          findings.push("has no deletion protection in production (enable_deletion_protection is not true)");
        }
        return findings.map((message) => violation(loadBalancer, message));
      }),
};

export default rule;
