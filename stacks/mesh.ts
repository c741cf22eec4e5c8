/**
 * The mesh and admission side of an environment's Kubernetes objects: two cdk8s charts added to the environment's app,
 * `mesh` (mutual TLS, identity-based authorization, connection pools, declared egress; the edge Gateway and the MCP
 * host's route are added to it by stacks/ingress-tls.ts) and `admission` (the
 * ValidatingAdmissionPolicies and the signed-image policy), written to `dist/k8s/<env>/mesh.yaml` and `admission.yaml`
 * and applied by the workloads stack. The mesh itself (Istio with CNI, the sigstore policy-controller) is installed by
 * the same stack, see stacks/mesh-install.ts.
 */
import { App as Cdk8sApp, Chart } from "cdk8s";
import { McpAdmissionPolicies } from "../constructs/k8s/admission-policies";
import { HardenedDeployment } from "../constructs/k8s/hardened-deployment";
import { selectorLabels } from "../constructs/k8s/labels";
import { GATEWAY_NAMES, McpGateway } from "../constructs/k8s/mcp-gateway";
import { NamespaceAuthorization } from "../constructs/k8s/mesh-authorization";
import { MeshEgress } from "../constructs/k8s/mesh-egress";
import { meshPrincipal, MeshMtls } from "../constructs/k8s/mesh-mtls";
import { ServerTrafficPolicy } from "../constructs/k8s/server-traffic-policy";
import { SignedImagesPolicy } from "../constructs/k8s/signed-images-policy";
import { ecrRegistry } from "../environments/cluster-checks";
import { EnvironmentConfig } from "../environments/schema";

/** The Istio ingress gateway: its namespace and service account (the Helm release's name). */
export const INGRESS_GATEWAY = { namespace: "istio-ingress", serviceAccount: "istio-ingressgateway" } as const;

/** The mesh chart and the admission chart of an environment. */
export interface EnvironmentMesh {
  readonly mesh: Chart;
  readonly admission: Chart;
}

/** The service account and pod labels a Deployment runs as, read from the generated object. */
function workloadOf(deployment: HardenedDeployment): { principal: string; selector: Record<string, string> } {
  const json = deployment.deployment.toJson() as { metadata: { namespace: string }; spec: { template: { spec: { serviceAccountName: string } } } };
  return { principal: meshPrincipal(json.metadata.namespace, json.spec.template.spec.serviceAccountName), selector: { ...deployment.selector } };
}

/** The host of an `https://` URL on port 443, or an error naming the field. */
function httpsHost(url: string, field: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" || (parsed.port !== "" && parsed.port !== "443")) throw new Error(`${field} "${url}" is not an https URL on port 443: the gateway's mesh egress is declared for TLS on 443 only`);
  return parsed.hostname;
}

/**
 * Adds an environment's mesh and admission charts to its cdk8s app (NET-01, NET-02, NET-04, TS-02, CTR-00..04,
 * PROV-01): STRICT mTLS mesh-wide; per MCP server an allow-nothing AuthorizationPolicy plus one that admits only the
 * gateway's identity on the server's port, a DestinationRule with ISTIO_MUTUAL and the server's connection-pool quota,
 * and a ServiceEntry with TLS origination pinned to the domain's configured CAs (the ConfigMap `egress-ca`) per
 * declared egress domain; in the gateway's namespace an allow-nothing policy, the ingress gateway's identity admitted
 * to agentgateway, agentgateway's to its rate-limit service and to the MCP guard, the rate-limit service's to its store, and the issuer's JWKS host
 * declared for egress (agentgateway verifies that TLS itself); the admission policies bound to the `mcp` and `gateway`
 * zones, with images only from the environment's ECR registry and signed with its key.
 */
export function addMesh(app: Cdk8sApp, environment: EnvironmentConfig, gateway: McpGateway): EnvironmentMesh {
  const mesh = new Chart(app, "mesh", { disableResourceNameHashes: true });
  new MeshMtls(mesh, "mtls");
  const agentgateway = workloadOf(gateway.deployment);
  const rateLimit = workloadOf(gateway.rateLimit.deployment);
  for (const server of environment.mcpServers) {
    new NamespaceAuthorization(mesh, `${server.name}-authorization`, {
      namespace: server.name,
      application: server.name,
      allow: [{ name: "gateway", principals: [agentgateway.principal], workloadSelector: selectorLabels(server.name), ports: [server.port] }],
    });
    new ServerTrafficPolicy(mesh, `${server.name}-traffic-policy`, {
      namespace: server.name,
      service: server.name,
      application: server.name,
      maxConnections: server.quota.maxConnections,
      maxConcurrentRequests: server.quota.maxConcurrentRequests,
    });
    if (server.egressDomains.length > 0) {
      new MeshEgress(mesh, `${server.name}-egress`, {
        namespace: server.name,
        application: server.name,
        domains: server.egressDomains,
        certificateAuthorities: server.egressCertificateAuthorities,
      });
    }
  }
  new NamespaceAuthorization(mesh, "gateway-authorization", {
    namespace: GATEWAY_NAMES.namespace,
    application: GATEWAY_NAMES.name,
    allow: [
      { name: "ingress-gateway", principals: [meshPrincipal(INGRESS_GATEWAY.namespace, INGRESS_GATEWAY.serviceAccount)], workloadSelector: agentgateway.selector, ports: [GATEWAY_NAMES.port] },
      { name: "gateway-to-rate-limit", principals: [agentgateway.principal], workloadSelector: rateLimit.selector, ports: [gateway.rateLimit.service.port] },
      { name: "rate-limit-to-store", principals: [rateLimit.principal], workloadSelector: { ...gateway.rateLimit.store.podLabels }, ports: [gateway.rateLimit.store.port] },
      { name: "gateway-to-guard", principals: [agentgateway.principal], workloadSelector: { ...gateway.guard.workload.podLabels }, ports: [gateway.guard.workload.port] },
    ],
  });
  new MeshEgress(mesh, "gateway-egress", {
    namespace: GATEWAY_NAMES.namespace,
    application: GATEWAY_NAMES.name,
    domains: [httpsHost(environment.gateway.jwt.jwksUrl, `${environment.name}.gateway.jwt.jwksUrl`)],
    tls: "passthrough",
  });

  const admission = new Chart(app, "admission", { disableResourceNameHashes: true });
  const registry = ecrRegistry(environment);
  new McpAdmissionPolicies(admission, "policies", { registry, zones: ["mcp", "gateway", "identity"] });
  new SignedImagesPolicy(admission, "signed-images", { images: [`${registry}/**`], signingKey: environment.cluster.imageSigningKey });
  return { mesh, admission };
}
