/**
 * Verifies a compact JWS JWT synchronously with `node:crypto`, on the guard's request path (access tokens, CV-01;
 * DPoP proofs, AUTH-04). jose still resolves and imports the keys (the issuer's key set, a proof's embedded key) and
 * computes thumbprints; this file checks the signature and the registered claims, with jose's own semantics and
 * error classes (RFC 7515 §5.2, RFC 7519 §7.2, jose's `jwtVerify`), so callers map failures exactly as before.
 *
 * Why not jose's `jwtVerify` here: jose verifies with WebCrypto, and in Node every `crypto.subtle.verify` is a job on
 * libuv's thread pool. `npm run bench:guard-auth` showed that waiting for those jobs is the whole p99 tail of the token
 * checks (both signatures of a slow request waiting 2–4 ms for a pool thread on 2 cores, 1 request in 50), while the
 * same ES256 verification done synchronously costs about 0.06 ms and has no such tail.
 *
 * Strict by construction: exactly three base64url parts, a JSON object header with an allowed `alg`, no `crit`
 * extension (none is understood, so any is refused, RFC 7515 §4.1.11), a public key whose type, curve and size fit
 * the algorithm and, for a WebCrypto key, that was imported to verify with it (jose's `checkCryptoKey`), an RSA key no
 * larger than verification on the guard's one thread can afford, and a JSON object claims set.
 */
import { KeyObject, constants, verify as verifySignature, type webcrypto } from "node:crypto";
import { errors, type CompactJWSHeaderParameters, type FlattenedJWSInput, type JWSHeaderParameters, type JWTPayload, type JWTVerifyGetKey } from "jose";

/** What a JWT is checked against (the subset of jose's `JWTVerifyOptions` the guard uses, same meaning). */
export interface JwtVerifyOptions {
  readonly algorithms: readonly string[];
  /** The `iss` the token must carry. @default not checked */
  readonly issuer?: string;
  /** The `typ` header the token must carry (compared as jose does: case-insensitive, `application/` implied). @default not checked */
  readonly typ?: string;
  /** Claims that must be present. @default none */
  readonly requiredClaims?: readonly string[];
  /** Seconds of leeway for `exp` and `nbf`. @default 0 */
  readonly clockTolerance?: number;
  readonly currentDate: Date;
}

/** A verified JWT: its protected header and claims. */
export interface VerifiedJwt {
  readonly protectedHeader: JWSHeaderParameters;
  readonly payload: JWTPayload;
}

/** What a WebCrypto key must have been imported as to verify an algorithm (jose's `checkCryptoKey`). */
interface WebCryptoAlgorithm {
  readonly name: string;
  readonly hash?: string;
  readonly namedCurve?: string;
}

/** How an algorithm verifies: the digest, the key types it accepts, and the signature options. */
interface Algorithm {
  readonly digest: string | null;
  readonly keyTypes: readonly string[];
  /** The EC curve the key must be on. */
  readonly curve?: string;
  /** Whether the key is RSA, whose size and exponent are bounded. */
  readonly rsa?: true;
  readonly webCrypto: WebCryptoAlgorithm;
  readonly options: { readonly dsaEncoding?: "ieee-p1363"; readonly padding?: number; readonly saltLength?: number };
}

/** Smallest RSA modulus accepted, bits (jose's). */
const MIN_RSA_BITS = 2048;
/**
 * Largest RSA modulus and public exponent accepted. A DPoP proof carries its own key, and verifying with a huge
 * modulus or exponent costs milliseconds of the guard's one thread (a 16384-bit key: ~8 ms; a 3072-bit exponent:
 * ~14 ms) before any check rejects the proof; issuers use 2048–4096 bits and 65537.
 */
const MAX_RSA_BITS = 4096;
const MAX_RSA_EXPONENT = 2n ** 32n;

const rsa = (bits: number, padding: number, saltLength?: number): Algorithm => ({
  digest: `sha${bits}`,
  keyTypes: padding === constants.RSA_PKCS1_PSS_PADDING ? ["rsa", "rsa-pss"] : ["rsa"],
  rsa: true,
  webCrypto: { name: padding === constants.RSA_PKCS1_PSS_PADDING ? "RSA-PSS" : "RSASSA-PKCS1-v1_5", hash: `SHA-${bits}` },
  options: { padding, ...(saltLength === undefined ? {} : { saltLength }) },
});
const ecdsa = (bits: number, curve: string, namedCurve: string): Algorithm => ({
  digest: `sha${bits}`,
  keyTypes: ["ec"],
  curve,
  webCrypto: { name: "ECDSA", namedCurve },
  options: { dsaEncoding: "ieee-p1363" },
});
const ed25519: Algorithm = { digest: null, keyTypes: ["ed25519"], webCrypto: { name: "Ed25519" }, options: {} };

