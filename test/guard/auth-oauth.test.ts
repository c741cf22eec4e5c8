/**
 * The guard's token checks against a real authorization server (oidc-provider, configured like the generated realm),
 * real OAuth clients (oauth4webapi, dpop), a real Redis shared by two guard replicas, over real gRPC with the ExtMcp
 * proto: AUTH-04, CV-01, ZT-01, AUTH-02, CV-03, JIT-02, CV-04, JIT-04, JIT-01, JIT-03, JIT-05, PUB-01. Each attack the
 * controls exist for is refused with its rule, its JSON-RPC code and its HTTP semantics, and no token leaks.
 */
import type { webcrypto } from "crypto";
import { exportJWK, generateKeyPair } from "jose";
import type * as oauth from "oauth4webapi";
import { RedisAuthStore } from "../../guard/src/auth/redis-store";
import { revocationKey } from "../../guard/src/auth/revocation";
import { createAuthRuntime } from "../../guard/src/auth/runtime";
import { GuardAuthConfig, GuardConfig } from "../../guard/src/config/types";
import { approvedTool, guardConfig, serverConfig } from "./support/config";
import { Answer, RunningGuard, startGuard } from "./support/grpc";
import { discover, dpopKeys, exchangeToken, proof, serviceToken, userToken } from "./support/oauth-clients";
import { Peer, startAuthorizationServer, startRedis } from "./support/processes";

type KeyPair = webcrypto.CryptoKeyPair;

const FILES = "https://mcp.example.test/servers/files";
const OTHER = "https://mcp.example.test/servers/other";
const MCP_URL = "https://mcp.example.test/servers/files/mcp";
const REDIRECT = "http://127.0.0.1:9/callback";
const ACR = ["urn:mcp:loa:pwd", "urn:mcp:loa:mfa"];
const SCOPES = "files:read files:delete";

const tool = (name: string) => ({ name, inputSchema: { type: "object", properties: { path: { type: "string", maxLength: 100 } } } }) as const;

let redis: Peer;
let authorizationServer: Peer;
let as: oauth.AuthorizationServer;
let config: GuardConfig;
let guard: RunningGuard;
let replica: RunningGuard;
let store: RedisAuthStore;
const clients: Record<string, { clientId: string; key: webcrypto.CryptoKey }> = {};

async function serviceClient(clientId: string, dpopBound: boolean): Promise<Record<string, unknown>> {
  const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
  clients[clientId] = { clientId, key: privateKey as webcrypto.CryptoKey };
  return {
    client_id: clientId,
    grant_types: ["client_credentials"],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: "private_key_jwt",
    token_endpoint_auth_signing_alg: "ES256",
    id_token_signed_response_alg: "ES256",
    jwks: { keys: [await exportJWK(publicKey)] },
    scope: SCOPES,
    dpop_bound_access_tokens: dpopBound,
    authorization_details_types: ["mcp_tool"],
  };
}

beforeAll(async () => {
  redis = await startRedis();
  authorizationServer = await startAuthorizationServer({
    resources: { [FILES]: { scope: SCOPES, ttl: 300, jitTtl: 60 }, [OTHER]: { scope: SCOPES, ttl: 300, jitTtl: 60 } },
    acrValues: ACR,
    clients: [
      await serviceClient("ops-agent", true),
      await serviceClient("other-agent", true),
      await serviceClient("legacy-agent", false),
      // The server's token-exchange client, as the realm generates it: client ID = the server's audience (JIT-05).
      { ...(await serviceClient(FILES, true)), grant_types: ["urn:ietf:params:oauth:grant-type:token-exchange"] },
      {
        client_id: "mcp-client",
        token_endpoint_auth_method: "none",
        redirect_uris: [REDIRECT],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        id_token_signed_response_alg: "ES256",
        dpop_bound_access_tokens: true,
        scope: `openid ${SCOPES}`,
      },
    ],
  });
  as = await discover(authorizationServer.url);
  const auth: GuardAuthConfig = { issuer: authorizationServer.url, jwksUri: `${authorizationServer.url}/jwks`, audiences: { files: FILES }, store: { redisUrl: redis.url } };
  config = guardConfig(
    {
      files: serverConfig([
        approvedTool(tool("read_file"), { scopes: ["files:read"] }),
        approvedTool(tool("delete_file"), { scopes: ["files:delete"], sensitive: { acrValues: ["urn:mcp:loa:mfa"], maxAgeSeconds: 300 } }),
        approvedTool(tool("export_logs"), { scopes: ["files:read"], jit: { purposes: ["incident-response"], maxGrantSeconds: 120 } }),
        approvedTool(tool("purge_logs"), { scopes: ["files:read"], jit: { purposes: ["incident-response"], maxGrantSeconds: 120 } }),
      ]),
    },
    { auth },
  );
  guard = await startGuard(config);
  // A second replica: its own process state (its own config object, key cache and Redis connection), the same Redis.
  replica = await startGuard({ ...config, auth: { ...auth } });
  store = new RedisAuthStore({ url: redis.url });
});

