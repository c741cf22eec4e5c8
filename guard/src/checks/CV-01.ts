/**
 * CV-01 per-request authorization (and ZT-01, AUTH-02): every request carries an access token verified against the
 * issuer's keys (signature, issuer, expiry, one audience per targeted server, short lifetime: `auth/access-token.ts`),
 * and a `tools/call`'s token carries every scope the tool needs.
 */
import type { AccessTokenClaims } from "../auth/access-token";
import { deny, AuthDenial } from "../auth/denial";
import { tokenClient } from "../auth/principal";
import { compileTokenCheck, refuse } from "../auth/runtime";
import { Check } from "../pipeline/check";

/** Refuses a call whose token lacks one of the tool's scopes (RFC 6750 `insufficient_scope`, 403). */
export function checkToolScopes(claims: AccessTokenClaims, tool: string, scopes: readonly string[]): AuthDenial | undefined {
  const granted = new Set((claims.scope ?? "").split(" "));
  const missing = scopes.filter((scope) => !granted.has(scope));
  if (missing.length === 0) return undefined;
  return deny("CV-01-scope", 403, "insufficient_scope", `the tool ${tool} needs the scope ${missing.join(" ")}: request a token with it`, { scope: scopes.join(" ") });
}

export const CV01: Check = {
  id: "CV-01-access-token",
  control: "CV-01",
  description: "Every request carries a valid, unexpired, short-lived access token for its server, with the called tool's scopes.",
  phase: "request",
  methods: ["*"],
  compile: (config) =>
    compileTokenCheck(config, (runtime, verified, ctx) => {
      const { claims } = verified;
      const missing = ctx.tool !== undefined && ctx.toolConfig !== undefined ? checkToolScopes(claims, ctx.tool, ctx.toolConfig.scopes) : undefined;
      if (missing) return refuse(runtime, missing);
      const client = tokenClient(claims);
      return { kind: "pass", annotations: { subject: claims.sub as string, ...(client === undefined ? {} : { client }) } };
    }),
};
