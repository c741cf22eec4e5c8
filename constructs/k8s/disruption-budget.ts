import { Construct } from "constructs";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import { standardLabels } from "./labels";

/** Properties of a {@link DisruptionBudget}. */
export interface DisruptionBudgetProps {
  /** Namespace of the budget. */
  readonly namespace: string;
  /** Budget name (the application's name). */
  readonly name: string;
  /** Labels of the pods it protects. */
  readonly selector: Readonly<Record<string, string>>;
}

/**
 * At most one pod of a workload evicted at a time by node drains and upgrades (MSH-04). Pods that are not ready
 * may always be evicted, so a crash-looping pod never blocks a drain. Create it only for workloads with more than
 * one replica: with one, a drain would wait forever or take the workload down anyway.
 */
export class DisruptionBudget extends Construct {
  /** The PodDisruptionBudget object. */
  readonly budget: k8s.KubePodDisruptionBudget;

  constructor(scope: Construct, id: string, props: DisruptionBudgetProps) {
    super(scope, id);
    this.budget = new k8s.KubePodDisruptionBudget(this, "budget", {
      metadata: { name: props.name, namespace: props.namespace, labels: standardLabels(props.name) },
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(1),
        selector: { matchLabels: { ...props.selector } },
        unhealthyPodEvictionPolicy: "AlwaysAllow",
      },
    });
  }
}
