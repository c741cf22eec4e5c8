import { SANDBOX_NODE_LABEL, SANDBOX_TAINT } from "../../baselines/sandbox";
import { accountViolation } from "../account-stacks";
import { kubernetesViolation, podTemplates, podTemplatesInNamespace, record } from "../kubernetes";
import { environmentStack } from "../observability";
import { sandboxNamespaces, toleratesSandbox } from "../sandbox";
import { blocks, stackResources } from "../terraform";
import { Rule, Violation } from "../types";

/** The taint of the sandbox node group as the EKS API writes it. */
const EKS_TAINT = { key: SANDBOX_TAINT.key, value: SANDBOX_TAINT.value, effect: "NO_SCHEDULE" };

/**
 * Sandboxed servers run on their own nodes (TOOL-10): every pod of a sandbox namespace selects the sandbox nodes'
 * label and tolerates their taint; no other pod but a node agent (a DaemonSet) tolerates that taint; and the
 * environment's stack has a node group that carries the label and the taint.
 */
const rule: Rule = {
  id: "tool-10-sandbox-placement",
  controls: ["TOOL-10"],
  severity: "high",
  description:
    "Pods of sandbox namespaces (mcp.security/stage: sandbox) select the sandbox node label and tolerate its taint; no other pod but a DaemonSet tolerates the taint; the environment's stack has an EKS node group with that label and NO_SCHEDULE taint.",
  remediation: "Declare the server with stage: sandbox and let synth place it (stacks/workloads.ts, stacks/compute.ts); remove the sandbox toleration from any other workload.",
  check: (artifacts) => {
    const namespaces = sandboxNamespaces(artifacts);
    const sandboxed = new Set(namespaces.map((namespace) => `${namespace.group}\u0000${namespace.object.metadata.name}`));
    const findings: Violation[] = namespaces.flatMap((namespace) =>
      podTemplatesInNamespace(artifacts, namespace.group, namespace.object.metadata.name).flatMap((template) => {
        const selector = record(template.spec["nodeSelector"]) ?? {};
        return [
          ...(Object.entries(SANDBOX_NODE_LABEL).every(([key, value]) => selector[key] === value) ? [] : [`does not select the sandbox nodes (nodeSelector ${JSON.stringify(SANDBOX_NODE_LABEL)})`]),
          ...(toleratesSandbox(template.spec) ? [] : [`does not tolerate the sandbox nodes' taint ${SANDBOX_TAINT.key}=${SANDBOX_TAINT.value}:${SANDBOX_TAINT.effect}, so it cannot run there`]),
        ].map((problem) => kubernetesViolation(template.item, `sandboxed workload ${problem}`));
      })
    );
    for (const template of podTemplates(artifacts)) {
      const inSandbox = sandboxed.has(`${template.item.group}\u0000${template.item.object.metadata.namespace ?? ""}`);
      if (!inSandbox && template.item.object.kind !== "DaemonSet" && toleratesSandbox(template.spec)) {
        findings.push(kubernetesViolation(template.item, "tolerates the sandbox nodes' taint but is not sandboxed: it may share a node with untrusted server versions"));
      }
    }
    const stacks = new Set(namespaces.map((namespace) => environmentStack(artifacts, namespace.group)));
    for (const stack of stacks) {
      if (stack === undefined) continue;
      const pools = stackResources(stack, "aws_eks_node_group").filter(
        (pool) =>
          blocks(pool.values["taint"]).some((taint) => Object.entries(EKS_TAINT).every(([key, value]) => taint[key] === value)) &&
          Object.entries(SANDBOX_NODE_LABEL).every(([key, value]) => record(pool.values["labels"])?.[key] === value)
      );
      if (pools.length === 0) findings.push(accountViolation(stack, `no EKS node group carries the sandbox label and taint ${EKS_TAINT.key}=${EKS_TAINT.value}:${EKS_TAINT.effect}: sandboxed servers have no nodes of their own`));
    }
    return findings;
  },
};

export default rule;
