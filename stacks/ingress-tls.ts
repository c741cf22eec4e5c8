/**
 * The Istio ingress gateway's side of the edge (AUTH-01, GW-01, MSH-03, NET-04): the one edge Gateway every public host
 * enters through (see EdgeGateway), the MCP host's route to agentgateway, and the TLS files the gateway serves them with,
 * behind the load balancer that re-encrypts to it: a certificate and its key in two Secrets Manager secrets of the environment (values put
 * by administrators, never in a plan), read only by the ingress gateway's own Pod Identity role, mounted read-only
 * through the Secrets Store CSI driver from a SecretProviderClass in the ingress namespace, and named by the Gateway as
 * `serverCertificate`/`privateKey` files. Nothing is copied into a Kubernetes Secret.
 */
import { ApiObject, ApiObjectProps, Chart } from "cdk8s";
import { awsSecretProviderClassObject, MountedSecret } from "../constructs/k8s/aws-secret-provider-class";
import { EdgeGateway } from "../constructs/k8s/edge-gateway";
import { ISTIO_INGRESS_PODS } from "../constructs/k8s/gateway-network-policies";
import { KEYCLOAK_NAMES } from "../constructs/k8s/keycloak";
import { NamespaceIsolation } from "../constructs/k8s/namespace-isolation";
import { NamespaceResourceLimits } from "../constructs/k8s/namespace-resource-limits";
import { ISTIO_CONTROL_PLANE_PODS, peer } from "../constructs/k8s/server-network-policies";
import { tierSubnetCidrs } from "../constructs/mcp-network";
import { standardLabels } from "../constructs/k8s/labels";
import { podSecurityLabels } from "../constructs/k8s/mcp-namespace";
import { GATEWAY_NAMES } from "../constructs/k8s/mcp-gateway";
import { McpEdgeRoute } from "../constructs/k8s/mcp-edge-route";
import { McpServerIdentity } from "../constructs/mcp-server-identity";
import { INGRESS_STATUS_PORT } from "../constructs/tls-edge";
import { EnvironmentConfig } from "../environments/schema";
import { administratorRoleArns } from "./access";
import type { McpEnvironmentStack } from "./environment-stack";
import { INGRESS_GATEWAY } from "./mesh";

/** The ingress gateway's TLS files of an environment: where they are mounted, and the secrets behind them. */
export interface IngressTls {
  /** The SecretProviderClass in the ingress namespace. */
  readonly secretProviderClass: string;
  /** Where the gateway's container sees the files. */
  readonly mountPath: string;
  /** The certificate chain (PEM) and the private key (PEM), each a Secrets Manager secret mounted as a file. */
  readonly certificate: MountedSecret;
  readonly privateKey: MountedSecret;
  /** The files' paths in the gateway's container, as the Gateway names them. */
  readonly certificatePath: string;
  readonly privateKeyPath: string;
}

/** The port the ingress gateway serves HTTPS on: the load balancer's target port (TlsEdge's default). */
export const INGRESS_HTTPS_PORT = 8443;

/** The edge Gateway every public host's VirtualService binds to, `<namespace>/<name>`. */
export const EDGE_GATEWAY = `${INGRESS_GATEWAY.namespace}/edge`;

/**
 * The ingress gateway's TLS files. One certificate for every host the ingress serves (the MCP host, and the issuer's
 * when Keycloak is deployed; its names cover each): the load balancer presents the public ACM certificates and
 * re-encrypts to this one, so every environment has it.
 */
export function ingressTls(environment: Pick<EnvironmentConfig, "name">): IngressTls {
  const mountPath = "/etc/istio/ingress-tls";
  const certificate = { secretName: `mcp/${environment.name}/ingress/tls-certificate`, fileName: "tls.crt" };
  const privateKey = { secretName: `mcp/${environment.name}/ingress/tls-key`, fileName: "tls.key" };
  return { secretProviderClass: "ingress-tls", mountPath, certificate, privateKey, certificatePath: `${mountPath}/${certificate.fileName}`, privateKeyPath: `${mountPath}/${privateKey.fileName}` };
}

/** What the ingress gateway's two secrets hold. */
export const INGRESS_TLS_SECRET_DESCRIPTIONS = {
  certificate: "PEM certificate chain the Istio ingress gateway presents to the load balancer (which re-encrypts to it), naming every host the ingress serves.",
  privateKey: "PEM private key of the Istio ingress gateway's certificate.",
} as const;

/**
 * The ingress gateway's Pod Identity role (for `istio-ingress/istio-ingressgateway`) and the two secret containers
 * only it reads, encrypted with the environment key.
 */
export function addIngressTlsSecrets(stack: McpEnvironmentStack, environment: EnvironmentConfig, deps: { readonly clusterName: string; readonly clusterArn: string }): McpServerIdentity {
  const tls = ingressTls(environment);
  return new McpServerIdentity(stack, "ingress-gateway-identity", {
    roleName: `mcp-${environment.name}-${INGRESS_GATEWAY.serviceAccount}`,
    accountId: environment.accountId,
    region: environment.region,
    clusterName: deps.clusterName,
    clusterArn: deps.clusterArn,
    namespace: INGRESS_GATEWAY.namespace,
    serviceAccount: INGRESS_GATEWAY.serviceAccount,
    kmsKeyArn: stack.key.arn,
    administratorRoleArns: administratorRoleArns(environment),
    recoveryWindowInDays: environment.production ? 30 : 7,
    secrets: [
      { id: "tls-certificate", name: tls.certificate.secretName, description: INGRESS_TLS_SECRET_DESCRIPTIONS.certificate },
      { id: "tls-key", name: tls.privateKey.secretName, description: INGRESS_TLS_SECRET_DESCRIPTIONS.privateKey },
    ],
  });
}

