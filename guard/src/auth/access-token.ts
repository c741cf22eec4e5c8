/**
 * The access token, verified on every request (CV-01, ZT-01): signature against the issuer's keys, issuer, expiry,
 * an audience for every targeted server (RFC 8707, one audience per server) and a short lifetime (AUTH-02).
 */
import { errors, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { verifyJwt } from "./jwt";
import { deny, AuthDenial } from "./denial";

/** One RFC 9396 `authorization_details` entry. */
export interface AuthorizationDetail {
  readonly type: string;
  readonly locations?: readonly string[];
  readonly actions?: readonly string[];
  readonly [field: string]: unknown;
}

/** The claims the guard reads from a verified access token. */
export interface AccessTokenClaims extends JWTPayload {
  readonly iss: string;
  readonly exp: number;
  readonly iat: number;
  readonly scope?: string;
  readonly client_id?: string;
  readonly azp?: string;
  readonly sid?: string;
  readonly acr?: string;
  readonly auth_time?: number;
  readonly cnf?: { readonly jkt?: string; readonly "x5t#S256"?: string };
  readonly authorization_details?: readonly AuthorizationDetail[];
}

/** What a token is checked against. */
export interface AccessTokenPolicy {
  readonly issuer: string;
  /** The audiences the token must all carry (one per targeted server). */
  readonly audiences: readonly string[];
  readonly algorithms: readonly string[];
  readonly clockToleranceSeconds: number;
  readonly maxLifetimeSeconds: number;
}

/** The issuer's keys could not be fetched: the guard cannot decide, so it refuses (fail closed). */
const KEYS_UNAVAILABLE = deny("ZT-01-keys-unavailable", 503, "temporarily_unavailable", "the issuer's signing keys could not be fetched; retry later");

function invalid(rule: string, description: string): AuthDenial {
  return deny(rule, 401, "invalid_token", description);
}

function refusal(error: unknown): AuthDenial {
  if (error instanceof errors.JWTExpired) return invalid("CV-01-token-expired", "the access token has expired: obtain a new one");
  if (error instanceof errors.JWTClaimValidationFailed) return invalid(`CV-01-claim-${error.claim}`, `the access token's "${error.claim}" claim is not acceptable: ${error.reason}`);
  if (error instanceof errors.JWKSNoMatchingKey) return invalid("CV-01-unknown-key", "the access token is signed with a key the issuer does not publish");
  if (error instanceof errors.JWSSignatureVerificationFailed) return invalid("CV-01-signature", "the access token's signature does not verify");
  if (error instanceof errors.JOSEAlgNotAllowed) return invalid("CV-01-algorithm", "the access token is signed with an algorithm that is not accepted");
  if (error instanceof errors.JWKSTimeout || (error instanceof Error && !(error instanceof errors.JOSEError))) return KEYS_UNAVAILABLE;
  return invalid("CV-01-token-invalid", "the access token is not a valid signed JWT");
}

function isAuthorizationDetails(value: unknown): value is readonly AuthorizationDetail[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === "object" && entry !== null && typeof (entry as { type?: unknown }).type === "string");
}

/** Checks the claims jose does not: audiences, finite times issued in the past, lifetime, types of the optional claims the guard reads. */
function checkClaims(payload: JWTPayload, policy: AccessTokenPolicy, now: Date): AuthDenial | undefined {
  const audiences = typeof payload.aud === "string" ? [payload.aud] : (payload.aud ?? []);
  const missing = policy.audiences.find((audience) => !audiences.includes(audience));
  if (missing !== undefined) return invalid("CV-01-audience", `the access token is not issued for this server (audience ${missing}): request it with resource=${missing}`);
  const { exp, iat } = payload as { exp: number; iat: number };
  if (!Number.isFinite(exp) || !Number.isFinite(iat)) return invalid("CV-01-claim-time", `the access token's "exp" and "iat" claims must be finite times`);
  if (iat > now.getTime() / 1000 + policy.clockToleranceSeconds) return invalid("CV-01-claim-iat", `the access token was issued in the future ("iat"): check the issuer's clock`);
  const lifetime = exp - iat;
  if (lifetime > policy.maxLifetimeSeconds) return invalid("AUTH-02-lifetime", `the access token lives ${lifetime} s, longer than the ${policy.maxLifetimeSeconds} s allowed`);
  for (const claim of ["scope", "client_id", "azp", "sid", "acr"] as const) {
    if (payload[claim] !== undefined && typeof payload[claim] !== "string") return invalid(`CV-01-claim-${claim}`, `the access token's "${claim}" claim is not a string`);
  }
  if (payload.auth_time !== undefined && typeof payload.auth_time !== "number") return invalid("CV-01-claim-auth_time", `the access token's "auth_time" claim is not a number`);
  if (payload.cnf !== undefined && (typeof payload.cnf !== "object" || payload.cnf === null)) return invalid("CV-01-claim-cnf", `the access token's "cnf" claim is not an object`);
  if (payload.authorization_details !== undefined && !isAuthorizationDetails(payload.authorization_details)) {
    return invalid("CV-01-claim-authorization_details", `the access token's "authorization_details" claim is not a list of typed objects`);
  }
  return undefined;
}

/** Verifies an access token; returns its claims, or the denial that says why not. */
export async function verifyAccessToken(
  token: string,
  keys: JWTVerifyGetKey,
  policy: AccessTokenPolicy,
  now: Date,
): Promise<AccessTokenClaims | AuthDenial> {
  let payload: JWTPayload;
  try {
    ({ payload } = await verifyJwt(token, keys, {
      issuer: policy.issuer,
      algorithms: policy.algorithms,
      clockTolerance: policy.clockToleranceSeconds,
      requiredClaims: ["exp", "iat", "sub"],
      currentDate: now,
    }));
  } catch (error) {
    return refusal(error);
  }
  return checkClaims(payload, policy, now) ?? (payload as AccessTokenClaims);
}
