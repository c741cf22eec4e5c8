/**
 * The token checks' pure parts, one attack or edge per case: DPoP proof verification (RFC 9449 §4.3), certificate
 * binding (RFC 8705), access-token claims, step-up (RFC 9470), just-in-time grants (RFC 9396), challenges, and the
 * in-memory store's replay and expiry semantics.
 */
import { execFileSync } from "child_process";
import { createHash, generateKeyPairSync, sign, X509Certificate } from "crypto";
import { exportJWK, generateKeyPair, SignJWT, createLocalJWKSet, calculateJwkThumbprint, type JWK } from "jose";
import { verifyAccessToken, type AccessTokenClaims } from "../../guard/src/auth/access-token";
import { certificateThumbprint } from "../../guard/src/auth/certificate";
import { AuthDenial, wwwAuthenticate } from "../../guard/src/auth/denial";
import { accessTokenHash, verifyDpopProof, type DpopExpectation } from "../../guard/src/auth/dpop";
import { createAuthRuntime, storeAnswers, type VerifiedToken } from "../../guard/src/auth/runtime";
import { MemoryAuthStore } from "../../guard/src/auth/store";
import type { CheckContext } from "../../guard/src/pipeline/check";
import { checkSenderConstraint } from "../../guard/src/checks/AUTH-04";
import { checkStepUp } from "../../guard/src/checks/CV-03";
import { checkJitGrant } from "../../guard/src/checks/JIT-01";
import { sessionKey } from "../../guard/src/auth/principal";
import { checkSessionOwner } from "../../guard/src/checks/PUB-01";

const NOW = new Date("2026-12-06T12:00:00Z");
const NOW_S = NOW.getTime() / 1000;
const URL_ = "https://mcp.example.test/servers/files/mcp";
const TOKEN = "header.payload.signature";

async function proofKeys(alg = "ES256") {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, jwk: await exportJWK(publicKey), privateJwk: await exportJWK(privateKey) };
}

async function makeProof(overrides: { claims?: Record<string, unknown>; header?: Record<string, unknown>; alg?: string; keys?: Awaited<ReturnType<typeof proofKeys>> } = {}) {
  const keys = overrides.keys ?? (await proofKeys(overrides.alg));
  const claims = { jti: "j-1", htm: "POST", htu: URL_, iat: NOW_S, ath: accessTokenHash(TOKEN), ...overrides.claims };
  const jwt = await new SignJWT(claims as Record<string, unknown>)
    .setProtectedHeader({ alg: overrides.alg ?? "ES256", typ: "dpop+jwt", jwk: keys.jwk, ...overrides.header } as never)
    .sign(keys.privateKey);
  return { jwt, keys };
}

const expectation: DpopExpectation = { method: "POST", url: URL_, accessToken: TOKEN, algorithms: ["ES256", "EdDSA"], maxAgeSeconds: 60, clockToleranceSeconds: 5 };

function rule(result: unknown): string | undefined {
  return result instanceof AuthDenial ? result.rule : undefined;
}

