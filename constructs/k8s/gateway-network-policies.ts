import { Construct } from "constructs";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import { cidrContains } from "../../shared/ipv4-cidr";
import { standardLabels } from "./labels";
import { CLUSTER_DNS_PODS, ISTIO_CONTROL_PLANE_PODS, NON_INTERNET_CIDRS, peer, PeerPods } from "./server-network-policies";

/** The Istio ingress gateway's pods (namespace `istio-ingress`, release `istio-ingressgateway`): the gateway's only client. */
export const ISTIO_INGRESS_PODS: PeerPods = {
  namespaceLabels: { "kubernetes.io/metadata.name": "istio-ingress" },
  podLabels: { app: "istio-ingressgateway" },
};

/** The OpenTelemetry collector's pods in `mcp-observability`. */
export const OTEL_COLLECTOR_PODS: PeerPods = {
  namespaceLabels: { "kubernetes.io/metadata.name": "mcp-observability" },
  podLabels: { "app.kubernetes.io/name": "otel-collector" },
};

/** An MCP server the gateway forwards to. */
export interface GatewayUpstream {
  /** The server's namespace. */
  readonly namespace: string;
  /** Labels of the server's pods. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** The server's port. */
  readonly port: number;
}

/** A workload of the gateway's namespace: its pods' labels and the port it serves. */
export interface LocalWorkload {
  readonly podLabels: Readonly<Record<string, string>>;
  readonly port: number;
}

/** Pods of another namespace and the port they serve. */
export interface LocalPeer {
  readonly pods: PeerPods;
  readonly port: number;
}

/** Properties of {@link GatewayNetworkPolicies}. */
export interface GatewayNetworkPoliciesProps {
  /** The gateway's namespace. */
  readonly namespace: string;
  /** The gateway's pods and listening port. */
  readonly gateway: LocalWorkload;
  /** The rate-limit service's pods and gRPC port. */
  readonly rateLimitService: LocalWorkload;
  /** The rate-limit store's pods and port. */
  readonly rateLimitStore: LocalWorkload;
  /** The MCP guard's pods and gRPC port: reachable only from the gateway; it reaches only the collector (OTLP/HTTP). */
  readonly guard: LocalWorkload;
  /** The in-cluster authorization server the guard fetches token keys from. @default none */
  readonly guardKeySource?: LocalPeer;
  /** The guard's shared store outside the cluster: the data-tier CIDRs it is in and its port. @default none */
  readonly guardStore?: { readonly cidrs: readonly string[]; readonly port: number };
  /** The MCP servers the gateway forwards to: one egress rule each, on its port only. */
  readonly upstreams: readonly GatewayUpstream[];
  /** Who may call the gateway. @default {@link ISTIO_INGRESS_PODS} */
  readonly ingress?: PeerPods;
  /** The OpenTelemetry collector. @default {@link OTEL_COLLECTOR_PODS} */
  readonly collector?: PeerPods;
  /** The collector's OTLP gRPC port. @default 4317 */
  readonly collectorPort?: number;
  /** The collector's OTLP/HTTP port, where the guard sends its metrics. @default 4318 */
  readonly collectorHttpPort?: number;
  /**
   * Let the gateway open TLS (TCP 443) to internet addresses, for the authorization server's JWKS. A NetworkPolicy
   * cannot name a host: the mesh's egress registry and the AWS Network Firewall's allowlist pin it to the JWKS host.
   * @default true
   */
  readonly jwksEgress?: boolean;
  /** Internal CIDRs (the VPC's) the JWKS egress excludes besides the private and link-local ranges. @default none */
  readonly internalCidrs?: readonly string[];
}


/**
 * Network isolation of the gateway's namespace (ISO-01, GW-01): default deny for both directions, then one policy
 * per allowed path, each reviewable alone:
 * - ingress to the gateway only from the Istio ingress gateway's pods, on the gateway port;
 * - egress of the gateway to each MCP server's pods on that server's port, to the OpenTelemetry collector on OTLP
 *   gRPC, to the rate-limit service, and (for the JWKS) TLS to internet addresses, never private or link-local ones;
 * - the rate-limit service reachable only from the gateway, its store only from the service;
 * - the MCP guard reachable only from the gateway, on its gRPC port; the guard reaches only the collector (OTLP/HTTP)
 *   and, when given, the in-cluster authorization server for its token keys;
 * - every pod: DNS and the Istio control plane.
 * No peer selects all namespaces or all pods of another namespace.
 */
export class GatewayNetworkPolicies extends Construct {
  /** Every NetworkPolicy, default-deny first. */
  readonly policies: readonly k8s.KubeNetworkPolicy[];

