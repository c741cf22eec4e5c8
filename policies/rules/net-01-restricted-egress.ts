import { describePorts, isTcp443Only, ruleTier, securityGroupRules } from "../security-group-rules";
import { isInternet, violation } from "../terraform";
import { Rule } from "../types";

/**
 * Egress is least privilege: no group may send everything to the internet, and only the MCP tier may open TLS
 * connections out, which the egress firewall then allowlists by domain (NET-01, PUB-06).
 */
const rule: Rule = {
  id: "net-01-restricted-egress",
  controls: ["NET-01", "PUB-06"],
  severity: "high",
  description: "No security group sends to 0.0.0.0/0 or ::/0, except the mcp tier on TCP 443 (filtered by the egress firewall).",
  remediation: "Replace the internet-wide egress rule with references to the groups it needs; external APIs are reached from the mcp tier on 443 only.",
  check: (artifacts) =>
    securityGroupRules(artifacts)
      .filter((sgRule) => sgRule.direction === "egress" && sgRule.cidrs.some(isInternet))
      .filter((sgRule) => !(ruleTier(sgRule) === "mcp" && isTcp443Only(sgRule)))
      .map((sgRule) =>
        violation(sgRule.declaredBy, `sends ${describePorts(sgRule)} to ${sgRule.cidrs.filter(isInternet).join(" and ")} from the ${ruleTier(sgRule) ?? "untiered"} group ${sgRule.group?.address ?? "?"}`),
      ),
};

export default rule;
