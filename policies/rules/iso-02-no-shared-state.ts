import { annotations, kubernetesViolation, mcpObjects, podTemplates, record, records } from "../kubernetes";
import { Artifacts, Rule, Violation } from "../types";

/** The annotation declaring that a workload needs a Kubernetes API token (`"true"`). */
export const KUBERNETES_API_ACCESS_ANNOTATION = "mcp.security/kubernetes-api-access";

function declaresApiAccess(metadata: unknown): boolean {
  return annotations(metadata)[KUBERNETES_API_ACCESS_ANNOTATION] === "true";
}

function podFindings(artifacts: Artifacts): Violation[] {
  return podTemplates(artifacts).flatMap(({ item, metadata, spec }) => {
    const problems: string[] = [];
    for (const volume of records(spec["volumes"])) {
      if (volume["persistentVolumeClaim"] !== undefined) problems.push(`volume "${String(volume["name"])}" mounts PersistentVolumeClaim "${String(record(volume["persistentVolumeClaim"])?.["claimName"])}"`);
      if (volume["ephemeral"] !== undefined) problems.push(`volume "${String(volume["name"])}" provisions a volume claim`);
    }
    if (records(record(item.object["spec"])?.["volumeClaimTemplates"]).length > 0) problems.push("claims persistent volumes (volumeClaimTemplates)");
    if (spec["automountServiceAccountToken"] !== false && !declaresApiAccess(metadata)) {
      problems.push(`mounts a Kubernetes API token (automountServiceAccountToken is ${spec["automountServiceAccountToken"] === undefined ? "unset, default true" : "true"}) without the ${KUBERNETES_API_ACCESS_ANNOTATION}: "true" annotation`);
    }
    return problems.map((problem) => kubernetesViolation(item, problem));
  });
}

function objectFindings(artifacts: Artifacts): Violation[] {
  return [
    ...mcpObjects(artifacts, "PersistentVolumeClaim").map((claim) => kubernetesViolation(claim, "is a PersistentVolumeClaim: MCP servers keep no persistent or shared state in the cluster")),
    ...mcpObjects(artifacts, "Secret").map((secret) => kubernetesViolation(secret, "is a Kubernetes Secret in an MCP namespace: secrets come from Secrets Manager through the server's own role")),
    ...mcpObjects(artifacts, "ServiceAccount")
      .filter((account) => account.object["automountServiceAccountToken"] !== false && !declaresApiAccess(account.object.metadata))
      .map((account) => kubernetesViolation(account, `does not set automountServiceAccountToken: false and has no ${KUBERNETES_API_ACCESS_ANNOTATION}: "true" annotation`)),
  ];
}

/**
 * MCP servers share no state and hold no cluster credential (ISO-02): no PersistentVolumeClaims or claim-backed
 * volumes, no Kubernetes Secrets in their namespaces, and no service account token unless the workload declares
 * its need with the `mcp.security/kubernetes-api-access: "true"` annotation.
 */
const rule: Rule = {
  id: "iso-02-no-shared-state",
  controls: ["ISO-02"],
  severity: "high",
  description: "No MCP PersistentVolumeClaim, claim-backed volume or Secret object; MCP pods and service accounts disable the token automount unless annotated mcp.security/kubernetes-api-access: \"true\".",
  remediation: "Remove the claim or Secret (keep state in a per-server store, secrets in Secrets Manager) and set automountServiceAccountToken: false on pods and service accounts.",
  check: (artifacts) => [...podFindings(artifacts), ...objectFindings(artifacts)],
};

export default rule;
