/**
 * The scheduled access review's job (OPS-04, review/access-review-job.ts), driven against a loopback HTTP server that
 * answers as the Kubernetes API and Keycloak's admin API do (list responses without `kind` on items, `continue`
 * pagination; RealmRepresentation, ClientRepresentation, UserRepresentation, MappingsRepresentation and
 * RoleRepresentation shapes of `@keycloak/keycloak-admin-client`), with the approved access the real synthesis wrote
 * into the job's ConfigMap. The bundle itself (the ConfigMap's `access-review.js`) runs too, as the CronJob runs it.
 */
import { createHash, generateKeyPairSync, KeyObject, verify } from "crypto";
import { execFile } from "child_process";
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as path from "path";
import type ClientRepresentation from "@keycloak/keycloak-admin-client/lib/defs/clientRepresentation";
import type MappingsRepresentation from "@keycloak/keycloak-admin-client/lib/defs/mappingsRepresentation";
import type RealmRepresentation from "@keycloak/keycloak-admin-client/lib/defs/realmRepresentation";
import type RoleRepresentation from "@keycloak/keycloak-admin-client/lib/defs/roleRepresentation";
import type UserRepresentation from "@keycloak/keycloak-admin-client/lib/defs/userRepresentation";
import { AccessReviewJobSettings, accessReviewAdminPaths, ApprovedAccess, PLATFORM_RBAC } from "../baselines/access-review";
import { main } from "../review/access-review-job";
import { listItems, parseApprovedAccess, rbacDrift } from "../review/live-access-review";
import { records } from "../policies/kubernetes-object";
import { KubernetesObject } from "../policies/types";
import { POLICY_CONTROLLER_NAMESPACE, POLICY_CONTROLLER_SERVICE_ACCOUNT } from "../constructs/image-policy-controller";
import { INGRESS_GATEWAY } from "../stacks/mesh";
import { yamlObject } from "./support/kubernetes";
import { synthesizedPlans, tempDir } from "./support/plans";

const ISSUER = "https://auth.example.com/realms/mcp-prod";
const REALM = "mcp-prod";
const SERVICE_ACCOUNT_JWT = "eyJhbGciOiJSUzI1NiJ9.service-account.token";
const KEYCLOAK_TOKEN = "eyJhbGciOiJFUzI1NiJ9.keycloak-access.token";
const RBAC_PATH = "/apis/rbac.authorization.k8s.io/v1/";
const PLURALS: Readonly<Record<string, string>> = { Role: "roles", ClusterRole: "clusterroles", RoleBinding: "rolebindings", ClusterRoleBinding: "clusterrolebindings" };

const configMap = yamlObject(synthesizedPlans(), "prod", "ConfigMap/mcp-access-review/mcp-access-review");
const approvedText = configMap["data"]["approved.json"] as string;
const bundle = configMap["data"]["access-review.js"] as string;
const approved: ApprovedAccess = parseApprovedAccess(approvedText);
const approvedRealm = approved.realm as RealmRepresentation;

/** An object as the API server lists it: no kind or apiVersion on the item, server-set metadata added. */
function asListed(object: KubernetesObject, index: number): Record<string, unknown> {
  const { kind: _kind, apiVersion: _apiVersion, ...rest } = object;
  return { ...rest, metadata: { ...object.metadata, uid: `0b4c1e2a-0000-4000-8000-${String(index).padStart(12, "0")}`, resourceVersion: String(1000 + index), creationTimestamp: "2026-11-30T08:00:00Z" } };
}

/** RBAC a real EKS cluster holds besides the blueprint's: Kubernetes' defaults, EKS's, the VPC CNI's, Istio's Helm release, the Secrets Store CSI driver's and its AWS provider's. */
const PLATFORM_OBJECTS: KubernetesObject[] = [
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "cluster-admin", labels: { "kubernetes.io/bootstrapping": "rbac-defaults" } }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }, { nonResourceURLs: ["*"], verbs: ["*"] }] },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "cluster-admin", labels: { "kubernetes.io/bootstrapping": "rbac-defaults" } }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" }, subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:masters" }] },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "system:coredns" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:coredns" }, subjects: [{ kind: "ServiceAccount", name: "coredns", namespace: "kube-system" }] },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "system:public-info-viewer" }, rules: [{ nonResourceURLs: ["/healthz", "/livez", "/readyz", "/version", "/version/"], verbs: ["get"] }] },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "system:public-info-viewer" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:public-info-viewer" }, subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:authenticated" }, { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:unauthenticated" }] },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "system:controller:node-controller" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:controller:node-controller" }, subjects: [{ kind: "ServiceAccount", name: "node-controller", namespace: "kube-system" }] },
  // Kubernetes keeps system:node bound to nobody (nodes are authorized by the Node authorizer).
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "system:node" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:node" } },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "system:kube-scheduler" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:kube-scheduler" }, subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "system:kube-scheduler" }] },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "secretproviderclasses-rolebinding" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "secretproviderclasses-role" }, subjects: [{ kind: "ServiceAccount", name: "secrets-store-csi-driver", namespace: "kube-system" }] },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "csi-secrets-store-provider-aws-cluster-rolebinding" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "csi-secrets-store-provider-aws-cluster-role" }, subjects: [{ kind: "ServiceAccount", name: "csi-secrets-store-provider-aws", namespace: "kube-system" }] },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "aws-node" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "aws-node" }, subjects: [{ kind: "ServiceAccount", name: "aws-node", namespace: "kube-system" }] },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "eks-vpc-resource-controller-rolebinding", namespace: "kube-system" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "eks-vpc-resource-controller-role" }, subjects: [{ kind: "User", name: "eks:vpc-resource-controller" }] },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: "istiod-clusterrole-istio-system", labels: { "app.kubernetes.io/managed-by": "Helm" }, annotations: { "meta.helm.sh/release-name": "istiod", "meta.helm.sh/release-namespace": "istio-system" } },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "istiod-clusterrole-istio-system" },
    subjects: [{ kind: "ServiceAccount", name: "istiod", namespace: "istio-system" }],
  },
];

