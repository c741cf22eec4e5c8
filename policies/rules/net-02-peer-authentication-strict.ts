import { kubernetesViolation, labels, objects, record, records } from "../kubernetes";
import { at, MESH_ROOT_NAMESPACE, objectsInGroup, zoneGroups, zoneNamespaces } from "../mesh";
import { Rule, Violation } from "../types";

/** mTLS modes that accept plaintext. */
const WEAK_MODES: readonly string[] = ["PERMISSIVE", "DISABLE"];

/** Whether a DestinationRule host is a service inside the cluster. */
function inMesh(host: string): boolean {
  return host.endsWith(".cluster.local") || !host.includes(".") || /\.svc$/.test(host);
}

/**
 * The mesh requires mutual TLS everywhere MCP traffic flows (NET-02, NET-04, TS-02): every environment that deploys
 * MCP namespaces has the mesh-wide PeerAuthentication (in istio-system, no selector) with mode STRICT; no
 * PeerAuthentication anywhere, whole or per port, accepts plaintext (PERMISSIVE or DISABLE); every MCP and gateway
 * namespace is in the mesh (`istio-injection: enabled`); and no DestinationRule turns TLS off towards an in-cluster service.
 */
const rule: Rule = {
  id: "net-02-peer-authentication-strict",
  controls: ["NET-02", "NET-04", "TS-02"],
  severity: "critical",
  description: "A mesh-wide STRICT PeerAuthentication in istio-system, no PERMISSIVE/DISABLE PeerAuthentication, every MCP namespace sidecar-injected, no DestinationRule disabling TLS in the mesh.",
  remediation: "Deploy the MeshMtls construct (PeerAuthentication default in istio-system, mtls.mode STRICT), label MCP namespaces istio-injection: enabled (McpNamespace does), and remove PERMISSIVE/DISABLE modes.",
  check: (artifacts) => {
    const findings: Violation[] = [];
    for (const [group, namespace] of zoneGroups(artifacts)) {
      const meshWide = objectsInGroup(artifacts, group, "PeerAuthentication").filter(
        (item) => item.object.metadata.namespace === MESH_ROOT_NAMESPACE && record(at(item.object, "spec", "selector")) === undefined
      );
      if (meshWide.length === 0) {
        findings.push(kubernetesViolation(namespace, `no mesh-wide PeerAuthentication (namespace ${MESH_ROOT_NAMESPACE}, no selector) is deployed with it: sidecars accept plaintext by default`));
      }
      for (const item of meshWide) {
        const mode = at(item.object, "spec", "mtls", "mode");
        if (mode !== "STRICT") findings.push(kubernetesViolation(item, `the mesh-wide PeerAuthentication has mtls.mode ${JSON.stringify(mode ?? "unset")}, not "STRICT"`));
      }
    }
    for (const item of objects(artifacts, "PeerAuthentication")) {
      const mode = String(at(item.object, "spec", "mtls", "mode") ?? "");
      if (WEAK_MODES.includes(mode)) findings.push(kubernetesViolation(item, `mtls.mode is ${mode}: the workloads it selects accept plaintext`));
      for (const [port, setting] of Object.entries(record(at(item.object, "spec", "portLevelMtls")) ?? {})) {
        const portMode = String(record(setting)?.["mode"] ?? "");
        if (WEAK_MODES.includes(portMode)) findings.push(kubernetesViolation(item, `portLevelMtls for port ${port} is ${portMode}: that port accepts plaintext`));
      }
    }
    for (const item of zoneNamespaces(artifacts)) {
      const found = labels(item.object);
      if (found["istio-injection"] !== "enabled") {
        findings.push(kubernetesViolation(item, `is not in the mesh: istio-injection is ${JSON.stringify(found["istio-injection"] ?? "unset")}, not "enabled"`));
      }
    }
    for (const item of objects(artifacts, "DestinationRule")) {
      const host = String(at(item.object, "spec", "host") ?? "");
      if (!inMesh(host)) continue;
      const policies = [record(at(item.object, "spec", "trafficPolicy")), ...records(at(item.object, "spec", "trafficPolicy", "portLevelSettings"))];
      if (policies.some((policy) => at(policy, "tls", "mode") === "DISABLE")) findings.push(kubernetesViolation(item, `disables TLS towards the in-mesh host ${host}`));
    }
    return findings;
  },
};

export default rule;
