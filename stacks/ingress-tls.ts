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
import { GATEWAY_NAMES } from "../constructs/k8s/mcp-gateway";
import { McpEdgeRoute } from "../constructs/k8s/mcp-edge-route";
import { McpServerIdentity } from "../constructs/mcp-server-identity";
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
function ingressTlsObjects(tls: IngressTls, region: string): ApiObjectProps[] {
  const { namespace: name, serviceAccount } = INGRESS_GATEWAY;
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name } },
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
  ingressTlsObjects(tls, environment.region).forEach((object, index) => new ApiObject(chart, `ingress-tls-${index}`, object));
  const [ingressNamespace, name] = EDGE_GATEWAY.split("/");
  const gateway = new EdgeGateway(chart, "edge-gateway", {
    name,
    ingressNamespace,
    ingressSelector: ISTIO_INGRESS_PODS.podLabels,
    port: INGRESS_HTTPS_PORT,
    tlsFiles: { serverCertificate: tls.certificatePath, privateKey: tls.privateKeyPath },
  });
  new McpEdgeRoute(chart, "mcp-edge-route", {
    host: environment.edge.domain,
    gateway: gateway.reference,
    destination: { namespace: GATEWAY_NAMES.namespace, service: GATEWAY_NAMES.name, port: GATEWAY_NAMES.port },
  });
  return gateway;
}