const crb = (name: string, role: string, subjects: Record<string, unknown>[], metadata: Partial<KubernetesObject["metadata"]> = {}): KubernetesObject => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRoleBinding",
  metadata: { ...metadata, name },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
  subjects,
});

/** The live review's findings (`kind subject`) when the cluster holds the approved RBAC, the platform's and `added`. */
const liveOnly = (added: KubernetesObject[]) => rbacDrift(approved, [...approved.rbac, ...PLATFORM_OBJECTS, ...added]).map((finding) => `${finding.kind} ${finding.subject}`);

/** Keycloak's built-in clients, as its admin API lists them in every realm. */
const BUILT_IN_CLIENTS: ClientRepresentation[] = ["account", "account-console", "admin-cli", "broker", "realm-management", "security-admin-console"].map((clientId) => ({
  clientId,
  enabled: true,
  publicClient: clientId !== "broker" && clientId !== "realm-management",
  bearerOnly: clientId === "realm-management" || clientId === "broker",
  fullScopeAllowed: clientId !== "account-console" && clientId !== "security-admin-console" ? clientId !== "account" : false,
  serviceAccountsEnabled: false,
  defaultClientScopes: ["web-origins", "acr", "roles", "profile", "basic", "email"],
  optionalClientScopes: ["address", "phone", "offline_access", "organization", "microprofile-jwt"],
}));

const uuid = (n: number) => `9a7c3f10-1111-4222-8333-${String(n).padStart(12, "0")}`;
const REALM_ID = uuid(1);
const REALM_MANAGEMENT_ID = uuid(2);
const role = (id: number, name: string, clientRole: boolean): RoleRepresentation => ({ id: uuid(id), name, description: `\${role_${name}}`, composite: false, clientRole, containerId: clientRole ? REALM_MANAGEMENT_ID : REALM_ID });
const DEFAULT_ROLE = { ...role(3, `default-roles-${REALM}`, false), composite: true };

/** What the live realm holds: by default exactly what the synthesized realm approves, as Keycloak's admin API shows it. */
interface LiveKeycloak {
  realm: RealmRepresentation;
  clients: ClientRepresentation[];
  defaultRoleComposites: RoleRepresentation[];
  /** Each user's direct mappings, and its effective realm-management roles (through groups and composites too). */
  users: { user: UserRepresentation; mappings: MappingsRepresentation; effective: RoleRepresentation[] }[];
}

function approvedKeycloak(): LiveKeycloak {
  const generated = (approvedRealm.clients ?? []).map((client, index) => ({ ...client, id: uuid(100 + index) }));
  const clients = [...generated, ...BUILT_IN_CLIENTS.map((client, index) => ({ ...client, id: client.clientId === "realm-management" ? REALM_MANAGEMENT_ID : uuid(200 + index) }))];
  const reviewer = generated.find((client) => client.clientId === "mcp-access-review");
  if (reviewer === undefined) throw new Error("the synthesized realm has no mcp-access-review client");
  const viewRoles = ["view-clients", "view-realm", "view-users"].map((name, index) => role(10 + index, name, true));
  return {
    realm: { id: REALM_ID, realm: REALM, enabled: true, sslRequired: "all", defaultRole: DEFAULT_ROLE },
    clients,
    defaultRoleComposites: [],
    users: [
      { user: { id: uuid(300), username: "alice", enabled: true, emailVerified: true, createdTimestamp: 1764489600000, totp: true }, mappings: { realmMappings: [DEFAULT_ROLE] }, effective: [] },
      {
        user: { id: uuid(301), username: "service-account-mcp-access-review", enabled: true, serviceAccountClientId: "mcp-access-review" },
        mappings: { realmMappings: [DEFAULT_ROLE], clientMappings: { "realm-management": { id: REALM_MANAGEMENT_ID, client: "realm-management", mappings: viewRoles } } },
        // view-clients and view-users are composites of query-clients, query-users and query-groups.
        effective: [...viewRoles, ...["query-clients", "query-groups", "query-users"].map((name, index) => role(13 + index, name, true))],
      },
    ],
  };
}