describe("AUTH-04 DPoP proof verification", () => {
  test("a valid proof yields its key's RFC 7638 thumbprint and jti", async () => {
    const { jwt, keys } = await makeProof();
    const verified = await verifyDpopProof(jwt, expectation, NOW);
    expect(verified).toEqual({ jkt: await calculateJwkThumbprint(keys.jwk as JWK), jti: "j-1", iat: NOW_S });
  });

  test("htu compares scheme, host, port and path after normalization, ignoring query and fragment", async () => {
    const { jwt } = await makeProof({ claims: { htu: "HTTPS://MCP.example.test:443/servers/files/mcp?x=1#f" } });
    expect(rule(await verifyDpopProof(jwt, expectation, NOW))).toBeUndefined();
  });

  test.each([
    ["a wrong typ", { header: { typ: "JWT" } }, "AUTH-04-dpop-type"],
    ["an algorithm outside the allowlist", { alg: "PS256" }, "AUTH-04-dpop-algorithm"],
    ["a proof older than the window", { claims: { iat: NOW_S - 61 } }, "AUTH-04-dpop-iat"],
    ["a proof from the future", { claims: { iat: NOW_S + 30 } }, "AUTH-04-dpop-iat"],
    ["no jti", { claims: { jti: undefined } }, "AUTH-04-dpop-jti"],
    ["an oversized jti", { claims: { jti: "x".repeat(257) } }, "AUTH-04-dpop-jti"],
    ["another method", { claims: { htm: "GET" } }, "AUTH-04-dpop-htm"],
    ["another path", { claims: { htu: "https://mcp.example.test/servers/other/mcp" } }, "AUTH-04-dpop-htu"],
    ["another host", { claims: { htu: "https://evil.test/servers/files/mcp" } }, "AUTH-04-dpop-htu"],
    ["another token's ath", { claims: { ath: accessTokenHash("other.token.value") } }, "AUTH-04-dpop-ath"],
    ["no ath", { claims: { ath: undefined } }, "AUTH-04-dpop-ath"],
  ])("refuses %s", async (_name, overrides, expected) => {
    const { jwt } = await makeProof(overrides as never);
    expect(rule(await verifyDpopProof(jwt, expectation, NOW))).toBe(expected);
  });

  test("refuses a proof whose embedded jwk is a private key, and one signed by a key other than the embedded one", async () => {
    const keys = await proofKeys();
    const privateHeader = await makeProof({ keys, header: { jwk: keys.privateJwk } });
    expect(rule(await verifyDpopProof(privateHeader.jwt, expectation, NOW))).toBe("AUTH-04-dpop-invalid");
    const other = await proofKeys();
    const swapped = await makeProof({ keys, header: { jwk: other.jwk } });
    expect(rule(await verifyDpopProof(swapped.jwt, expectation, NOW))).toBe("AUTH-04-dpop-signature");
  });

  test("a proof key is reused only for the same algorithm and JWK: once a key is known, the same key sent as a private JWK or marked for encryption is still refused", async () => {
    const keys = await proofKeys();
    expect(rule(await verifyDpopProof((await makeProof({ keys })).jwt, expectation, NOW))).toBeUndefined();
    expect(rule(await verifyDpopProof((await makeProof({ keys, claims: { jti: "j-2" } })).jwt, expectation, NOW))).toBeUndefined();
    expect(rule(await verifyDpopProof((await makeProof({ keys, header: { jwk: keys.privateJwk } })).jwt, expectation, NOW))).toBe("AUTH-04-dpop-invalid");
    expect(rule(await verifyDpopProof((await makeProof({ keys, header: { jwk: { ...keys.jwk, use: "enc" } } })).jwt, expectation, NOW))).toBe("AUTH-04-dpop-invalid");
  });

  test("refuses an unsigned (alg none) proof and garbage", async () => {
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "dpop+jwt" })).toString("base64url");
    const payload = Buffer.from(JSON.stringify({ jti: "j", htm: "POST", htu: URL_, iat: NOW_S })).toString("base64url");
    expect(rule(await verifyDpopProof(`${header}.${payload}.`, expectation, NOW))).toMatch(/^AUTH-04-dpop-/);
    expect(rule(await verifyDpopProof("not a jwt", expectation, NOW))).toBe("AUTH-04-dpop-invalid");
  });
});

describe("AUTH-04 binding", () => {
  const settings = { algorithms: ["ES256"], maxAgeSeconds: 60, clockToleranceSeconds: 5 };
  const evidence = { scheme: "DPoP" as const, accessToken: TOKEN, proof: undefined, method: "POST", url: URL_, certificate: undefined };

  test("a certificate-bound token needs the very certificate it is bound to", () => {
    const pem = selfSignedCertificate();
    const x5t = createHash("sha256").update(new X509Certificate(pem).raw).digest("base64url");
    expect(certificateThumbprint(pem)).toBe(x5t);
    expect(certificateThumbprint("not a certificate")).toBeUndefined();
    const claims = { iss: "i", sub: "s", exp: 2, iat: 1, cnf: { "x5t#S256": x5t } } as AccessTokenClaims;
    return Promise.all([
      checkSenderConstraint(claims, { ...evidence, scheme: "Bearer", certificate: pem }, "certificate", settings, NOW).then((result) => expect(result).toEqual({ kind: "certificate" })),
      checkSenderConstraint(claims, { ...evidence, scheme: "Bearer" }, "certificate", settings, NOW).then((result) => expect(rule(result)).toBe("AUTH-04-certificate-missing")),
      checkSenderConstraint(claims, { ...evidence, scheme: "Bearer", certificate: selfSignedCertificate() }, "certificate", settings, NOW).then((result) => expect(rule(result)).toBe("AUTH-04-certificate-mismatch")),
      checkSenderConstraint(claims, evidence, "dpop", settings, NOW).then((result) => expect(rule(result)).toBe("AUTH-04-unbound")),
    ]);
  });

  test("a DPoP header given twice, or a request whose URL the gateway did not forward, is refused", async () => {
    const claims = { iss: "i", sub: "s", exp: 2, iat: 1, cnf: { jkt: "k" } } as AccessTokenClaims;
    expect(rule(await checkSenderConstraint(claims, { ...evidence, proof: null }, "dpop", settings, NOW))).toBe("AUTH-04-dpop-multiple");
    expect(rule(await checkSenderConstraint(claims, { ...evidence, proof: "p", url: undefined }, "dpop", settings, NOW))).toBe("AUTH-04-dpop-request-unknown");
  });
});

