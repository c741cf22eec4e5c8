import { gatewayTemplates } from "../gateway";
import { containers, kubernetesViolation, labels, LocatedObject, objects, podTemplates, record, records, ZONE_LABEL } from "../kubernetes";
import { Artifacts, Rule, Violation } from "../types";

/** Gateway API route kinds: each can send traffic from a Gateway to a Service. */
const GATEWAY_API_ROUTES: readonly string[] = ["HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute"];

/** Namespaces of a zone, by group. */
function zoneNamespaces(artifacts: Artifacts, zone: string): Map<string, Set<string>> {
  const byGroup = new Map<string, Set<string>>();
  for (const namespace of objects(artifacts, "Namespace").filter((item) => labels(item.object)[ZONE_LABEL] === zone)) {
    (byGroup.get(namespace.group) ?? byGroup.set(namespace.group, new Set()).get(namespace.group)!).add(namespace.object.metadata.name);
  }
  return byGroup;
}

/** The namespace a mesh host names, seen from a VirtualService in `namespace`: `svc` → own, `svc.ns[...]` → ns. */
function meshHostNamespace(host: string, namespace: string | undefined): string | undefined {
  const parts = host.split(".");
  return parts.length === 1 ? namespace : parts[1];
}

function serviceFindings(artifacts: Artifacts, servers: Map<string, Set<string>>, gateways: Map<string, Set<string>>): Violation[] {
  return objects(artifacts, "Service").flatMap((service) => {
    const namespace = service.object.metadata.namespace ?? "default";
    const spec = record(service.object["spec"]) ?? {};
    const type = String(spec["type"] ?? "ClusterIP");
    const externalIps = Array.isArray(spec["externalIPs"]) && spec["externalIPs"].length > 0;
    if (servers.get(service.group)?.has(namespace)) {
      const problems = [...(type === "NodePort" || type === "LoadBalancer" ? [`is of type ${type}: the MCP server is reachable without the gateway`] : []), ...(externalIps ? ["has externalIPs: the MCP server is reachable without the gateway"] : [])];
      return problems.map((problem) => kubernetesViolation(service, problem));
    }
    if (gateways.get(service.group)?.has(namespace) && (type !== "ClusterIP" || externalIps)) {
      return [kubernetesViolation(service, `exposes the gateway's namespace directly (${externalIps ? "externalIPs" : `type ${type}`}), around the load balancer, WAF and mesh ingress`)];
    }
    return [];
  });
}

function routeFindings(artifacts: Artifacts, servers: Map<string, Set<string>>): Violation[] {
  const isServer = (item: LocatedObject, namespace: string | undefined) => namespace !== undefined && (servers.get(item.group)?.has(namespace) ?? false);
  const findings: Violation[] = [];
  for (const ingress of objects(artifacts, "Ingress")) {
    if (isServer(ingress, ingress.object.metadata.namespace)) findings.push(kubernetesViolation(ingress, "is an Ingress in an MCP server's namespace: a second way in, around the gateway"));
  }
  for (const gateway of objects(artifacts, "Gateway")) {
    if (isServer(gateway, gateway.object.metadata.namespace)) findings.push(kubernetesViolation(gateway, `is a ${gateway.object.apiVersion} Gateway in an MCP server's namespace: a second way in, around the MCP gateway`));
  }
  for (const kind of GATEWAY_API_ROUTES) {
    for (const route of objects(artifacts, kind)) {
      const own = route.object.metadata.namespace;
      const backends = records(record(route.object["spec"])?.["rules"]).flatMap((rule) => records(rule["backendRefs"]));
      const targets = backends.map((backend) => (typeof backend["namespace"] === "string" ? backend["namespace"] : own)).filter((namespace) => isServer(route, namespace));
      if (targets.length > 0) findings.push(kubernetesViolation(route, `routes to MCP server namespace ${[...new Set(targets)].join(", ")} directly, around the gateway`));
    }
  }
  for (const service of objects(artifacts, "VirtualService")) {
    const spec = record(service.object["spec"]) ?? {};
    const bound = (Array.isArray(spec["gateways"]) ? (spec["gateways"] as unknown[]).map(String) : []).filter((gateway) => gateway !== "mesh");
    if (bound.length === 0) continue;
    const own = service.object.metadata.namespace;
    const hosts = ["http", "tcp", "tls"].flatMap((protocol) => records(spec[protocol]).flatMap((route) => records(route["route"]).map((destination) => String(record(destination["destination"])?.["host"] ?? ""))));
    const reached = [...new Set(hosts.map((host) => meshHostNamespace(host, own)).filter((namespace) => isServer(service, namespace)))];
    if (reached.length > 0) findings.push(kubernetesViolation(service, `binds gateway ${bound.join(", ")} to MCP server namespace ${reached.join(", ")}: traffic from outside reaches the server without the MCP gateway`));
  }
  return findings;
}

function podFindings(artifacts: Artifacts, servers: Map<string, Set<string>>): Violation[] {
  return podTemplates(artifacts).flatMap(({ item, spec }) => {
    if (!servers.get(item.group)?.has(item.object.metadata.namespace ?? "default")) return [];
    const problems = [
      ...(spec["hostNetwork"] === true ? ["runs on the node's network (hostNetwork): the server listens on the node's address"] : []),
      ...containers(spec).flatMap(({ container, label }) => records(container["ports"]).filter((port) => port["hostPort"] !== undefined).map((port) => `${label} publishes hostPort ${String(port["hostPort"])} on the node`)),
    ];
    return problems.map((problem) => kubernetesViolation(item, `${problem}, around the gateway`));
  });
}

/**
 * MCP servers are reachable only through the MCP gateway (GW-01): wherever MCP server namespaces exist, an agentgateway
 * workload is deployed; nothing opens a second way in: no NodePort or LoadBalancer Service or externalIPs in a server
 * namespace, no Ingress, Gateway (Gateway API or Istio) or Gateway API route into one, no VirtualService binding an
 * ingress gateway to a server, no hostNetwork or hostPort; and the gateway's own namespace is not exposed around the
 * edge (ClusterIP only).
 */
const rule: Rule = {
  id: "gw-01-no-gateway-bypass",
  controls: ["GW-01"],
  severity: "critical",
  description: "An MCP gateway runs wherever MCP servers do, and no Service, Ingress, Gateway, route, VirtualService or host port reaches an MCP server namespace around it.",
  remediation: "Reach MCP servers only through the gateway: ClusterIP Services, no Ingress/Gateway/HTTPRoute/VirtualService into server namespaces, no host networking (the blueprint generates none).",
  check: (artifacts) => {
    const servers = zoneNamespaces(artifacts, "mcp");
    const gateways = zoneNamespaces(artifacts, "gateway");
    const withGateway = new Set(gatewayTemplates(artifacts).map(({ item }) => item.group));
    const missing = objects(artifacts, "Namespace")
      .filter((namespace) => labels(namespace.object)[ZONE_LABEL] === "mcp" && !withGateway.has(namespace.group))
      .map((namespace) => kubernetesViolation(namespace, "is an MCP server namespace, but no MCP gateway (pods labelled app.kubernetes.io/name: agentgateway) is deployed with it"));
    return [...missing, ...serviceFindings(artifacts, servers, gateways), ...routeFindings(artifacts, servers), ...podFindings(artifacts, servers)];
  },
};

export default rule;