afterAll(async () => {
  await guard?.stop();
  await replica?.stop();
  await store?.close();
  await authorizationServer?.stop();
  await redis?.stop();
});

interface CallOptions {
  readonly keys?: KeyPair;
  readonly tool?: string;
  readonly scheme?: string;
  readonly proofUrl?: string;
  readonly proofMethod?: string;
  readonly proof?: string;
  readonly sessionId?: string;
  readonly via?: RunningGuard;
}

async function call(token: string | undefined, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ":method": "POST", ":scheme": "https", ":authority": "mcp.example.test", ":path": "/servers/files/mcp" };
  if (token !== undefined) headers.authorization = `${options.scheme ?? "DPoP"} ${token}`;
  if (options.proof !== undefined) headers.dpop = options.proof;
  else if (options.keys && token !== undefined) headers.dpop = await proof(options.keys, options.proofUrl ?? MCP_URL, options.proofMethod ?? "POST", token);
  if (options.sessionId !== undefined) headers["mcp-session-id"] = options.sessionId;
  return (options.via ?? guard).request("tools/call", { name: options.tool ?? "read_file", arguments: { path: "notes.txt" } }, { headers });
}

function expectRefused(answer: Answer, rule: string, status: number, error: string): void {
  expect(answer.kind).toBe("error");
  if (answer.kind !== "error") return;
  expect(answer.data).toMatchObject({ rule, status, error });
  expect(answer.reason).toContain(`[${rule}]`);
  expect(answer.code).toBe(status === 503 ? "UNKNOWN" : "PERMISSION_DENIED");
}

const opsToken = (keys: KeyPair | undefined, parameters: Record<string, string> = {}) =>
  serviceToken(as, clients["ops-agent"], keys, { resource: FILES, scope: "files:read", ...parameters });