describe("CV-01 access token claims", () => {
  async function issuer() {
    const { publicKey, privateKey } = await generateKeyPair("ES256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "ES256" };
    const sign = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid: "k1" }).sign(privateKey);
    return { keys: createLocalJWKSet({ keys: [jwk] }), sign };
  }
  const policy = { issuer: "https://issuer.test", audiences: ["https://mcp.example.test/servers/files"], algorithms: ["ES256"], clockToleranceSeconds: 5, maxLifetimeSeconds: 300 };
  const base = { iss: policy.issuer, sub: "alice", aud: policy.audiences[0], iat: NOW_S - 10, exp: NOW_S + 200 };

  test.each([
    ["a valid token", {}, undefined],
    ["another issuer", { iss: "https://evil.test" }, "CV-01-claim-iss"],
    ["a missing exp", { exp: undefined }, "CV-01-claim-exp"],
    ["a lifetime over 5 minutes (AUTH-02)", { exp: NOW_S + 3600 }, "AUTH-02-lifetime"],
    ["a list audience without this server", { aud: ["https://mcp.example.test/servers/other"] }, "CV-01-audience"],
    ["a non-string scope", { scope: ["files:read"] }, "CV-01-claim-scope"],
    ["malformed authorization_details", { authorization_details: [{ actions: ["x"] }] }, "CV-01-claim-authorization_details"],
    ["an iat in the future beyond the clock tolerance", { iat: NOW_S + 6, exp: NOW_S + 200 }, "CV-01-claim-iat"],
    ["an iat in the future within the clock tolerance", { iat: NOW_S + 5, exp: NOW_S + 200 }, undefined],
  ])("%s", async (_name, change, expected) => {
    const { keys, sign } = await issuer();
    const token = await sign({ ...base, ...change });
    expect(rule(await verifyAccessToken(token, keys, policy, NOW))).toBe(expected);
  });

  test("infinite times (1e400 parses as Infinity, and Infinity - Infinity passes any lifetime bound) are refused", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const input = `${Buffer.from(JSON.stringify({ alg: "ES256", kid: "k1" })).toString("base64url")}.${Buffer.from(`{"iss":"${policy.issuer}","sub":"alice","aud":"${policy.audiences[0]}","iat":1e400,"exp":1e400}`).toString("base64url")}`;
    const token = `${input}.${sign("sha256", Buffer.from(input), { key: privateKey, dsaEncoding: "ieee-p1363" }).toString("base64url")}`;
    const keys = createLocalJWKSet({ keys: [{ ...publicKey.export({ format: "jwk" }), kid: "k1", alg: "ES256" }] });
    expect(rule(await verifyAccessToken(token, keys, policy, NOW))).toBe("CV-01-claim-time");
  });

  test("a token signed by an unpublished key is refused as such", async () => {
    const { keys } = await issuer();
    const other = await issuer();
    expect(rule(await verifyAccessToken(await other.sign(base), keys, policy, NOW))).toBe("CV-01-signature");
  });
});

