import { Construct } from "constructs";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import { ContainerResources } from "./hardened-deployment";
import { standardLabels } from "./labels";
import { bytes, formatBytes, formatCpu, millicores } from "./quantity";

/** One workload of a namespace, as the quota counts it. */
export interface QuotaWorkload {
  /** Resources of each of its containers (requests equal limits). */
  readonly containers: readonly ContainerResources[];
  /** Most pods it runs at once (replicas plus surge, or the node count for a DaemonSet). */
  readonly maxPods: number;
}

/** Properties of a {@link NamespaceQuota}. */
export interface NamespaceQuotaProps {
  /** The namespace limited. */
  readonly namespace: string;
  /** The application of the namespace (`app.kubernetes.io/name`). */
  readonly application: string;
  /** Every workload of the namespace. At least one. */
  readonly workloads: readonly QuotaWorkload[];
}

/**
 * The resource ceiling of a namespace that runs several platform workloads without a mesh sidecar (CTR-03, MSH-04):
 * a ResourceQuota of CPU, memory and ephemeral-storage requests and limits that is exactly the sum of the workloads'
 * pods, their pod count, and zero load balancers, node ports, PersistentVolumeClaims and storage; and a LimitRange
 * whose per-container maximum is the largest declared container, with the smallest as the default for any container
 * that declares nothing. Nothing beyond what the blueprint declares can be scheduled in the namespace.
 */
export class NamespaceQuota extends Construct {
  /** The ResourceQuota object. */
  readonly quota: k8s.KubeResourceQuota;
  /** The LimitRange object. */
  readonly limitRange: k8s.KubeLimitRange;

  constructor(scope: Construct, id: string, props: NamespaceQuotaProps) {
    super(scope, id);
    const { workloads } = props;
    const all = workloads.flatMap((workload) => workload.containers);
    if (all.length === 0) throw new Error(`NamespaceQuota ${props.namespace}: workloads must declare at least one container`);
    for (const workload of workloads) {
      if (!Number.isInteger(workload.maxPods) || workload.maxPods < 1) throw new Error(`NamespaceQuota ${props.namespace}: maxPods must be a positive whole number, got ${workload.maxPods}`);
    }
    const total = (measure: (container: ContainerResources) => number) =>
      workloads.reduce((sum, workload) => sum + workload.maxPods * workload.containers.reduce((pod, container) => pod + measure(container), 0), 0);
    const cpu = formatCpu(total((container) => millicores(container.cpu)));
    const memory = formatBytes(total((container) => bytes(container.memory)));
    const storage = formatBytes(total((container) => bytes(container.ephemeralStorage)));
    const pods = workloads.reduce((sum, workload) => sum + workload.maxPods, 0);
    const q = (value: string) => k8s.Quantity.fromString(value);
    const metadata = { namespace: props.namespace, labels: standardLabels(props.application) };

    this.quota = new k8s.KubeResourceQuota(this, "quota", {
      metadata: { name: "mcp-quota", ...metadata },
      spec: {
        hard: {
          "requests.cpu": q(cpu),
          "limits.cpu": q(cpu),
          "requests.memory": q(memory),
          "limits.memory": q(memory),
          "requests.ephemeral-storage": q(storage),
          "limits.ephemeral-storage": q(storage),
          pods: q(String(pods)),
          persistentvolumeclaims: q("0"),
          "requests.storage": q("0"),
          "services.loadbalancers": q("0"),
          "services.nodeports": q("0"),
        },
      },
    });

    const pick = (choose: (a: number, b: number) => number, measure: (container: ContainerResources) => number) => all.map(measure).reduce((a, b) => choose(a, b));
    const smallest = {
      cpu: q(formatCpu(pick(Math.min, (container) => millicores(container.cpu)))),
      memory: q(formatBytes(pick(Math.min, (container) => bytes(container.memory)))),
      "ephemeral-storage": q(formatBytes(pick(Math.min, (container) => bytes(container.ephemeralStorage)))),
    };
    this.limitRange = new k8s.KubeLimitRange(this, "limit-range", {
      metadata: { name: "mcp-limits", ...metadata },
      spec: {
        limits: [
          {
            type: "Container",
            default: { ...smallest },
            defaultRequest: { ...smallest },
            max: {
              cpu: q(formatCpu(pick(Math.max, (container) => millicores(container.cpu)))),
              memory: q(formatBytes(pick(Math.max, (container) => bytes(container.memory)))),
              "ephemeral-storage": q(formatBytes(pick(Math.max, (container) => bytes(container.ephemeralStorage)))),
            },
          },
        ],
      },
    });
  }
}
