import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { SECRETS_STORE_CSI_DRIVER } from "./k8s/hardened-deployment";

/** The Istio release the blueprint installs: its Helm charts and images share this version. */
export const ISTIO_VERSION = "1.29.3";

/** Istio's Helm chart repository. */
export const ISTIO_CHART_REPOSITORY = "https://istio-release.storage.googleapis.com/charts";

/** CPU and memory (requests equal limits) of a sidecar, when no pod annotation sizes it. */
export interface ProxyResources {
  /** e.g. "200m". */
  readonly cpu: string;
  /** e.g. "256Mi". */
  readonly memory: string;
}

/**
 * Files the ingress gateway presents (its TLS certificates and keys), mounted read-only by the Secrets Store CSI driver
 * from a SecretProviderClass in the ingress namespace, with the gateway's own Pod Identity role.
 */
export interface IngressSecretFiles {
  /** The SecretProviderClass, in the ingress namespace; it must exist before the gateway's pods start. */
  readonly secretProviderClass: string;
  /** Where the files appear in the gateway's container, e.g. `/etc/istio/ingress-tls`. */
  readonly mountPath: string;
  /** What creates the ingress namespace and the SecretProviderClass: the ingress release waits for them. */
  readonly dependsOn: ITerraformDependable[];
}

/** Properties of {@link IstioMesh}. */
export interface IstioMeshProps {
  /**
   * Where the nodes pull Istio's images: a mirror of `docker.io/istio` (pilot, install-cni, proxyv2) in a registry the
   * nodes reach, e.g. `111111111111.dkr.ecr.eu-central-1.amazonaws.com/istio`.
   */
  readonly imageHub: string;
  /**
   * The sidecar image injected into every meshed pod, pinned by digest, e.g. `<registry>/istio/proxyv2@sha256:<digest>`:
   * used for the proxy and for the CNI validation init container, so admission policies can admit it like any image.
   */
  readonly proxyImage: string;
  /** Istio version of the charts and images. @default {@link ISTIO_VERSION} */
  readonly version?: string;
  /** Sidecar size for pods that do not set Istio's resource annotations. @default 200m CPU, 256Mi memory */
  readonly proxyResources?: ProxyResources;
  /** The mesh's trust domain. @default "cluster.local" */
  readonly trustDomain?: string;
  /** Namespace of the control plane and the CNI node agent. @default "istio-system" */
  readonly namespace?: string;
  /** Namespace of the ingress gateway. @default "istio-ingress" */
  readonly ingressNamespace?: string;
  /** Name of the ingress gateway's release, Deployment and service account. @default "istio-ingressgateway" */
  readonly ingressName?: string;
  /**
   * TLS files the ingress gateway serves hosts with (Gateway `serverCertificate`/`privateKey`); their `dependsOn`
   * creates the ingress namespace, so the release then does not. @default none: the release creates the namespace
   */
  readonly ingressSecretFiles?: IngressSecretFiles;
}

/** The name of the ingress gateway's volume of secret files. */
export const INGRESS_SECRET_VOLUME = "ingress-tls";

/** The values of the `gateway` chart: a ClusterIP service, and the secret files' CSI volume when there are any. */
export function ingressGatewayValues(files: IngressSecretFiles | undefined): Record<string, unknown> {
  const service = { type: "ClusterIP" };
  // The chart's own pod securityContext (only the unprivileged-port sysctl) plus the RuntimeDefault seccomp profile, so
  // its pods meet the restricted Pod Security profile; the chart's container securityContext already drops every
  // capability, runs as 1337, non-root, without privilege escalation, on a read-only root filesystem.
  const securityContext = { seccompProfile: { type: "RuntimeDefault" }, sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }] };
  if (files === undefined) return { service, securityContext };
  return {
    service,
    securityContext,
    volumes: [{ name: INGRESS_SECRET_VOLUME, csi: { driver: SECRETS_STORE_CSI_DRIVER, readOnly: true, volumeAttributes: { secretProviderClass: files.secretProviderClass } } }],
    volumeMounts: [{ name: INGRESS_SECRET_VOLUME, mountPath: files.mountPath, readOnly: true }],
  };
}

const DIGEST_PINNED = /^[a-z0-9.-]+(:[0-9]+)?\/[a-z0-9._/-]+@sha256:[a-f0-9]{64}$/;
const VERSION = /^\d+\.\d+\.\d+$/;

