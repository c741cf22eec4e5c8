import { CIS_NODE_SYSCTLS, DISALLOWED_NODE_MODULES, KUBERNETES_NODE_SYSCTLS } from "../../baselines/node-os";
import { bottlerocketUserData, nodeGroupLaunchTemplate, settingAt } from "../eks";
import { Attributes, stackResources, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

const BOTTLEROCKET_AMI_TYPES = ["BOTTLEROCKET_x86_64", "BOTTLEROCKET_ARM_64"];
const LOCKDOWN_MODES = ["integrity", "confidentiality"];

/** What is wrong with a node group's Bottlerocket settings. */
function settingsProblems(settings: Attributes): string[] {
  const problems: string[] = [];
  const lockdown = settingAt(settings, ["kernel", "lockdown"]);
  if (typeof lockdown !== "string" || !LOCKDOWN_MODES.includes(lockdown)) problems.push(`kernel lockdown is ${JSON.stringify(lockdown ?? "unset")}, not "integrity"`);
  if (settingAt(settings, ["host-containers", "admin", "enabled"]) !== false) problems.push("the admin host container (superpowered, SSH) is not disabled");
  const hostContainers = settingAt(settings, ["host-containers"]);
  for (const [name, container] of Object.entries(typeof hostContainers === "object" && hostContainers !== null ? (hostContainers as Attributes) : {})) {
    const entry = container as Attributes;
    if (name !== "admin" && entry["enabled"] === true && entry["superpowered"] === true) problems.push(`host container ${name} is enabled and superpowered`);
  }
  const sysctl = settingAt(settings, ["kernel", "sysctl"]) as Attributes | undefined;
  const wrong = Object.entries(CIS_NODE_SYSCTLS).filter(([key, value]) => sysctl?.[key] !== value);
  if (wrong.length > 0) problems.push(`CIS sysctls not set: ${wrong.map(([key, value]) => `${key} = ${JSON.stringify(sysctl?.[key] ?? "unset")} (want "${value}")`).join(", ")}`);
  for (const [key, value] of Object.entries(KUBERNETES_NODE_SYSCTLS)) {
    if (sysctl?.[key] !== undefined && sysctl[key] !== value) problems.push(`${key} is ${JSON.stringify(sysctl[key])}: Kubernetes needs "${value}"`);
  }
  const allowed = DISALLOWED_NODE_MODULES.filter((module) => settingAt(settings, ["kernel", "modules", module, "allowed"]) !== false);
  if (allowed.length > 0) problems.push(`kernel module(s) ${allowed.join(", ")} may be loaded`);
  if (settingAt(settings, ["kubernetes", "seccomp-default"]) !== true) problems.push("the kubelet does not default pods to the RuntimeDefault seccomp profile (kubernetes.seccomp-default)");
  return problems;
}

function stackFindings(stack: StackArtifact): Violation[] {
  return stackResources(stack, "aws_eks_node_group").flatMap((nodeGroup) => {
    const amiType = nodeGroup.values["ami_type"];
    if (typeof amiType !== "string" || !BOTTLEROCKET_AMI_TYPES.includes(amiType)) {
      return [violation(nodeGroup, `ami_type is ${JSON.stringify(amiType ?? "unset")}, not Bottlerocket (SELinux enforcing, read-only root, no shell)`)];
    }
    const template = nodeGroupLaunchTemplate(stack, nodeGroup);
    if (!template) return [violation(nodeGroup, "uses no launch template of this stack, so its Bottlerocket settings are the defaults (no kernel lockdown)")];
    const userData = bottlerocketUserData(template);
    if ("problem" in userData) return [violation(template, `${userData.problem} (nodes of ${nodeGroup.address})`)];
    return settingsProblems(userData.settings).map((problem) => violation(template, `${problem} (nodes of ${nodeGroup.address})`));
  });
}

/**
 * Every EKS node runs Bottlerocket (CTR-04, CTR-00, MSH-01, PUB-03): SELinux enforcing and a dm-verity root by
 * design, and the settings in the launch template's user data lock it down further: kernel lockdown, the CIS
 * Bottlerocket level 2 sysctls and module denials, no admin container, seccomp RuntimeDefault for every pod.
 */
const rule: Rule = {
  id: "ctr-04-bottlerocket-lockdown",
  controls: ["CTR-04", "CTR-00", "MSH-01", "PUB-03"],
  severity: "high",
  description: "Every aws_eks_node_group is Bottlerocket with user data setting kernel lockdown integrity, CIS level 2 sysctls and modules, admin container off and seccomp-default on.",
  remediation: "Use ami_type BOTTLEROCKET_x86_64 or BOTTLEROCKET_ARM_64 and render the launch template's user data with hardenedBottlerocketSettings() (constructs/bottlerocket-settings.ts).",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
