/**
 * Who a verified token speaks for: the subject and the client (`azp`, else `client_id`), as the checks and the audit
 * line name them.
 */
import { createHash } from "crypto";
import type { AccessTokenClaims } from "./access-token";

/** The client a token was issued to, when it says. */
export function tokenClient(claims: AccessTokenClaims): string | undefined {
  return claims.azp ?? claims.client_id;
}

/** One string for the pair (issuer, subject, client) a session is bound to. */
export function principalKey(claims: AccessTokenClaims): string {
  return JSON.stringify([claims.iss, claims.sub, tokenClient(claims) ?? null]);
}

/** The store key of an MCP session's owner (PUB-01): a hash, so the session id itself is never stored. */
export function sessionKey(prefix: string, sessionId: string): string {
  return `${prefix}session:${createHash("sha256").update(sessionId).digest("base64url")}`;
}