/**
 * The ingress namespace and its SecretProviderClass: the workloads stack applies them before the ingress gateway's
 * Helm release, whose pods mount the class at start (the release's atomic install would fail).
 */
function ingressTlsObjects(tls: IngressTls, region: string, podSecurityVersion: string): ApiObjectProps[] {
  const { namespace: name, serviceAccount } = INGRESS_GATEWAY;
  // Restricted like every namespace the blueprint declares (CTR-00): the gateway chart's pods comply with the pod
  // securityContext the IstioMesh construct gives them (ingressGatewayValues).
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { ...standardLabels(name), ...podSecurityLabels("restricted", "restricted", podSecurityVersion) } } },
    awsSecretProviderClassObject({ namespace: name, name: tls.secretProviderClass, application: serviceAccount, region, secrets: [tls.certificate, tls.privateKey] }),
  ];
}

/**
 * Adds the edge objects of the ingress gateway to a chart (the `mesh` chart): the ingress namespace and the
 * SecretProviderClass of its TLS files, the edge Gateway (one HTTPS server on the load balancer's target port, any
 * host: the load balancer sends no SNI), and the MCP host's VirtualService to agentgateway. The issuer's host gets its
 * VirtualService from the identity chart, bound to the same Gateway.
 */
export function addEdgeIngress(chart: Chart, environment: EnvironmentConfig): EdgeGateway {
  const tls = ingressTls(environment);
  ingressTlsObjects(tls, environment.region, `v${environment.cluster.kubernetesVersion}`).forEach((object, index) => new ApiObject(chart, `ingress-tls-${index}`, object));
  const [ingressNamespace, name] = EDGE_GATEWAY.split("/");
  const gateway = new EdgeGateway(chart, "edge-gateway", {
    name,
    ingressNamespace,
    ingressSelector: ISTIO_INGRESS_PODS.podLabels,
    port: INGRESS_HTTPS_PORT,
    tlsFiles: { serverCertificate: tls.certificatePath, privateKey: tls.privateKeyPath },
  });
  ingressNamespacePolicies(chart, environment);
  new McpEdgeRoute(chart, "mcp-edge-route", {
    host: environment.edge.domain,
    gateway: gateway.reference,
    destination: { namespace: GATEWAY_NAMES.namespace, service: GATEWAY_NAMES.name, port: GATEWAY_NAMES.port },
  });
  return gateway;
}

/** The most ingress gateway pods at once: the gateway chart's autoscaling maximum (5) plus one surge pod. */
const INGRESS_MAX_PODS = 6;

/**
 * The ingress namespace's baseline (ISO-01, CTR-03) like every namespace the blueprint declares: default deny and DNS,
 * HTTPS and the status port from the load balancer's edge subnets only, the mesh control plane, and egress only to
 * the backends the edge routes to (agentgateway; Keycloak when the environment deploys it); a quota and LimitRange
 * sized for the gateway chart's containers (requests 100m/128Mi, limits 2 CPU/1 GiB).
 */
function ingressNamespacePolicies(chart: Chart, environment: EnvironmentConfig): void {
  const { namespace, serviceAccount: application } = INGRESS_GATEWAY;
  new NamespaceIsolation(chart, "ingress-isolation", { namespace, application });
  new NamespaceResourceLimits(chart, "ingress-limits", { namespace, application, container: { cpu: "2", memory: "1Gi", ephemeralStorage: "1Gi", requests: { cpu: "100m", memory: "128Mi" } }, maxPods: INGRESS_MAX_PODS });
  const pods = { matchLabels: { ...ISTIO_INGRESS_PODS.podLabels } };
  const tcp = (...ports: number[]) => ports.map((port) => ({ protocol: "TCP", port }));
  const policy = (name: string, spec: Record<string, unknown>) =>
    new ApiObject(chart, `ingress-${name}`, { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace, labels: standardLabels(application) }, spec: { podSelector: pods, ...spec } });
  policy("allow-ingress-from-load-balancer", {
    policyTypes: ["Ingress"],
    ingress: [{ from: tierSubnetCidrs(environment.vpcCidr, "edge", environment.azCount).map((cidr) => ({ ipBlock: { cidr } })), ports: tcp(INGRESS_HTTPS_PORT, INGRESS_STATUS_PORT) }],
  });
  const backends = [
    { to: [peer(ISTIO_CONTROL_PLANE_PODS)], ports: tcp(15012) },
    { to: [peer({ namespaceLabels: { "kubernetes.io/metadata.name": GATEWAY_NAMES.namespace }, podLabels: { "app.kubernetes.io/name": GATEWAY_NAMES.name } })], ports: tcp(GATEWAY_NAMES.port) },
    ...(environment.identity === undefined ? [] : [{ to: [peer({ namespaceLabels: { "kubernetes.io/metadata.name": KEYCLOAK_NAMES.namespace }, podLabels: { "app.kubernetes.io/name": KEYCLOAK_NAMES.name } })], ports: tcp(KEYCLOAK_NAMES.port) }]),
  ];
  policy("allow-egress-to-backends", { policyTypes: ["Egress"], egress: backends });
}