describe("AUTH-04 sender-constrained tokens (DPoP, RFC 9449)", () => {
  test("a DPoP-bound token with a fresh proof made with its key passes, and the audit line names subject and client, never the token", async () => {
    const keys = await dpopKeys();
    const token = await opsToken(keys);
    const answer = await call(token, { keys });
    expect(answer).toMatchObject({ kind: "pass" });
    const line = guard.audit[guard.audit.length - 1];
    expect(line).toMatchObject({ decision: "pass", subject: "ops-agent", client: "ops-agent", tool: "read_file" });
    expect(JSON.stringify(guard.audit)).not.toContain(token);
  });

  test("the same token without its key is refused: no proof, a proof made with another key, or sent as a Bearer token", async () => {
    const keys = await dpopKeys();
    const token = await opsToken(keys);
    expectRefused(await call(token), "AUTH-04-dpop-missing", 401, "invalid_dpop_proof");
    expectRefused(await call(token, { keys: await dpopKeys() }), "AUTH-04-dpop-key", 401, "invalid_token");
    expectRefused(await call(token, { keys, scheme: "Bearer" }), "AUTH-04-dpop-scheme", 401, "invalid_token");
  });

  test("a replayed proof is refused, by the same replica and by another one (the replay cache is shared in Redis)", async () => {
    const keys = await dpopKeys();
    const token = await opsToken(keys);
    const used = await proof(keys, MCP_URL, "POST", token);
    expect(await call(token, { proof: used })).toMatchObject({ kind: "pass" });
    expectRefused(await call(token, { proof: used }), "AUTH-04-dpop-replayed", 401, "invalid_dpop_proof");
    expectRefused(await call(token, { proof: used, via: replica }), "AUTH-04-dpop-replayed", 401, "invalid_dpop_proof");
    expect(await call(token, { keys, via: replica })).toMatchObject({ kind: "pass" });
  });

  test("a proof for another URL or another method is refused", async () => {
    const keys = await dpopKeys();
    const token = await opsToken(keys);
    expectRefused(await call(token, { keys, proofUrl: "https://mcp.example.test/servers/other/mcp" }), "AUTH-04-dpop-htu", 401, "invalid_dpop_proof");
    expectRefused(await call(token, { keys, proofMethod: "GET" }), "AUTH-04-dpop-htm", 401, "invalid_dpop_proof");
  });

  test("a token that is not sender-constrained is refused, with a DPoP challenge", async () => {
    const token = await serviceToken(as, clients["legacy-agent"], undefined, { resource: FILES, scope: "files:read" });
    const answer = await call(token, { scheme: "Bearer" });
    expectRefused(answer, "AUTH-04-unbound", 401, "invalid_token");
    if (answer.kind === "error") expect(answer.data.wwwAuthenticate).toMatch(/^DPoP error="invalid_token", error_description="[^"]+", algs="ES256 /);
  });
});

describe("CV-01 / ZT-01 / AUTH-02 every request re-verified", () => {
  test("a request without a token is refused with a DPoP challenge", async () => {
    const answer = await call(undefined);
    expectRefused(answer, "CV-01-token-missing", 401, "invalid_request");
  });

  test("a token for another server (audience) is refused", async () => {
    const keys = await dpopKeys();
    const token = await opsToken(keys, { resource: OTHER });
    expectRefused(await call(token, { keys }), "CV-01-audience", 401, "invalid_token");
  });

  test("an expired token is refused (the same token, checked by a replica whose clock is past its expiry)", async () => {
    const later: GuardConfig = { ...config, auth: { ...config.auth! } };
    createAuthRuntime(later.auth!, { store, clock: () => Date.now() + 600_000 });
    const lateGuard = await startGuard(later);
    try {
      const keys = await dpopKeys();
      const token = await opsToken(keys);
      expectRefused(await call(token, { keys, via: lateGuard }), "CV-01-token-expired", 401, "invalid_token");
    } finally {
      await lateGuard.stop();
    }
  });

  test("a forged token (signed by a key the issuer does not publish) is refused", async () => {
    const keys = await dpopKeys();
    const token = await opsToken(keys);
    const [header, payload] = token.split(".");
    const forged = `${header}.${payload}.${Buffer.from("x".repeat(64)).toString("base64url")}`;
    expectRefused(await call(forged, { keys }), "CV-01-signature", 401, "invalid_token");
  });

  test("a token without the tool's scope is refused with insufficient_scope (403)", async () => {
    const keys = await dpopKeys();
    const token = await opsToken(keys, { scope: "files:read" });
    const answer = await call(token, { keys, tool: "delete_file" });
    expectRefused(answer, "CV-01-scope", 403, "insufficient_scope");
    if (answer.kind === "error") expect(answer.data.wwwAuthenticate).toContain('scope="files:delete"');
  });
});

