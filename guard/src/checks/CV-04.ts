/**
 * CV-04 session re-evaluation and JIT-04 real-time revocation: every request's token is looked up in the shared
 * revocation list by token id, session, subject and client, so a revocation takes effect on the next request.
 */
import { deny, AuthDenial } from "../auth/denial";
import { revocationKindOf, type RevocationKind } from "../auth/revocation";
import { compileTokenCheck, refuse, storeAnswers } from "../auth/runtime";
import { Check, PASS } from "../pipeline/check";

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
    compileTokenCheck(config, async (runtime, verified, ctx) => {
      const answers = await storeAnswers(runtime, ctx, verified);
      if (answers instanceof AuthDenial) return refuse(runtime, answers);
      return answers.revoked === undefined ? PASS : refuse(runtime, revokedDenial(revocationKindOf(runtime.prefix, answers.revoked)));
    }),
};
