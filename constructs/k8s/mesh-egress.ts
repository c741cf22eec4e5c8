import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { standardLabels } from "./labels";

/** The system CA bundle in Istio's proxy image. */
export const SYSTEM_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

/** The port external services are reached on: TLS, originated by the sidecar. */
export const EGRESS_PORT = 443;

const DOMAIN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Properties of {@link MeshEgress}. */
export interface MeshEgressProps {
  /** The namespace whose workload reaches out. */
  readonly namespace: string;
  /** The application (`app.kubernetes.io/name`). */
  readonly application: string;
  /** External domains the workload may reach: exact names or `*.example.com`. */
  readonly domains: readonly string[];
  /** Path, in the sidecar, of the CA bundle server certificates must chain to. @default {@link SYSTEM_CA_BUNDLE} */
  readonly caCertificates?: string;
  /**
   * Who speaks TLS to the domains: `originate`, the sidecar (the workload sends plain HTTP and cannot skip the checks);
   * or `passthrough`, the workload itself, for a client that only speaks HTTPS (the mesh then checks neither CA nor
   * name: the workload must). @default "originate"
   */
  readonly tls?: "originate" | "passthrough";
}

/** The object name for a domain's egress objects: `egress-<domain>`, a wildcard written `wildcard`. */
export function egressObjectName(domain: string): string {
  return `egress-${domain.replace(/^\*\./, "wildcard.")}`;
}

/**
 * The external services one workload may reach through its sidecar (NET-01, NET-04, TS-02). With the mesh's
 * outbound policy REGISTRY_ONLY, a sidecar forwards only to hosts in its service registry, so each declared domain gets:
 * - a ServiceEntry (MESH_EXTERNAL, port 443, resolved by DNS; a `*.` wildcard by the requested address), exported
 *   to the workload's own namespace only, so one server's declaration opens nothing for another;
 * - a DestinationRule that originates TLS on that port and verifies the server: its chain must end at the CA bundle,
 *   its certificate must name the domain (`subjectAltNames`), and SNI carries the domain. A wildcard domain leaves SNI
 *   and the name check to the sidecar's automatic SNI and SAN verification against the requested host.
 * The workload speaks plain HTTP to `http://<domain>:443`; the sidecar encrypts, so the certificate check cannot be
 * skipped by the application, and the pinning is to a CA and a name, never a leaf (which rotates). The named option
 * `tls: "passthrough"` declares the port as TLS instead and adds no DestinationRule, for a workload that must speak
 * HTTPS itself and verifies the server on its own.
 */
export class MeshEgress extends Construct {
  /** The ServiceEntry of each domain, by domain. */
  readonly serviceEntries: ReadonlyMap<string, ApiObject>;
  /** The DestinationRule of each domain, by domain (none when the workload speaks TLS itself). */
  readonly destinationRules: ReadonlyMap<string, ApiObject>;

  constructor(scope: Construct, id: string, props: MeshEgressProps) {
    super(scope, id);
    const { namespace } = props;
    const labels = standardLabels(props.application);
    const caCertificates = props.caCertificates ?? SYSTEM_CA_BUNDLE;
    const originate = (props.tls ?? "originate") === "originate";
    if (!caCertificates.startsWith("/")) throw new Error(`MeshEgress ${namespace}: caCertificates "${caCertificates}" is not an absolute path in the sidecar`);
    const serviceEntries = new Map<string, ApiObject>();
    const destinationRules = new Map<string, ApiObject>();
    for (const domain of props.domains) {
      if (!DOMAIN.test(domain)) throw new Error(`MeshEgress ${namespace}: "${domain}" is not a lower-case domain name or *.domain`);
      if (serviceEntries.has(domain)) throw new Error(`MeshEgress ${namespace}: domain "${domain}" is listed twice`);
      const wildcard = domain.startsWith("*.");
      const name = egressObjectName(domain);
      serviceEntries.set(
        domain,
        new ApiObject(this, `${name}-service-entry`, {
          apiVersion: "networking.istio.io/v1",
          kind: "ServiceEntry",
          metadata: { name, namespace, labels },
          spec: {
            hosts: [domain],
            exportTo: ["."],
            location: "MESH_EXTERNAL",
            ports: [originate ? { number: EGRESS_PORT, name: "http-tls-origination", protocol: "HTTP" } : { number: EGRESS_PORT, name: "tls", protocol: "TLS" }],
            resolution: wildcard ? "NONE" : "DNS",
          },
        })
      );
      if (!originate) continue;
      destinationRules.set(
        domain,
        new ApiObject(this, `${name}-destination-rule`, {
          apiVersion: "networking.istio.io/v1",
          kind: "DestinationRule",
          metadata: { name, namespace, labels },
          spec: {
            host: domain,
            exportTo: ["."],
            trafficPolicy: { tls: { mode: "SIMPLE", caCertificates, ...(wildcard ? {} : { subjectAltNames: [domain], sni: domain }) } },
          },
        })
      );
    }
    this.serviceEntries = serviceEntries;
    this.destinationRules = destinationRules;
  }
}