const ALGORITHMS: { readonly [alg: string]: Algorithm } = {
  ES256: ecdsa(256, "prime256v1", "P-256"),
  ES384: ecdsa(384, "secp384r1", "P-384"),
  ES512: ecdsa(512, "secp521r1", "P-521"),
  RS256: rsa(256, constants.RSA_PKCS1_PADDING),
  RS384: rsa(384, constants.RSA_PKCS1_PADDING),
  RS512: rsa(512, constants.RSA_PKCS1_PADDING),
  PS256: rsa(256, constants.RSA_PKCS1_PSS_PADDING, 32),
  PS384: rsa(384, constants.RSA_PKCS1_PSS_PADDING, 48),
  PS512: rsa(512, constants.RSA_PKCS1_PSS_PADDING, 64),
  // jose 6: EdDSA is Ed25519 only
  EdDSA: ed25519,
  Ed25519: ed25519,
};

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The bytes of one base64url part, refusing any character outside the alphabet (Node's decoder would skip it). */
function part(value: string, what: string): Buffer {
  if (!BASE64URL.test(value) || value.length % 4 === 1) throw new errors.JWSInvalid(`the JWS ${what} is not base64url`);
  return Buffer.from(value, "base64url");
}

/** A JSON object from a base64url part, or the error jose raises for it. */
function jsonObject(value: string, what: string, invalid: (message: string) => Error): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(part(value, what)));
  } catch {
    throw invalid(`the JWS ${what} is not a JSON object`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw invalid(`the JWS ${what} is not a JSON object`);
  return parsed as Record<string, unknown>;
}

/** Node key objects of the keys jose resolves (CryptoKeys), converted once each. */
const keyObjects = new WeakMap<object, KeyObject>();

/** WebCrypto's key class (a global in Node 20+; Node's types declare it only under `webcrypto`). */
const CryptoKeyClass = (globalThis as unknown as { readonly CryptoKey: typeof webcrypto.CryptoKey }).CryptoKey;

/**
 * True when a WebCrypto key was imported for verifying with `algorithm` (usage, name, hash, curve), as jose requires
 * before it verifies: a key imported for PS256 never verifies RS256, a key without the verify usage never verifies.
 */
function importedFor(key: webcrypto.CryptoKey, algorithm: Algorithm): boolean {
  const imported = key.algorithm as { readonly name: string; readonly hash?: { readonly name: string }; readonly namedCurve?: string };
  const expected = algorithm.webCrypto;
  return (
    key.usages.includes("verify") &&
    imported.name === expected.name &&
    (expected.hash === undefined || imported.hash?.name === expected.hash) &&
    (expected.namedCurve === undefined || imported.namedCurve === expected.namedCurve)
  );
}

/** The Node key object of what the key resolver returned, or the error why it cannot verify `algorithm`. */
function keyObject(key: unknown, algorithm: Algorithm): KeyObject {
  if (key instanceof KeyObject) return key;
  if (typeof key !== "object" || key === null) throw new errors.JOSENotSupported("the key resolver returned no key object");
  if (!(key instanceof CryptoKeyClass)) throw new errors.JOSENotSupported("the key resolver returned neither a CryptoKey nor a KeyObject");
  if (!importedFor(key, algorithm)) throw new errors.JWSSignatureVerificationFailed("the key was not imported to verify this JWS algorithm");
  let converted = keyObjects.get(key);
  if (converted === undefined) {
    converted = KeyObject.from(key);
    keyObjects.set(key, converted);
  }
  return converted;
}

/** True when `key` is a public key of a type and size `algorithm` verifies with. */
function fits(key: KeyObject, algorithm: Algorithm): boolean {
  if (key.type !== "public" || key.asymmetricKeyType === undefined || !algorithm.keyTypes.includes(key.asymmetricKeyType)) return false;
  const details = key.asymmetricKeyDetails ?? {};
  if (algorithm.curve !== undefined && details.namedCurve !== algorithm.curve) return false;
  if (algorithm.rsa === undefined) return true;
  const bits = details.modulusLength ?? 0;
  return bits >= MIN_RSA_BITS && bits <= MAX_RSA_BITS && (details.publicExponent ?? MAX_RSA_EXPONENT + 1n) <= MAX_RSA_EXPONENT;
}

const normalizeTyp = (value: string): string => (value.includes("/") ? value.toLowerCase() : `application/${value.toLowerCase()}`);

function numericDate(claims: JWTPayload, claim: "iat" | "nbf" | "exp"): number | undefined {
  const value = claims[claim];
  if (value === undefined) return undefined;
  if (typeof value !== "number") throw new errors.JWTClaimValidationFailed(`"${claim}" claim must be a number`, claims, claim, "invalid");
  return value;
}

/** jose's claim checks for the options the guard uses: typ, presence, iss, nbf and exp with leeway. */
function checkClaims(header: JWSHeaderParameters, claims: JWTPayload, options: JwtVerifyOptions): void {
  if (options.typ !== undefined && (typeof header.typ !== "string" || normalizeTyp(header.typ) !== normalizeTyp(options.typ))) {
    throw new errors.JWTClaimValidationFailed('unexpected "typ" JWT header value', claims, "typ", "check_failed");
  }
  const required = [...(options.requiredClaims ?? []), ...(options.issuer === undefined ? [] : ["iss"])];
  for (const claim of new Set(required.reverse())) {
    if (!Object.prototype.hasOwnProperty.call(claims, claim)) throw new errors.JWTClaimValidationFailed(`missing required "${claim}" claim`, claims, claim, "missing");
  }
  if (options.issuer !== undefined && claims.iss !== options.issuer) throw new errors.JWTClaimValidationFailed('unexpected "iss" claim value', claims, "iss", "check_failed");
  const now = Math.floor(options.currentDate.getTime() / 1000);
  const tolerance = options.clockTolerance ?? 0;
  numericDate(claims, "iat");
  const nbf = numericDate(claims, "nbf");
  if (nbf !== undefined && nbf > now + tolerance) throw new errors.JWTClaimValidationFailed('"nbf" claim timestamp check failed', claims, "nbf", "check_failed");
  const exp = numericDate(claims, "exp");
  if (exp !== undefined && exp <= now - tolerance) throw new errors.JWTExpired('"exp" claim timestamp check failed', claims, "exp", "check_failed");
}

/**
 * Verifies a compact JWT: its signature with the key `getKey` resolves for its header, then its claims. Throws jose's
 * error classes (`JWSInvalid`, `JOSEAlgNotAllowed`, `JWSSignatureVerificationFailed`, `JWTInvalid`,
 * `JWTClaimValidationFailed`, `JWTExpired`, and whatever `getKey` throws), as jose's `jwtVerify` does.
 */
export async function verifyJwt(jwt: string, getKey: JWTVerifyGetKey, options: JwtVerifyOptions): Promise<VerifiedJwt> {
  const parts = jwt.split(".");
  if (parts.length !== 3) throw new errors.JWSInvalid("Invalid Compact JWS");
  const [encodedHeader, encodedPayload, encodedSignature] = parts;
  const header = jsonObject(encodedHeader, "protected header", (message) => new errors.JWSInvalid(message)) as JWSHeaderParameters;
  if (header.crit !== undefined) throw new errors.JWSInvalid('the JWS "crit" header names extensions the guard does not understand');
  const { alg } = header;
  if (typeof alg !== "string" || alg === "") throw new errors.JWSInvalid('JWS "alg" (Algorithm) Header Parameter missing or invalid');
  const algorithm = Object.prototype.hasOwnProperty.call(ALGORITHMS, alg) ? ALGORITHMS[alg] : undefined;
  if (!options.algorithms.includes(alg) || algorithm === undefined) throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
  part(encodedPayload, "payload");
  const signature = part(encodedSignature, "signature");
  const input: FlattenedJWSInput = { protected: encodedHeader, payload: encodedPayload, signature: encodedSignature };
  const key = keyObject(await getKey(header as CompactJWSHeaderParameters, input), algorithm);
  if (!fits(key, algorithm)) throw new errors.JWSSignatureVerificationFailed("the key does not fit the JWS algorithm");
  let verified: boolean;
  try {
    verified = verifySignature(algorithm.digest, Buffer.from(`${encodedHeader}.${encodedPayload}`, "ascii"), { key, ...algorithm.options }, signature);
  } catch {
    verified = false;
  }
  if (!verified) throw new errors.JWSSignatureVerificationFailed();
  const payload = jsonObject(encodedPayload, "payload", (message) => new errors.JWTInvalid(message)) as JWTPayload;
  checkClaims(header, payload, options);
  return { protectedHeader: header, payload };
}
