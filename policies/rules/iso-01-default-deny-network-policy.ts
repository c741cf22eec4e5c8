import { cidrContains } from "../../shared/ipv4-cidr";
import { isServerNamespace, kubernetesViolation, LocatedObject, mcpNamespaces, mcpObjects, namespaceOf, objectsInNamespace, record, records, ZONE_LABEL } from "../kubernetes";
import { Artifacts, Rule, Violation } from "../types";

const METADATA_ADDRESS = "169.254.169.254/32";

/** Whether a label selector selects everything: absent, `{}`, or without labels and expressions. */
function selectsAll(selector: unknown): boolean {
  const value = record(selector);
  if (!value) return true;
  const labels = record(value["matchLabels"]);
  const expressions = Array.isArray(value["matchExpressions"]) ? (value["matchExpressions"] as unknown[]) : [];
  return (labels === undefined || Object.keys(labels).length === 0) && expressions.length === 0;
}

/** Whether a NetworkPolicy denies all ingress and egress of every pod in its namespace. */
function isDefaultDeny(policy: LocatedObject): boolean {
  const spec = record(policy.object["spec"]) ?? {};
  const types = Array.isArray(spec["policyTypes"]) ? (spec["policyTypes"] as unknown[]) : [];
  const empty = (rules: unknown) => rules === undefined || (Array.isArray(rules) && rules.length === 0);
  return "podSelector" in spec && selectsAll(spec["podSelector"]) && types.includes("Ingress") && types.includes("Egress") && empty(spec["ingress"]) && empty(spec["egress"]);
}

/** Whether a CIDR covers `inner`; a CIDR the check cannot parse (IPv6) counts as covering it. */
function covers(cidr: string, inner: string): boolean {
  try {
    return cidrContains(cidr, inner);
  } catch {
    return true;
  }
}

/** Whether an ipBlock leaves the instance metadata address reachable. */
function reachesMetadata(block: Record<string, unknown>): boolean {
  const except = Array.isArray(block["except"]) ? (block["except"] as unknown[]).map(String) : [];
  return covers(String(block["cidr"]), METADATA_ADDRESS) && !except.some((cidr) => covers(cidr, METADATA_ADDRESS));
}

/** Whether an ingress peer is exactly the gateway's pods. */
function isGatewayPeer(peer: Record<string, unknown>): boolean {
  const namespaces = record(record(peer["namespaceSelector"])?.["matchLabels"]);
  return peer["ipBlock"] === undefined && namespaces?.[ZONE_LABEL] === "gateway" && !selectsAll(peer["podSelector"]);
}

/** What a NetworkPolicy allows beyond what ISO-01 permits. */
function policyProblems(policy: LocatedObject, serverNamespace: boolean): string[] {
  const spec = record(policy.object["spec"]) ?? {};
  const problems: string[] = [];
  records(spec["ingress"]).forEach((rule, index) => {
    const peers = records(rule["from"]);
    if (peers.length === 0) {
      problems.push(`ingress rule ${index} has no "from" and admits every source`);
      return;
    }
    for (const peer of peers) {
      if ("namespaceSelector" in peer && selectsAll(peer["namespaceSelector"])) problems.push(`ingress rule ${index} admits pods of all namespaces (namespaceSelector: {})`);
      else if (serverNamespace && !isGatewayPeer(peer)) problems.push(`ingress rule ${index} admits a peer other than the gateway's pods (namespace ${ZONE_LABEL}: gateway and a pod selector)`);
    }
  });
  records(spec["egress"]).forEach((rule, index) => {
    const peers = records(rule["to"]);
    if (peers.length === 0) {
      problems.push(`egress rule ${index} has no "to" and reaches every destination`);
      return;
    }
    for (const peer of peers) {
      if ("namespaceSelector" in peer && selectsAll(peer["namespaceSelector"])) problems.push(`egress rule ${index} reaches pods of all namespaces (namespaceSelector: {})`);
      const block = record(peer["ipBlock"]);
      if (!block) continue;
      if (reachesMetadata(block)) problems.push(`egress rule ${index} reaches ${String(block["cidr"])} without excepting the instance metadata address ${METADATA_ADDRESS}`);
      if (records(rule["ports"]).length === 0) problems.push(`egress rule ${index} opens every port to ${String(block["cidr"])}`);
    }
  });
  return problems;
}

function namespaceFindings(artifacts: Artifacts, namespace: LocatedObject): Violation[] {
  const policies = objectsInNamespace(artifacts, namespace, "NetworkPolicy");
  return policies.some(isDefaultDeny) ? [] : [kubernetesViolation(namespace, "has no default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, Egress], no rules)")];
}

/**
 * MCP servers are segmented at the network level (ISO-01): every MCP namespace has a default-deny NetworkPolicy for
 * both directions; in a server's namespace, ingress is allowed only from the gateway's pods; no policy admits or
 * reaches all namespaces wholesale, no rule lacks its peers, and egress to address blocks is port-restricted and
 * never reaches the instance metadata service.
 */
const rule: Rule = {
  id: "iso-01-default-deny-network-policy",
  controls: ["ISO-01"],
  severity: "critical",
  description: "Every MCP namespace has a default-deny NetworkPolicy (both directions); server namespaces admit only the gateway's pods; no namespaceSelector: {}, no peerless rule, no ipBlock egress without ports or reaching 169.254.169.254.",
  remediation: "Add the default-deny policy and allow only gateway → server, server → DNS/istiod and declared egress (the ServerNetworkPolicies construct does); never select all namespaces.",
  check: (artifacts) => [
    ...mcpNamespaces(artifacts).flatMap((namespace) => namespaceFindings(artifacts, namespace)),
    ...mcpObjects(artifacts, "NetworkPolicy").flatMap((policy) => {
      const namespace = namespaceOf(artifacts, policy);
      return policyProblems(policy, namespace !== undefined && isServerNamespace(namespace.object)).map((problem) => kubernetesViolation(policy, problem));
    }),
  ],
};

export default rule;
