/**
 * CV-03 risk-based step-up (and JIT-02 context-aware access): a tool marked sensitive needs a sign-in of an accepted
 * authentication context class (`acr`) no older than its maximum age (`auth_time`); otherwise the client gets the
 * RFC 9470 challenge (`insufficient_user_authentication` with `acr_values` and `max_age`) and signs in again.
 */
import type { AccessTokenClaims } from "../auth/access-token";
import { deny, type AuthDenial } from "../auth/denial";
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
