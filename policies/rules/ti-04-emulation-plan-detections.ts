import { accountViolation, isAwsAccountStack } from "../account-stacks";
import { Detection, emulationPlan } from "../emulation-plan";
import { stackResources } from "../terraform";
import { Artifacts, Rule, StackArtifact, Violation } from "../types";

function stackFindings(artifacts: Artifacts, stack: StackArtifact): Violation[] {
  if (!isAwsAccountStack(stack) || stackResources(stack, "aws_eks_cluster").length === 0) return [];
  const environment = /^mcp-(.+)$/.exec(stack.name)?.[1];
  const plan = environment === undefined ? undefined : emulationPlan(artifacts, environment);
  if (plan === undefined) return [];
  // Without the environment's manifests (no guard configuration among the artifacts), only the plan's detections are judged.
  const judged = (detection: Detection) => plan.servers.length > 0 || detection.in === "plan";
  return plan.techniques.flatMap((technique) =>
    technique.detections.filter((detection) => judged(detection) && !detection.deployed).map((detection) => accountViolation(stack, `emulation technique ${technique.id}: nothing would observe it: ${detection.what} is not deployed`))
  );
}

/**
 * Intelligence-driven testing is checkable (TI-04): every environment with an EKS cluster has an adversary-emulation
 * plan (policies/emulation-plan.ts, written by `mcp-harden emulation-plan`) derived from its threat rule pack, the
 * tool-poisoning and rug-pull intelligence, its correlations and its threat-intelligence feed, and every technique of
 * that plan has the detection it expects deployed (the guard applying the pack, the per-server and correlation alarms
 * to the security topic, the feed loaded into the DNS Firewall, the egress firewall and GuardDuty), so an exercise run
 * from the plan observes every technique it emulates.
 */
const rule: Rule = {
  id: "ti-04-emulation-plan-detections",
  controls: ["TI-04"],
  severity: "medium",
  description: "Every technique of the environment's adversary-emulation plan (threat rule pack, tool poisoning and rug pulls, correlations, threat-intel feed) has the detection it expects deployed.",
  remediation: "Restore the missing detection the finding names (the guard's threat rule pack, a per-server or correlation alarm to the security topic, or the threat-intel loader's targets), then regenerate the plan with mcp-harden emulation-plan --env <env>.",
  check: (artifacts) => artifacts.stacks.flatMap((stack) => stackFindings(artifacts, stack)),
};

export default rule;
