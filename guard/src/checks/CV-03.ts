/**
 * CV-03 risk-based step-up (and JIT-02 context-aware access): a tool marked sensitive needs a sign-in of an accepted
 * authentication context class (`acr`) no older than its maximum age (`auth_time`); otherwise the client gets the
 * RFC 9470 challenge (`insufficient_user_authentication` with `acr_values` and `max_age`) and signs in again.
 */
import type { AccessTokenClaims } from "../auth/access-token";
import { deny, AuthDenial } from "../auth/denial";
import { compileTokenCheck, refuse } from "../auth/runtime";
import { Check, PASS } from "../pipeline/check";
import type { GuardSensitiveToolConfig } from "../config/types";

/** Refuses a sensitive tool's call without a strong enough, recent enough sign-in. */
export function checkStepUp(claims: AccessTokenClaims, tool: string, sensitive: GuardSensitiveToolConfig, nowSeconds: number): AuthDenial | undefined {
  const challenge = { acrValues: sensitive.acrValues, maxAge: sensitive.maxAgeSeconds };
  if (claims.acr === undefined || !sensitive.acrValues.includes(claims.acr)) {
    return deny("CV-03-step-up-acr", 401, "insufficient_user_authentication", `the tool ${tool} needs a sign-in with one of: ${sensitive.acrValues.join(", ")}`, challenge);
  }
  if (claims.auth_time === undefined || nowSeconds - claims.auth_time > sensitive.maxAgeSeconds) {
    return deny("CV-03-step-up-max-age", 401, "insufficient_user_authentication", `the tool ${tool} needs a sign-in within the last ${sensitive.maxAgeSeconds} s`, challenge);
  }
  return undefined;
}

export const CV03: Check = {
  id: "CV-03-step-up",
  control: "CV-03",
  description: "A sensitive tool's call needs a sign-in of an accepted acr, recent enough; else an RFC 9470 step-up challenge.",
  phase: "request",
  methods: ["tools/call"],
  compile: (config) =>
    compileTokenCheck(config, (runtime, verified, ctx) => {
      const sensitive = ctx.toolConfig?.sensitive;
      if (sensitive === undefined || ctx.tool === undefined) return PASS;
      const denial = checkStepUp(verified.claims, ctx.tool, sensitive, runtime.clock() / 1000);
      return denial ? refuse(runtime, denial) : PASS;
    }),
};
