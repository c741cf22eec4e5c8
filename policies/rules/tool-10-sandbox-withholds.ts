import { containers, kubernetesViolation, objectsInNamespaceOfGroup, podTemplatesInNamespace, record, records } from "../kubernetes";
import { environmentOfGroup, environmentStack } from "../observability";
import { sandboxNamespaces } from "../sandbox";
import { stackResources, violation } from "../terraform";
import { Rule, Violation } from "../types";

/** What in a pod spec hands the pod a secret or a Kubernetes API token. */
function credentialProblems(spec: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (spec["automountServiceAccountToken"] !== false) problems.push("mounts a Kubernetes API token (automountServiceAccountToken is not false)");
  for (const volume of records(spec["volumes"])) {
    const name = String(volume["name"]);
    if (record(volume["csi"])?.["driver"] === "secrets-store.csi.k8s.io") problems.push(`volume "${name}" mounts secrets from Secrets Manager (Secrets Store CSI)`);
    if (record(volume["secret"]) !== undefined) problems.push(`volume "${name}" mounts a Kubernetes Secret`);
    if (records(record(volume["projected"])?.["sources"]).some((source) => source["serviceAccountToken"] !== undefined || source["secret"] !== undefined)) {
      problems.push(`volume "${name}" projects a token or a Secret`);
    }
  }
  for (const { container, label } of containers(spec)) {
    if (records(container["env"]).some((variable) => record(record(variable["valueFrom"])?.["secretKeyRef"]) !== undefined) || records(container["envFrom"]).some((source) => source["secretRef"] !== undefined)) {
      problems.push(`${label} reads a Secret into its environment`);
    }
  }
  return problems;
}

/** Egress a NetworkPolicy of a sandbox namespace opens beyond the cluster (an ipBlock). */
function opensInternet(policy: Record<string, unknown>): boolean {
  return records(record(policy["spec"])?.["egress"]).some((rule) => records(rule["to"]).some((peer) => record(peer["ipBlock"]) !== undefined));
}

/**
 * A sandboxed server gets nothing its live version would (TOOL-10): its pods mount no API token, no Secrets Manager
 * secret, no Kubernetes Secret; its namespace has no SecretProviderClass, no mesh egress (ServiceEntry) and no
 * NetworkPolicy opening egress to addresses outside the cluster; and the environment's stack creates no secret for it
 * (`mcp/<env>/<server>/*`). Its egress attempts are denied by the default-deny policies and reported by Falco.
 */
const rule: Rule = {
  id: "tool-10-sandbox-withholds",
  controls: ["TOOL-10"],
  severity: "high",
  description:
    "Sandbox namespaces get no API token, no secret (CSI, Secret volume or env, SecretProviderClass, Secrets Manager secret mcp/<env>/<server>/*) and no egress (ServiceEntry, NetworkPolicy ipBlock egress).",
  remediation: "Let synth deploy the server with stage: sandbox (stacks/sandbox.ts withholds secrets, token and egress); promote it by removing stage once its behaviour is reviewed.",
  check: (artifacts) =>
    sandboxNamespaces(artifacts).flatMap((namespace): Violation[] => {
      const { group } = namespace;
      const name = namespace.object.metadata.name;
      const findings = podTemplatesInNamespace(artifacts, group, name).flatMap((template) => credentialProblems(template.spec).map((problem) => kubernetesViolation(template.item, `sandboxed workload ${problem}`)));
      for (const kind of ["SecretProviderClass", "ServiceEntry"]) {
        for (const item of objectsInNamespaceOfGroup(artifacts, group, name, kind)) {
          findings.push(kubernetesViolation(item, kind === "ServiceEntry" ? "declares mesh egress for a sandboxed server, whose egress must be denied" : "provides Secrets Manager secrets to a sandboxed server"));
        }
      }
      for (const policy of objectsInNamespaceOfGroup(artifacts, group, name, "NetworkPolicy")) {
        if (opensInternet(policy.object)) findings.push(kubernetesViolation(policy, "opens egress to addresses outside the cluster (ipBlock) for a sandboxed server, whose egress must be denied"));
      }
      const stack = environmentStack(artifacts, group);
      const prefix = `mcp/${environmentOfGroup(group) ?? ""}/${name}/`;
      for (const secret of stack === undefined ? [] : stackResources(stack, "aws_secretsmanager_secret")) {
        if (String(secret.values["name"] ?? "").startsWith(prefix)) findings.push(violation(secret, `is a secret of sandboxed server ${name}, which must run without secrets`));
      }
      return findings;
    }),
};

export default rule;
