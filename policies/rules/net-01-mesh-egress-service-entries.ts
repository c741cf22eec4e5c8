import { kubernetesViolation, LocatedObject, objects, record, records } from "../kubernetes";
import { allowedByFirewall, at, egressAllowlistOfGroup, helmReleases, objectsInNamespaceOf, zoneNamespaces, zoneOf } from "../mesh";
import { violation } from "../terraform";
import { Artifacts, Rule, Violation } from "../types";

/** Port protocols on which the workload speaks TLS itself: the gateway's namespace may use them (agentgateway verifies its peers). */
const PASSTHROUGH: readonly string[] = ["TLS", "HTTPS"];

/** TLS modes in which the sidecar originates TLS and verifies the server. */
const ORIGINATING: readonly string[] = ["SIMPLE", "MUTUAL"];

/** A list of strings, or []. */
function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** What is wrong with the TLS a DestinationRule originates towards an external host. */
function tlsProblems(rule: LocatedObject, host: string): string[] {
  const policy = at(rule.object, "spec", "trafficPolicy");
  const tls = record(at(policy, "tls")) ?? records(at(policy, "portLevelSettings")).map((setting) => record(setting["tls"])).find((candidate) => candidate !== undefined);
  const mode = tls?.["mode"];
  if (!ORIGINATING.includes(String(mode))) return [`does not originate verified TLS to ${host}: tls.mode is ${JSON.stringify(mode ?? "unset")}, not SIMPLE`];
  const found: string[] = [];
  if (typeof tls?.["caCertificates"] !== "string" && typeof tls?.["credentialName"] !== "string") found.push(`does not pin the CA ${host} must chain to: no tls.caCertificates`);
  if (tls?.["insecureSkipVerify"] === true) found.push(`skips verification of ${host}'s certificate (insecureSkipVerify)`);
  if (!host.startsWith("*.")) {
    if (!strings(tls?.["subjectAltNames"]).includes(host)) found.push(`does not check that the certificate names ${host}: tls.subjectAltNames lacks it`);
    if (tls?.["sni"] !== host) found.push(`sends SNI ${JSON.stringify(tls?.["sni"] ?? "unset")}, not ${host}`);
  }
  const exportTo = strings(at(rule.object, "spec", "exportTo"));
  if (JSON.stringify(exportTo) !== JSON.stringify(["."])) found.push(`is exported to ${exportTo.length === 0 ? "every namespace (no exportTo)" : JSON.stringify(exportTo)}, not only its own namespace (["."])`);
  return found;
}

/** What is wrong with one ServiceEntry of an MCP or gateway namespace (`zone`). */
function entryProblems(artifacts: Artifacts, entry: LocatedObject, zone: string | undefined): Violation[] {
  const findings: Violation[] = [];
  const spec = record(entry.object["spec"]) ?? {};
  const namespace = entry.object.metadata.namespace ?? "";
  if (spec["location"] !== "MESH_EXTERNAL") findings.push(kubernetesViolation(entry, `location is ${JSON.stringify(spec["location"] ?? "unset")}, not MESH_EXTERNAL`));
  const ports = records(spec["ports"]);
  if (ports.length === 0 || ports.some((port) => port["number"] !== 443)) findings.push(kubernetesViolation(entry, `declares ports ${ports.map((port) => String(port["number"])).join(", ") || "none"}: egress is on 443 only`));
  const rules = objectsInNamespaceOf(artifacts, entry.group, namespace, "DestinationRule");
  const allowlist = egressAllowlistOfGroup(artifacts, entry.group);
  const passthrough = zone === "gateway" && ports.length > 0 && ports.every((port) => PASSTHROUGH.includes(String(port["protocol"])));
  for (const host of strings(spec["hosts"])) {
    const matching = passthrough ? [] : rules.filter((candidate) => at(candidate.object, "spec", "host") === host);
    if (!passthrough && matching.length === 0) findings.push(kubernetesViolation(entry, `host ${host} has no DestinationRule in ${namespace} originating TLS with CA and name checks`));
    for (const destinationRule of matching) for (const problem of tlsProblems(destinationRule, host)) findings.push(kubernetesViolation(destinationRule, problem));
    if (allowlist !== undefined && !allowedByFirewall(host, allowlist)) {
      findings.push(kubernetesViolation(entry, `host ${host} is not on the environment's Network Firewall domain allowlist: the mesh and the firewall must declare the same egress`));
    }
  }
  return findings;
}

/**
 * MCP egress leaves the mesh only to declared, verified destinations (NET-01, NET-04, TS-02): istiod's outbound traffic
 * policy is REGISTRY_ONLY; every ServiceEntry of an MCP or gateway namespace is MESH_EXTERNAL, exported to its own
 * namespace only, on port 443, on the environment's firewall allowlist, and has a DestinationRule that originates TLS
 * with a pinned CA, the expected SAN and SNI (only the gateway's namespace may declare TLS passthrough: agentgateway
 * verifies the identity provider itself); and no ServiceEntry anywhere is exported beyond its namespace, which would
 * open egress for every workload in the mesh.
 */
const rule: Rule = {
  id: "net-01-mesh-egress-service-entries",
  controls: ["NET-01", "NET-04", "TS-02"],
  severity: "high",
  description: "istiod outboundTrafficPolicy REGISTRY_ONLY; MCP ServiceEntries namespace-local, on 443, firewall-allowlisted, with DestinationRules originating TLS that check CA, SAN and SNI.",
  remediation: "Install Istio with the IstioMesh construct (meshConfig.outboundTrafficPolicy.mode REGISTRY_ONLY) and declare egress with the MeshEgress construct for the server's declared egress domains.",
  check: (artifacts) => {
    const findings: Violation[] = [];
    for (const release of helmReleases(artifacts).filter((candidate) => candidate.chart === "istiod")) {
      const mode = at(release.values, "meshConfig", "outboundTrafficPolicy", "mode");
      if (mode !== "REGISTRY_ONLY") findings.push(violation(release.resource, `meshConfig.outboundTrafficPolicy.mode is ${JSON.stringify(mode ?? "unset (ALLOW_ANY)")}, not "REGISTRY_ONLY": sidecars forward to any destination`));
    }
    const zones = zoneNamespaces(artifacts);
    for (const entry of objects(artifacts, "ServiceEntry")) {
      const zone = zones.find((namespace) => namespace.group === entry.group && namespace.object.metadata.name === entry.object.metadata.namespace);
      const exportTo = strings(at(entry.object, "spec", "exportTo"));
      if (JSON.stringify(exportTo) !== JSON.stringify(["."])) {
        findings.push(kubernetesViolation(entry, `is exported to ${exportTo.length === 0 ? "every namespace (no exportTo)" : JSON.stringify(exportTo)}, not only its own namespace: it opens egress for other workloads`));
      }
      if (zone) findings.push(...entryProblems(artifacts, entry, zoneOf(zone)));
    }
    return findings;
  },
};

export default rule;
