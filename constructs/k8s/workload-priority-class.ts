import { Construct } from "constructs";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import { MANAGED_BY, PART_OF } from "./labels";

/** Properties of a {@link WorkloadPriorityClass}. */
export interface WorkloadPriorityClassProps {
  /** Class name, e.g. `mcp-server`. */
  readonly name: string;
  /** Scheduling priority; platform components (gateway, mesh) sit above MCP servers. */
  readonly value: number;
  /** What the class is for. */
  readonly description: string;
  /** Let pods of this class evict lower-priority pods to get scheduled. @default false */
  readonly preempting?: boolean;
}

/**
 * A PriorityClass (MSH-04): the scheduler places higher classes first and, when they preempt, evicts lower ones.
 * Non-preempting by default, so a server scaled up under attack cannot evict other servers; the platform's own
 * class can be given a higher value and preemption.
 */
export class WorkloadPriorityClass extends Construct {
  /** The class's name. */
  readonly name: string;
  /** The PriorityClass object. */
  readonly priorityClass: k8s.KubePriorityClass;

  constructor(scope: Construct, id: string, props: WorkloadPriorityClassProps) {
    super(scope, id);
    this.name = props.name;
    this.priorityClass = new k8s.KubePriorityClass(this, "priority-class", {
      metadata: { name: props.name, labels: { "app.kubernetes.io/part-of": PART_OF, "app.kubernetes.io/managed-by": MANAGED_BY } },
      value: props.value,
      globalDefault: false,
      preemptionPolicy: (props.preempting ?? false) ? "PreemptLowerPriority" : "Never",
      description: props.description,
    });
  }
}