describe("CV-04 / JIT-04 revocation takes effect on the next request", () => {
  test("revoking the client refuses its next request on every replica; lifting it restores access", async () => {
    const keys = await dpopKeys();
    const token = await serviceToken(as, clients["other-agent"], keys, { resource: FILES, scope: "files:read" });
    expect(await call(token, { keys })).toMatchObject({ kind: "pass" });
    const key = revocationKey("mcp-guard:", "client", "other-agent");
    await store.set(key, JSON.stringify({ revokedAt: new Date().toISOString(), reason: "test" }));
    expectRefused(await call(token, { keys }), "CV-04-revoked-client", 401, "invalid_token");
    expectRefused(await call(token, { keys, via: replica }), "CV-04-revoked-client", 401, "invalid_token");
    await store.delete(key);
    expect(await call(token, { keys })).toMatchObject({ kind: "pass" });
  });

  test("revoking a user's sign-in session (sid) refuses tokens of that session", async () => {
    const keys = await dpopKeys();
    const token = await userToken(as, "mcp-client", REDIRECT, keys, { user: "carol", acr: ACR[0], resource: FILES, scope: "files:read" });
    expect(await call(token, { keys })).toMatchObject({ kind: "pass" });
    const sid = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()).sid as string;
    expect(typeof sid).toBe("string");
    await store.set(revocationKey("mcp-guard:", "session", sid), JSON.stringify({ revokedAt: new Date().toISOString(), reason: "test" }));
    expectRefused(await call(token, { keys }), "CV-04-revoked-session", 401, "invalid_token");
  });
});

describe("CV-03 / JIT-02 step-up for sensitive tools (RFC 9470)", () => {
  test("a sensitive tool with a password-only sign-in gets the step-up challenge; after an MFA sign-in it passes", async () => {
    const keys = await dpopKeys();
    const weak = await userToken(as, "mcp-client", REDIRECT, keys, { user: "alice", acr: ACR[0], resource: FILES, scope: SCOPES });
    const answer = await call(weak, { keys, tool: "delete_file" });
    expectRefused(answer, "CV-03-step-up-acr", 401, "insufficient_user_authentication");
    if (answer.kind === "error") {
      expect(answer.data.wwwAuthenticate).toContain('error="insufficient_user_authentication"');
      expect(answer.data.wwwAuthenticate).toContain('acr_values="urn:mcp:loa:mfa"');
      expect(answer.data.wwwAuthenticate).toContain("max_age=300");
    }
    const strong = await userToken(as, "mcp-client", REDIRECT, keys, { user: "alice", acr: ACR[1], resource: FILES, scope: SCOPES });
    expect(await call(strong, { keys, tool: "delete_file" })).toMatchObject({ kind: "pass" });
  });
});

