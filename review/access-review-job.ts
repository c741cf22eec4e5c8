/**
 * The scheduled access review's job (OPS-04), run in the cluster by the `mcp-access-review` CronJob
 * (constructs/k8s/access-review-job.ts) from the bundle the synthesis writes into its ConfigMap: it reads the live
 * RBAC through the Kubernetes API with its own service account's token (get/list on RBAC objects only), and, when
 * the environment deploys Keycloak, the live realm through Keycloak's admin API as the confidential client
 * `mcp-access-review` (view-realm, view-clients, view-users only), authenticated with a signed JWT
 * (`private_key_jwt`, ES256) whose private key is mounted from Secrets Manager; then compares both with what the
 * synthesized output approves (review/live-access-review.ts) and writes one JSON line per finding on stdout, which
 * the log pipeline ships to the environment's container log group, where a metric filter raises an alarm. Exit 0:
 * no finding; 1: findings; 2: the review could not run (the error as one JSON line, never a token, key or response
 * body). Node's `crypto`, `http` and `https` only.
 */
import { createHash, createPrivateKey, JsonWebKey, KeyObject, randomUUID, sign } from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import { ACCESS_REVIEW_LOG_FIELD, AccessReviewJobSettings, ApprovedAccess, RBAC_KINDS } from "../baselines/access-review";
import { record, records } from "../policies/kubernetes-object";
import { REALM_MANAGEMENT_CLIENT } from "../policies/realm-access-review";
import { KubernetesObject } from "../policies/types";
import { AccessFinding, approvedRealmName, listItems, liveRealmRepresentation, parseApprovedAccess, rbacDrift, realmDrift } from "./live-access-review";

/** A failure of the review, said without secrets: what was called, and what came back. */
export class AccessReviewError extends Error {}

interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

function request(url: URL, options: { method: string; headers: Record<string, string>; body?: string; ca?: Buffer; timeoutMs: number }): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const call = client.request(url, { method: options.method, headers: options.headers, ...(options.ca !== undefined ? { ca: options.ca } : {}), timeout: options.timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    call.on("timeout", () => call.destroy(new AccessReviewError(`${options.method} ${url.origin}${url.pathname}: no answer within ${options.timeoutMs} ms`)));
    call.on("error", (error) => reject(error instanceof AccessReviewError ? error : new AccessReviewError(`${options.method} ${url.origin}${url.pathname}: ${(error as NodeJS.ErrnoException).code ?? error.message}`)));
    if (options.body !== undefined) call.write(options.body);
    call.end();
  });
}

/** What a refusal means, for the operator who reads the error line. */
function refusal(status: number): string {
  if (status === 401) return "401 Unauthorized: the credential was refused (expired or revoked token, unregistered or rotated key)";
  if (status === 403) return "403 Forbidden: the identity lacks the read permission (check the ClusterRole or the client's view roles, and the mesh policy)";
  return `HTTP ${status}`;
}

async function getJson(url: URL, headers: Record<string, string>, ca: Buffer | undefined, timeoutMs: number): Promise<unknown> {
  return jsonAnswer(url, await request(url, { method: "GET", headers: { accept: "application/json", ...headers }, ca, timeoutMs }));
}

/** The JSON of a GET's answer, or the refusal as the error. */
function jsonAnswer(url: URL, answer: HttpAnswer): unknown {
  if (answer.status !== 200) throw new AccessReviewError(`GET ${url.pathname}: ${refusal(answer.status)}`);
  try {
    return JSON.parse(answer.body);
  } catch {
    throw new AccessReviewError(`GET ${url.pathname}: the answer is not JSON`);
  }
}

const RBAC_PATHS: Readonly<Record<(typeof RBAC_KINDS)[number], string>> = {
  Role: "roles",
  ClusterRole: "clusterroles",
  RoleBinding: "rolebindings",
  ClusterRoleBinding: "clusterrolebindings",
};

