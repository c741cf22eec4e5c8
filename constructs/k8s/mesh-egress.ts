import { X509Certificate } from "crypto";
import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { isDnsLabel } from "../dns-name";
import { x509Certificate } from "../../shared/x509-certificate";
import { ConfigMapMount } from "./hardened-deployment";
import { standardLabels } from "./labels";

/** The port external services are reached on: TLS, originated by the sidecar. */
export const EGRESS_PORT = 443;

/**
 * The ConfigMap of a namespace's pinned egress CAs, and where the injected sidecar sees it: a workload whose sidecar
 * originates TLS for {@link MeshEgress} mounts it there (`HardenedDeployment`'s `sidecarConfigMaps`).
 */
export const EGRESS_CA_MOUNT: ConfigMapMount = { configMap: "egress-ca", mountPath: "/etc/istio/egress-ca" };

const TOP_LEVEL_LABEL = /^[a-z]{2,63}$/;

/** Whether `domain` is DNS labels and a top-level label of 2 to 63 letters (`api.github.com`), or `*.` and such a name. */
export function isEgressDomain(domain: string): boolean {
  const labels = (domain.startsWith("*.") ? domain.slice(2) : domain).split(".");
  const topLevel = labels[labels.length - 1];
  return labels.length >= 2 && labels.slice(0, -1).every(isDnsLabel) && TOP_LEVEL_LABEL.test(topLevel);
}

/** Properties of {@link MeshEgress}. */
export interface MeshEgressProps {
  /** The namespace whose workload reaches out. */
  readonly namespace: string;
  /** The application (`app.kubernetes.io/name`). */
  readonly application: string;
  /** External domains the workload may reach: exact names or `*.example.com`. */
  readonly domains: readonly string[];
  /**
   * The CA certificates (PEM, one per item) each domain's certificate chain must end at, by domain: required for every
   * domain when the sidecar originates TLS, and only for listed domains. @default none (only for `tls: "passthrough"`)
   */
  readonly certificateAuthorities?: Readonly<Record<string, readonly string[]>>;
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

/** The key of a domain's CA bundle in the {@link EGRESS_CA_MOUNT} ConfigMap: `<domain>.pem`, a wildcard written `wildcard`. */
export function egressCaKey(domain: string): string {
  return `${domain.replace(/^\*\./, "wildcard.")}.pem`;
}

/** The path, in the sidecar, of a domain's pinned CA bundle. */
export function egressCaPath(domain: string): string {
  return `${EGRESS_CA_MOUNT.mountPath}/${egressCaKey(domain)}`;
}

/** The PEM bundle of a domain's CAs, each checked to be a CA certificate. */
function caBundle(owner: string, domain: string, certificates: readonly string[]): string {
  if (certificates.length === 0) throw new Error(`${owner}: certificateAuthorities["${domain}"] is empty; list the PEM certificate of the CA its chain ends at`);
  return certificates
    .map((pem, index) => {
      let certificate: X509Certificate;
      try {
        certificate = x509Certificate(pem);
      } catch {
        throw new Error(`${owner}: certificateAuthorities["${domain}"][${index}] is not a PEM certificate`);
      }
      if (!certificate.ca) throw new Error(`${owner}: certificateAuthorities["${domain}"][${index}] is not a CA certificate; pin the CA the chain ends at, never a leaf`);
      return `${pem.trim()}\n`;
    })
    .join("");
}

/**
 * The external services one workload may reach through its sidecar (NET-01, NET-04, TS-02). With the mesh's
 * outbound policy REGISTRY_ONLY, a sidecar forwards only to hosts in its service registry, so each declared domain gets:
 * - a ServiceEntry (MESH_EXTERNAL, port 443, resolved by DNS; a `*.` wildcard by the requested address), exported
 *   to the workload's own namespace only, so one server's declaration opens nothing for another;
 * - a DestinationRule that originates TLS on that port and verifies the server: its chain must end at one of the CAs
 *   pinned for the domain (`caCertificates`, the domain's file in the ConfigMap {@link EGRESS_CA_MOUNT} the sidecar
 *   mounts; never the proxy's system bundle, which trusts every public CA), its certificate must name the domain
 *   (`subjectAltNames`), and SNI carries the domain. A wildcard domain leaves SNI and the name check to the sidecar's
 *   automatic SNI and SAN verification against the requested host.
 * The workload speaks plain HTTP to `http://<domain>:443`; the sidecar encrypts, so the certificate check cannot be
 * skipped by the application, and the pinning is to a CA and a name, never a leaf (which rotates). The workload's pod
 * must mount the ConfigMap into its sidecar (`sidecar.istio.io/userVolume`, see HardenedDeployment's
 * `sidecarConfigMaps`), or the sidecar fails every connection to the domains. The named option `tls: "passthrough"`
 * declares the port as TLS instead and adds no DestinationRule or CA, for a workload that must speak HTTPS itself and
 * verifies the server on its own.
 */
export class MeshEgress extends Construct {
  /** The ServiceEntry of each domain, by domain. */
  readonly serviceEntries: ReadonlyMap<string, ApiObject>;
  /** The DestinationRule of each domain, by domain (none when the workload speaks TLS itself). */
  readonly destinationRules: ReadonlyMap<string, ApiObject>;
  /** The ConfigMap of the pinned CAs, one key per domain (absent when the workload speaks TLS itself or reaches no domain). */
  readonly certificateAuthorities?: ApiObject;

