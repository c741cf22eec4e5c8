import { Construct } from "constructs";
import { ApiObject } from "cdk8s";
import { standardLabels } from "./labels";

/** Properties of a {@link StoreMeshEgress}. */
export interface StoreMeshEgressProps {
  /** Namespace of the workload that reaches the store; the entry is exported to it only. */
  readonly namespace: string;
  /** The workload (`app.kubernetes.io/name`), for labels and the object's default name. */
  readonly application: string;
  /** The entry's name, also the first label of its host (`<name>.<namespace>.store.internal`). @default `<application>-store` */
  readonly name?: string;
  /** The data-tier CIDRs the store's nodes are placed in. */
  readonly cidrs: readonly string[];
  /** The store's port. */
  readonly port: number;
}

/**
 * The mesh's registry entry for a store outside the cluster (a cache, a database) whose address is known only once deployed (NET-04): with
 * the mesh's outbound policy REGISTRY_ONLY the sidecar forwards nothing else, so a ServiceEntry (MESH_EXTERNAL,
 * `resolution: NONE`) admits exactly the data-tier CIDRs on the store's port, as opaque TCP: the workload speaks TLS
 * to the store itself and verifies its certificate (the store's name is not known here, so the sidecar could not).
 * Exported to the workload's namespace only; the namespace's NetworkPolicies decide which pods may use it.
 */
export class StoreMeshEgress extends Construct {
  readonly serviceEntry: ApiObject;

  constructor(scope: Construct, id: string, props: StoreMeshEgressProps) {
    super(scope, id);
    if (props.cidrs.length === 0) throw new Error(`StoreMeshEgress ${props.namespace}/${props.application}: give the data-tier CIDRs the store is in`);
    const name = props.name ?? `${props.application}-store`;
    this.serviceEntry = new ApiObject(this, "service-entry", {
      apiVersion: "networking.istio.io/v1",
      kind: "ServiceEntry",
      metadata: { name, namespace: props.namespace, labels: standardLabels(props.application) },
      spec: {
        hosts: [`${name}.${props.namespace}.store.internal`],
        addresses: [...props.cidrs],
        exportTo: ["."],
        location: "MESH_EXTERNAL",
        ports: [{ number: props.port, name: "tcp-store", protocol: "TCP" }],
        resolution: "NONE",
      },
    });
  }
}
