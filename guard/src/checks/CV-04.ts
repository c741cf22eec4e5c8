/**
 * CV-04 session re-evaluation and JIT-04 real-time revocation: every request's token is looked up in the shared
 * revocation list by token id, session, subject and client, so a revocation takes effect on the next request.
 */
import type { AccessTokenClaims } from "../auth/access-token";
import { deny, type AuthDenial } from "../auth/denial";
import { tokenClient } from "../auth/principal";
import { revocationKey, type RevocationKind } from "../auth/revocation";

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

/** The refusal of a revoked token, naming what was revoked (never its value). */
export function revokedDenial(kind: RevocationKind): AuthDenial {
  return deny(`CV-04-revoked-${kind}`, 401, "invalid_token", `access for this ${kind} has been revoked`);
}
