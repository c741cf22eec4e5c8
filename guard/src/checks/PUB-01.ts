/**
 * PUB-01 agent boundaries: an MCP session (`Mcp-Session-Id`) belongs to the principal (issuer, subject, client) that
 * first used it; the shared store remembers the owner, and any other principal presenting the id is refused.
 */
import { deny, AuthDenial } from "../auth/denial";
import { singleHeader } from "../auth/headers";
import { principalKey } from "../auth/principal";
import { authRuntime, refuse, storeAnswers, verifiedToken } from "../auth/runtime";
import { Check, PASS } from "../pipeline/check";

/** Refuses a session used by a principal other than its owner. */
export function checkSessionOwner(owner: string, principal: string): AuthDenial | undefined {
  if (owner === principal) return undefined;
  return deny("PUB-01-session-owner", 403, "invalid_request", "this MCP session belongs to another principal: open your own session");
}

const MULTIPLE = deny("PUB-01-session-multiple", 400, "invalid_request", "the request carries more than one Mcp-Session-Id header");

export const PUB01: Check = {
  id: "PUB-01-session-owner",
  control: "PUB-01",
  description: "An MCP session is used only by the principal (issuer, subject, client) that first used it.",
  phase: "request",
  methods: ["*"],
  compile: (config) => {
    const runtime = authRuntime(config);
    if (runtime === undefined) return () => PASS;
    return async (ctx) => {
      const sessionId = singleHeader(ctx.headers, "mcp-session-id");
      if (sessionId === undefined) return PASS;
      if (sessionId === null) return refuse(runtime, MULTIPLE);
      const verified = await verifiedToken(runtime, ctx);
      if (verified instanceof AuthDenial) return refuse(runtime, verified);
      const answers = await storeAnswers(runtime, ctx, verified);
      if (answers instanceof AuthDenial) return refuse(runtime, answers);
      const principal = principalKey(verified.claims);
      const denial = checkSessionOwner(answers.owner ?? principal, principal);
      return denial ? refuse(runtime, denial) : PASS;
    };
  },
};