/** Every Role, ClusterRole, RoleBinding and ClusterRoleBinding of the cluster, page by page (`limit`, `continue`). */
export async function liveRbac(settings: AccessReviewJobSettings): Promise<KubernetesObject[]> {
  const serviceAccountJwt = fs.readFileSync(settings.kubernetesTokenFile, "utf8").trim();
  const ca = settings.kubernetesCaFile === undefined ? undefined : fs.readFileSync(settings.kubernetesCaFile);
  const timeoutMs = settings.timeoutMs ?? 10_000;
  const objects: KubernetesObject[] = [];
  for (const kind of RBAC_KINDS) {
    let next: string | undefined = "";
    while (next !== undefined) {
      const url = new URL(`/apis/rbac.authorization.k8s.io/v1/${RBAC_PATHS[kind]}`, settings.kubernetesUrl);
      url.searchParams.set("limit", "500");
      if (next !== "") url.searchParams.set("continue", next);
      const page = await getJson(url, { authorization: `Bearer ${serviceAccountJwt}` }, ca, timeoutMs);
      try {
        objects.push(...listItems(page));
      } catch (error) {
        throw new AccessReviewError(`GET ${url.pathname}: ${(error as Error).message}`);
      }
      const more = record(record(page)?.["metadata"])?.["continue"];
      next = typeof more === "string" && more !== "" ? more : undefined;
    }
  }
  return objects;
}

/** The job's clock: every signed proof and assertion takes its `iat` from it when it is made. */
export type Clock = () => Date;

/** The review client's key: the private key to sign with, the public JWK DPoP proofs carry. */
interface ClientKey {
  readonly privateKey: KeyObject;
  readonly publicJwk: Record<string, unknown>;
  readonly kid?: string;
}

const epochSeconds = (clock: Clock) => Math.floor(clock().getTime() / 1000);
const base64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

/**
 * A compact JWS (ES256) of a header and claims. Signed with Node's `crypto` rather than `jose` (a dependency of the
 * guard): the job's bundle is a ConfigMap, and jose's bundled key checks read as literal secret assignments to the
 * MSH-03 secret scan of every manifest; panva's `dpop` also reads the system clock itself, so the job's clock (and the
 * tests' advancing one) could not set a proof's `iat`.
 */
function signedJwt(header: Record<string, unknown>, claims: Record<string, unknown>, key: ClientKey): string {
  const input = `${base64url(JSON.stringify({ alg: "ES256", ...header }))}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${base64url(sign("sha256", Buffer.from(input), { key: key.privateKey, dsaEncoding: "ieee-p1363" }))}`;
}

/** A client assertion (RFC 7523) signed with the client's key: ES256, a new `jti`, lives one minute from `clock()`. */
function clientAssertion(clientId: string, audience: string, key: ClientKey, clock: Clock): string {
  const iat = epochSeconds(clock);
  return signedJwt({ typ: "JWT", ...(key.kid !== undefined ? { kid: key.kid } : {}) }, { iss: clientId, sub: clientId, aud: audience, jti: randomUUID(), iat, exp: iat + 60 }, key);
}

/**
 * A DPoP proof (RFC 9449) for one request, made when the request is sent (a new `jti`, `iat` from `clock()`): Keycloak
 * refuses a proof older than its lifetime (10 s) plus its clock skew (15 s). `htu` is the public URL (the issuer's
 * origin and the path) Keycloak sees the request at behind its hostname.
 */
function dpopProof(key: ClientKey, method: string, htu: string, clock: Clock, accessToken?: string): string {
  const ath = accessToken === undefined ? {} : { ath: base64url(createHash("sha256").update(accessToken).digest()) };
  return signedJwt({ typ: "dpop+jwt", jwk: key.publicJwk }, { jti: randomUUID(), htm: method, htu, iat: epochSeconds(clock), ...ath }, key);
}

/** The review client's private key, read from its mounted file. */
function clientKey(settings: NonNullable<AccessReviewJobSettings["keycloak"]>): ClientKey {
  let jwk: Record<string, unknown> | undefined;
  try {
    jwk = record(JSON.parse(fs.readFileSync(settings.keyFile, "utf8")));
  } catch {
    jwk = undefined;
  }
  const refused = new AccessReviewError(`the client key file ${settings.keyFile} is not a private EC P-256 JWK: put the key of ${settings.clientId} in its Secrets Manager secret (see the README)`);
  if (jwk === undefined || jwk["kty"] !== "EC" || jwk["crv"] !== "P-256" || typeof jwk["d"] !== "string" || typeof jwk["x"] !== "string" || typeof jwk["y"] !== "string") throw refused;
  const publicJwk = { kty: "EC", crv: "P-256", x: jwk["x"], y: jwk["y"] };
  try {
    return { privateKey: createPrivateKey({ key: { ...publicJwk, d: jwk["d"] } as JsonWebKey, format: "jwk" }), publicJwk, ...(typeof jwk["kid"] === "string" ? { kid: jwk["kid"] } : {}) };
  } catch {
    throw refused;
  }
}