  constructor(scope: Construct, id: string, props: GatewayNetworkPoliciesProps) {
    super(scope, id);
    const { namespace, gateway, rateLimitService, rateLimitStore, guard } = props;
    if (props.upstreams.length === 0) throw new Error(`GatewayNetworkPolicies ${namespace}: no upstream MCP server; the gateway would forward nowhere`);
    const labels = standardLabels(namespace);
    const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: "TCP", port: k8s.IntOrString.fromNumber(port) });
    const pods = (workload: LocalWorkload) => ({ matchLabels: { ...workload.podLabels } });
    const local = (workload: LocalWorkload): k8s.NetworkPolicyPeer => ({ podSelector: pods(workload) });
    const policy = (policyId: string, name: string, spec: k8s.NetworkPolicySpec) => new k8s.KubeNetworkPolicy(this, policyId, { metadata: { name, namespace, labels }, spec });
    const egress = (policyId: string, name: string, from: LocalWorkload, rules: k8s.NetworkPolicyEgressRule[]) => policy(policyId, name, { podSelector: pods(from), policyTypes: ["Egress"], egress: rules });
    const ingress = (policyId: string, name: string, to: LocalWorkload, rules: k8s.NetworkPolicyIngressRule[]) => policy(policyId, name, { podSelector: pods(to), policyTypes: ["Ingress"], ingress: rules });

    const policies = [
      policy("deny-all", "default-deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
      policy("to-dns", "allow-egress-to-dns", {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ to: [peer(CLUSTER_DNS_PODS)], ports: [{ protocol: "UDP", port: k8s.IntOrString.fromNumber(53) }, tcp(53)] }],
      }),
      policy("to-istiod", "allow-egress-to-istio-control-plane", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [peer(ISTIO_CONTROL_PLANE_PODS)], ports: [tcp(15012)] }] }),
      ingress("from-ingress", "allow-ingress-from-istio-ingress", gateway, [{ from: [peer(props.ingress ?? ISTIO_INGRESS_PODS)], ports: [tcp(gateway.port)] }]),
      egress(
        "to-servers",
        "allow-egress-to-mcp-servers",
        gateway,
        props.upstreams.map((upstream) => ({
          to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": upstream.namespace } }, podSelector: { matchLabels: { ...upstream.podLabels } } }],
          ports: [tcp(upstream.port)],
        }))
      ),
      egress("to-collector", "allow-egress-to-otel-collector", gateway, [{ to: [peer(props.collector ?? OTEL_COLLECTOR_PODS)], ports: [tcp(props.collectorPort ?? 4317)] }]),
      egress("to-rate-limit", "allow-egress-to-rate-limit", gateway, [{ to: [local(rateLimitService)], ports: [tcp(rateLimitService.port)] }]),
      ingress("rate-limit-from-gateway", "allow-ingress-to-rate-limit", rateLimitService, [{ from: [local(gateway)], ports: [tcp(rateLimitService.port)] }]),
      egress("to-store", "allow-egress-to-rate-limit-store", rateLimitService, [{ to: [local(rateLimitStore)], ports: [tcp(rateLimitStore.port)] }]),
      ingress("store-from-rate-limit", "allow-ingress-to-rate-limit-store", rateLimitStore, [{ from: [local(rateLimitService)], ports: [tcp(rateLimitStore.port)] }]),
      egress("to-guard", "allow-egress-to-mcp-guard", gateway, [{ to: [local(guard)], ports: [tcp(guard.port)] }]),
      ingress("guard-from-gateway", "allow-ingress-to-mcp-guard", guard, [{ from: [local(gateway)], ports: [tcp(guard.port)] }]),
      egress("guard-to-collector", "allow-egress-from-mcp-guard-to-otel-collector", guard, [{ to: [peer(props.collector ?? OTEL_COLLECTOR_PODS)], ports: [tcp(props.collectorHttpPort ?? 4318)] }]),
    ];
    if (props.guardKeySource !== undefined) {
      policies.push(egress("guard-to-keys", "allow-egress-from-mcp-guard-to-token-keys", guard, [{ to: [peer(props.guardKeySource.pods)], ports: [tcp(props.guardKeySource.port)] }]));
    }
    if (props.guardStore !== undefined) {
      const { cidrs, port } = props.guardStore;
      policies.push(egress("guard-to-store", "allow-egress-from-mcp-guard-to-shared-store", guard, [{ to: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(port)] }]));
    }
    if (props.jwksEgress ?? true) {
      const extra = (props.internalCidrs ?? []).filter((cidr) => !NON_INTERNET_CIDRS.some((range) => cidrContains(range, cidr)));
      policies.push(egress("to-jwks", "allow-egress-to-jwks-tls", gateway, [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [...NON_INTERNET_CIDRS, ...extra] } }], ports: [tcp(443)] }]));
    }
    this.policies = policies;
  }
}
