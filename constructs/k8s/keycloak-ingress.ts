import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { standardLabels } from "./labels";

/** Properties of a {@link KeycloakIngress}. */
export interface KeycloakIngressProps {
  /** The issuer's host, e.g. `auth.example.com`: the only host the Gateway accepts. */
  readonly host: string;
  /** Path prefixes routed to Keycloak, each ending in `/`, e.g. `/realms/mcp-prod/` and `/resources/`; nothing else is routed. */
  readonly publicPaths: readonly string[];
  /** The ingress gateway's namespace, where the Gateway lives. */
  readonly ingressNamespace: string;
  /** Labels of the ingress gateway's pods the Gateway binds to. */
  readonly ingressSelector: Readonly<Record<string, string>>;
  /** Port the ingress gateway serves HTTPS on (the load balancer's target port). */
  readonly ingressPort: number;
  /**
   * Paths, in the ingress gateway's container, of the PEM certificate chain and private key it presents for `host` to
   * the load balancer (which re-encrypts to it; the public certificate is the ACM one on the load balancer): files the
   * gateway mounts read-only from Secrets Manager, never a Kubernetes Secret.
   */
  readonly tlsFiles: { readonly serverCertificate: string; readonly privateKey: string };
  /** Keycloak's namespace, Service name and HTTP port. */
  readonly keycloak: { readonly namespace: string; readonly service: string; readonly port: number };
}

/**
 * Keycloak's way in from the edge (AUTH-01, PUB-08): an Istio Gateway on the ingress gateway accepting only the
 * issuer's host over TLS (1.2 minimum), and a VirtualService bound to it that routes only the realm's public path
 * prefixes to Keycloak. Every other path on the host (`/admin`, other realms) matches no route and gets 404 from the
 * ingress; Keycloak's mesh policy admits the ingress on the same prefixes only, so the admin console stays reachable
 * only from inside the cluster.
 */
export class KeycloakIngress extends Construct {
  readonly gateway: ApiObject;
  readonly virtualService: ApiObject;

  constructor(scope: Construct, id: string, props: KeycloakIngressProps) {
    super(scope, id);
    if (props.publicPaths.length === 0 || props.publicPaths.some((prefix) => !/^\/[A-Za-z0-9._/-]*\/$/.test(prefix) || prefix.startsWith("/admin"))) {
      throw new Error(`KeycloakIngress ${props.host}: publicPaths must list path prefixes starting and ending with "/", never /admin, e.g. /realms/mcp-prod/`);
    }
    const name = props.keycloak.service;
    const labels = standardLabels(name);
    this.gateway = new ApiObject(this, "gateway", {
      apiVersion: "networking.istio.io/v1",
      kind: "Gateway",
      metadata: { name, namespace: props.ingressNamespace, labels },
      spec: {
        selector: { ...props.ingressSelector },
        servers: [{ port: { number: props.ingressPort, name: "https-keycloak", protocol: "HTTPS" }, hosts: [props.host], tls: { mode: "SIMPLE", serverCertificate: props.tlsFiles.serverCertificate, privateKey: props.tlsFiles.privateKey, minProtocolVersion: "TLSV1_2" } }],
      },
    });
    const { keycloak } = props;
    this.virtualService = new ApiObject(this, "virtual-service", {
      apiVersion: "networking.istio.io/v1",
      kind: "VirtualService",
      metadata: { name, namespace: keycloak.namespace, labels },
      spec: {
        hosts: [props.host],
        gateways: [`${props.ingressNamespace}/${name}`],
        http: [
          {
            name: "public-paths",
            match: props.publicPaths.map((prefix) => ({ uri: { prefix } })),
            route: [{ destination: { host: `${keycloak.service}.${keycloak.namespace}.svc.cluster.local`, port: { number: keycloak.port } } }],
          },
        ],
      },
    });
  }
}