/** The public URL of a request to Keycloak, for DPoP's `htu`: the issuer's origin, the request's path. */
const publicUrl = (settings: NonNullable<AccessReviewJobSettings["keycloak"]>, url: URL) => `${new URL(settings.issuer).origin}${url.pathname}`;

/** Renew the access token this long before it expires: a request made with it must still reach Keycloak in time. */
const TOKEN_RENEWAL_MARGIN_MS = 30_000;

interface BoundToken {
  readonly value: string;
  /** When to get a new one (its expiry less {@link TOKEN_RENEWAL_MARGIN_MS}), by the job's clock. */
  readonly renewAt: number;
}

/** A DPoP-bound access token of the review client (client credentials with private_key_jwt). */
async function keycloakToken(settings: NonNullable<AccessReviewJobSettings["keycloak"]>, key: ClientKey, realm: string, timeoutMs: number, clock: Clock): Promise<BoundToken> {
  const url = new URL(`/realms/${encodeURIComponent(realm)}/protocol/openid-connect/token`, settings.url);
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: settings.clientId,
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: clientAssertion(settings.clientId, settings.issuer, key, clock),
  }).toString();
  const dpop = dpopProof(key, "POST", publicUrl(settings, url), clock);
  const answer = await request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", dpop }, body, timeoutMs });
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = record(JSON.parse(answer.body));
  } catch {
    parsed = undefined;
  }
  if (answer.status !== 200 || typeof parsed?.["access_token"] !== "string") {
    const code = typeof parsed?.["error"] === "string" && /^[a-z_]{1,64}$/.test(parsed["error"]) ? ` (${parsed["error"]})` : "";
    throw new AccessReviewError(`POST ${url.pathname}: ${refusal(answer.status)}${code}`);
  }
  const lifetimeMs = typeof parsed["expires_in"] === "number" && parsed["expires_in"] > 0 ? parsed["expires_in"] * 1000 : 60_000;
  return { value: parsed["access_token"], renewAt: clock().getTime() + Math.max(0, lifetimeMs - TOKEN_RENEWAL_MARGIN_MS) };
}

/**
 * Keycloak's admin API as the review client: each request with a fresh DPoP proof; a new token when the current one
 * nears its expiry, and once more when Keycloak answers 401 (revoked or expired early), then the refusal is the error.
 */
function adminApi(settings: NonNullable<AccessReviewJobSettings["keycloak"]>, key: ClientKey, realm: string, timeoutMs: number, clock: Clock) {
  let token: BoundToken | undefined;
  const current = async (renew: boolean) => {
    if (renew || token === undefined || clock().getTime() >= token.renewAt) token = await keycloakToken(settings, key, realm, timeoutMs, clock);
    return token.value;
  };
  return async (path: string, query: Record<string, string> = {}): Promise<unknown> => {
    const url = new URL(`/admin/realms/${encodeURIComponent(realm)}${path}`, settings.url);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const get = async (renew: boolean) => {
      const bound = await current(renew);
      return request(url, { method: "GET", headers: { accept: "application/json", authorization: `DPoP ${bound}`, dpop: dpopProof(key, "GET", publicUrl(settings, url), clock, bound) }, timeoutMs });
    };
    let answer = await get(false);
    if (answer.status === 401) answer = await get(true);
    return jsonAnswer(url, answer);
  };
}

/** Credentials a ClientRepresentation may carry, dropped as soon as read. */
const WITHHELD_CLIENT_FIELDS = ["secret", "registrationAccessToken"];

