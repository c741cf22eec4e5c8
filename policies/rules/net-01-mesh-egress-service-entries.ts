import { isPrivateCidr } from "../../shared/ipv4-cidr";
import { x509Certificate } from "../../shared/x509-certificate";
import { annotations, kubernetesViolation, LocatedObject, objects, objectsInNamespaceOfGroup, podTemplatesInNamespace, record, records } from "../kubernetes";
import { allowedByFirewall, at, egressAllowlistOfGroup, helmReleases, zoneNamespaces, zoneOf } from "../mesh";
import { violation } from "../terraform";
import { Artifacts, Rule, Violation } from "../types";

/** Port protocols on which the workload speaks TLS itself: the gateway's namespace may use them (agentgateway verifies its peers). */
const PASSTHROUGH: readonly string[] = ["TLS", "HTTPS"];

/** TLS modes in which the sidecar originates TLS and verifies the server. */
const ORIGINATING: readonly string[] = ["SIMPLE", "MUTUAL"];

/** Where CA bundles of the operating system live in a proxy image: trusting one trusts every public CA. */
const SYSTEM_CA_DIRECTORIES: readonly string[] = ["/etc/ssl/", "/etc/pki/"];

/** Istio's pod annotations adding volumes to the injected sidecar and mounting them (JSON objects keyed by volume name). */
const SIDECAR_VOLUME = "sidecar.istio.io/userVolume";
const SIDECAR_VOLUME_MOUNT = "sidecar.istio.io/userVolumeMount";

/** The fix of an unpinned CA. */
const PIN = "pin it to the CA the domain's chain ends at (TS-02): a ConfigMap key mounted read-only into the sidecar, as MeshEgress does";

/** A list of strings, or []. */
function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** A JSON object annotation, or {} when it is absent or not a JSON object. */
function jsonAnnotation(metadata: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = annotations(metadata)[name];
  if (value === undefined) return {};
  try {
    return record(JSON.parse(value)) ?? {};
  } catch {
    return {};
  }
}

/** The ConfigMap and key a sidecar file comes from, when a pod template mounts a ConfigMap into its sidecar above `file`. */
function sidecarConfigMapFile(metadata: Record<string, unknown>, file: string): { configMap: string; key: string } | undefined {
  const volumes = jsonAnnotation(metadata, SIDECAR_VOLUME);
  for (const [name, mount] of Object.entries(jsonAnnotation(metadata, SIDECAR_VOLUME_MOUNT))) {
    const directory = String(record(mount)?.["mountPath"] ?? "").replace(/\/+$/, "");
    if (directory === "" || !file.startsWith(`${directory}/`)) continue;
    const relative = file.slice(directory.length + 1);
    const configMap = record(record(volumes[name])?.["configMap"]);
    if (typeof configMap?.["name"] !== "string") continue;
    const items = records(configMap["items"]);
    const key = items.length > 0 ? items.find((item) => item["path"] === relative)?.["key"] : relative;
    if (typeof key === "string" && !key.includes("/")) return { configMap: configMap["name"], key };
  }
  return undefined;
}

/** Whether a PEM bundle holds at least one certificate, and only CA certificates. */
function holdsOnlyCas(bundle: unknown): boolean {
  if (typeof bundle !== "string") return false;
  const blocks = bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return (
    blocks.length > 0 &&
    blocks.every((block) => {
      try {
        return x509Certificate(block).ca;
      } catch {
        return false;
      }
    })
  );
}

/**
 * What is wrong with the CA a DestinationRule pins for a host: the system bundle, or a file that no ConfigMap mounted
 * into the sidecar of every workload of the namespace backs with CA certificates.
 */
