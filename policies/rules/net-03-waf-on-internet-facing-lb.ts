import { isApplicationLoadBalancer, isInternetFacing, loadBalancers } from "../load-balancers";
import { violation } from "../terraform";
import { Rule, Violation } from "../types";
import { webAclsProtecting } from "../waf";

/**
 * Every internet-facing Application Load Balancer is protected by a REGIONAL AWS WAF web ACL, and the load balancer
 * does not fail open when WAF is unavailable (NET-03, PUB-06).
 */
const rule: Rule = {
  id: "net-03-waf-on-internet-facing-lb",
  controls: ["NET-03", "PUB-06"],
  severity: "critical",
  description:
    "Every internet-facing application load balancer has an aws_wafv2_web_acl_association to a REGIONAL web ACL in its stack, and enable_waf_fail_open is not true.",
  remediation: "Associate the environment's MCP web ACL with the load balancer (aws_wafv2_web_acl_association) and leave enable_waf_fail_open false.",
  check: (artifacts) =>
    loadBalancers(artifacts)
      .filter((loadBalancer) => isApplicationLoadBalancer(loadBalancer) && isInternetFacing(loadBalancer))
      .flatMap((loadBalancer): Violation[] => {
        const findings: Violation[] = [];
        const acls = webAclsProtecting(artifacts, loadBalancer);
        if (acls.length === 0) findings.push(violation(loadBalancer, "faces the internet without a web ACL: no aws_wafv2_web_acl_association names it"));
        for (const acl of acls) {
          if (acl.values["scope"] !== "REGIONAL") findings.push(violation(loadBalancer, `is associated with ${acl.address}, whose scope is ${String(acl.values["scope"])}, not REGIONAL`));
        }
        if (loadBalancer.values["enable_waf_fail_open"] === true) findings.push(violation(loadBalancer, "lets requests through unfiltered when WAF is unavailable (enable_waf_fail_open = true)"));
        return findings;
      }),
};

export default rule;
