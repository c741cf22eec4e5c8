import { annotations, containers, kubernetesViolation, podTemplates, record, records } from "../kubernetes";
import { Rule, Violation } from "../types";

/** The annotation that justifies a PersistentVolumeClaim volume as a writable path. */
export const WRITABLE_JUSTIFICATION_ANNOTATION = "mcp.security/writable-justification";

/** The Secrets Store CSI driver: the only CSI driver whose volumes an MCP pod may mount. */
const SECRETS_STORE_DRIVER = "secrets-store.csi.k8s.io";

/** Read-only volume sources that need no further check. */
const READ_ONLY_SOURCES: readonly string[] = ["configMap", "projected", "downwardAPI"];

/** What is wrong with one pod volume, if anything. */
function volumeProblem(volume: Record<string, unknown>, justified: boolean): string | undefined {
  const name = `volume "${String(volume["name"])}"`;
  const sources = Object.keys(volume).filter((key) => key !== "name");
  if (sources.length !== 1) return `${name} has ${sources.length === 0 ? "no source" : `several sources (${sources.join(", ")})`}`;
  const [source] = sources;
  if (READ_ONLY_SOURCES.includes(source)) return undefined;
  if (source === "emptyDir") return record(volume["emptyDir"])?.["sizeLimit"] === undefined ? `${name} is an emptyDir without sizeLimit` : undefined;
  if (source === "csi") {
    const driver = record(volume["csi"])?.["driver"];
    return driver === SECRETS_STORE_DRIVER ? undefined : `${name} uses CSI driver "${String(driver)}", not ${SECRETS_STORE_DRIVER}`;
  }
  if (source === "persistentVolumeClaim") return justified ? undefined : `${name} mounts a PersistentVolumeClaim without a ${WRITABLE_JUSTIFICATION_ANNOTATION} annotation`;
  if (source === "hostPath") return `${name} mounts a hostPath from the node`;
  return `${name} has source "${source}", which is not an emptyDir with sizeLimit, configMap, projected, downwardAPI or Secrets Store CSI volume`;
}

/**
 * MCP containers are immutable (CTR-01): every container has `readOnlyRootFilesystem: true`, and the only volumes
 * are size-limited emptyDirs, read-only sources (configMap, projected, downwardAPI, Secrets Store CSI), or a
 * justified PersistentVolumeClaim; never a hostPath.
 */
const rule: Rule = {
  id: "ctr-01-read-only-root",
  controls: ["CTR-01"],
  severity: "high",
  description: "Every MCP container has readOnlyRootFilesystem: true; every volume is an emptyDir with sizeLimit, configMap, projected, downwardAPI, Secrets Store CSI, or a justified PVC; no hostPath.",
  remediation: "Set securityContext.readOnlyRootFilesystem: true and mount writable paths as emptyDir volumes with a sizeLimit (the HardenedDeployment construct does).",
  check: (artifacts) =>
    podTemplates(artifacts).flatMap(({ item, metadata, spec }) => {
      const findings: Violation[] = [];
      for (const { container, label } of containers(spec)) {
        if (record(container["securityContext"])?.["readOnlyRootFilesystem"] !== true) findings.push(kubernetesViolation(item, `${label} does not set readOnlyRootFilesystem: true`));
      }
      const justified = (annotations(metadata)[WRITABLE_JUSTIFICATION_ANNOTATION] ?? "").trim() !== "";
      for (const volume of records(spec["volumes"])) {
        const problem = volumeProblem(volume, justified);
        if (problem) findings.push(kubernetesViolation(item, problem));
      }
      return findings;
    }),
};

export default rule;