/** The live realm, in the representation the shared review reads. */
export async function liveRealm(settings: NonNullable<AccessReviewJobSettings["keycloak"]>, realm: string, timeoutMs = 10_000, clock: Clock = () => new Date()): Promise<Record<string, unknown>> {
  const admin = adminApi(settings, clientKey(settings), realm, timeoutMs, clock);
  const realmRepresentation = record(await admin("")) ?? {};
  // Keycloak before 26.8 returns confidential clients' secrets to view-clients (keycloak#49220): never kept, so never output.
  const clients = records(await admin("/clients")).map((client) => Object.fromEntries(Object.entries(client).filter(([field]) => !WITHHELD_CLIENT_FIELDS.includes(field))));
  const defaultRoleId = record(realmRepresentation["defaultRole"])?.["id"];
  const defaultRoleComposites = typeof defaultRoleId === "string" ? records(await admin(`/roles-by-id/${encodeURIComponent(defaultRoleId)}/composites`)) : [];
  const people: Record<string, unknown>[] = [];
  for (let first = 0; ; first += 100) {
    const page = records(await admin("/users", { first: String(first), max: "100", briefRepresentation: "true" }));
    people.push(...page);
    if (page.length < 100) break;
  }
  const serviceAccounts: Record<string, unknown>[] = [];
  for (const client of clients.filter((candidate) => candidate["serviceAccountsEnabled"] === true)) {
    serviceAccounts.push({ ...(record(await admin(`/clients/${encodeURIComponent(String(client["id"]))}/service-account-user`)) ?? {}), serviceAccountClientId: client["clientId"] });
  }
  const byId = new Map([...people, ...serviceAccounts].map((user) => [String(user["id"]), user]));
  const realmManagement = clients.find((client) => client["clientId"] === REALM_MANAGEMENT_CLIENT)?.["id"];
  const users = [];
  for (const [id, user] of [...byId].sort(([a], [b]) => a.localeCompare(b))) {
    const path = `/users/${encodeURIComponent(id)}/role-mappings`;
    const mappings = record(await admin(path)) ?? {};
    const effectiveAdminRoles = typeof realmManagement === "string" ? records(await admin(`${path}/clients/${encodeURIComponent(realmManagement)}/composite`)) : [];
    users.push({ user, mappings, effectiveAdminRoles });
  }
  return liveRealmRepresentation({ realm: realmRepresentation, clients, defaultRoleComposites, users });
}

/** The review: every finding, Kubernetes first, each source in a deterministic order. */
export async function runAccessReview(settings: AccessReviewJobSettings, approved: ApprovedAccess, clock: Clock = () => new Date()): Promise<AccessFinding[]> {
  const findings = rbacDrift(approved, await liveRbac(settings));
  const realm = approvedRealmName(approved);
  if (realm !== undefined && approved.realm !== undefined) {
    if (settings.keycloak === undefined) throw new AccessReviewError(`the environment deploys the realm ${realm} but the job has no Keycloak settings`);
    findings.push(...realmDrift(approved.realm, await liveRealm(settings.keycloak, realm, settings.timeoutMs, clock)));
  }
  return findings;
}

const stdout = (line: string) => void process.stdout.write(`${line}\n`);

/** One JSON log line: `{"accessReview": <kind>, "control": "OPS-04", "environment": ..., ...}`; the alarm counts findings and errors. */
function logLine(kind: "finding" | "summary" | "error", environment: string, fields: Record<string, unknown>): string {
  return JSON.stringify({ [ACCESS_REVIEW_LOG_FIELD]: kind, control: "OPS-04", environment, ...fields });
}

/** Runs the review and writes its lines; returns the exit code (0 clean, 1 findings, 2 could not run). */
export async function main(settings: AccessReviewJobSettings, write: (line: string) => void = stdout, clock: Clock = () => new Date()): Promise<number> {
  let environment = "?";
  try {
    const approved = parseApprovedAccess(fs.readFileSync(settings.approvedFile, "utf8"));
    environment = approved.environment;
    const findings = await runAccessReview(settings, approved, clock);
    for (const finding of findings) write(logLine("finding", environment, { ...finding }));
    write(logLine("summary", environment, { findings: findings.length }));
    return findings.length === 0 ? 0 : 1;
  } catch (error) {
    const message = error instanceof AccessReviewError ? error.message : `unexpected: ${(error as Error).message}`;
    write(logLine("error", environment, { error: message }));
    return 2;
  }
}

/** The settings file the CronJob mounts (AccessReviewJobSettings as JSON). */
export function readSettings(file: string): AccessReviewJobSettings {
  let settings: Record<string, unknown> | undefined;
  try {
    settings = record(JSON.parse(fs.readFileSync(file, "utf8")));
  } catch {
    settings = undefined;
  }
  if (typeof settings?.["approvedFile"] !== "string" || typeof settings["kubernetesUrl"] !== "string" || typeof settings["kubernetesTokenFile"] !== "string") {
    throw new AccessReviewError(`settings ${file}: expected JSON { approvedFile, kubernetesUrl, kubernetesTokenFile, kubernetesCaFile?, keycloak? }`);
  }
  return settings as unknown as AccessReviewJobSettings;
}

/** The job's entry: reads the settings file named on the command line and runs the review; resolves to the exit code. */
export async function run(settingsFile: string | undefined, write?: (line: string) => void): Promise<number> {
  try {
    if (settingsFile === undefined) throw new AccessReviewError("usage: access-review.js <settings.json>");
    return await main(readSettings(settingsFile), write);
  } catch (error) {
    (write ?? stdout)(logLine("error", "?", { error: (error as Error).message }));
    return 2;
  }
}
