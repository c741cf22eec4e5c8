import { annotations, containers, kubernetesViolation, podTemplates, record } from "../kubernetes";
import { Rule } from "../types";

/** Seccomp profiles that filter system calls. */
const CONFINING_SECCOMP: readonly string[] = ["RuntimeDefault", "Localhost"];
/** SELinux types that disable confinement. */
const UNCONFINED_SELINUX_TYPES: readonly string[] = ["spc_t", "super_t", "unconfined_t"];
const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

/** What weakens one security context's mandatory access control, if anything. */
function macProblems(context: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const selinux = record(context["seLinuxOptions"])?.["type"];
  if (typeof selinux === "string" && UNCONFINED_SELINUX_TYPES.includes(selinux)) problems.push(`runs with the unconfined SELinux type ${selinux}`);
  if (record(context["appArmorProfile"])?.["type"] === "Unconfined") problems.push("runs with an Unconfined AppArmor profile");
  return problems;
}

/**
 * MCP pods filter system calls and keep mandatory access control (CTR-04): the pod's seccomp profile is
 * `RuntimeDefault` or `Localhost` (so injected containers inherit it), no container overrides it with anything
 * else, and no pod or container opts out of SELinux or AppArmor confinement.
 */
const rule: Rule = {
  id: "ctr-04-seccomp-runtime-default",
  controls: ["CTR-04"],
  severity: "high",
  description: "Every MCP pod sets seccompProfile RuntimeDefault or Localhost, no container overrides it (never Unconfined), and none uses an unconfined SELinux type or AppArmor profile.",
  remediation: "Set securityContext.seccompProfile.type: RuntimeDefault on the pod and its containers, and remove Unconfined AppArmor profiles and spc_t/super_t SELinux types.",
  check: (artifacts) =>
    podTemplates(artifacts).flatMap(({ item, metadata, spec }) => {
      const pod = record(spec["securityContext"]) ?? {};
      const podType = record(pod["seccompProfile"])?.["type"];
      const problems: string[] = [];
      if (!CONFINING_SECCOMP.includes(String(podType))) problems.push(`the pod's seccompProfile is ${podType === undefined ? "not set" : `"${String(podType)}"`}, not RuntimeDefault or Localhost`);
      problems.push(...macProblems(pod).map((problem) => `the pod ${problem}`));
      for (const { container, label } of containers(spec)) {
        const context = record(container["securityContext"]) ?? {};
        const type = record(context["seccompProfile"])?.["type"];
        if (type !== undefined && !CONFINING_SECCOMP.includes(String(type))) problems.push(`${label} overrides the seccomp profile with "${String(type)}"`);
        problems.push(...macProblems(context).map((problem) => `${label} ${problem}`));
      }
      for (const [key, value] of Object.entries(annotations(metadata))) {
        if (key.startsWith(APPARMOR_ANNOTATION_PREFIX) && value === "unconfined") problems.push(`annotation ${key} makes a container unconfined by AppArmor`);
      }
      return problems.map((problem) => kubernetesViolation(item, problem));
    }),
};

export default rule;
