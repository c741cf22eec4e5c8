/**
 * The TLS files the Istio ingress gateway serves its hosts (the issuer's) with, behind the load balancer that re-encrypts to
 * it (AUTH-01, MSH-03, NET-04): a certificate and its key in two Secrets Manager secrets of the environment (values put
 * by administrators, never in a plan), read only by the ingress gateway's own Pod Identity role, mounted read-only
 * through the Secrets Store CSI driver from a SecretProviderClass in the ingress namespace, and named by the Gateway as
 * `serverCertificate`/`privateKey` files. Nothing is copied into a Kubernetes Secret.
 */
import { ApiObjectProps } from "cdk8s";
import { awsSecretProviderClassObject, MountedSecret } from "../constructs/k8s/aws-secret-provider-class";
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

/**
 * The ingress gateway's TLS files, when the environment deploys Keycloak (the issuer's host is then served by the
 * ingress); else undefined. One certificate for every host the ingress serves (its names cover each): the load
 * balancer presents the public ACM certificates and re-encrypts to this one.
 */
export function ingressTls(environment: Pick<EnvironmentConfig, "name" | "identity">): IngressTls | undefined {
  if (environment.identity === undefined) return undefined;
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
 * only it reads, encrypted with the environment key; nothing when the environment has no Keycloak host to serve.
 */
export function addIngressTlsSecrets(stack: McpEnvironmentStack, environment: EnvironmentConfig, deps: { readonly clusterName: string; readonly clusterArn: string }): McpServerIdentity | undefined {
  const tls = ingressTls(environment);
  if (tls === undefined) return undefined;
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
 * The ingress namespace and its SecretProviderClass (in the `identity` chart): the workloads stack applies them before
 * the ingress gateway's Helm release, whose pods mount the class at start (the release's atomic install would fail).
 */
export function ingressTlsObjects(tls: IngressTls, region: string): ApiObjectProps[] {
  const { namespace: name, serviceAccount } = INGRESS_GATEWAY;
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name } },
    awsSecretProviderClassObject({ namespace: name, name: tls.secretProviderClass, application: serviceAccount, region, secrets: [tls.certificate, tls.privateKey] }),
  ];
}
