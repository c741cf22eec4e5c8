import { edgeEntrances, gatewayServers } from "../edge-routes";
import { objects, record } from "../kubernetes";
import { environmentOfGroup } from "../mesh";
import { block, violation } from "../terraform";
import { Rule, Violation } from "../types";

/** Istio's status port on its gateways: readiness over HTTP, answered whatever the `Host`. */
const STATUS_PORT = 15021;
const READINESS_PATH = "/healthz/ready";

/**
 * The load balancer health-checks the Istio ingress gateway on its status port (NET-04): the target port routes by
 * `Host`, so a check there (the target's IP as host) matches no VirtualService, gets 404, and every target is marked
 * unhealthy: the edge serves nothing. Applies to each target group of an internet-facing load balancer whose port an
 * ingress Gateway of the environment serves.
 */
const rule: Rule = {
  id: "net-04-edge-health-check-status-port",
  controls: ["NET-04"],
  severity: "high",
  description: `Target groups of the Istio ingress gateway health-check its status port ${STATUS_PORT} on ${READINESS_PATH}, not the Host-routed traffic port.`,
  remediation: `Set health_check { port = "${STATUS_PORT}", protocol = "HTTP", path = "${READINESS_PATH}" } (TlsEdge's default) and let the edge security group reach the MCP tier on ${STATUS_PORT} (TierSecurityGroups).`,
  check: (artifacts) =>
    edgeEntrances(artifacts).flatMap((entrance): Violation[] => {
      const gatewayPorts = new Set(
        objects(artifacts, "Gateway")
          .filter((gateway) => environmentOfGroup(artifacts, gateway.group) === entrance.environment)
          .flatMap((gateway) => gatewayServers(gateway).map((server) => Number(record(server["port"])?.["number"])))
      );
      return entrance.targetGroups
        .filter((group) => gatewayPorts.has(Number(group.values["port"])))
        .flatMap((group) => {
          const healthCheck = block(group.values["health_check"]);
          const port = String(healthCheck?.["port"] ?? "traffic-port");
          const path = String(healthCheck?.["path"] ?? "/");
          if (healthCheck?.["enabled"] !== false && port === String(STATUS_PORT) && path === READINESS_PATH) return [];
          return [violation(group, `health-checks the Istio ingress gateway ${healthCheck?.["enabled"] === false ? "not at all" : `on port ${port}, path ${path}`}: the gateway routes its traffic port by Host, so the check gets 404 and every target is unhealthy; check its status port ${STATUS_PORT} on ${READINESS_PATH}`)];
        });
    }),
};

export default rule;
