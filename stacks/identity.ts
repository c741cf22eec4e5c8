/**
 * The token contract of an environment, from one source (`gateway.jwt`, the servers' audiences and tools): the realm
 * Keycloak serves and the guard's token checks, so Keycloak, the gateway and the guard agree on issuer, keys,
 * audiences, sign-in levels and just-in-time grants; and the cdk8s chart `identity` (written to
 * `dist/k8s/<env>/identity.yaml`, the realm inside it) holding Keycloak, its network policies and its mesh policy.
 */
import { App as Cdk8sApp, Chart } from "cdk8s";
import type RealmRepresentation from "@keycloak/keycloak-admin-client/lib/defs/realmRepresentation";
import { ISTIO_INGRESS_PODS } from "../constructs/k8s/gateway-network-policies";
import { ACCESS_REVIEW_CLIENT_ID, accessReviewAdminPaths } from "../baselines/access-review";
import { ACCESS_REVIEW_NAMES, ACCESS_REVIEW_PODS } from "../constructs/k8s/access-review-job";
import { Keycloak, KEYCLOAK_NAMES, KEYCLOAK_PUBLIC_PATHS } from "../constructs/k8s/keycloak";
import { KeycloakIngress } from "../constructs/k8s/keycloak-ingress";
import { KeycloakNetworkPolicies } from "../constructs/k8s/keycloak-network-policies";
import { keycloakRealm, RealmServerProps, serverClientId, serverClientIds } from "../constructs/k8s/keycloak-realm";
import { GATEWAY_NAMES } from "../constructs/k8s/mcp-gateway";
import { GUARD_NAMES } from "../constructs/k8s/mcp-guard";
import { NamespaceAuthorization } from "../constructs/k8s/mesh-authorization";
import { meshPrincipal } from "../constructs/k8s/mesh-mtls";
import { PeerPods } from "../constructs/k8s/server-network-policies";
import { selectorLabels } from "../constructs/k8s/labels";
import { StoreMeshEgress } from "../constructs/k8s/store-mesh-egress";
import type { AuthorizationServerEdge } from "../constructs/mcp-web-acl";
import { POSTGRES_PORT } from "../constructs/keycloak-database";
import { tierSubnetCidrs } from "../constructs/mcp-network";
import { serverAudience } from "../environments/gateway-checks";
import { keycloakRealmOf } from "../environments/identity-shape";
import { EnvironmentConfig, McpServerConfig } from "../environments/schema";
import { GuardAuthConfig } from "../guard/src/config/types";
import { MCP_NODE_LABEL } from "./compute";
import { INGRESS_GATEWAY } from "./mesh";
import { keycloakDatabaseSecretName } from "./identity-aws";
import { EDGE_GATEWAY } from "./ingress-tls";

/** The guard's pods, which fetch the realm's keys. */
export const GUARD_PODS: PeerPods = { namespaceLabels: { "kubernetes.io/metadata.name": GATEWAY_NAMES.namespace }, podLabels: selectorLabels(GUARD_NAMES.name) };

/**
 * Where the internet reaches Keycloak, when the environment deploys it: the issuer's host, the realm's public paths
 * (its OpenID Connect endpoints, sign-in pages and their static resources; never `/admin` nor another realm) and its
 * sign-in and token endpoints, which the edge rate-limits per client IP.
 */
export function authorizationServerEdge(environment: EnvironmentConfig): (AuthorizationServerEdge & { readonly realm: string }) | undefined {
  const realm = environment.identity === undefined ? undefined : keycloakRealmOf(environment.gateway.jwt.issuer);
  if (realm === undefined) return undefined;
  return {
    host: realm.host,
    realm: realm.realm,
    publicPaths: [`/realms/${realm.realm}/`, "/resources/"],
    signInPaths: [`/realms/${realm.realm}/protocol/openid-connect/`, `/realms/${realm.realm}/login-actions/`],
  };
}

/** The realm of an environment that deploys Keycloak (its name is the issuer's last segment), or undefined. */
export function environmentRealm(environment: EnvironmentConfig): RealmRepresentation | undefined {
  const realm = environment.identity === undefined ? undefined : keycloakRealmOf(environment.gateway.jwt.issuer);
  if (realm === undefined) return undefined;
  return keycloakRealm({ realm: realm.realm, servers: environment.mcpServers.map((server) => realmServer(environment, server)), accessReviewClient: ACCESS_REVIEW_CLIENT_ID });
}

/** A server as the generated realm sees it: its audience and its tools' scopes, step-up levels and grants. */
function realmServer(environment: EnvironmentConfig, server: McpServerConfig): RealmServerProps {
  return {
    name: server.name,
    audience: serverAudience(environment, server),
    tools: server.tools.map((tool) => ({ name: tool.name, scopes: tool.scopes, acrValues: tool.sensitive?.acrValues, jit: tool.jit })),
  };
}

/**
 * The OAuth clients an MCP server's tokens are issued to (their `azp`), which its recovery revokes: with the generated
 * realm, its own client and its token-exchange client when it has just-in-time tools; else its own client.
 */
export function serverTokenClients(environment: EnvironmentConfig, server: McpServerConfig): string[] {
  return environment.identity === undefined ? [serverClientId(server.name)] : serverClientIds(realmServer(environment, server));
}

/**
 * The guard's token checks of an environment: the gateway's issuer; its keys from Keycloak inside the cluster when the
 * blueprint deploys it (over the mesh, without leaving the cluster), else from the issuer's JWKS URL; each server's
 * audience; DPoP proofs checked against the public origin clients call.
 */
