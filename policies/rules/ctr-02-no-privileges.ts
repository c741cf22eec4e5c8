import { containers, kubernetesViolation, podTemplates, record, records } from "../kubernetes";
import { Rule } from "../types";

/** The only capability a container may add back after dropping ALL. */
const ALLOWED_ADDED_CAPABILITIES: readonly string[] = ["NET_BIND_SERVICE"];

/** What is wrong with a container's privileges, given the pod's security context. */
function containerProblems(container: Record<string, unknown>, pod: Record<string, unknown>): string[] {
  const context = record(container["securityContext"]) ?? {};
  const capabilities = record(context["capabilities"]) ?? {};
  const drop = Array.isArray(capabilities["drop"]) ? (capabilities["drop"] as unknown[]) : [];
  const add = Array.isArray(capabilities["add"]) ? (capabilities["add"] as unknown[]) : [];
  const problems: string[] = [];
  if (!drop.includes("ALL")) problems.push('does not drop ALL capabilities (securityContext.capabilities.drop: ["ALL"])');
  const added = add.filter((capability) => !ALLOWED_ADDED_CAPABILITIES.includes(String(capability)));
  if (added.length > 0) problems.push(`adds capabilities ${added.map(String).join(", ")}`);
  if (context["privileged"] === true) problems.push("is privileged");
  if (context["allowPrivilegeEscalation"] !== false) problems.push("does not set allowPrivilegeEscalation: false");
  if ((context["runAsNonRoot"] ?? pod["runAsNonRoot"]) !== true) problems.push("does not set runAsNonRoot: true (container or pod)");
  const user = context["runAsUser"] ?? pod["runAsUser"];
  if (user === undefined) problems.push("sets no runAsUser (container or pod), so the image's user applies");
  else if (user === 0) problems.push("runs as UID 0");
  const hostPorts = records(container["ports"]).filter((port) => port["hostPort"] !== undefined);
  if (hostPorts.length > 0) problems.push(`binds host ports ${hostPorts.map((port) => String(port["hostPort"])).join(", ")}`);
  return problems;
}

/**
 * MCP containers run without privileges (CTR-02): every container and init container drops ALL capabilities and
 * adds none but NET_BIND_SERVICE, is not privileged, cannot escalate, runs as a non-root, non-zero UID and binds no
 * host port; no pod shares the node's network, PID or IPC namespace or mounts a hostPath.
 */
const rule: Rule = {
  id: "ctr-02-no-privileges",
  controls: ["CTR-02"],
  severity: "critical",
  description: "Every MCP container drops ALL capabilities (adds at most NET_BIND_SERVICE), is not privileged, has allowPrivilegeEscalation: false, runs as non-root with a non-zero UID; no hostNetwork/hostPID/hostIPC/hostPath/hostPort.",
  remediation: 'Set securityContext { capabilities: { drop: ["ALL"] }, allowPrivilegeEscalation: false, privileged: false, runAsNonRoot: true, runAsUser: <non-zero> } and remove host namespaces, hostPath volumes and host ports.',
  check: (artifacts) =>
    podTemplates(artifacts).flatMap(({ item, spec }) => {
      const pod = record(spec["securityContext"]) ?? {};
      const problems = containers(spec).flatMap(({ container, label }) => containerProblems(container, pod).map((problem) => `${label} ${problem}`));
      for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
        if (spec[field] === true) problems.push(`the pod sets ${field}: true`);
      }
      for (const volume of records(spec["volumes"])) {
        if (volume["hostPath"] !== undefined) problems.push(`volume "${String(volume["name"])}" mounts a hostPath`);
      }
      return problems.map((problem) => kubernetesViolation(item, problem));
    }),
};

export default rule;