interface Cluster {
  rbac: KubernetesObject[];
  keycloak: LiveKeycloak;
  /** Answer with this status instead, on paths starting with the key. */
  refuse: Record<string, number>;
  /** Never answer on paths starting with these. */
  hang: string[];
  /** The shared clock (ms): the job signs by it, the server checks by it; each answered request advances it by `step` ms. */
  clock: { now: number; step: number };
  /** Answer the next admin request with 401 (a token revoked early). */
  revokeOnce: boolean;
}

function cluster(): Cluster {
  return { rbac: [...approved.rbac, ...PLATFORM_OBJECTS].map((object) => structuredClone(object)), keycloak: approvedKeycloak(), refuse: {}, hang: [], clock: { now: Date.parse("2026-12-07T03:17:00Z"), step: 1000 }, revokeOnce: false };
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

/** Checks a compact ES256 JWS with a public key; returns its header and claims. */
function verified(jwt: string, key: KeyObject): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [header, claims, signature] = jwt.split(".");
  if (!verify("sha256", Buffer.from(`${header}.${claims}`), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(signature, "base64url"))) throw new Error("bad signature");
  return { header: JSON.parse(Buffer.from(header, "base64url").toString()), claims: JSON.parse(Buffer.from(claims, "base64url").toString()) };
}