  constructor(scope: Construct, id: string, props: MeshEgressProps) {
    super(scope, id);
    const { namespace } = props;
    const owner = `MeshEgress ${namespace}`;
    const labels = standardLabels(props.application);
    const originate = (props.tls ?? "originate") === "originate";
    const pinned = props.certificateAuthorities ?? {};
    const undeclared = Object.keys(pinned).find((domain) => !props.domains.includes(domain));
    if (undeclared !== undefined) throw new Error(`${owner}: certificateAuthorities names "${undeclared}", which is not one of the domains`);
    if (!originate && Object.keys(pinned).length > 0) throw new Error(`${owner}: certificateAuthorities are for TLS the sidecar originates; with tls "passthrough" the workload verifies the server itself`);
    const serviceEntries = new Map<string, ApiObject>();
    const destinationRules = new Map<string, ApiObject>();
    const bundles: Record<string, string> = {};
    for (const domain of props.domains) {
      if (!isEgressDomain(domain)) throw new Error(`${owner}: "${domain}" is not a lower-case domain name or *.domain`);
      if (serviceEntries.has(domain)) throw new Error(`${owner}: domain "${domain}" is listed twice`);
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
      const certificates = pinned[domain];
      if (certificates === undefined) throw new Error(`${owner}: no CA pinned for "${domain}"; give certificateAuthorities["${domain}"] the PEM certificate of the CA its chain ends at`);
      bundles[egressCaKey(domain)] = caBundle(owner, domain, certificates);
      destinationRules.set(
        domain,
        new ApiObject(this, `${name}-destination-rule`, {
          apiVersion: "networking.istio.io/v1",
          kind: "DestinationRule",
          metadata: { name, namespace, labels },
          spec: {
            host: domain,
            exportTo: ["."],
            trafficPolicy: { tls: { mode: "SIMPLE", caCertificates: egressCaPath(domain), ...(wildcard ? {} : { subjectAltNames: [domain], sni: domain }) } },
          },
        })
      );
    }
    if (Object.keys(bundles).length > 0) {
      this.certificateAuthorities = new ApiObject(this, "certificate-authorities", {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: EGRESS_CA_MOUNT.configMap, namespace, labels },
        data: bundles,
      });
    }
    this.serviceEntries = serviceEntries;
    this.destinationRules = destinationRules;
  }
}