function pinProblems(artifacts: Artifacts, rule: LocatedObject, host: string, file: string): string[] {
  if (SYSTEM_CA_DIRECTORIES.some((directory) => file.startsWith(directory))) {
    return [`trusts the proxy's system CA bundle ${file} for ${host}, i.e. every public CA: not pinned; ${PIN}`];
  }
  const namespace = rule.object.metadata.namespace ?? "";
  const found: string[] = [];
  for (const template of podTemplatesInNamespace(artifacts, rule.group, namespace)) {
    const source = sidecarConfigMapFile(template.metadata, file);
    if (source === undefined) {
      found.push(`pins ${host} to ${file}, which no ConfigMap mounted into the sidecar of ${template.item.address} provides (${SIDECAR_VOLUME_MOUNT}): the sidecar cannot verify ${host}; ${PIN}`);
      continue;
    }
    const configMap = objectsInNamespaceOfGroup(artifacts, rule.group, namespace, "ConfigMap").find((candidate) => candidate.object.metadata.name === source.configMap);
    const data = record((configMap?.object as Record<string, unknown> | undefined)?.["data"]);
    const problem =
      configMap === undefined
        ? `pins ${host} to ${file} from ConfigMap ${source.configMap}, which ${namespace} does not have`
        : data === undefined || !(source.key in data)
        ? `pins ${host} to ${file}, but ConfigMap ${source.configMap} holds no key ${source.key}`
        : holdsOnlyCas(data[source.key])
        ? undefined
        : `pins ${host} to ${file}, but ConfigMap ${source.configMap} key ${source.key} holds no PEM CA certificates (or a certificate that is not a CA)`;
    if (problem !== undefined && !found.some((line) => line.startsWith(problem))) found.push(`${problem}; ${PIN}`);
  }
  return found;
}

/** What is wrong with the TLS a DestinationRule originates towards an external host. */
function tlsProblems(artifacts: Artifacts, rule: LocatedObject, host: string): string[] {
  const policy = at(rule.object, "spec", "trafficPolicy");
  const tls = record(at(policy, "tls")) ?? records(at(policy, "portLevelSettings")).map((setting) => record(setting["tls"])).find((candidate) => candidate !== undefined);
  const mode = tls?.["mode"];
  if (!ORIGINATING.includes(String(mode))) return [`does not originate verified TLS to ${host}: tls.mode is ${JSON.stringify(mode ?? "unset")}, not SIMPLE`];
  const found: string[] = [];
  const caCertificates = tls?.["caCertificates"];
  if (typeof caCertificates === "string") found.push(...pinProblems(artifacts, rule, host, caCertificates));
  else if (typeof tls?.["credentialName"] !== "string") found.push(`does not pin the CA ${host} must chain to: no tls.caCertificates`);
  if (tls?.["insecureSkipVerify"] === true) found.push(`skips verification of ${host}'s certificate (insecureSkipVerify)`);
  if (!host.startsWith("*.")) {
    if (!strings(tls?.["subjectAltNames"]).includes(host)) found.push(`does not check that the certificate names ${host}: tls.subjectAltNames lacks it`);
    if (tls?.["sni"] !== host) found.push(`sends SNI ${JSON.stringify(tls?.["sni"] ?? "unset")}, not ${host}`);
  }
  const exportTo = strings(at(rule.object, "spec", "exportTo"));
  if (JSON.stringify(exportTo) !== JSON.stringify(["."])) found.push(`is exported to ${exportTo.length === 0 ? "every namespace (no exportTo)" : JSON.stringify(exportTo)}, not only its own namespace (["."])`);
  return found;
}

/**
 * Whether an entry registers a destination inside the VPC, not egress: addresses only (no name resolution) that all lie
 * in private ranges, as for a data-tier store whose name is known only once deployed (StoreMeshEgress). Such an entry
 * leaves the VPC nowhere, so the internet egress checks (443, firewall allowlist, TLS origination) do not apply; the
 * workload speaks TLS to it itself and the namespace's NetworkPolicies limit who may use it.
 */
function isPrivateAddressEntry(spec: Record<string, unknown>): boolean {
  const addresses = strings(spec["addresses"]);
  if (spec["resolution"] !== "NONE" || addresses.length === 0) return false;
  return addresses.every((address) => {
    try {
      return isPrivateCidr(address);
    } catch {
      return false;
    }
  });
}

