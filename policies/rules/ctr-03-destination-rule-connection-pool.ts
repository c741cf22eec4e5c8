import { kubernetesViolation, LocatedObject, objectsInNamespaceOfGroup } from "../kubernetes";
import { at, objectsInGroup, zoneNamespaces, zoneOf } from "../mesh";
import { derivedOnce } from "../run-cache";
import { Artifacts, Rule, Violation } from "../types";

/** The connection-pool limits every MCP server's DestinationRule sets, as paths under `trafficPolicy.connectionPool`. */
const LIMITS: readonly (readonly [string, string])[] = [
  ["tcp", "maxConnections"],
  ["http", "http2MaxRequests"],
  ["http", "http1MaxPendingRequests"],
  ["http", "maxRequestsPerConnection"],
];

/** The Service a DestinationRule's host names, as `<name>.<namespace>`: its full name, or its short name from the rule's own namespace. */
function targetedService(rule: LocatedObject): string {
  const host = String(at(rule.object, "spec", "host") ?? "");
  const qualified = /^([^.]+)\.([^.]+)(\.svc(\.cluster\.local)?)?$/.exec(host);
  return qualified ? `${qualified[1]}.${qualified[2]}` : `${host}.${rule.object.metadata.namespace ?? ""}`;
}

/** A group's DestinationRules by the Service they target (`<name>.<namespace>`). */
function rulesByService(artifacts: Artifacts, group: string): Map<string, LocatedObject[]> {
  return derivedOnce(artifacts, `destination-rules-by-service\u0000${group}`, () => {
    const byService = new Map<string, LocatedObject[]>();
    for (const rule of objectsInGroup(artifacts, group, "DestinationRule")) byService.set(targetedService(rule), [...(byService.get(targetedService(rule)) ?? []), rule]);
    return byService;
  });
}

/** What is wrong with the DestinationRule of a server's Service. */
function problems(rule: LocatedObject): string[] {
  const policy = at(rule.object, "spec", "trafficPolicy");
  const found: string[] = [];
  const mode = at(policy, "tls", "mode");
  if (mode !== "ISTIO_MUTUAL") found.push(`trafficPolicy.tls.mode is ${JSON.stringify(mode ?? "unset")}, not "ISTIO_MUTUAL" (the caller does not verify the server's mesh identity)`);
  for (const [protocol, limit] of LIMITS) {
    const value = at(policy, "connectionPool", protocol, limit);
    if (!(typeof value === "number" && Number.isInteger(value) && value > 0)) found.push(`trafficPolicy.connectionPool.${protocol}.${limit} is ${JSON.stringify(value ?? "unset")}, not a positive limit`);
  }
  return found;
}

/**
 * Every MCP server has a network I/O quota (CTR-03, MSH-04, TS-02): the Service of every `mcp`-zone namespace has a
 * DestinationRule (same group, host its in-cluster name) with ISTIO_MUTUAL TLS and positive connection-pool limits:
 * TCP connections, concurrent HTTP/2 requests, pending HTTP/1 requests and requests per connection.
 */
const rule: Rule = {
  id: "ctr-03-destination-rule-connection-pool",
  controls: ["CTR-03", "MSH-04", "TS-02"],
  severity: "high",
  description: "Each MCP server's Service has a DestinationRule with ISTIO_MUTUAL and tcp.maxConnections, http.http2MaxRequests, http1MaxPendingRequests and maxRequestsPerConnection limits.",
  remediation: "Deploy the ServerTrafficPolicy construct for the server (DestinationRule host <service>.<namespace>.svc.cluster.local, tls ISTIO_MUTUAL, connectionPool from the server's quota).",
  check: (artifacts) =>
    zoneNamespaces(artifacts)
      .filter((namespace) => zoneOf(namespace) === "mcp")
      .flatMap((namespace) => {
        const findings: Violation[] = [];
        const services = objectsInNamespaceOfGroup(artifacts, namespace.group, namespace.object.metadata.name, "Service");
        const rules = rulesByService(artifacts, namespace.group);
        for (const service of services) {
          const matching = rules.get(`${service.object.metadata.name}.${service.object.metadata.namespace}`) ?? [];
          const host = `${service.object.metadata.name}.${service.object.metadata.namespace}.svc.cluster.local`;
          if (matching.length === 0) findings.push(kubernetesViolation(service, `has no DestinationRule (host ${host}) limiting connections and requests to it`));
          for (const destinationRule of matching) for (const problem of problems(destinationRule)) findings.push(kubernetesViolation(destinationRule, problem));
        }
        return findings;
      }),
};

export default rule;
