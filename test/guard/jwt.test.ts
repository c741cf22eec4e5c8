/**
 * The guard's synchronous JWT verification (guard/src/auth/jwt.ts), which replaced jose's `jwtVerify` on the request
 * path: differential against jose itself (every token, valid or tampered, gets the same verdict and the same error
 * class from both), then the attacks jose's defaults let through or that the guard refuses more strictly.
 */
import { createPublicKey, generateKeyPairSync, sign, verify } from "crypto";
import { AuthDenial } from "../../guard/src/auth/denial";
import { accessTokenHash, verifyDpopProof } from "../../guard/src/auth/dpop";
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTVerifyGetKey } from "jose";
import { verifyJwt, type JwtVerifyOptions } from "../../guard/src/auth/jwt";

const NOW = new Date("2026-12-06T12:00:00Z");
const NOW_S = NOW.getTime() / 1000;
const ISSUER = "https://issuer.example.test";
const ALGORITHMS = ["ES256", "ES384", "PS256", "RS256", "EdDSA"];

interface Signer {
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

async function signer(alg: string, kid: string): Promise<Signer> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg } };
}

function b64(value: unknown): string {
  return Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
}

/** The verdict of a verifier: "ok" or the jose error class name (an error that is not jose's is "other"). */
async function verdict(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "ok";
  } catch (error) {
    // By its code, not instanceof: the guard's workspace may resolve its own copy of jose.
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" && code.startsWith("ERR_J") ? (error as Error).constructor.name : "other";
  }
}

describe("verifyJwt agrees with jose's jwtVerify", () => {
  let signers: Signer[];
  let keys: JWTVerifyGetKey;
  const options: JwtVerifyOptions = { issuer: ISSUER, algorithms: ALGORITHMS, requiredClaims: ["exp", "iat", "sub"], clockTolerance: 5, currentDate: NOW };

  beforeAll(async () => {
    signers = await Promise.all([signer("ES256", "e1"), signer("ES384", "e2"), signer("PS256", "p1"), signer("RS256", "r1"), signer("EdDSA", "d1")]);
    keys = createLocalJWKSet({ keys: signers.map((entry) => entry.jwk) });
  });

  async function token(entry: Signer, claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ alg: entry.alg, kid: entry.jwk.kid, typ: "at+jwt", ...header } as never).sign(entry.privateKey);
  }

  /** Valid tokens and tampered ones: claims at and past their limits, swapped parts, bad encodings. */
  async function corpus(): Promise<[string, string][]> {
    const good = { iss: ISSUER, sub: "alice", iat: NOW_S - 10, exp: NOW_S + 290 };
    const cases: [string, string][] = [];
    for (const entry of signers) {
      const valid = await token(entry, good);
      const [header, payload, signature] = valid.split(".");
      cases.push(
        [`${entry.alg} valid`, valid],
        [`${entry.alg} expired beyond tolerance`, await token(entry, { ...good, exp: NOW_S - 5 })],
        [`${entry.alg} expired within tolerance`, await token(entry, { ...good, exp: NOW_S - 4 })],
        [`${entry.alg} not yet valid`, await token(entry, { ...good, nbf: NOW_S + 6 })],
        [`${entry.alg} nbf within tolerance`, await token(entry, { ...good, nbf: NOW_S + 5 })],
        [`${entry.alg} another issuer`, await token(entry, { ...good, iss: "https://evil.test" })],
        [`${entry.alg} no sub`, await token(entry, { iss: ISSUER, iat: NOW_S, exp: NOW_S + 60 })],
        [`${entry.alg} no exp`, await token(entry, { iss: ISSUER, sub: "alice", iat: NOW_S })],
        [`${entry.alg} string exp`, await token(entry, { ...good, exp: String(NOW_S + 60) })],
        [`${entry.alg} string iat`, await token(entry, { ...good, iat: "now" })],
        [`${entry.alg} payload swapped`, `${header}.${b64({ ...good, sub: "mallory" })}.${signature}`],
        [`${entry.alg} signature truncated`, `${header}.${payload}.${signature.slice(0, -4)}`],
        [`${entry.alg} signature empty`, `${header}.${payload}.`],
        [`${entry.alg} four parts`, `${valid}.x`],
        [`${entry.alg} two parts`, `${header}.${payload}`],
        [`${entry.alg} header not JSON`, `${b64("not json")}.${payload}.${signature}`],
        [`${entry.alg} header an array`, `${b64([1])}.${payload}.${signature}`],
        [`${entry.alg} alg none`, `${b64({ alg: "none", kid: entry.jwk.kid })}.${payload}.`],
        [`${entry.alg} alg HS256`, `${b64({ alg: "HS256", kid: entry.jwk.kid })}.${payload}.${signature}`],
        [`${entry.alg} unknown kid`, await token(entry, good, { kid: "other" })],
      );
    }
    return cases;
  }

  test("same verdict and error class for every token", async () => {
    const mismatches: string[] = [];
    for (const [name, jwt] of await corpus()) {
      const ours = await verdict(() => verifyJwt(jwt, keys, options));
      const theirs = await verdict(() => jwtVerify(jwt, keys, { ...options, algorithms: [...ALGORITHMS], requiredClaims: [...(options.requiredClaims ?? [])] }));
      if (ours !== theirs) mismatches.push(`${name}: ours ${ours}, jose ${theirs}`);
    }
    expect(mismatches).toEqual([]);
  });

  test("the claims of a valid token and jose's are equal", async () => {
    const jwt = await token(signers[0], { iss: ISSUER, sub: "alice", iat: NOW_S, exp: NOW_S + 60, scope: "files:read", cnf: { jkt: "x" } });
    const ours = await verifyJwt(jwt, keys, options);
    const theirs = await jwtVerify(jwt, keys, { ...options, algorithms: [...ALGORITHMS], requiredClaims: ["exp", "iat", "sub"] });
    expect(ours.payload).toEqual(theirs.payload);
    expect(ours.protectedHeader).toEqual(theirs.protectedHeader);
  });
});