/** What is wrong with one ServiceEntry of an MCP or gateway namespace (`zone`). */
function entryProblems(artifacts: Artifacts, entry: LocatedObject, zone: string | undefined): Violation[] {
  const findings: Violation[] = [];
  const spec = record(entry.object["spec"]) ?? {};
  const namespace = entry.object.metadata.namespace ?? "";
  if (spec["location"] !== "MESH_EXTERNAL") findings.push(kubernetesViolation(entry, `location is ${JSON.stringify(spec["location"] ?? "unset")}, not MESH_EXTERNAL`));
  if (isPrivateAddressEntry(spec)) return findings;
  const ports = records(spec["ports"]);
  if (ports.length === 0 || ports.some((port) => port["number"] !== 443)) findings.push(kubernetesViolation(entry, `declares ports ${ports.map((port) => String(port["number"])).join(", ") || "none"}: egress is on 443 only`));
  const rules = objectsInNamespaceOfGroup(artifacts, entry.group, namespace, "DestinationRule");
  const allowlist = egressAllowlistOfGroup(artifacts, entry.group);
  const passthrough = zone === "gateway" && ports.length > 0 && ports.every((port) => PASSTHROUGH.includes(String(port["protocol"])));
  for (const host of strings(spec["hosts"])) {
    const matching = passthrough ? [] : rules.filter((candidate) => at(candidate.object, "spec", "host") === host);
    if (!passthrough && matching.length === 0) findings.push(kubernetesViolation(entry, `host ${host} has no DestinationRule in ${namespace} originating TLS with CA and name checks`));
    for (const destinationRule of matching) for (const problem of tlsProblems(artifacts, destinationRule, host)) findings.push(kubernetesViolation(destinationRule, problem));
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
 * verifies the identity provider itself). Pinned means the CA file is not the proxy's system bundle and is backed, in
 * the sidecar of every workload of the namespace, by a ConfigMap key of CA certificates mounted through Istio's
 * `sidecar.istio.io/userVolume(Mount)` annotations (DESIGN.md: the issuing CA and the SAN, never a leaf); and no ServiceEntry anywhere is exported beyond its namespace, which would
 * open egress for every workload in the mesh.
 */
const rule: Rule = {
  id: "net-01-mesh-egress-service-entries",
  controls: ["NET-01", "NET-04", "TS-02"],
  severity: "high",
  description:
    "istiod outboundTrafficPolicy REGISTRY_ONLY; MCP ServiceEntries namespace-local, on 443, firewall-allowlisted, with DestinationRules originating TLS that check SAN, SNI and a pinned CA (a CA ConfigMap mounted into the sidecar, never the system bundle).",
  remediation:
    "Install Istio with the IstioMesh construct (meshConfig.outboundTrafficPolicy.mode REGISTRY_ONLY) and declare egress with the MeshEgress construct for the server's declared egress domains, with the CA of each domain in mcpServers[].egressCertificateAuthorities.",
  check: (artifacts) => {
    const findings: Violation[] = [];
    for (const release of helmReleases(artifacts).filter((candidate) => candidate.chart === "istiod")) {
      const mode = at(release.values, "meshConfig", "outboundTrafficPolicy", "mode");
      if (mode !== "REGISTRY_ONLY") findings.push(violation(release.resource, `meshConfig.outboundTrafficPolicy.mode is ${JSON.stringify(mode ?? "unset (ALLOW_ANY)")}, not "REGISTRY_ONLY": sidecars forward to any destination`));
    }
    const zones = new Map(zoneNamespaces(artifacts).map((namespace) => [`${namespace.group}\u0000${namespace.object.metadata.name}`, namespace]));
    for (const entry of objects(artifacts, "ServiceEntry")) {
      const zone = zones.get(`${entry.group}\u0000${entry.object.metadata.namespace ?? ""}`);
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
