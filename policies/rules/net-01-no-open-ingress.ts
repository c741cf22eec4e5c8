import { port80OnlyRedirects } from "../load-balancers";
import { describePorts, isTcp443Only, isTcpPortOnly, ruleTier, SecurityGroupRule, securityGroupRules } from "../security-group-rules";
import { isInternet, stackOf, violation } from "../terraform";
import { Artifacts, Rule } from "../types";

/**
 * Whether the internet may reach a rule's ports: only the edge tier, on TCP 443 for HTTPS, or on TCP 80 when every
 * port-80 listener of the stack only redirects to HTTPS (PUB-04: port 80 exists for the redirect alone).
 */
function admitted(artifacts: Artifacts, sgRule: SecurityGroupRule): boolean {
  if (ruleTier(sgRule) !== "edge") return false;
  return isTcp443Only(sgRule) || (isTcpPortOnly(sgRule, 80) && port80OnlyRedirects(stackOf(artifacts, sgRule.declaredBy)));
}

/** Only the edge tier accepts connections from the internet, and only HTTPS or the HTTP-to-HTTPS redirect (NET-01, PUB-06, PUB-04). */
const rule: Rule = {
  id: "net-01-no-open-ingress",
  controls: ["NET-01", "PUB-06", "PUB-04"],
  severity: "critical",
  description:
    "No security group admits 0.0.0.0/0 or ::/0, except the edge tier on TCP 443, and on TCP 80 when the stack's port-80 listeners all redirect to HTTPS.",
  remediation:
    "Admit the internet only on the edge tier's HTTPS listener (and port 80 only for a listener that redirects to HTTPS); reach other tiers through security group references, and administrators through the VPN.",
  check: (artifacts) =>
    securityGroupRules(artifacts)
      .filter((sgRule) => sgRule.direction === "ingress" && sgRule.cidrs.some(isInternet))
      .filter((sgRule) => !admitted(artifacts, sgRule))
      .map((sgRule) =>
        violation(sgRule.declaredBy, `admits ${sgRule.cidrs.filter(isInternet).join(" and ")} on ${describePorts(sgRule)} into the ${ruleTier(sgRule) ?? "untiered"} group ${sgRule.group?.address ?? "?"}`),
      ),
};

export default rule;