export function environmentGuardAuth(environment: EnvironmentConfig): GuardAuthConfig {
  const { issuer, jwksUrl } = environment.gateway.jwt;
  const realm = environment.identity === undefined ? undefined : keycloakRealmOf(issuer);
  const jwksUri = realm === undefined ? jwksUrl : `http://${KEYCLOAK_NAMES.name}.${KEYCLOAK_NAMES.namespace}.svc.cluster.local:${KEYCLOAK_NAMES.port}/realms/${realm.realm}/protocol/openid-connect/certs`;
  return {
    issuer,
    jwksUri,
    audiences: Object.fromEntries(environment.mcpServers.map((server) => [server.name, serverAudience(environment, server)])),
    dpop: { origin: `https://${environment.edge.domain}` },
  };
}

/**
 * Adds the `identity` chart to an environment's app when it deploys Keycloak: Keycloak with the generated realm, its
 * way in from the edge (a VirtualService for the issuer's host on the edge Gateway, see stacks/ingress-tls.ts,
 * routing only the realm's public prefixes), its NetworkPolicies (the ingress and the guard call it; it reaches only its database's subnets), its database's
 * entry in the mesh registry (the data-tier subnets on 5432: the mesh forwards only to registered destinations), and its mesh policy
 * (allow-nothing, then the ingress gateway on the realms' public paths only, never `/admin`; the guard on the realm's
 * key set only; the scheduled access review (OPS-04) on the realm's token endpoint (POST) and its admin API (GET
 * only); the replicas to each other on the cluster port). The admin console is reached only through the
 * cluster's private API (`kubectl port-forward` from the bastion), never through the ingress.
 */
export function addIdentityChart(app: Cdk8sApp, environment: EnvironmentConfig): Keycloak | undefined {
  const realm = environmentRealm(environment);
  const { identity } = environment;
  if (realm === undefined || identity === undefined) return undefined;
  const chart = new Chart(app, "identity", { disableResourceNameHashes: true });
  const keycloak = new Keycloak(chart, "keycloak", {
    image: identity.keycloakImage,
    resources: identity.resources,
    replicas: Math.max(2, environment.azCount),
    podSecurityVersion: `v${environment.cluster.kubernetesVersion}`,
    publicOrigin: new URL(environment.gateway.jwt.issuer).origin,
    realm,
    database: { port: POSTGRES_PORT, name: "keycloak" },
    databaseSecret: { name: keycloakDatabaseSecretName(environment), region: environment.region },
    nodeSelector: { ...MCP_NODE_LABEL },
  });
  const databaseCidrs = tierSubnetCidrs(environment.vpcCidr, "data", environment.azCount);
  new KeycloakNetworkPolicies(chart, "network-policies", {
    namespace: KEYCLOAK_NAMES.namespace,
    podLabels: keycloak.workload.podLabels,
    port: KEYCLOAK_NAMES.port,
    clusterPort: KEYCLOAK_NAMES.clusterPort,
    callers: [ISTIO_INGRESS_PODS, GUARD_PODS, ACCESS_REVIEW_PODS],
    databaseCidrs,
    databasePort: POSTGRES_PORT,
  });
  new StoreMeshEgress(chart, "database-egress", { namespace: KEYCLOAK_NAMES.namespace, application: KEYCLOAK_NAMES.name, name: `${KEYCLOAK_NAMES.name}-database`, cidrs: databaseCidrs, port: POSTGRES_PORT });
  const edge = authorizationServerEdge(environment);
  if (edge !== undefined) {
    new KeycloakIngress(chart, "ingress", {
      host: edge.host,
      publicPaths: edge.publicPaths,
      gateway: EDGE_GATEWAY,
      keycloak: { namespace: KEYCLOAK_NAMES.namespace, service: KEYCLOAK_NAMES.name, port: KEYCLOAK_NAMES.port },
    });
  }
  const self = meshPrincipal(KEYCLOAK_NAMES.namespace, KEYCLOAK_NAMES.name);
  const reviewer = meshPrincipal(ACCESS_REVIEW_NAMES.name, ACCESS_REVIEW_NAMES.name);
  new NamespaceAuthorization(chart, "authorization", {
    namespace: KEYCLOAK_NAMES.namespace,
    application: KEYCLOAK_NAMES.name,
    allow: [
      { name: "ingress-gateway", principals: [meshPrincipal(INGRESS_GATEWAY.namespace, INGRESS_GATEWAY.serviceAccount)], workloadSelector: keycloak.workload.podLabels, ports: [KEYCLOAK_NAMES.port], paths: [...KEYCLOAK_PUBLIC_PATHS] },
      { name: "guard-keys", principals: [meshPrincipal(GATEWAY_NAMES.namespace, GUARD_NAMES.name)], workloadSelector: keycloak.workload.podLabels, ports: [KEYCLOAK_NAMES.port], paths: [`/realms/${realm.realm}/protocol/openid-connect/certs`] },
      { name: "access-review-token", principals: [reviewer], workloadSelector: keycloak.workload.podLabels, ports: [KEYCLOAK_NAMES.port], paths: [`/realms/${realm.realm}/protocol/openid-connect/token`], methods: ["POST"] },
      { name: "access-review-admin", principals: [reviewer], workloadSelector: keycloak.workload.podLabels, ports: [KEYCLOAK_NAMES.port], paths: accessReviewAdminPaths(String(realm.realm)), methods: ["GET"] },
      { name: "replicas", principals: [self], workloadSelector: keycloak.workload.podLabels, ports: [KEYCLOAK_NAMES.clusterPort] },
    ],
  });
  return keycloak;
}