describe("verifyJwt refuses what the guard must never accept", () => {
  const es256 = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const p384 = generateKeyPairSync("ec", { namedCurve: "P-384" });
  const rsa1024 = generateKeyPairSync("rsa", { modulusLength: 1024 });
  const claims = { iss: ISSUER, sub: "alice", iat: NOW_S, exp: NOW_S + 60 };
  const options: JwtVerifyOptions = { issuer: ISSUER, algorithms: ["ES256", "RS256"], currentDate: NOW };

  /** A compact JWT signed with node:crypto, whatever its header says. */
  function forge(header: Record<string, unknown>, key: ReturnType<typeof generateKeyPairSync>["privateKey"], digest: string | null = "sha256", dsaEncoding: "ieee-p1363" | "der" = "ieee-p1363"): string {
    const input = `${b64(header)}.${b64(claims)}`;
    return `${input}.${sign(digest, Buffer.from(input), { key, dsaEncoding }).toString("base64url")}`;
  }

  const keyOf = (key: ReturnType<typeof generateKeyPairSync>["publicKey"]): JWTVerifyGetKey => async () => key as never;

  async function failure(jwt: string, getKey: JWTVerifyGetKey, extra: Partial<JwtVerifyOptions> = {}): Promise<string> {
    return verdict(() => verifyJwt(jwt, getKey, { ...options, ...extra }));
  }

  test("a correctly signed ES256 token from a KeyObject passes", async () => {
    expect(await failure(forge({ alg: "ES256" }, es256.privateKey), keyOf(es256.publicKey))).toBe("ok");
  });

  test("a critical extension is refused, even one jose knows (b64)", async () => {
    expect(await failure(forge({ alg: "ES256", crit: ["b64"], b64: true }, es256.privateKey), keyOf(es256.publicKey))).toBe("JWSInvalid");
  });

  test("an ES256 header over a P-384 key is refused (the curve must fit the algorithm)", async () => {
    expect(await failure(forge({ alg: "ES256" }, p384.privateKey), keyOf(p384.publicKey))).toBe("JWSSignatureVerificationFailed");
  });

  test("an RS256 header over an EC key is refused (the key type must fit the algorithm)", async () => {
    expect(await failure(forge({ alg: "RS256" }, es256.privateKey), keyOf(es256.publicKey))).toBe("JWSSignatureVerificationFailed");
  });

  test("an RSA key under 2048 bits is refused", async () => {
    expect(await failure(forge({ alg: "RS256" }, rsa1024.privateKey), keyOf(rsa1024.publicKey))).toBe("JWSSignatureVerificationFailed");
  });

  test("a DER-encoded ECDSA signature is refused (JWS uses the raw r||s form)", async () => {
    expect(await failure(forge({ alg: "ES256" }, es256.privateKey, "sha256", "der"), keyOf(es256.publicKey))).toBe("JWSSignatureVerificationFailed");
  });

  test("a private key handed back by the key resolver is refused", async () => {
    expect(await failure(forge({ alg: "ES256" }, es256.privateKey), keyOf(es256.privateKey as never))).toBe("JWSSignatureVerificationFailed");
  });

  test("characters outside base64url are refused rather than skipped", async () => {
    const [header, payload, signature] = forge({ alg: "ES256" }, es256.privateKey).split(".");
    expect(await failure(`${header}.${payload}.${signature.slice(0, 10)}*${signature.slice(10)}`, keyOf(es256.publicKey))).toBe("JWSInvalid");
    expect(await failure(`${header}.${payload}!.${signature}`, keyOf(es256.publicKey))).toBe("JWSInvalid");
  });

  test("the typ header is compared as jose does: case-insensitive, application/ implied", async () => {
    const jwt = forge({ alg: "ES256", typ: "DPoP+JWT" }, es256.privateKey);
    expect(await failure(jwt, keyOf(es256.publicKey), { typ: "dpop+jwt" })).toBe("ok");
    expect(await failure(jwt, keyOf(es256.publicKey), { typ: "application/dpop+jwt" })).toBe("ok");
    expect(await failure(forge({ alg: "ES256", typ: "JWT" }, es256.privateKey), keyOf(es256.publicKey), { typ: "dpop+jwt" })).toBe("JWTClaimValidationFailed");
    expect(await failure(forge({ alg: "ES256" }, es256.privateKey), keyOf(es256.publicKey), { typ: "dpop+jwt" })).toBe("JWTClaimValidationFailed");
  });

  test("a WebCrypto key is used only for what it was imported for (algorithm, hash, verify usage), as jose requires", async () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const jwk = rsa.publicKey.export({ format: "jwk" });
    const rs256 = forge({ alg: "RS256" }, rsa.privateKey);
    const imported = (algorithm: object, usages: string[]) => async () => crypto.subtle.importKey("jwk", jwk, algorithm as never, false, usages as never) as never;
    expect(await failure(rs256, imported({ name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, ["verify"]))).toBe("ok");
    expect(await failure(rs256, imported({ name: "RSA-PSS", hash: "SHA-256" }, ["verify"]))).toBe("JWSSignatureVerificationFailed");
    expect(await failure(rs256, imported({ name: "RSASSA-PKCS1-v1_5", hash: "SHA-384" }, ["verify"]))).toBe("JWSSignatureVerificationFailed");
    expect(await failure(rs256, imported({ name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, []))).toBe("JWSSignatureVerificationFailed");
  });

  test("an RSA key with a huge public exponent is refused before it costs milliseconds to verify (a DPoP proof brings its own key)", async () => {
    // e' = e + λ(n) verifies the same signatures as e (s^λ ≡ 1 mod n), with a ~2048-bit exponent
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const jwk = rsa.privateKey.export({ format: "jwk" });
    const big = (value: string | undefined) => BigInt(`0x${Buffer.from(value as string, "base64url").toString("hex")}`);
    const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
    const [p, q] = [big(jwk.p) - 1n, big(jwk.q) - 1n];
    const hugeExponent = big(jwk.e) + (p * q) / gcd(p, q);
    const hex = hugeExponent.toString(16);
    const huge = createPublicKey({ key: { kty: "RSA", n: jwk.n, e: Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex").toString("base64url") }, format: "jwk" });
    const rs256 = forge({ alg: "RS256" }, rsa.privateKey);
    expect(verify("sha256", Buffer.from(rs256.split(".").slice(0, 2).join(".")), huge, Buffer.from(rs256.split(".")[2], "base64url"))).toBe(true);
    expect(await failure(rs256, keyOf(rsa.publicKey))).toBe("ok");
    expect(await failure(rs256, keyOf(huge))).toBe("JWSSignatureVerificationFailed");
  });

  test("a DPoP proof whose embedded key may not verify (key_ops: []) is refused, as jose refuses it", async () => {
    const keys = await generateKeyPair("ES256", { extractable: true });
    const jwk = { ...(await exportJWK(keys.publicKey)), key_ops: [] };
    const proof = await new SignJWT({ jti: "j-1", htm: "POST", htu: "https://mcp.example.test/mcp", iat: NOW_S, ath: accessTokenHash("t") })
      .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk })
      .sign(keys.privateKey);
    const result = await verifyDpopProof(proof, { method: "POST", url: "https://mcp.example.test/mcp", accessToken: "t", algorithms: ["ES256"], maxAgeSeconds: 60, clockToleranceSeconds: 5 }, NOW);
    expect(result).toBeInstanceOf(AuthDenial);
    expect((result as AuthDenial).rule).toMatch(/^AUTH-04-dpop-(invalid|signature)$/);
  });

  test("what the key resolver throws reaches the caller unchanged (the guard maps key-set outages to 503)", async () => {
    const outage = new Error("connect ECONNREFUSED");
    await expect(verifyJwt(forge({ alg: "ES256" }, es256.privateKey), async () => Promise.reject(outage), options)).rejects.toBe(outage);
  });
});
