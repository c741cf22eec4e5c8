import { edgeEntrances, ingressRoutes } from "../edge-routes";
import { GATEWAY_APP } from "../gateway";
import { kubernetesViolation, LocatedObject, objects, record, records } from "../kubernetes";
import { Artifacts, Rule, Violation } from "../types";

/** The names a VirtualService in `namespace` may use for a Service: `svc` (own namespace), `svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local`. */
function serviceNames(service: LocatedObject, namespace: string | undefined): string[] {
  const { name, namespace: own = "default" } = service.object.metadata;
  return [...(own === namespace ? [name] : []), `${name}.${own}`, `${name}.${own}.svc`, `${name}.${own}.svc.cluster.local`];
}

/** The Services of a group that select the MCP gateway's pods. */
function gatewayServices(artifacts: Artifacts, group: string): LocatedObject[] {
  return objects(artifacts, "Service").filter((service) => service.group === group && record(record(service.object["spec"])?.["selector"])?.["app.kubernetes.io/name"] === GATEWAY_APP);
}

/**
 * The MCP host goes from the ingress to the MCP gateway only (GW-01): every VirtualService bound to an ingress Gateway
 * that takes the MCP host (the load balancer's default certificate's host) sends each route, HTTP, TCP or TLS, to a
 * Service of agentgateway's pods and nowhere else, so no MCP request reaches a server without the gateway's
 * authentication, guard and rate limits.
 */
const rule: Rule = {
  id: "gw-01-edge-route-gateway-only",
  controls: ["GW-01"],
  severity: "high",
  description: "Every ingress VirtualService taking the MCP host routes only to agentgateway.",
  remediation: "Route the MCP host only to agentgateway (McpEdgeRoute in stacks/ingress-tls.ts); MCP servers are reached through the gateway's configuration, never from the ingress.",
  check: (artifacts) =>
    edgeEntrances(artifacts).flatMap((entrance): Violation[] =>
      entrance.hosts
        .filter((host) => host.mcp)
        .flatMap(({ host }) =>
          ingressRoutes(artifacts, entrance.environment, host).routes.flatMap((route) => {
            const namespace = route.object.metadata.namespace;
            const allowed = new Set(gatewayServices(artifacts, route.group).flatMap((service) => serviceNames(service, namespace)));
            const spec = record(route.object["spec"]) ?? {};
            return (["http", "tcp", "tls"] as const).flatMap((protocol) =>
              records(spec[protocol]).flatMap((entry, index) => {
                const label = `${protocol} route ${String(entry["name"] ?? index)}`;
                const destinations = records(entry["route"]).map((target) => String(record(target["destination"])?.["host"] ?? ""));
                const mirror = record(entry["mirror"]);
                const outside = [...destinations, ...(mirror === undefined ? [] : [String(mirror["host"] ?? "")])].filter((destination) => !allowed.has(destination));
                return outside.length > 0 ? [kubernetesViolation(route, `${label} for the MCP host ${host} sends requests to ${outside.join(", ")}, not to agentgateway: MCP traffic would bypass the gateway`)] : [];
              })
            );
          })
        )
    ),
};

export default rule;
