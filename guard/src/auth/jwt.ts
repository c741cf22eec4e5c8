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
 * extension (none is understood, so any is refused, RFC 7515 §4.1.11), a key whose type and size fit the algorithm,
 * and a JSON object claims set.
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

/** How an algorithm verifies: the digest, the key types it accepts, and the signature options. */
interface Algorithm {
  readonly digest: string | null;
  readonly keyTypes: readonly string[];
  /** The EC curve the key must be on. */
  readonly curve?: string;
  /** Smallest RSA modulus accepted, bits (jose's 2048). */
  readonly minRsaBits?: number;
  readonly options: { readonly dsaEncoding?: "ieee-p1363"; readonly padding?: number; readonly saltLength?: number };
}

const rsa = (digest: string, padding: number, saltLength?: number): Algorithm => ({
  digest,
  keyTypes: padding === constants.RSA_PKCS1_PSS_PADDING ? ["rsa", "rsa-pss"] : ["rsa"],
  minRsaBits: 2048,
  options: { padding, ...(saltLength === undefined ? {} : { saltLength }) },
});
const ecdsa = (digest: string, curve: string): Algorithm => ({ digest, keyTypes: ["ec"], curve, options: { dsaEncoding: "ieee-p1363" } });

const ALGORITHMS: { readonly [alg: string]: Algorithm } = {
  ES256: ecdsa("sha256", "prime256v1"),
  ES384: ecdsa("sha384", "secp384r1"),
  ES512: ecdsa("sha512", "secp521r1"),
  RS256: rsa("sha256", constants.RSA_PKCS1_PADDING),
  RS384: rsa("sha384", constants.RSA_PKCS1_PADDING),
  RS512: rsa("sha512", constants.RSA_PKCS1_PADDING),
  PS256: rsa("sha256", constants.RSA_PKCS1_PSS_PADDING, 32),
  PS384: rsa("sha384", constants.RSA_PKCS1_PSS_PADDING, 48),
  PS512: rsa("sha512", constants.RSA_PKCS1_PSS_PADDING, 64),
  EdDSA: { digest: null, keyTypes: ["ed25519", "ed448"], options: {} },
  Ed25519: { digest: null, keyTypes: ["ed25519"], options: {} },
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

function keyObject(key: unknown): KeyObject {
  if (key instanceof KeyObject) return key;
  if (typeof key !== "object" || key === null) throw new errors.JOSENotSupported("the key resolver returned no key object");
  let converted = keyObjects.get(key);
  if (converted === undefined) {
    try {
      converted = KeyObject.from(key as webcrypto.CryptoKey);
    } catch {
      throw new errors.JOSENotSupported("the key resolver returned neither a CryptoKey nor a KeyObject");
    }
    keyObjects.set(key, converted);
  }
  return converted;
}

/** True when `key` is a public key of a type and size `algorithm` verifies with. */
function fits(key: KeyObject, algorithm: Algorithm): boolean {
  if (key.type !== "public" || key.asymmetricKeyType === undefined || !algorithm.keyTypes.includes(key.asymmetricKeyType)) return false;
  const details = key.asymmetricKeyDetails ?? {};
  if (algorithm.curve !== undefined && details.namedCurve !== algorithm.curve) return false;
  return algorithm.minRsaBits === undefined || (details.modulusLength ?? 0) >= algorithm.minRsaBits;
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
  const key = keyObject(await getKey(header as CompactJWSHeaderParameters, input));
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
