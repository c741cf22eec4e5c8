import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { standardLabels } from "./labels";

/** Properties of a {@link KeycloakIngress}. */
export interface KeycloakIngressProps {
  /** The issuer's host, e.g. `auth.example.com`: the only host routed. */
  readonly host: string;
  /** Path prefixes routed to Keycloak, each ending in `/`, e.g. `/realms/mcp-prod/` and `/resources/`; nothing else is routed. */
  readonly publicPaths: readonly string[];
  /** The edge Gateway the route is bound to, `<namespace>/<name>` (see EdgeGateway). */
  readonly gateway: string;
  /** Keycloak's namespace, Service name and HTTP port. */
  readonly keycloak: { readonly namespace: string; readonly service: string; readonly port: number };
}

/**
 * Keycloak's way in from the edge (AUTH-01, PUB-08): a VirtualService for the issuer's host, bound to the shared edge
 * Gateway (TLS 1.2 minimum, see EdgeGateway), that routes only the realm's public path prefixes to Keycloak. Every other path on the host (`/admin`, other realms) matches no route and gets 404 from the
 * ingress; Keycloak's mesh policy admits the ingress on the same prefixes only, so the admin console stays reachable
 * only from inside the cluster.
 */
export class KeycloakIngress extends Construct {
  readonly virtualService: ApiObject;

  constructor(scope: Construct, id: string, props: KeycloakIngressProps) {
    super(scope, id);
    if (props.publicPaths.length === 0 || props.publicPaths.some((prefix) => !/^\/[A-Za-z0-9._/-]*\/$/.test(prefix) || prefix.startsWith("/admin"))) {
      throw new Error(`KeycloakIngress ${props.host}: publicPaths must list path prefixes starting and ending with "/", never /admin, e.g. /realms/mcp-prod/`);
    }
    const name = props.keycloak.service;
    const labels = standardLabels(name);
    const { keycloak } = props;
    this.virtualService = new ApiObject(this, "virtual-service", {
      apiVersion: "networking.istio.io/v1",
      kind: "VirtualService",
      metadata: { name, namespace: keycloak.namespace, labels },
      spec: {
        hosts: [props.host],
        gateways: [props.gateway],
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