/** A loopback server answering as the Kubernetes API and Keycloak; records what it checked. */
async function serve(state: Cluster, clientKey: KeyObject): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const jtis = new Set<string>();
  /** Tokens issued: value to expiry (ms, the shared clock). */
  const tokens = new Map<string, number>();
  /** Whether a signed JWT was made now, as Keycloak's DPoPUtil checks a proof (iat within its 10 s lifetime plus 15 s skew), and is no replay. */
  const fresh = (claims: Record<string, unknown>) => {
    const now = state.clock.now / 1000;
    const iat = Number(claims["iat"]);
    const jti = String(claims["jti"]);
    const ok = iat >= now - 10 - 15 && iat <= now + 15 && !jtis.has(jti);
    jtis.add(jti);
    return ok;
  };
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const json = (status: number, body: unknown) => {
      state.clock.now += state.clock.step;
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (state.hang.some((prefix) => url.pathname.startsWith(prefix))) return;
      const refused = Object.entries(state.refuse).find(([prefix]) => url.pathname.startsWith(prefix));
      if (refused !== undefined) return json(refused[1], { error: refused[1] === 401 ? "invalid_client" : "Forbidden", error_description: "refused by the test server" });
      if (url.pathname.startsWith(RBAC_PATH)) {
        if (request.headers.authorization !== `Bearer ${SERVICE_ACCOUNT_JWT}`) return json(401, { kind: "Status", apiVersion: "v1", status: "Failure", reason: "Unauthorized", code: 401 });
        const plural = url.pathname.slice(RBAC_PATH.length);
        const kind = Object.keys(PLURALS).find((candidate) => PLURALS[candidate] === plural);
        if (kind === undefined) return json(404, { kind: "Status", code: 404 });
        const items = state.rbac.filter((object) => object.kind === kind).map(asListed);
        const page = url.searchParams.get("continue") === "page-2" ? items.slice(2) : kind === "ClusterRoleBinding" ? items.slice(0, 2) : items;
        seen.push(`list ${plural}${url.searchParams.get("continue") === null ? "" : " (continued)"}`);
        return json(200, { kind: `${kind}List`, apiVersion: "rbac.authorization.k8s.io/v1", metadata: { resourceVersion: "4242", ...(kind === "ClusterRoleBinding" && url.searchParams.get("continue") === null ? { continue: "page-2" } : {}) }, items: page });
      }
      if (url.pathname === `/realms/${REALM}/protocol/openid-connect/token`) {
        const form = new URLSearchParams(Buffer.concat(chunks).toString());
        const assertion = verified(form.get("client_assertion") ?? "", clientKey);
        const proof = verified(String(request.headers.dpop), clientKey);
        if (form.get("grant_type") !== "client_credentials" || assertion.claims["iss"] !== "mcp-access-review" || assertion.claims["aud"] !== ISSUER) return json(401, { error: "invalid_client" });
        if (!fresh(assertion.claims) || Number(assertion.claims["exp"]) * 1000 < state.clock.now) return json(401, { error: "invalid_client" });
        if (proof.header["typ"] !== "dpop+jwt" || proof.claims["htm"] !== "POST" || proof.claims["htu"] !== `https://auth.example.com${url.pathname}` || !fresh(proof.claims)) return json(400, { error: "invalid_dpop_proof" });
        seen.push("token (private_key_jwt, DPoP)");
        const token = `${KEYCLOAK_TOKEN}.${tokens.size + 1}`;
        tokens.set(token, state.clock.now + 120_000);
        return json(200, { access_token: token, token_type: "DPoP", expires_in: 120, scope: "" });
      }
      const admin = `/admin/realms/${REALM}`;
      if (url.pathname === admin || url.pathname.startsWith(`${admin}/`)) {
        const proof = verified(String(request.headers.dpop), clientKey);
        const token = /^DPoP (.+)$/.exec(request.headers.authorization ?? "")?.[1] ?? "";
        const expiry = tokens.get(token);
        if (state.revokeOnce) {
          state.revokeOnce = false;
          tokens.delete(token);
          seen.push("admin 401 (token revoked)");
          return json(401, { error: "HTTP 401 Unauthorized" });
        }
        if (expiry === undefined || expiry <= state.clock.now || proof.claims["ath"] !== base64url(createHash("sha256").update(token).digest()) || proof.claims["htm"] !== "GET" || !fresh(proof.claims)) return json(401, { error: "HTTP 401 Unauthorized" });
        const rest = url.pathname.slice(admin.length);
        const { keycloak } = state;
        const byId = (id: string) => keycloak.users.find((entry) => entry.user.id === id);
        seen.push(`admin GET ${rest || "/"}`);
        if (rest === "") return json(200, keycloak.realm);
        if (rest === "/clients") return json(200, keycloak.clients);
        if (rest === `/roles-by-id/${DEFAULT_ROLE.id}/composites`) return json(200, keycloak.defaultRoleComposites);
        if (rest === "/users") return json(200, keycloak.users.filter((entry) => entry.user.serviceAccountClientId === undefined).map((entry) => entry.user).slice(Number(url.searchParams.get("first")), Number(url.searchParams.get("first")) + Number(url.searchParams.get("max"))));
        const serviceAccount = /^\/clients\/([^/]+)\/service-account-user$/.exec(rest);
        if (serviceAccount !== null) {
          const client = keycloak.clients.find((candidate) => candidate.id === serviceAccount[1]);
          const user = keycloak.users.find((entry) => entry.user.serviceAccountClientId === client?.clientId);
          return user === undefined ? json(404, { error: "Service account not found" }) : json(200, { ...user.user, serviceAccountClientId: client?.id });
        }
        const mappings = /^\/users\/([^/]+)\/role-mappings$/.exec(rest);
        if (mappings !== null && byId(mappings[1]) !== undefined) return json(200, byId(mappings[1])?.mappings);
        const effective = /^\/users\/([^/]+)\/role-mappings\/clients\/([^/]+)\/composite$/.exec(rest);
        if (effective !== null && effective[2] === REALM_MANAGEMENT_ID && byId(effective[1]) !== undefined) return json(200, byId(effective[1])?.effective);
        return json(404, { error: "not found" });
      }
      json(404, { error: "not found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const privateJwk = { ...privateKey.export({ format: "jwk" }), kid: "review-2026-12" };

function settingsFor(url: string, dir: string, overrides: Partial<AccessReviewJobSettings> = {}): AccessReviewJobSettings {
  fs.writeFileSync(path.join(dir, "approved.json"), approvedText);
  fs.writeFileSync(path.join(dir, "token"), `${SERVICE_ACCOUNT_JWT}\n`);
  fs.writeFileSync(path.join(dir, "client-key"), JSON.stringify(privateJwk));
  return {
    approvedFile: path.join(dir, "approved.json"),
    kubernetesUrl: url,
    kubernetesTokenFile: path.join(dir, "token"),
    keycloak: { url, issuer: ISSUER, clientId: "mcp-access-review", keyFile: path.join(dir, "client-key") },
    timeoutMs: 2000,
    ...overrides,
  };
}

async function review(state: Cluster, overrides: (dir: string) => Partial<AccessReviewJobSettings> = () => ({})): Promise<{ code: number; lines: Record<string, unknown>[]; text: string; seen: string[] }> {
  const server = await serve(state, publicKey);
  const dir = tempDir("access-review-job");
  try {
    const written: string[] = [];
    const code = await main(settingsFor(server.url, dir, overrides(dir)), (line) => written.push(line), () => new Date(state.clock.now));
    return { code, lines: written.map((line) => JSON.parse(line) as Record<string, unknown>), text: written.join("\n"), seen: server.seen };
  } finally {
    await server.close();
  }
}

const findings = (lines: readonly Record<string, unknown>[]) => lines.filter((line) => line["accessReview"] === "finding").map((line) => ({ source: line["source"], kind: line["kind"], subject: line["subject"] }));

describe("OPS-04 scheduled access review job against a loopback Kubernetes API and Keycloak admin API", () => {
  test("the approved state, with the platform's own RBAC beside it, gives no finding and exit 0, after reading every page with the right credentials", async () => {
    const result = await review(cluster());
    expect(result.lines).toEqual([{ accessReview: "summary", control: "OPS-04", environment: "prod", findings: 0 }]);
    expect(result.code).toBe(0);
    // Every admin call is one the mesh admits (Istio path templates: `{*}` is one segment); no client secret is read.
    const admitted = accessReviewAdminPaths(REALM).map((template) => new RegExp(`^${template.replace(/\{\*\}/g, "[^/]+")}$`));
    const adminCalls = result.seen.filter((call) => call.startsWith("admin GET ")).map((call) => `/admin/realms/${REALM}${call.slice("admin GET ".length).replace(/^\/$/, "")}`);
    expect(adminCalls.filter((call) => !admitted.some((template) => template.test(call)))).toEqual([]);
    expect(adminCalls.length).toBeGreaterThan(7);
    expect(result.seen).toEqual(
      expect.arrayContaining(["list roles", "list clusterroles", "list rolebindings", "list clusterrolebindings", "list clusterrolebindings (continued)", "token (private_key_jwt, DPoP)", "admin GET /", "admin GET /clients", "admin GET /users"])
    );
  });

  test("a slow Keycloak: every request has its own fresh DPoP proof, and the token is renewed before it expires", async () => {
    const state = cluster();
    state.clock.step = 15_000;
    const result = await review(state);
    expect(result.lines).toEqual([{ accessReview: "summary", control: "OPS-04", environment: "prod", findings: 0 }]);
    expect(result.seen.filter((call) => call.startsWith("token")).length).toBeGreaterThan(1);
  });

  test("a token revoked early (401): the job gets a new one once and goes on", async () => {
    const state = cluster();
    state.revokeOnce = true;
    const result = await review(state);
    expect(result.lines).toEqual([{ accessReview: "summary", control: "OPS-04", environment: "prod", findings: 0 }]);
    expect(result.seen.filter((call) => call.startsWith("token") || call.startsWith("admin 401"))).toEqual(["token (private_key_jwt, DPoP)", "admin 401 (token revoked)", "token (private_key_jwt, DPoP)"]);
  });

  test("drift in the cluster: a new cluster-admin binding, a widened approved Role, a deleted approved binding", async () => {
    const state = cluster();
    const server = approved.rbac.find((object) => object.kind === "Role" && object.metadata.name === "mcp-containment");
    if (server === undefined) throw new Error("no containment Role approved");
    const namespace = server.metadata.namespace as string;
    state.rbac.push({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "debug-alice" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" }, subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "alice" }] });
    const widened = state.rbac.find((object) => object.kind === "Role" && object.metadata.name === "mcp-containment" && object.metadata.namespace === namespace) as Record<string, unknown>;
    widened["rules"] = [...(widened["rules"] as unknown[]), { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list"] }];
    state.rbac = state.rbac.filter((object) => !(object.kind === "RoleBinding" && object.metadata.name === "mcp-recovery" && object.metadata.namespace === namespace));
    const result = await review(state);
    expect(result.code).toBe(1);
    expect(findings(result.lines)).toEqual([
      { source: "kubernetes", kind: "not-approved", subject: "ClusterRoleBinding/debug-alice" },
      { source: "kubernetes", kind: "changed", subject: `RoleBinding/${namespace}/mcp-containment` },
      { source: "kubernetes", kind: "missing", subject: `RoleBinding/${namespace}/mcp-recovery` },
    ]);
    const line = (subject: string) => result.lines.find((candidate) => candidate["subject"] === subject) ?? {};
    expect(line("ClusterRoleBinding/debug-alice")).toMatchObject({ control: "OPS-04", environment: "prod", detail: expect.stringContaining("ClusterRole/cluster-admin to User/alice (cluster)"), problems: ["binds the built-in ClusterRole/cluster-admin", "uses * (every verb, resource or API group)"] });
    expect(line(`RoleBinding/${namespace}/mcp-containment`)).toMatchObject({ detail: "its role allows get,list on core/secrets too", problems: ["reads secrets without naming them (resourceNames)"] });
  });

  test("drift in the realm: an admin user, an unapproved full-scope client, a default role granting offline_access", async () => {
    const state = cluster();
    const alice = state.keycloak.users[0];
    alice.mappings = { ...alice.mappings, clientMappings: { "realm-management": { id: REALM_MANAGEMENT_ID, client: "realm-management", mappings: [role(20, "realm-admin", true)] } } };
    alice.effective = [{ ...role(20, "realm-admin", true), composite: true }, role(25, "manage-users", true), role(26, "view-users", true)];
    state.keycloak.clients.push({ id: uuid(400), clientId: "debug-cli", enabled: true, publicClient: true, directAccessGrantsEnabled: true, fullScopeAllowed: true, serviceAccountsEnabled: false, defaultClientScopes: ["basic"], optionalClientScopes: [] });
    state.keycloak.defaultRoleComposites = [role(21, "offline_access", false)];
    const result = await review(state);
    expect(result.code).toBe(1);
    expect(findings(result.lines)).toEqual([
      { source: "keycloak", kind: "changed", subject: `realm ${REALM} default role` },
      { source: "keycloak", kind: "not-approved", subject: `realm ${REALM} client debug-cli` },
      { source: "keycloak", kind: "not-approved", subject: `realm ${REALM} user alice` },
    ]);
    expect(result.lines.find((line) => line["subject"] === `realm ${REALM} user alice`)).toMatchObject({
      detail: "holds realm-management:manage-users, realm-management:realm-admin, which the approved realm grants no user",
      problems: [expect.stringContaining("holds admin rights realm-management:manage-users, realm-management:realm-admin")],
    });
    expect(result.lines.find((line) => line["subject"] === `realm ${REALM} client debug-cli`)).toMatchObject({ problems: [expect.stringContaining("full scope allowed")] });
  });

  test("admin rights through a group or a composite role: the user holds them, and it is found", async () => {
    const state = cluster();
    state.keycloak.users.push({
      user: { id: uuid(302), username: "bob", enabled: true, emailVerified: true },
      mappings: { realmMappings: [DEFAULT_ROLE] },
      effective: [role(23, "manage-realm", true), role(24, "query-users", true)],
    });
    const result = await review(state);
    expect(result.lines.filter((line) => line["accessReview"] === "finding")).toEqual([
      expect.objectContaining({ kind: "not-approved", subject: `realm ${REALM} user bob`, detail: "holds realm-management:manage-realm, which the approved realm grants no user", problems: [expect.stringContaining("holds admin rights realm-management:manage-realm")] }),
    ]);
    expect(result.seen).toContain(`admin GET /users/${uuid(302)}/role-mappings/clients/${REALM_MANAGEMENT_ID}/composite`);
  });

  test("the review client's service account gaining a role is drift of an approved principal", async () => {
    const state = cluster();
    const reviewer = state.keycloak.users[1];
    const mapping = (reviewer.mappings.clientMappings as Record<string, { mappings: RoleRepresentation[] }>)["realm-management"];
    mapping.mappings.push(role(22, "manage-users", true));
    reviewer.effective.push(role(22, "manage-users", true));
    const result = await review(state);
    expect(result.lines.filter((line) => line["accessReview"] === "finding")).toEqual([
      expect.objectContaining({ kind: "changed", subject: `realm ${REALM} service account of mcp-access-review`, detail: "holds realm-management:manage-users too", problems: [expect.stringContaining("holds admin rights realm-management:manage-users")] }),
    ]);
  });

  test.each([
    ["the Kubernetes API refuses the service account (403)", (state: Cluster) => void (state.refuse[`${RBAC_PATH}clusterroles`] = 403), /GET \/apis\/rbac.authorization.k8s.io\/v1\/clusterroles: 403 Forbidden/],
    ["Keycloak refuses the client (401)", (state: Cluster) => void (state.refuse[`/realms/${REALM}/protocol`] = 401), /POST \/realms\/mcp-prod\/protocol\/openid-connect\/token: 401 Unauthorized.*\(invalid_client\)/],
    ["the admin API refuses the token (403)", (state: Cluster) => void (state.refuse[`/admin/realms/${REALM}/users`] = 403), /GET \/admin\/realms\/mcp-prod\/users: 403 Forbidden/],
    ["Keycloak never answers", (state: Cluster) => void state.hang.push("/realms/"), /POST http:\/\/127\.0\.0\.1:\d+\/realms\/mcp-prod\/protocol\/openid-connect\/token: no answer within 300 ms/],
  ])("%s: one error line naming the call, exit 2, no credential echoed", async (_name, breakIt, message) => {
    const state = cluster();
    breakIt(state);
    const result = await review(state, () => ({ timeoutMs: 300 }));
    expect(result.code).toBe(2);
    expect(result.lines).toEqual([{ accessReview: "error", control: "OPS-04", environment: "prod", error: expect.stringMatching(message) }]);
    for (const secret of [SERVICE_ACCOUNT_JWT, KEYCLOAK_TOKEN, String(privateJwk.d), "refused by the test server"]) expect(result.text).not.toContain(secret);
  });

  test("an environment without Keycloak: RBAC only, no call to Keycloak", async () => {
    const result = await review(cluster(), (dir) => {
      const { realm: _realm, ...withoutRealm } = JSON.parse(approvedText) as ApprovedAccess;
      fs.writeFileSync(path.join(dir, "approved-rbac-only.json"), JSON.stringify(withoutRealm));
      return { approvedFile: path.join(dir, "approved-rbac-only.json"), keycloak: undefined };
    });
    expect(result.lines).toEqual([{ accessReview: "summary", control: "OPS-04", environment: "prod", findings: 0 }]);
    expect(result.seen.filter((call) => !call.startsWith("list "))).toEqual([]);
  });

  test("the approved realm without Keycloak settings is a clear error", async () => {
    const result = await review(cluster(), () => ({ keycloak: undefined }));
    expect(result.code).toBe(2);
    expect(result.lines[0]["error"]).toBe("the environment deploys the realm mcp-prod but the job has no Keycloak settings");
  });

  test("a key file that is not a private EC P-256 JWK is a clear error, its content not echoed", async () => {
    const result = await review(cluster(), (dir) => {
      fs.writeFileSync(path.join(dir, "bad-key"), "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n");
      return { keycloak: { url: "http://127.0.0.1:9", issuer: ISSUER, clientId: "mcp-access-review", keyFile: path.join(dir, "bad-key") } };
    });
    expect(result.code).toBe(2);
    expect(result.lines[0]["error"]).toMatch(/bad-key is not a private EC P-256 JWK: put the key of mcp-access-review in its Secrets Manager secret/);
    expect(result.text).not.toContain("MIGHAgEA");
  });

  test("the synthesized bundle runs as the CronJob runs it: node access-review.js settings.json, exit code and lines", async () => {
    const state = cluster();
    // The bundle signs by the system clock: the server checks by it too.
    state.clock = { now: Date.now(), step: 0 };
    // Keycloak before 26.8 lists a confidential client's secret to view-clients (keycloak#49220): it never reaches the output.
    state.keycloak.clients.push({ id: uuid(401), clientId: "shadow", enabled: true, fullScopeAllowed: false, serviceAccountsEnabled: false, defaultClientScopes: ["basic"], optionalClientScopes: [], secret: "Kc-Leaked-Client-Secret-7f3a9" });
    const server = await serve(state, publicKey);
    const dir = tempDir("access-review-bundle");
    try {
      fs.writeFileSync(path.join(dir, "access-review.js"), bundle);
      fs.writeFileSync(path.join(dir, "settings.json"), JSON.stringify(settingsFor(server.url, dir)));
      const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = execFile(process.execPath, [path.join(dir, "access-review.js"), path.join(dir, "settings.json")], (_error, out) => resolve({ code: child.exitCode, stdout: out }));
      });
      expect(code).toBe(1);
      expect(stdout).not.toContain("Kc-Leaked-Client-Secret-7f3a9");
      expect(stdout.trim().split("\n").map((line) => JSON.parse(line))).toEqual([
        { accessReview: "finding", control: "OPS-04", environment: "prod", source: "keycloak", kind: "not-approved", subject: `realm ${REALM} client shadow`, detail: "is not in the approved realm", problems: [] },
        { accessReview: "summary", control: "OPS-04", environment: "prod", findings: 1 },
      ]);
    } finally {
      await server.close();
    }
  });
});

describe("the live review's parsing", () => {
  test("a Kubernetes list gives its items their kind back; anything else is refused", () => {
    expect(listItems({ kind: "RoleList", apiVersion: "rbac.authorization.k8s.io/v1", metadata: {}, items: [{ metadata: { name: "a", namespace: "n" }, rules: [] }] })).toEqual([
      { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "a", namespace: "n" }, rules: [] },
    ]);
    expect(() => listItems({ kind: "Status", code: 403 })).toThrow("not a Kubernetes list response");
    expect(() => listItems({ kind: "RoleList", items: [{ metadata: {} }] })).toThrow("a Role in the list has no metadata.name");
  });

  test("the platform's bindings are skipped; the blueprint's are not platform, nor is a binding claiming a Helm release by annotation", () => {
    expect(rbacDrift(approved, [...approved.rbac, ...PLATFORM_OBJECTS])).toEqual([]);
    expect(rbacDrift({ ...approved, rbac: [] }, approved.rbac).map((finding) => finding.kind)).toEqual(approved.rbac.filter((object) => object.kind.endsWith("Binding")).map(() => "not-approved"));
    const annotated = crb("istio-debug", "cluster-admin", [{ kind: "ServiceAccount", name: "istiod", namespace: "istio-system" }], { annotations: { "meta.helm.sh/release-name": "istiod", "meta.helm.sh/release-namespace": "istio-system" } });
    expect(liveOnly([annotated])).toEqual(["not-approved ClusterRoleBinding/istio-debug"]);
  });

  // Each hid behind a `system:` name or subject, a platform binding or a Helm annotation before (security review of the branch).
  test.each<[string, KubernetesObject[]]>([
    ["a system:-named binding of cluster-admin to a tenant namespace's service accounts", [crb("system:controller:x", "cluster-admin", [{ kind: "Group", name: "system:serviceaccounts:mcp-foo" }])]],
    ["a system:-named binding of cluster-admin to a tenant's service account as a user", [crb("system:controller:x", "cluster-admin", [{ kind: "User", name: "system:serviceaccount:mcp-foo:bar" }])]],
    ["an eks:-named binding of cluster-admin to every authenticated user", [crb("eks:x", "cluster-admin", [{ kind: "Group", name: "system:authenticated" }])]],
    ["a system:-named binding of a platform role to a kube-system controller, binding cluster-admin", [crb("system:controller:y", "cluster-admin", [{ kind: "User", name: "system:kube-scheduler" }])]],
    [
      "a system:-named binding of a role with every right to a node component",
      [{ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "backdoor" }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] }, crb("system:controller:z", "backdoor", [{ kind: "User", name: "system:kube-proxy" }])],
    ],
    ["a binding annotated as the istiod Helm release", [crb("whatever", "cluster-admin", [{ kind: "Group", name: "system:authenticated" }], { annotations: { "meta.helm.sh/release-name": "istiod" } })]],
    ["a kube-system RoleBinding of cluster-admin to a tenant namespace's service accounts", [{ apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "x", namespace: "kube-system" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" }, subjects: [{ kind: "Group", name: "system:serviceaccounts:mcp-foo" }] }]],
  ])("%s is found", (_case, added) => {
    expect(liveOnly(added)).toEqual(added.filter((object) => object.kind.endsWith("Binding")).map((object) => `not-approved ${object.kind}/${object.metadata.namespace !== undefined ? `${object.metadata.namespace}/` : ""}${object.metadata.name}`));
  });

  test("every service account added to Kubernetes' cluster-admin binding is found", () => {
    const live = PLATFORM_OBJECTS.map((object) => (object.kind === "ClusterRoleBinding" && object.metadata.name === "cluster-admin" ? { ...object, subjects: [...records(object["subjects"]), { kind: "Group", name: "system:serviceaccounts" }] } : object));
    const found = rbacDrift(approved, [...approved.rbac, ...live]);
    expect(found.map((finding) => `${finding.kind} ${finding.subject}`)).toEqual(["not-approved ClusterRoleBinding/cluster-admin"]);
    expect(found[0]?.problems).toContain("grants to Group/system:serviceaccounts");
  });

  test("a bootstrap role bound to unauthenticated users that gains rules is found", () => {
    const live = PLATFORM_OBJECTS.map((object) => (object.kind === "ClusterRole" && object.metadata.name === "system:public-info-viewer" ? { ...object, rules: [...records(object["rules"]), { apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] } : object));
    const found = rbacDrift(approved, [...approved.rbac, ...live]);
    expect(found.map((finding) => `${finding.kind} ${finding.subject}`)).toEqual(["not-approved ClusterRoleBinding/system:public-info-viewer"]);
    expect(found[0]?.problems).toContain("uses * (every verb, resource or API group)");
  });

  test("a live binding of a role the cluster does not hold says so (not \"the manifests\")", () => {
    const [finding] = rbacDrift(approved, [...approved.rbac, ...PLATFORM_OBJECTS, crb("dangling", "gone", [{ kind: "User", name: "mallory" }])]);
    expect(finding?.problems).toEqual(["binds ClusterRole/gone, which the cluster does not define, so its rules cannot be reviewed"]);
  });

  test("the platform list names the namespaces and service account the blueprint's Helm releases use", () => {
    expect(approved.platform).toEqual(PLATFORM_RBAC);
    expect(PLATFORM_RBAC.subjectNamespaces).toEqual(expect.arrayContaining(["istio-system", INGRESS_GATEWAY.namespace, POLICY_CONTROLLER_NAMESPACE]));
    expect(PLATFORM_RBAC.bindings.flatMap((binding) => binding.subjects)).toContain(`ServiceAccount/${POLICY_CONTROLLER_NAMESPACE}/${POLICY_CONTROLLER_SERVICE_ACCOUNT}`);
  });

  test("a platform add-on's binding that grants to someone else than its exact subjects is found", () => {
    const csi = crb("secretproviderclasses-rolebinding", "secretproviderclasses-role", [{ kind: "ServiceAccount", name: "secrets-store-csi-driver", namespace: "kube-system" }, { kind: "User", name: "mallory" }]);
    expect(liveOnly([csi])).toEqual(["not-approved ClusterRoleBinding/secretproviderclasses-rolebinding"]);
  });

  test("a binding named like the platform's but granting to someone else is reviewed, and found", async () => {
    const state = cluster();
    state.rbac.push({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "system:controller:backup" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" }, subjects: [{ kind: "ServiceAccount", name: "default", namespace: "docs-search" }] });
    state.rbac.push({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "debug", namespace: "kube-system" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "admin" }, subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "mallory" }] });
    const result = await review(state);
    expect(findings(result.lines)).toEqual([
      { source: "kubernetes", kind: "not-approved", subject: "ClusterRoleBinding/system:controller:backup" },
      { source: "kubernetes", kind: "not-approved", subject: "RoleBinding/kube-system/debug" },
    ]);
  });
});