/** The values of the `istiod` chart (plain JSON, which is YAML): see {@link IstioMesh}. */
export function istiodValues(props: IstioMeshProps): Record<string, unknown> {
  const resources = props.proxyResources ?? { cpu: "200m", memory: "256Mi" };
  const size = { cpu: resources.cpu, memory: resources.memory };
  return {
    global: {
      hub: props.imageHub,
      tag: props.version ?? ISTIO_VERSION,
      proxy: { image: props.proxyImage, privileged: false, resources: { requests: { ...size }, limits: { ...size } } },
      proxy_init: { image: props.proxyImage },
      logAsJson: true,
    },
    cni: { enabled: true },
    pilot: { cni: { enabled: true } },
    meshConfig: {
      trustDomain: props.trustDomain ?? "cluster.local",
      outboundTrafficPolicy: { mode: "REGISTRY_ONLY" },
      meshMTLS: { minProtocolVersion: "TLSV1_3" },
      accessLogFile: "/dev/stdout",
      accessLogEncoding: "JSON",
      defaultConfig: { holdApplicationUntilProxyStarts: true },
    },
  };
}

/**
 * Istio installed with Helm in sidecar mode (NET-02, NET-04, CTR-02, NET-01), four pinned releases of Istio's own
 * charts, each after the one it needs: `base` (CRDs), `cni` (the CNI node agent, so no meshed pod needs the
 * NET_ADMIN/NET_RAW `istio-init` container: injection adds only the unprivileged `istio-validation` check), `istiod`
 * and the `gateway` ingress (ClusterIP, reached by the load balancer through its pod IPs; with `ingressSecretFiles`, its
 * TLS files mounted read-only from a SecretProviderClass that exists before the release installs). istiod's values:
 * - CNI on (`cni.enabled`, and `pilot.cni.enabled` as the Helm documentation spells it);
 * - outbound traffic `REGISTRY_ONLY`: a sidecar forwards only to services in the registry (Kubernetes services and
 *   declared ServiceEntries), so undeclared egress fails in the mesh before it reaches the network firewall;
 * - mesh mTLS at TLS 1.3 minimum, JSON access logs on stdout (collected with the container logs);
 * - images from `imageHub` at the pinned version, the sidecar pinned by digest, never privileged, and sized (requests
 *   equal limits) for pods without Istio's resource annotations, so ResourceQuotas admit them.
 * Every value is plain JSON: deterministic, and readable by policy rules from the synthesized plan.
 */
export class IstioMesh extends Construct {
  readonly base: Release;
  readonly cni: Release;
  readonly istiod: Release;
  readonly ingressGateway: Release;
  /** Every release, in install order. */
  readonly releases: readonly Release[];

  constructor(scope: Construct, id: string, props: IstioMeshProps) {
    super(scope, id);
    const version = props.version ?? ISTIO_VERSION;
    if (!VERSION.test(version)) throw new Error(`IstioMesh: version "${version}" is not a pinned release such as "${ISTIO_VERSION}"`);
    if (!DIGEST_PINNED.test(props.proxyImage)) throw new Error(`IstioMesh: proxyImage "${props.proxyImage}" is not <registry>/<repository>@sha256:<digest>`);
    if (!/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)+$/.test(props.imageHub)) throw new Error(`IstioMesh: imageHub "${props.imageHub}" is not <registry>/<path>`);
    const namespace = props.namespace ?? "istio-system";
    const common = { repository: ISTIO_CHART_REPOSITORY, version, atomic: true, cleanupOnFail: true, maxHistory: 5, timeout: 600 };
    const values = (value: Record<string, unknown>) => [JSON.stringify(value)];

    this.base = new Release(this, "base", { ...common, name: "istio-base", chart: "base", namespace, createNamespace: true });
    this.cni = new Release(this, "cni", {
      ...common,
      name: "istio-cni",
      chart: "cni",
      namespace,
      values: values({ global: { hub: props.imageHub, tag: version, logAsJson: true } }),
      dependsOn: [this.base],
    });
    this.istiod = new Release(this, "istiod", { ...common, name: "istiod", chart: "istiod", namespace, values: values(istiodValues(props)), dependsOn: [this.base, this.cni] });
    this.ingressGateway = new Release(this, "ingress-gateway", {
      ...common,
      name: props.ingressName ?? "istio-ingressgateway",
      chart: "gateway",
      namespace: props.ingressNamespace ?? "istio-ingress",
      createNamespace: props.ingressSecretFiles === undefined,
      values: values(ingressGatewayValues(props.ingressSecretFiles)),
      dependsOn: [this.istiod, ...(props.ingressSecretFiles?.dependsOn ?? [])],
    });
    this.releases = [this.base, this.cni, this.istiod, this.ingressGateway];
  }
}