describe("JIT-01 / JIT-03 / JIT-05 just-in-time, purpose-bound tool grants (RFC 9396)", () => {
  const grant = (tools: string[], purpose: string) => JSON.stringify([{ type: "mcp_tool", locations: [FILES], actions: tools, purpose }]);

  test("a JIT tool without a grant is refused", async () => {
    const keys = await dpopKeys();
    const token = await opsToken(keys);
    expectRefused(await call(token, { keys, tool: "export_logs" }), "JIT-01-grant-missing", 403, "insufficient_scope");
  });

  test("a short-lived grant for the tool with a declared purpose passes for that tool only; the purpose is in the audit line", async () => {
    const keys = await dpopKeys();
    const token = await opsToken(keys, { authorization_details: grant(["export_logs"], "incident-response") });
    expect(await call(token, { keys, tool: "export_logs" })).toMatchObject({ kind: "pass" });
    expect(guard.audit[guard.audit.length - 1]).toMatchObject({ tool: "export_logs", purpose: "incident-response", decision: "pass" });
    expectRefused(await call(token, { keys, tool: "purge_logs" }), "JIT-01-grant-missing", 403, "insufficient_scope");
  });

  test("JIT-05: a token exchanged (RFC 8693) for a one-tool grant passes for that tool only; a multi-tool or multi-audience grant is refused for every tool", async () => {
    const keys = await dpopKeys();
    const subject = await opsToken(keys);
    const exchange = (tools: string[], locations = [FILES]) =>
      exchangeToken(as, clients[FILES], keys, subject, { resource: FILES, authorization_details: JSON.stringify([{ type: "mcp_tool", locations, actions: tools, purpose: "incident-response" }]) });
    const oneTool = await exchange(["export_logs"]);
    expect(await call(oneTool, { keys, tool: "export_logs" })).toMatchObject({ kind: "pass" });
    expect(guard.audit[guard.audit.length - 1]).toMatchObject({ tool: "export_logs", purpose: "incident-response", client: FILES, subject: "ops-agent" });
    expectRefused(await call(oneTool, { keys, tool: "purge_logs" }), "JIT-01-grant-missing", 403, "insufficient_scope");
    const twoTools = await exchange(["export_logs", "purge_logs"]);
    for (const name of ["export_logs", "purge_logs"]) expectRefused(await call(twoTools, { keys, tool: name }), "JIT-05-tools", 401, "invalid_token");
    const twoAudiences = await exchange(["export_logs"], [FILES, OTHER]);
    expectRefused(await call(twoAudiences, { keys, tool: "export_logs" }), "JIT-05-audiences", 401, "invalid_token");
  });

  test("JIT-05: the authorization server exchanges only a token addressed to the exchanging client, and only for that audience", async () => {
    const keys = await dpopKeys();
    const forOther = await serviceToken(as, clients["ops-agent"], keys, { resource: OTHER, scope: "files:read" });
    const details = JSON.stringify([{ type: "mcp_tool", locations: [FILES], actions: ["export_logs"], purpose: "incident-response" }]);
    await expect(exchangeToken(as, clients[FILES], keys, forOther, { resource: FILES, authorization_details: details })).rejects.toThrow(/invalid_grant/);
    await expect(exchangeToken(as, clients[FILES], keys, await opsToken(keys), { resource: OTHER, authorization_details: details })).rejects.toThrow(/invalid_target/);
  });

  test("a grant for an undeclared purpose is refused", async () => {
    const keys = await dpopKeys();
    const token = await opsToken(keys, { authorization_details: grant(["export_logs"], "curiosity") });
    expectRefused(await call(token, { keys, tool: "export_logs" }), "JIT-03-purpose", 403, "insufficient_scope");
  });

  test("an expired grant is refused (checked past its 60 s lifetime)", async () => {
    const later: GuardConfig = { ...config, auth: { ...config.auth! } };
    createAuthRuntime(later.auth!, { store, clock: () => Date.now() + 90_000 });
    const lateGuard = await startGuard(later);
    try {
      const keys = await dpopKeys();
      const token = await opsToken(keys, { authorization_details: grant(["export_logs"], "incident-response") });
      expectRefused(await call(token, { keys, tool: "export_logs", via: lateGuard }), "CV-01-token-expired", 401, "invalid_token");
    } finally {
      await lateGuard.stop();
    }
  });
});

describe("PUB-01 sessions never cross principals", () => {
  test("a session id used by another subject is refused; its owner keeps using it", async () => {
    const sessionId = `session-${Math.random().toString(36).slice(2)}`;
    const aliceKeys = await dpopKeys();
    const alice = await userToken(as, "mcp-client", REDIRECT, aliceKeys, { user: "alice", acr: ACR[0], resource: FILES, scope: "files:read" });
    expect(await call(alice, { keys: aliceKeys, sessionId })).toMatchObject({ kind: "pass" });
    const malloryKeys = await dpopKeys();
    const mallory = await userToken(as, "mcp-client", REDIRECT, malloryKeys, { user: "mallory", acr: ACR[0], resource: FILES, scope: "files:read" });
    expectRefused(await call(mallory, { keys: malloryKeys, sessionId, via: replica }), "PUB-01-session-owner", 403, "invalid_request");
    expect(await call(alice, { keys: aliceKeys, sessionId })).toMatchObject({ kind: "pass" });
  });
});

describe("ZT-01 fail closed", () => {
  test("when the shared store does not answer, the request is refused (UNKNOWN, 503), never passed", async () => {
    const broken: GuardConfig = { ...config, auth: { ...config.auth! } };
    createAuthRuntime(broken.auth!, { store: new RedisAuthStore({ url: "redis://127.0.0.1:1", commandTimeoutMs: 200 }) });
    const brokenGuard = await startGuard(broken);
    try {
      const keys = await dpopKeys();
      const token = await opsToken(keys);
      expectRefused(await call(token, { keys, via: brokenGuard }), "ZT-01-store-unavailable", 503, "temporarily_unavailable");
    } finally {
      await brokenGuard.stop();
    }
  });
});
