import { describePorts, isTcp443Only, ruleTier, securityGroupRules } from "../security-group-rules";
import { isInternet, violation } from "../terraform";
import { Rule } from "../types";

/** Only the edge tier accepts connections from the internet, and only HTTPS (NET-01, PUB-06). */
const rule: Rule = {
  id: "net-01-no-open-ingress",
  controls: ["NET-01", "PUB-06", "PUB-04"],
  severity: "critical",
  description: "No security group admits 0.0.0.0/0 or ::/0, except the edge tier on TCP 443.",
  remediation: "Admit the internet only on the edge tier's HTTPS listener; reach other tiers through security group references, and administrators through the VPN.",
  check: (artifacts) =>
    securityGroupRules(artifacts)
      .filter((sgRule) => sgRule.direction === "ingress" && sgRule.cidrs.some(isInternet))
      .filter((sgRule) => !(ruleTier(sgRule) === "edge" && isTcp443Only(sgRule)))
      .map((sgRule) =>
        violation(sgRule.declaredBy, `admits ${sgRule.cidrs.filter(isInternet).join(" and ")} on ${describePorts(sgRule)} into the ${ruleTier(sgRule) ?? "untiered"} group ${sgRule.group?.address ?? "?"}`),
      ),
};

export default rule;
