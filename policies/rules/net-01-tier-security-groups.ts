import { WORKLOAD_TIERS } from "../../baselines/network-tier";
import { ruleTier, securityGroupRules } from "../security-group-rules";
import { isInternet, references, resources, tierOf, violation } from "../terraform";
import { Rule, Violation } from "../types";

/**
 * Each tier has its own security group and tiers reach each other by group reference, not by address ranges
 * (NET-01, ISO-01, MSH-02). Only the admin tier admits address ranges: the admin networks and the VPN.
 */
const rule: Rule = {
  id: "net-01-tier-security-groups",
  controls: ["NET-01", "ISO-01", "MSH-02"],
  severity: "medium",
  description: "Every VPC has a security group per workload tier (edge, mcp, admin, data), every group has a tier, and non-admin ingress references groups, not CIDRs.",
  remediation: "Tag each security group with its mcp:tier and replace CIDR-based ingress between tiers with referenced_security_group_id.",
  check: (artifacts) => {
    const findings: Violation[] = [];
    const groups = resources(artifacts, "aws_security_group");
    for (const group of groups) {
      if (tierOf(group) === undefined) findings.push(violation(group, "has no mcp:tier tag"));
    }
    for (const vpc of resources(artifacts, "aws_vpc")) {
      const tiers = new Set(groups.filter((group) => group.stack === vpc.stack && references(group.values["vpc_id"], vpc)).map(tierOf));
      const missing = WORKLOAD_TIERS.filter((tier) => !tiers.has(tier));
      if (missing.length > 0) findings.push(violation(vpc, `has no security group for tier(s) ${missing.join(", ")}`));
    }
    for (const sgRule of securityGroupRules(artifacts)) {
      const ranges = sgRule.cidrs.filter((cidr) => !isInternet(cidr));
      if (sgRule.direction === "ingress" && ranges.length > 0 && ruleTier(sgRule) !== "admin") {
        findings.push(violation(sgRule.declaredBy, `admits address range(s) ${ranges.join(", ")} into the ${ruleTier(sgRule) ?? "untiered"} tier; reference the peer's security group instead`));
      }
    }
    return findings;
  },
};

export default rule;
