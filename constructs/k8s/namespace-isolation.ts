import { Construct } from "constructs";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import { standardLabels } from "./labels";
import { CLUSTER_DNS_PODS, peer, PeerPods } from "./server-network-policies";

/** Properties of a {@link NamespaceIsolation}. */
export interface NamespaceIsolationProps {
  /** The namespace isolated. */
  readonly namespace: string;
  /** The application of the namespace (`app.kubernetes.io/name`). */
  readonly application: string;
  /**
   * Let every pod of the namespace query the cluster DNS (UDP and TCP 53). Leave it off for a namespace whose
   * pods open no network connection at all. @default true
   */
  readonly dns?: boolean;
  /** The cluster DNS. @default {@link CLUSTER_DNS_PODS} */
  readonly dnsPods?: PeerPods;
}

/**
 * The network baseline of a platform namespace (ISO-01): a default-deny NetworkPolicy for both directions over every
 * pod, and (unless turned off) egress to the cluster DNS. Each workload adds what it needs as further policies.
 */
export class NamespaceIsolation extends Construct {
  /** Every NetworkPolicy, default-deny first. */
  readonly policies: readonly k8s.KubeNetworkPolicy[];

  constructor(scope: Construct, id: string, props: NamespaceIsolationProps) {
    super(scope, id);
    const { namespace } = props;
    const labels = standardLabels(props.application);
    const policies = [
      new k8s.KubeNetworkPolicy(this, "deny-all", {
        metadata: { name: "default-deny-all", namespace, labels },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
      }),
    ];
    if (props.dns ?? true) {
      const dns = props.dnsPods ?? CLUSTER_DNS_PODS;
      policies.push(
        new k8s.KubeNetworkPolicy(this, "to-dns", {
          metadata: { name: "allow-egress-to-dns", namespace, labels },
          spec: {
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
              {
                to: [peer(dns)],
                ports: [
                  { protocol: "UDP", port: k8s.IntOrString.fromNumber(53) },
                  { protocol: "TCP", port: k8s.IntOrString.fromNumber(53) },
                ],
              },
            ],
          },
        })
      );
    }
    this.policies = policies;
  }
}
