import { boundGateways, edgeEntrances, gatewayOf, gatewayServers, hostsTake, ingressRoutes, serverHosts } from "../edge-routes";
import { kubernetesViolation, record } from "../kubernetes";
import { violation } from "../terraform";
import { Rule, Violation } from "../types";

/**
 * Every host the internet-facing load balancer serves reaches a service through the ingress gateway (NET-04, GW-01):
 * in each copy of the environment's Kubernetes objects a VirtualService for the host is bound to an ingress Gateway
 * with an HTTPS server on the load balancer's target port whose hosts take the request without SNI (`*`). An AWS
 * Application Load Balancer sends no SNI when it re-encrypts to its targets, so a server listing specific hosts (an
 * SNI match) never matches its handshake: the connection is reset and the host is down.
 */
const rule: Rule = {
  id: "net-04-edge-host-routes",
  controls: ["NET-04", "GW-01"],
  severity: "high",
  description: "Every host of the internet-facing load balancer has a VirtualService bound to an ingress Gateway server on the target port that accepts TLS without SNI.",
  remediation:
    'Bind a VirtualService for the host to the edge Gateway (stacks/ingress-tls.ts addEdgeIngress: EdgeGateway with one HTTPS server on the target port, hosts ["*"]; McpEdgeRoute for the MCP host; KeycloakIngress for the issuer\'s host).',
  check: (artifacts) =>
    edgeEntrances(artifacts).flatMap((entrance): Violation[] => {
      const ports = entrance.targetGroups.map((group) => Number(group.values["port"]));
      return entrance.hosts.flatMap(({ host }) => {
        const { groups, routes } = ingressRoutes(artifacts, entrance.environment, host);
        return groups.flatMap((group) => {
          const inGroup = routes.filter((route) => route.group === group);
          if (inGroup.length === 0) return [violation(entrance.balancer, `serves ${host}, but no VirtualService bound to an ingress Gateway routes it in ${group}: the ingress answers 404`)];
          return inGroup.flatMap((route) =>
            boundGateways(route).flatMap((reference) => {
              const gateway = gatewayOf(artifacts, group, reference);
              if (gateway === undefined) return [kubernetesViolation(route, `routes ${host} through Gateway ${reference}, which is not deployed`)];
              return ports.flatMap((port) => {
                const servers = gatewayServers(gateway).filter((server) => Number(record(server["port"])?.["number"]) === port && String(record(server["port"])?.["protocol"]) === "HTTPS");
                if (servers.some((server) => serverHosts(server).some((entry) => hostsTake([entry], host) && /(^|\/)\*$/.test(entry)))) return [];
                return [
                  kubernetesViolation(
                    gateway,
                    servers.some((server) => hostsTake(serverHosts(server), host))
                      ? `serves ${host} on the load balancer's target port ${port} only by SNI: the load balancer sends no SNI when it re-encrypts, so its handshake matches no filter chain and is reset; list hosts ["*"] and select the host in the VirtualService`
                      : `has no HTTPS server on the load balancer's target port ${port} taking ${host}: the load balancer's requests for it are not served`
                  ),
                ];
              });
            })
          );
        });
      });
    }),
};

export default rule;
