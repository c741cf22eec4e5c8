/**
 * The revocation list (CV-04, JIT-04): entries in the shared store that the guard reads on every request, written by
 * `mcp-harden revoke` (or by anything else that can `SET` a key, such as the containment path). An entry refuses
 * every token that matches it, whenever it was issued, until it expires or is lifted.
 */
import type { GuardAuthConfig } from "../config/types";
import type { AccessTokenClaims } from "./access-token";
import { tokenClient } from "./principal";

/** What a revocation names: a user (`sub`), a sign-in session (`sid`), a client (`azp`/`client_id`) or one token (`jti`). */
export type RevocationKind = "subject" | "session" | "client" | "token";

/** Every kind, in the order the guard reports a match. */
export const REVOCATION_KINDS: readonly RevocationKind[] = ["token", "session", "subject", "client"];

/** The default prefix of every key the guard writes. */
export const DEFAULT_KEY_PREFIX = "mcp-guard:";

/** Clock skew the token checks tolerate on `exp`, `nbf` and `iat` unless `auth.clockToleranceSeconds` says. */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 5;

/** Longest lifetime (`exp - iat`) of an accepted access token unless `auth.maxTokenLifetimeSeconds` says. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 300;

/**
 * How long after it is issued a token can still be accepted: its longest lifetime plus the clock tolerance. A
 * revocation that must outlive every token issued before it lasts at least this long.
 */
export function acceptanceWindowSeconds(auth: Pick<GuardAuthConfig, "maxTokenLifetimeSeconds" | "clockToleranceSeconds">): number {
  return (auth.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS) + (auth.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS);
}

/** The store key of one revocation, e.g. `mcp-guard:revoked:subject:alice`. */
export function revocationKey(prefix: string, kind: RevocationKind, value: string): string {
  return `${prefix}revoked:${kind}:${value}`;
}

/** The kind a revocation key names (the inverse of {@link revocationKey} for the kind). */
export function revocationKindOf(prefix: string, key: string): RevocationKind {
  return key.slice(`${prefix}revoked:`.length).split(":", 1)[0] as RevocationKind;
}

/** The value stored for a revocation: when and why, never a token. */
export interface RevocationRecord {
  /** RFC 3339 time of the revocation. */
  readonly revokedAt: string;
  /** Why, e.g. an incident or ticket reference. */
  readonly reason: string;
}

/** The revocation keys that would refuse this token, most specific first. */
export function revocationKeysFor(prefix: string, claims: AccessTokenClaims): string[] {
  const values: [RevocationKind, string | undefined][] = [
    ["token", claims.jti],
    ["session", claims.sid],
    ["subject", claims.sub],
    ["client", tokenClient(claims)],
  ];
  return values.filter((entry): entry is [RevocationKind, string] => entry[1] !== undefined).map(([kind, value]) => revocationKey(prefix, kind, value));
}
