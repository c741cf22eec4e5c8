import { kubernetesViolation, LocatedObject, objectsInNamespaceOfGroup, record, records } from "../kubernetes";
import { at, GATEWAY_PRINCIPAL, INGRESS_PRINCIPAL, zoneNamespaces, zoneOf } from "../mesh";
import { Rule, Violation } from "../types";

/** The callers a namespace may admit, by zone, and how to name them in a message. */
function permitted(zone: string | undefined, namespace: string): { readonly allows: (principal: string) => boolean; readonly description: string } {
  if (zone === "gateway") {
    const own = `cluster.local/ns/${namespace}/sa/`;
    return { allows: (principal) => principal === INGRESS_PRINCIPAL || (principal.startsWith(own) && !principal.includes("*")), description: `${INGRESS_PRINCIPAL} or a service account of ${namespace}` };
  }
  return { allows: (principal) => principal === GATEWAY_PRINCIPAL, description: GATEWAY_PRINCIPAL };
}

/** Whether an AuthorizationPolicy has an empty spec: it selects every workload and allows nothing. */
function allowsNothing(policy: LocatedObject): boolean {
  const spec = record(policy.object["spec"]);
  return spec === undefined || Object.keys(spec).length === 0;
}

/** What is wrong with one ALLOW policy of a namespace, given the callers it may admit. */
function allowProblems(policy: LocatedObject, caller: ReturnType<typeof permitted>): string[] {
  const spec = record(policy.object["spec"]) ?? {};
  const action = spec["action"] ?? "ALLOW";
  if (action !== "ALLOW") return action === "CUSTOM" ? ["delegates access to an external authorizer (action CUSTOM)"] : [];
  return records(spec["rules"]).flatMap((rule, index) => {
    const sources = records(rule["from"]);
    if (sources.length === 0) return [`rule ${index} has no from: it admits every caller`];
    const problems = sources.flatMap((from) => {
      const principals = Array.isArray(at(from, "source", "principals")) ? (at(from, "source", "principals") as unknown[]).map(String) : [];
      if (principals.length === 0) return [`rule ${index} admits callers not identified by a mesh principal`];
      const others = principals.filter((candidate) => !caller.allows(candidate));
      return others.length > 0 ? [`rule ${index} admits ${others.map((other) => `"${other}"`).join(", ")}, not only ${caller.description}`] : [];
    });
    const operations = records(rule["to"]);
    const anyPort = operations.length === 0 || operations.some((to) => !Array.isArray(at(to, "operation", "ports")) || (at(to, "operation", "ports") as unknown[]).length === 0);
    return anyPort ? [...problems, `rule ${index} opens every port: name the workload's port in to.operation.ports`] : problems;
  });
}

/**
 * Each MCP server accepts mesh traffic only from the gateway, and the gateway only from the ingress gateway (NET-02,
 * ISO-01, TS-02): every namespace of zone `mcp` and `gateway` has an allow-nothing AuthorizationPolicy (empty spec),
 * and every ALLOW rule there names its callers by mesh principal, only the zone's permitted ones
 * (cluster.local/ns/mcp-gateway/sa/agentgateway for a server; for the gateway's namespace the ingress gateway,
 * cluster.local/ns/istio-ingress/sa/istio-ingressgateway, and its own service accounts, which call each other), on
 * named ports; no CUSTOM action hands the decision elsewhere.
 */
const rule: Rule = {
  id: "net-02-server-authorization-gateway-only",
  controls: ["NET-02", "ISO-01", "TS-02"],
  severity: "critical",
  description: "Every MCP and gateway namespace has an allow-nothing AuthorizationPolicy, and its ALLOW rules admit only the zone's caller principals (gateway; ingress gateway and the gateway's own accounts), on named ports.",
  remediation: "Use the NamespaceAuthorization construct: an allow-nothing policy (spec: {}) and one ALLOW policy with from.source.principals = [the gateway's (or ingress gateway's) principal] and to.operation.ports.",
  check: (artifacts) =>
    zoneNamespaces(artifacts).flatMap((namespace) => {
      const caller = permitted(zoneOf(namespace), namespace.object.metadata.name);
      const policies = objectsInNamespaceOfGroup(artifacts, namespace.group, namespace.object.metadata.name, "AuthorizationPolicy");
      const findings: Violation[] = [];
      if (!policies.some(allowsNothing)) findings.push(kubernetesViolation(namespace, "has no allow-nothing AuthorizationPolicy (empty spec): requests nothing else allows are not denied"));
      for (const policy of policies) {
        for (const problem of allowProblems(policy, caller)) findings.push(kubernetesViolation(policy, problem));
      }
      return findings;
    }),
};

export default rule;