describe("CV-03 step-up and JIT grants", () => {
  const sensitive = { acrValues: ["mfa"], maxAgeSeconds: 300 };
  const claims = (extra: Partial<AccessTokenClaims>) => ({ iss: "i", sub: "s", iat: NOW_S - 10, exp: NOW_S + 50, ...extra }) as AccessTokenClaims;

  test("step-up: acr and auth_time both matter, and the challenge carries acr_values and max_age", () => {
    expect(checkStepUp(claims({ acr: "mfa", auth_time: NOW_S - 100 }), "t", sensitive, NOW_S)).toBeUndefined();
    expect(rule(checkStepUp(claims({ acr: "pwd", auth_time: NOW_S }), "t", sensitive, NOW_S))).toBe("CV-03-step-up-acr");
    const stale = checkStepUp(claims({ acr: "mfa", auth_time: NOW_S - 301 }), "t", sensitive, NOW_S) as AuthDenial;
    expect(stale.rule).toBe("CV-03-step-up-max-age");
    expect(rule(checkStepUp(claims({ acr: "mfa" }), "t", sensitive, NOW_S))).toBe("CV-03-step-up-max-age");
    expect(wwwAuthenticate(stale, "DPoP", ["ES256"])).toBe(
      'DPoP error="insufficient_user_authentication", error_description="the tool t needs a sign-in within the last 300 s", acr_values="mfa", max_age=300, algs="ES256"',
    );
  });

  test("JIT: the grant must name the tool, this server when it names locations, a declared purpose, and live briefly", () => {
    const jit = { purposes: ["incident-response"], maxGrantSeconds: 120 };
    const aud = "https://mcp.example.test/servers/files";
    const detail = { type: "mcp_tool", actions: ["export"], locations: [aud], purpose: "incident-response" };
    expect(checkJitGrant(claims({ authorization_details: [detail] }), "export", aud, jit)).toEqual({ purpose: "incident-response" });
    expect(rule(checkJitGrant(claims({ authorization_details: [{ ...detail, actions: ["other"] }] }), "export", aud, jit))).toBe("JIT-01-grant-missing");
    expect(rule(checkJitGrant(claims({ authorization_details: [{ ...detail, locations: ["https://elsewhere"] }] }), "export", aud, jit))).toBe("JIT-01-grant-missing");
    expect(rule(checkJitGrant(claims({ authorization_details: [{ ...detail, type: "payment" }] }), "export", aud, jit))).toBe("JIT-01-grant-missing");
    expect(rule(checkJitGrant(claims({ authorization_details: [{ ...detail, purpose: undefined }] }), "export", aud, jit))).toBe("JIT-03-purpose");
    expect(rule(checkJitGrant(claims({ authorization_details: [detail], exp: NOW_S + 200 }), "export", aud, jit))).toBe("JIT-01-grant-lifetime");
  });
});

describe("PUB-01 and the in-memory store", () => {
  test("session keys hide the session id; another principal is refused", () => {
    expect(sessionKey("p:", "secret-session")).not.toContain("secret-session");
    expect(checkSessionOwner("a", "a")).toBeUndefined();
    expect(rule(checkSessionOwner("a", "b"))).toBe("PUB-01-session-owner");
  });

  test("claimOnce is true once until the entry expires; bindOnce keeps the first owner", async () => {
    let now = 0;
    const store = new MemoryAuthStore(() => now);
    expect(await store.claimOnce("k", 60)).toBe(true);
    expect(await store.claimOnce("k", 60)).toBe(false);
    now = 61_000;
    expect(await store.claimOnce("k", 60)).toBe(true);
    expect(await store.bindOnce("s", "alice", 10)).toBe("alice");
    expect(await store.bindOnce("s", "mallory", 10)).toBe("alice");
    expect(await store.firstSet(["x", "s"])).toBe("s");
    expect(await store.delete("s")).toBe(true);
    expect(await store.firstSet(["x", "s"])).toBeUndefined();
  });
});

describe("the shared store's answers, asked once per request", () => {
  const runtime = () => createAuthRuntime({ issuer: "https://issuer.example.test", jwksUri: "https://issuer.example.test/jwks", audiences: { files: "https://mcp.example.test/files" } }, { store: new MemoryAuthStore(), keys: createLocalJWKSet({ keys: [] }) }, {});
  const verified = { scheme: "dpop", token: "t", claims: { iss: "https://issuer.example.test", sub: "alice", azp: "agent", exp: 2, iat: 1 }, audiences: [] } as unknown as VerifiedToken;
  const context = () => ({ headers: new Map<string, string | string[]>() }) as unknown as CheckContext;

  test("a proof key given by a check that asks after another is still claimed: a replayed proof is not fresh whatever the check order (review)", async () => {
    const auth = runtime();
    const first = context();
    await storeAnswers(auth, first, verified);
    expect(await storeAnswers(auth, first, verified, "dpop:proof-1")).toMatchObject({ fresh: true });
    const replay = context();
    await storeAnswers(auth, replay, verified);
    expect(await storeAnswers(auth, replay, verified, "dpop:proof-1")).toMatchObject({ fresh: false });
  });
});

/** A fresh self-signed client certificate (PEM), made by Debian's openssl: Node has no certificate builder. */
function selfSignedCertificate(): string {
  return execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "/dev/null", "-subj", "/CN=agent", "-days", "1"], {
    stdio: ["ignore", "pipe", "ignore"],
  }).toString();
}
