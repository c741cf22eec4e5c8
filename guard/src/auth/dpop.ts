/**
 * DPoP proof verification (RFC 9449 §4.3), the guard's half of AUTH-04: the proof is a JWT of type `dpop+jwt`, signed
 * with the public key it carries, for this request's method (`htm`) and URL (`htu`), recent (`iat`), unique (`jti`,
 * remembered by the shared store) and bound to the access token it accompanies (`ath`). The caller then compares the
 * key's thumbprint with the token's `cnf.jkt`.
 */
import { createHash } from "crypto";
import { calculateJwkThumbprint, EmbeddedJWK, errors, type CryptoKey, type FlattenedJWSInput, type JWK, type JWSHeaderParameters } from "jose";
import { deny, AuthDenial } from "./denial";
import { verifyJwt } from "./jwt";

/** What a proof is checked against. */
export interface DpopExpectation {
  /** The HTTP method of the forwarded request. */
  readonly method: string;
  /** The URL the client called (scheme, host, port, path; query and fragment are ignored). */
  readonly url: string;
  /** The access token the proof must be bound to (`ath`). */
  readonly accessToken: string;
  readonly algorithms: readonly string[];
  /** How far `iat` may lie in the past, seconds. */
  readonly maxAgeSeconds: number;
  /** How far `iat` may lie in the future, seconds. */
  readonly clockToleranceSeconds: number;
}

/** A verified proof. */
export interface VerifiedProof {
  /** RFC 7638 SHA-256 thumbprint of the proof's key. */
  readonly jkt: string;
  readonly jti: string;
  readonly iat: number;
}

/** Longest accepted `jti`: it is stored per request, so it is bounded. */
const MAX_JTI_LENGTH = 256;

function invalidProof(rule: string, description: string): AuthDenial {
  return deny(rule, 401, "invalid_dpop_proof", description);
}

/** A proof key as jose's `EmbeddedJWK` imports it, with its RFC 7638 thumbprint. */
interface ProofKey {
  readonly key: CryptoKey;
  readonly jkt: string;
}

/** How many imported proof keys are kept (a client signs every proof with the same key, so one entry serves many). */
const MAX_PROOF_KEYS = 1024;

/** Imported proof keys by algorithm and embedded JWK (exactly as sent), least recently used first. */
const proofKeys = new Map<string, ProofKey>();

/**
 * The proof's embedded key, imported once per algorithm and JWK: a miss goes through jose's `EmbeddedJWK` (a JSON
 * object, a public key, `use`/`alg` consistent with the header), so a hit stands for exactly what jose accepted.
 */
async function proofKey(header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<ProofKey> {
  const id = `${header.alg}\n${JSON.stringify(header.jwk)}`;
  const cached = proofKeys.get(id);
  if (cached !== undefined) {
    proofKeys.delete(id);
    proofKeys.set(id, cached);
    return cached;
  }
  const entry = { key: (await EmbeddedJWK(header, token)) as CryptoKey, jkt: await calculateJwkThumbprint(header.jwk as JWK, "sha256") };
  if (proofKeys.size >= MAX_PROOF_KEYS) proofKeys.delete(proofKeys.keys().next().value as string);
  proofKeys.set(id, entry);
  return entry;
}

/** `scheme://host[:port]/path` per RFC 3986 normalization (lower-case scheme and host, default port dropped), or undefined. */
export function normalizeHtu(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return undefined;
  }
}

/** base64url SHA-256 of the access token, as `ath` carries it. */
export function accessTokenHash(accessToken: string): string {
  return createHash("sha256").update(accessToken).digest("base64url");
}

/** Verifies a DPoP proof; returns its key thumbprint, `jti` and `iat`, or the denial that says why not. */
export async function verifyDpopProof(proof: string, expected: DpopExpectation, now: Date): Promise<VerifiedProof | AuthDenial> {
  let key: ProofKey | undefined;
  let payload: Record<string, unknown>;
  try {
    const getKey = async (header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<CryptoKey> => (key = await proofKey(header, token)).key;
    ({ payload } = await verifyJwt(proof, getKey, { typ: "dpop+jwt", algorithms: expected.algorithms, currentDate: now }));
  } catch (error) {
    if (error instanceof errors.JOSEAlgNotAllowed) return invalidProof("AUTH-04-dpop-algorithm", `the DPoP proof's algorithm is not accepted; use one of ${expected.algorithms.join(", ")}`);
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === "typ") return invalidProof("AUTH-04-dpop-type", `the DPoP proof's "typ" header must be "dpop+jwt"`);
    if (error instanceof errors.JWSSignatureVerificationFailed) return invalidProof("AUTH-04-dpop-signature", "the DPoP proof's signature does not verify with its embedded key");
    return invalidProof("AUTH-04-dpop-invalid", "the DPoP header is not a valid proof signed with a public key it embeds");
  }
  const { jti, htm, htu, iat, ath } = payload;
  if (typeof jti !== "string" || jti.length === 0 || jti.length > MAX_JTI_LENGTH) return invalidProof("AUTH-04-dpop-jti", `the DPoP proof needs a "jti" of 1 to ${MAX_JTI_LENGTH} characters`);
  if (typeof iat !== "number") return invalidProof("AUTH-04-dpop-iat", `the DPoP proof needs a numeric "iat"`);
  const age = now.getTime() / 1000 - iat;
  if (age > expected.maxAgeSeconds || age < -expected.clockToleranceSeconds) {
    return invalidProof("AUTH-04-dpop-iat", `the DPoP proof was not created within the last ${expected.maxAgeSeconds} s: create a fresh proof for each request`);
  }
  if (htm !== expected.method) return invalidProof("AUTH-04-dpop-htm", `the DPoP proof is for another HTTP method ("htm" must be ${expected.method})`);
  const expectedHtu = normalizeHtu(expected.url);
  if (typeof htu !== "string" || expectedHtu === undefined || normalizeHtu(htu) !== expectedHtu) {
    return invalidProof("AUTH-04-dpop-htu", `the DPoP proof is for another URL ("htu" must be ${expectedHtu ?? "the request's URL"})`);
  }
  if (ath !== accessTokenHash(expected.accessToken)) return invalidProof("AUTH-04-dpop-ath", `the DPoP proof is not bound to this access token ("ath")`);
  return { jkt: (key as ProofKey).jkt, jti, iat };
}
