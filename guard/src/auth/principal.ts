/**
 * Who a verified token speaks for: the subject and the client (`azp`, else `client_id`), as the checks and the audit
 * line name them.
 */
import type { AccessTokenClaims } from "./access-token";

/** The client a token was issued to, when it says. */
export function tokenClient(claims: AccessTokenClaims): string | undefined {
  return claims.azp ?? claims.client_id;
}

/** One string for the pair (issuer, subject, client) a session is bound to. */
export function principalKey(claims: AccessTokenClaims): string {
  return JSON.stringify([claims.iss, claims.sub, tokenClient(claims) ?? null]);
}
