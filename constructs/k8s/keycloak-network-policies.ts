import { Construct } from "constructs";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import { standardLabels } from "./labels";
import { NamespaceIsolation } from "./namespace-isolation";
import { ISTIO_CONTROL_PLANE_PODS, peer, PeerPods } from "./server-network-policies";

/** Properties of {@link KeycloakNetworkPolicies}. */
export interface KeycloakNetworkPoliciesProps {
  /** Keycloak's namespace. */
  readonly namespace: string;
  /** Keycloak's pods' labels. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Keycloak's HTTP port. */
  readonly port: number;
  /** The port the replicas cluster on (JGroups). */
  readonly clusterPort: number;
  /** Who may call Keycloak over HTTP: the ingress (sign-in, tokens) and the guard (keys); at least one. */
  readonly callers: readonly PeerPods[];
  /** The data-tier subnets the database is in: the only egress besides DNS, the mesh and the other replicas. */
  readonly databaseCidrs: readonly string[];
  /** The database's port. */
  readonly databasePort: number;
}


/**
 * Network isolation of Keycloak's namespace (ISO-01, ZT-01): the namespace baseline (NamespaceIsolation: default deny
 * both ways, DNS), then one policy per path: HTTP from the listed callers only; the replicas to each other on the
 * cluster port; egress to the database's subnets on its port and to the Istio control plane. No internet egress:
 * Keycloak federates with nobody.
 */
export class KeycloakNetworkPolicies extends Construct {
  readonly policies: readonly k8s.KubeNetworkPolicy[];

  constructor(scope: Construct, id: string, props: KeycloakNetworkPoliciesProps) {
    super(scope, id);
    const { namespace } = props;
    if (props.callers.length === 0) throw new Error(`KeycloakNetworkPolicies ${namespace}: no caller; name the ingress gateway's pods at least`);
    if (props.databaseCidrs.length === 0) throw new Error(`KeycloakNetworkPolicies ${namespace}: no database subnet; Keycloak needs its database`);
    const labels = standardLabels(namespace);
    const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: "TCP", port: k8s.IntOrString.fromNumber(port) });
    const self = { podSelector: { matchLabels: { ...props.podLabels } } };
    const policy = (policyId: string, name: string, spec: k8s.NetworkPolicySpec) => new k8s.KubeNetworkPolicy(this, policyId, { metadata: { name, namespace, labels }, spec });
    this.policies = [
      ...new NamespaceIsolation(this, "isolation", { namespace, application: namespace }).policies,
      policy("to-istiod", "allow-egress-to-istio-control-plane", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [peer(ISTIO_CONTROL_PLANE_PODS)], ports: [tcp(15012)] }] }),
      policy("from-callers", "allow-ingress-from-callers", { ...self, policyTypes: ["Ingress"], ingress: [{ from: props.callers.map(peer), ports: [tcp(props.port)] }] }),
      policy("cluster", "allow-replicas-to-cluster", {
        ...self,
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [self], ports: [tcp(props.clusterPort)] }],
        egress: [{ to: [self], ports: [tcp(props.clusterPort)] }],
      }),
      policy("to-database", "allow-egress-to-database", { ...self, policyTypes: ["Egress"], egress: [{ to: props.databaseCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(props.databasePort)] }] }),
    ];
  }
}
