import { gatewayTemplates, GATEWAY_APP } from "../gateway";
import { guardTemplates } from "../guard";
import { containers, kubernetesViolation, LocatedObject, objectsInNamespaceOfGroup, PodTemplate, record, records } from "../kubernetes";
import { selects } from "../mesh";
import { Rule, Violation } from "../types";

const DIGEST = /@sha256:[0-9a-f]{64}$/;

/** Whether a NetworkPolicy peer is exactly the gateway's pods in the policy's own namespace. */
function isGatewayPeer(peer: Record<string, unknown>): boolean {
  const keys = Object.keys(peer);
  return keys.length === 1 && keys[0] === "podSelector" && record(record(peer["podSelector"])?.["matchLabels"])?.["app.kubernetes.io/name"] === GATEWAY_APP;
}

function networkFindings(artifacts: Parameters<Rule["check"]>[0], template: PodTemplate, podLabels: Record<string, unknown>): Violation[] {
  const { item } = template;
  const namespace = item.object.metadata.namespace ?? "default";
  return objectsInNamespaceOfGroup(artifacts, item.group, namespace, "NetworkPolicy").flatMap((policy: LocatedObject) => {
    const spec = record(policy.object["spec"]) ?? {};
    if (!selects(spec["podSelector"], podLabels)) return [];
    return records(spec["ingress"]).flatMap((ingress, index) => {
      const from = records(ingress["from"]);
      if (from.length === 0) return [kubernetesViolation(policy, `ingress rule ${index} admits every source to the MCP guard's pods; admit only the gateway's pods`)];
      return from.filter((peer) => !isGatewayPeer(peer)).map((peer) => kubernetesViolation(policy, `ingress rule ${index} admits ${JSON.stringify(peer)} to the MCP guard's pods; admit only the gateway's pods (podSelector app.kubernetes.io/name: ${GATEWAY_APP})`));
    });
  });
}

function meshFindings(artifacts: Parameters<Rule["check"]>[0], template: PodTemplate, podLabels: Record<string, unknown>): Violation[] {
  const { item } = template;
  const namespace = item.object.metadata.namespace ?? "default";
  const principals = new Set(
    gatewayTemplates(artifacts)
      .filter((gateway) => gateway.item.group === item.group)
      .map((gateway) => `cluster.local/ns/${gateway.item.object.metadata.namespace ?? "default"}/sa/${String(gateway.spec["serviceAccountName"] ?? "default")}`)
  );
  return objectsInNamespaceOfGroup(artifacts, item.group, namespace, "AuthorizationPolicy").flatMap((policy) => {
    const spec = record(policy.object["spec"]) ?? {};
    if (String(spec["action"] ?? "ALLOW") !== "ALLOW" || Object.keys(spec).length === 0) return [];
    const selector = record(spec["selector"]);
    if (selector !== undefined && !selects({ matchLabels: selector["matchLabels"] }, podLabels)) return [];
    return records(spec["rules"]).flatMap((rule, index) => {
      const sources = records(rule["from"]).map((from) => record(from["source"]) ?? {});
      const admitted = sources.flatMap((source) => (Array.isArray(source["principals"]) ? source["principals"].map(String) : []));
      const other = sources.some((source) => Object.keys(source).some((key) => key !== "principals"));
      if (sources.length === 0 || other || admitted.some((principal) => !principals.has(principal))) {
        return [kubernetesViolation(policy, `rule ${index} admits ${sources.length === 0 ? "every caller" : JSON.stringify(sources)} to the MCP guard; admit only the gateway's identity ${[...principals].join(", ") || "(no gateway)"}`)];
      }
      return [];
    });
  });
}

/**
 * The guard runs at least as hardened as what it protects (IO-00, DLP-00): at least two replicas with a
 * PodDisruptionBudget (the gateway fails closed without it, so one pod would be a single point of failure for every
 * MCP call), its image pinned by digest, and only the gateway may reach it: every NetworkPolicy ingress rule on its pods
 * admits only the gateway's pods, every mesh ALLOW policy on them only the gateway's service account.
 */
const rule: Rule = {
  id: "io-00-guard-deployment-hardened",
  controls: ["IO-00", "DLP-00"],
  severity: "high",
  description: "The MCP guard runs at least 2 replicas with a PodDisruptionBudget, from an image pinned by digest, reachable only from the gateway (NetworkPolicy and mesh authorization).",
  remediation: "Deploy the guard with the McpGuard construct (through McpGateway): 2+ replicas, a PDB, a digest-pinned image, ingress from the gateway's pods and identity only.",
  check: (artifacts) =>
    guardTemplates(artifacts).flatMap((template) => {
      const { item, spec } = template;
      const podLabels = record(template.metadata["labels"]) ?? {};
      const findings: Violation[] = [];
      const replicas = record(item.object["spec"])?.["replicas"];
      if (item.object.kind !== "Pod" && (typeof replicas !== "number" || replicas < 2)) findings.push(kubernetesViolation(item, `runs ${JSON.stringify(replicas ?? 1)} replica(s) of the MCP guard: at least 2 are needed, or one pod's failure denies every MCP call`));
      const namespace = item.object.metadata.namespace ?? "default";
      const budget = objectsInNamespaceOfGroup(artifacts, item.group, namespace, "PodDisruptionBudget").some((pdb) => selects(record(pdb.object["spec"])?.["selector"], podLabels) && Object.keys(record(record(pdb.object["spec"])?.["selector"]) ?? {}).length > 0);
      if (!budget) findings.push(kubernetesViolation(item, "has no PodDisruptionBudget: a node drain may evict every MCP guard pod at once"));
      for (const { container, label } of containers(spec)) {
        if (!DIGEST.test(String(container["image"] ?? ""))) findings.push(kubernetesViolation(item, `${label} runs image ${JSON.stringify(container["image"] ?? null)}, not pinned by digest (@sha256:<64 hex>)`));
      }
      return [...findings, ...networkFindings(artifacts, template, podLabels), ...meshFindings(artifacts, template, podLabels)];
    }),
};

export default rule;
