import { Construct } from "constructs";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import { cidrContains, PRIVATE_IPV4_RANGES } from "../../shared/ipv4-cidr";
import { standardLabels, ZONE_LABEL } from "./labels";

/** Pods in other namespaces, selected by namespace labels and pod labels together. */
export interface PeerPods {
  /** Labels of the peer's namespace. */
  readonly namespaceLabels: Readonly<Record<string, string>>;
  /** Labels of the peer's pods. */
  readonly podLabels: Readonly<Record<string, string>>;
}

/** The MCP gateway's pods: the only peer an MCP server accepts traffic from. */
export const GATEWAY_PODS: PeerPods = {
  namespaceLabels: { [ZONE_LABEL]: "gateway" },
  podLabels: { "app.kubernetes.io/name": "agentgateway" },
};

/** The cluster DNS (CoreDNS, labelled `k8s-app: kube-dns`, in kube-system). */
export const CLUSTER_DNS_PODS: PeerPods = {
  namespaceLabels: { "kubernetes.io/metadata.name": "kube-system" },
  podLabels: { "k8s-app": "kube-dns" },
};

/** The Istio control plane (istiod in istio-system): sidecars fetch configuration and certificates from it. */
export const ISTIO_CONTROL_PLANE_PODS: PeerPods = {
  namespaceLabels: { "kubernetes.io/metadata.name": "istio-system" },
  podLabels: { app: "istiod" },
};

/**
 * Destinations internet egress never includes: private ranges (the VPC, other environments, the VPN) and the
 * link-local range (instance metadata 169.254.169.254, the Pod Identity agent 169.254.170.23).
 */
export const NON_INTERNET_CIDRS: readonly string[] = [...PRIVATE_IPV4_RANGES, "169.254.0.0/16"];

/** Properties of {@link ServerNetworkPolicies}. */
export interface ServerNetworkPoliciesProps {
  /** The namespace isolated. */
  readonly namespace: string;
  /** The application of the namespace (`app.kubernetes.io/name`). */
  readonly application: string;
  /** Labels of the server's pods. */
  readonly podSelector: Readonly<Record<string, string>>;
  /** The port the server listens on: the only port open to the gateway. */
  readonly port: number;
  /** Who may call the server. @default {@link GATEWAY_PODS} */
  readonly gateway?: PeerPods;
  /** The cluster DNS. @default {@link CLUSTER_DNS_PODS} */
  readonly dns?: PeerPods;
  /** The Istio control plane. @default {@link ISTIO_CONTROL_PLANE_PODS} */
  readonly istioControlPlane?: PeerPods;
  /** The port of the Istio control plane's xDS and certificate service. @default 15012 */
  readonly istioControlPlanePort?: number;
  /**
   * Let the server open TLS connections (TCP 443) to internet addresses. A NetworkPolicy cannot name domains: the
   * per-domain allowlist is enforced by the mesh's egress policy and the AWS Network Firewall; this only opens the
   * path to them. Set only for a server that declares egress domains. @default false
   */
  readonly internetEgress?: boolean;
  /** Internal CIDRs (the VPC's) internet egress excludes besides {@link NON_INTERNET_CIDRS}, which already cover private ranges. @default none */
  readonly internalCidrs?: readonly string[];
}

/** A NetworkPolicy peer of pods in other namespaces: both selectors in one peer, so both must match. */
export function peer(pods: PeerPods): k8s.NetworkPolicyPeer {
  return { namespaceSelector: { matchLabels: { ...pods.namespaceLabels } }, podSelector: { matchLabels: { ...pods.podLabels } } };
}

/**
 * Network isolation of one MCP server's namespace (ISO-01, NET-01): a default-deny policy for both directions over
 * every pod, then explicit allows, each its own policy so one can be reviewed or removed alone:
 * - ingress from the gateway's pods only, on the server port;
 * - egress to the cluster DNS (UDP and TCP 53) and to the Istio control plane (TCP 15012);
 * - with `internetEgress`, egress on TCP 443 to internet addresses only (never private or link-local ranges).
 * No peer selects all namespaces. Further allows (a declared server-to-server dependency, the mesh's egress
 * gateway) are added as further NetworkPolicies in the namespace: policies only ever add up.
 */
export class ServerNetworkPolicies extends Construct {
  /** Every NetworkPolicy, default-deny first. */
  readonly policies: readonly k8s.KubeNetworkPolicy[];

  constructor(scope: Construct, id: string, props: ServerNetworkPoliciesProps) {
    super(scope, id);
    const { namespace } = props;
    const labels = standardLabels(props.application);
    const server = { matchLabels: { ...props.podSelector } };
    const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: "TCP", port: k8s.IntOrString.fromNumber(port) });
    const policy = (policyId: string, name: string, spec: k8s.NetworkPolicySpec) =>
      new k8s.KubeNetworkPolicy(this, policyId, { metadata: { name, namespace, labels }, spec });

    const policies = [
      policy("deny-all", "default-deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
      policy("from-gateway", "allow-ingress-from-gateway", {
        podSelector: server,
        policyTypes: ["Ingress"],
        ingress: [{ from: [peer(props.gateway ?? GATEWAY_PODS)], ports: [tcp(props.port)] }],
      }),
      policy("to-dns", "allow-egress-to-dns", {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ to: [peer(props.dns ?? CLUSTER_DNS_PODS)], ports: [{ protocol: "UDP", port: k8s.IntOrString.fromNumber(53) }, tcp(53)] }],
      }),
      policy("to-istiod", "allow-egress-to-istio-control-plane", {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ to: [peer(props.istioControlPlane ?? ISTIO_CONTROL_PLANE_PODS)], ports: [tcp(props.istioControlPlanePort ?? 15012)] }],
      }),
    ];
    if (props.internetEgress ?? false) {
      const extra = (props.internalCidrs ?? []).filter((cidr) => !NON_INTERNET_CIDRS.some((range) => cidrContains(range, cidr)));
      const excluded = [...NON_INTERNET_CIDRS, ...extra];
      policies.push(
        policy("to-internet", "allow-egress-to-internet-tls", {
          podSelector: server,
          policyTypes: ["Egress"],
          egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: excluded } }], ports: [tcp(443)] }],
        })
      );
    }
    this.policies = policies;
  }
}
