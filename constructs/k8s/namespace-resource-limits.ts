import { Construct } from "constructs";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import { ContainerResources, DEFAULT_SIDECAR_RESOURCES, SidecarResources } from "./hardened-deployment";
import { standardLabels } from "./labels";
import { bytes, formatBytes, formatCpu, millicores } from "./quantity";

/** Properties of a {@link NamespaceResourceLimits}. */
export interface NamespaceResourceLimitsProps {
  /** The namespace limited. */
  readonly namespace: string;
  /** The application of the namespace (`app.kubernetes.io/name`). */
  readonly application: string;
  /** What one workload container may use; also the LimitRange's defaults and per-container maximum. */
  readonly container: ContainerResources;
  /** Most pods the workload runs at once: its maximum replicas plus the rolling-update surge. */
  readonly maxPods: number;
  /** Size of the Istio sidecar in every pod, counted into the quota. @default {@link DEFAULT_SIDECAR_RESOURCES} */
  readonly sidecarResources?: SidecarResources;
}

/**
 * The resource ceiling of one namespace (CTR-03, MSH-04, ISO-02), so a server under a resource-exhaustion attack
 * cannot starve others:
 * - a ResourceQuota of CPU, memory and ephemeral-storage requests and limits sized for `maxPods` pods of the
 *   container (its requests and its limits) plus its sidecar, a pod count, and zero load balancers, node ports, PersistentVolumeClaims and
 *   storage (no shared or persistent state);
 * - a LimitRange giving every container the workload's requests and limits by default, and capping CPU and memory
 *   per container at the larger of the workload's and the sidecar's. Ephemeral storage gets defaults but no
 *   per-container maximum: the injected Istio sidecar declares no ephemeral-storage limit and a maximum would have
 *   it rejected; the quota still caps the namespace.
 *
 * The mesh's init container (`istio-validation`, with the Istio CNI node agent) takes the sidecar's size from the same
 * pod annotations (Istio's injection template sizes both alike), and the blueprint's Istio installation
 * (constructs/istio-mesh.ts) makes that size the default (`global.proxy.resources`) for pods without them, so both stay
 * within the LimitRange and are counted by the quota.
 */
export class NamespaceResourceLimits extends Construct {
  /** The ResourceQuota object. */
  readonly quota: k8s.KubeResourceQuota;
  /** The LimitRange object. */
  readonly limitRange: k8s.KubeLimitRange;

  constructor(scope: Construct, id: string, props: NamespaceResourceLimitsProps) {
    super(scope, id);
    const { container, maxPods } = props;
    if (!Number.isInteger(maxPods) || maxPods < 1) throw new Error(`NamespaceResourceLimits ${props.namespace}: maxPods must be a positive whole number, got ${maxPods}`);
    const sidecar = props.sidecarResources ?? DEFAULT_SIDECAR_RESOURCES;
    const podCpu = millicores(container.cpu) + millicores(sidecar.cpu);
    const podMemory = bytes(container.memory) + bytes(sidecar.memory);
    const cpu = formatCpu(podCpu * maxPods);
    const memory = formatBytes(podMemory * maxPods);
    const requestedCpu = formatCpu((millicores(container.requests?.cpu ?? container.cpu) + millicores(sidecar.cpu)) * maxPods);
    const requestedMemory = formatBytes((bytes(container.requests?.memory ?? container.memory) + bytes(sidecar.memory)) * maxPods);
    const storage = formatBytes(bytes(container.ephemeralStorage) * maxPods);
    const q = (value: string) => k8s.Quantity.fromString(value);
    const metadata = { namespace: props.namespace, labels: standardLabels(props.application) };

    this.quota = new k8s.KubeResourceQuota(this, "quota", {
      metadata: { name: "mcp-quota", ...metadata },
      spec: {
        hard: {
          "requests.cpu": q(requestedCpu),
          "limits.cpu": q(cpu),
          "requests.memory": q(requestedMemory),
          "limits.memory": q(memory),
          "requests.ephemeral-storage": q(storage),
          "limits.ephemeral-storage": q(storage),
          pods: q(String(maxPods)),
          persistentvolumeclaims: q("0"),
          "requests.storage": q("0"),
          "services.loadbalancers": q("0"),
          "services.nodeports": q("0"),
        },
      },
    });

    const perContainer = { cpu: q(container.cpu), memory: q(container.memory), "ephemeral-storage": q(container.ephemeralStorage) };
    const perContainerRequest = { ...perContainer, cpu: q(container.requests?.cpu ?? container.cpu), memory: q(container.requests?.memory ?? container.memory) };
    this.limitRange = new k8s.KubeLimitRange(this, "limit-range", {
      metadata: { name: "mcp-limits", ...metadata },
      spec: {
        limits: [
          {
            type: "Container",
            default: { ...perContainer },
            defaultRequest: perContainerRequest,
            max: {
              cpu: q(formatCpu(Math.max(millicores(container.cpu), millicores(sidecar.cpu)))),
              memory: q(formatBytes(Math.max(bytes(container.memory), bytes(sidecar.memory)))),
            },
          },
        ],
      },
    });
  }
}
