import { containers, kubernetesViolation, mcpObjects, podTemplates, record, records } from "../kubernetes";
import { Artifacts, Rule, Violation } from "../types";

const SECRETS_STORE_DRIVER = "secrets-store.csi.k8s.io";

function classFindings(artifacts: Artifacts): Violation[] {
  return mcpObjects(artifacts, "SecretProviderClass").flatMap((item) => {
    const spec = record(item.object["spec"]) ?? {};
    const problems: string[] = [];
    if (records(spec["secretObjects"]).length > 0) problems.push("syncs secrets into Kubernetes Secrets (secretObjects)");
    if (spec["provider"] === "aws" && record(spec["parameters"])?.["usePodIdentity"] !== "true") problems.push('does not fetch with the pod\'s own EKS Pod Identity role (parameters.usePodIdentity: "true")');
    return problems.map((problem) => kubernetesViolation(item, problem));
  });
}

function podFindings(artifacts: Artifacts): Violation[] {
  return podTemplates(artifacts).flatMap(({ item, spec }) => {
    const problems: string[] = [];
    const secretVolumes = records(spec["volumes"]).filter((volume) => record(volume["csi"])?.["driver"] === SECRETS_STORE_DRIVER);
    for (const volume of secretVolumes) {
      const name = String(volume["name"]);
      if (record(volume["csi"])?.["readOnly"] !== true) problems.push(`Secrets Store CSI volume "${name}" does not set readOnly: true`);
      for (const { container, label } of containers(spec)) {
        for (const mount of records(container["volumeMounts"]).filter((candidate) => candidate["name"] === name)) {
          if (mount["readOnly"] !== true) problems.push(`${label} mounts secrets volume "${name}" at ${String(mount["mountPath"])} writable`);
        }
      }
    }
    return problems.map((problem) => kubernetesViolation(item, problem));
  });
}

/**
 * Secrets reach MCP servers only as read-only files from Secrets Manager (MSH-03): SecretProviderClasses never sync
 * values into Kubernetes Secrets and fetch with the pod's own Pod Identity role; every Secrets Store CSI volume and
 * every mount of it is read-only.
 */
const rule: Rule = {
  id: "msh-03-csi-secrets-read-only",
  controls: ["MSH-03"],
  severity: "high",
  description: "Every MCP SecretProviderClass has no secretObjects and (provider aws) usePodIdentity \"true\"; every Secrets Store CSI volume and its mounts are readOnly.",
  remediation: "Remove secretObjects, set parameters.usePodIdentity: \"true\", and mount the CSI volume with csi.readOnly: true and volumeMounts[].readOnly: true (the AwsSecretProviderClass and HardenedDeployment constructs do).",
  check: (artifacts) => [...classFindings(artifacts), ...podFindings(artifacts)],
};

export default rule;
