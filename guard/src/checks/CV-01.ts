/**
 * CV-01 per-request authorization: the token (verified for signature, issuer, expiry, audience and lifetime in
 * `auth/access-token.ts` on every request) must also carry every scope the called tool needs.
 */
import type { AccessTokenClaims } from "../auth/access-token";
import { deny, type AuthDenial } from "../auth/denial";

/** Refuses a call whose token lacks one of the tool's scopes (RFC 6750 `insufficient_scope`, 403). */
export function checkToolScopes(claims: AccessTokenClaims, tool: string, scopes: readonly string[]): AuthDenial | undefined {
  const granted = new Set((claims.scope ?? "").split(" "));
  const missing = scopes.filter((scope) => !granted.has(scope));
  if (missing.length === 0) return undefined;
  return deny("CV-01-scope", 403, "insufficient_scope", `the tool ${tool} needs the scope ${missing.join(" ")}: request a token with it`, { scope: scopes.join(" ") });
}
