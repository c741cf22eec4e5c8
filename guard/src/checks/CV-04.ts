/**
 * CV-04 session re-evaluation and JIT-04 real-time revocation: every request's token is looked up in the shared
 * revocation list by token id, session, subject and client, so a revocation takes effect on the next request.
 */
import type { AccessTokenClaims } from "../auth/access-token";
import { deny, AuthDenial } from "../auth/denial";
import { tokenClient } from "../auth/principal";
import { revocationKey, revocationKindOf, type RevocationKind } from "../auth/revocation";
import { compileTokenCheck, refuse, STORE_UNAVAILABLE } from "../auth/runtime";
import { Check, PASS } from "../pipeline/check";

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

export const CV04: Check = {
  id: "CV-04-revocation",
  control: "CV-04",
  description: "A request whose token, session, subject or client is on the shared revocation list is refused at once.",
  phase: "request",
  methods: ["*"],
  compile: (config) =>
    compileTokenCheck(config, async (runtime, verified) => {
      let revoked: string | undefined;
      try {
        revoked = await runtime.store.firstSet(revocationKeysFor(runtime.prefix, verified.claims));
      } catch {
        return refuse(runtime, STORE_UNAVAILABLE);
      }
      return revoked === undefined ? PASS : refuse(runtime, revokedDenial(revocationKindOf(runtime.prefix, revoked)));
    }),
};
