import { targetGroups } from "../load-balancers";
import { block, violation } from "../terraform";
import { Rule, Violation } from "../types";

/**
 * Load balancers re-encrypt to their targets: every HTTP(S) target group uses HTTPS, and so does a health check on the
 * traffic port (NET-04: TLS on every MCP path, including edge to mesh ingress gateway). A health check on another port
 * (the target's status port, such as the Istio ingress gateway's 15021) carries no request data and may be HTTP.
 */
const rule: Rule = {
  id: "net-04-https-target-groups",
  controls: ["NET-04"],
  severity: "high",
  description: "Every application load balancer target group forwards over HTTPS, and health-checks the traffic port over HTTPS.",
  remediation: 'Set protocol = "HTTPS" on the target group, and health_check { protocol = "HTTPS" } when it checks the traffic port, and serve TLS on the target port (the mesh ingress gateway).',
  check: (artifacts) =>
    targetGroups(artifacts).flatMap((group): Violation[] => {
      const type = group.values["target_type"] ?? "instance";
      const protocol = String(group.values["protocol"] ?? "").toUpperCase();
      if (type === "lambda" || type === "alb" || !["HTTP", "HTTPS"].includes(protocol)) return [];
      const findings: Violation[] = [];
      if (protocol !== "HTTPS") findings.push(violation(group, `forwards to its targets over ${protocol}, in clear text`));
      const healthCheck = block(group.values["health_check"]);
      const checkProtocol = String(healthCheck?.["protocol"] ?? "HTTP").toUpperCase();
      const checkPort = String(healthCheck?.["port"] ?? "traffic-port");
      const onTrafficPort = checkPort === "traffic-port" || checkPort === String(group.values["port"]);
      if (healthCheck?.["enabled"] !== false && onTrafficPort && checkProtocol !== "HTTPS") findings.push(violation(group, `health-checks its targets' traffic port over ${checkProtocol}`));
      return findings;
    }),
};

export default rule;
