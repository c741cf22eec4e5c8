import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { standardLabels } from "./labels";

/** Properties of an {@link EdgeGateway}. */
export interface EdgeGatewayProps {
  /** The Gateway's name, e.g. `edge`; VirtualServices bind to `<ingressNamespace>/<name>`. */
  readonly name: string;
  /** The ingress gateway's namespace, where the Gateway lives. */
  readonly ingressNamespace: string;
  /** Labels of the ingress gateway's pods the Gateway binds to. */
  readonly ingressSelector: Readonly<Record<string, string>>;
  /** Port the ingress gateway serves HTTPS on: the load balancer's target port. */
  readonly port: number;
  /**
   * Paths, in the ingress gateway's container, of the PEM certificate chain and private key it presents to the load
   * balancer (which re-encrypts to it; clients see the ACM certificates on the load balancer): files the gateway mounts
   * read-only from Secrets Manager, never a Kubernetes Secret.
   */
  readonly tlsFiles: { readonly serverCertificate: string; readonly privateKey: string };
}

/**
 * The one Istio Gateway every edge host enters through (NET-04): a single HTTPS server on the load balancer's target
 * port, TLS 1.2 minimum, with the ingress gateway's mounted certificate. Its `hosts` is `*` on purpose: an AWS
 * Application Load Balancer sends no SNI when it re-encrypts to its targets, and an HTTPS server listing specific hosts
 * matches the handshake on SNI, so the load balancer's connection would match no filter chain and be reset. Which host
 * reaches which service is decided after TLS, on the `Host` header, by the VirtualServices bound to this Gateway
 * (the MCP host to agentgateway, the issuer's host to Keycloak's public paths); a host no VirtualService names gets 404.
 */
export class EdgeGateway extends Construct {
  readonly gateway: ApiObject;
  /** The reference VirtualServices bind to: `<namespace>/<name>`. */
  readonly reference: string;

  constructor(scope: Construct, id: string, props: EdgeGatewayProps) {
    super(scope, id);
    if (!Number.isInteger(props.port) || props.port < 1 || props.port > 65535) throw new Error(`EdgeGateway ${props.name}: port ${props.port} is not a TCP port; use the load balancer's target port, e.g. 8443`);
    this.reference = `${props.ingressNamespace}/${props.name}`;
    this.gateway = new ApiObject(this, "gateway", {
      apiVersion: "networking.istio.io/v1",
      kind: "Gateway",
      metadata: { name: props.name, namespace: props.ingressNamespace, labels: standardLabels(props.name) },
      spec: {
        selector: { ...props.ingressSelector },
        servers: [
          {
            port: { number: props.port, name: "https-edge", protocol: "HTTPS" },
            hosts: ["*"],
            tls: { mode: "SIMPLE", serverCertificate: props.tlsFiles.serverCertificate, privateKey: props.tlsFiles.privateKey, minProtocolVersion: "TLSV1_2" },
          },
        ],
      },
    });
  }
}
