/**
 * JIT-01 time-limited access, JIT-03 purpose-based authorization and JIT-05 multi-tool access: a tool marked
 * just-in-time is callable only with a grant for it in the token (an RFC 9396 `authorization_details` entry of type
 * `mcp_tool` naming the tool in `actions`, this server's audience in `locations` when given, and a purpose the tool
 * declares), in a token that lives no longer than the tool allows, and that is good for this tool at this server only:
 * a token with grants for several tools, or for several audiences, is refused (JIT-05: the client exchanges its token
 * for a one-tool token per call, RFC 8693).
 */
import type { AccessTokenClaims, AuthorizationDetail } from "../auth/access-token";
import { deny, AuthDenial } from "../auth/denial";
import { compileTokenCheck, refuse } from "../auth/runtime";
import { Check, PASS } from "../pipeline/check";
import type { GuardJitToolConfig } from "../config/types";

/** The `authorization_details` type of a just-in-time tool grant. */
export const JIT_GRANT_TYPE = "mcp_tool";

/** A grant that admits the call, with the purpose the audit line records. */
export interface JitGrant {
  readonly purpose: string;
}

function grantsTool(detail: AuthorizationDetail, tool: string, audience: string): boolean {
  return (
    detail.type === JIT_GRANT_TYPE &&
    Array.isArray(detail.actions) &&
    detail.actions.includes(tool) &&
    (detail.locations === undefined || (Array.isArray(detail.locations) && detail.locations.includes(audience)))
  );
}

function tooBroad(rule: string, tool: string, what: string): AuthDenial {
  return deny(rule, 401, "invalid_token", `the token for just-in-time tool ${tool} ${what}: exchange it for a token for this tool alone (RFC 8693 token exchange)`);
}

/** Refuses a token good for more than one tool or audience (JIT-05), so that no just-in-time token opens several tools. */
export function checkSingleGrant(claims: AccessTokenClaims, tool: string): AuthDenial | undefined {
  const audiences = typeof claims.aud === "string" ? [claims.aud] : (claims.aud ?? []);
  if (audiences.length > 1) return tooBroad("JIT-05-audiences", tool, `is valid for ${audiences.length} audiences`);
  const grants = (claims.authorization_details ?? []).filter((detail) => detail.type === JIT_GRANT_TYPE);
  const tools = new Set(grants.flatMap((detail) => (Array.isArray(detail.actions) ? detail.actions : [])));
  if (tools.size > 1) return tooBroad("JIT-05-tools", tool, `grants ${tools.size} tools`);
  const locations = new Set(grants.flatMap((detail) => (Array.isArray(detail.locations) ? detail.locations : [])));
  if (locations.size > 1) return tooBroad("JIT-05-audiences", tool, `grants access at ${locations.size} locations`);
  return undefined;
}

/** Finds the grant for a just-in-time tool's call, or refuses it. */
export function checkJitGrant(claims: AccessTokenClaims, tool: string, audience: string, jit: GuardJitToolConfig): JitGrant | AuthDenial {
  const broad = checkSingleGrant(claims, tool);
  if (broad !== undefined) return broad;
  const grants = (claims.authorization_details ?? []).filter((detail) => grantsTool(detail, tool, audience));
  if (grants.length === 0) {
    return deny("JIT-01-grant-missing", 403, "insufficient_scope", `the tool ${tool} is just-in-time: request a grant for it (authorization_details type ${JIT_GRANT_TYPE}, actions [${tool}], a purpose)`);
  }
  const lifetime = claims.exp - claims.iat;
  if (lifetime > jit.maxGrantSeconds) {
    return deny("JIT-01-grant-lifetime", 403, "insufficient_scope", `the grant for ${tool} lives ${lifetime} s; a just-in-time grant may live at most ${jit.maxGrantSeconds} s`);
  }
  const purpose = grants.map((grant) => grant.purpose).find((candidate): candidate is string => typeof candidate === "string" && jit.purposes.includes(candidate));
  if (purpose === undefined) {
    return deny("JIT-03-purpose", 403, "insufficient_scope", `the grant for ${tool} names no purpose the tool declares: one of ${jit.purposes.join(", ")}`);
  }
  return { purpose };
}

export const JIT01: Check = {
  id: "JIT-01-grant",
  control: "JIT-01",
  description: "A just-in-time tool's call needs a short-lived token for that tool alone (one tool, one audience) naming one of its declared purposes, recorded in the audit line.",
  phase: "request",
  methods: ["tools/call"],
  compile: (config) =>
    compileTokenCheck(config, (runtime, verified, ctx) => {
      const jit = ctx.toolConfig?.jit;
      if (jit === undefined || ctx.tool === undefined) return PASS;
      const grant = checkJitGrant(verified.claims, ctx.tool, verified.audiences[0], jit);
      return grant instanceof AuthDenial ? refuse(runtime, grant) : { kind: "pass", annotations: { purpose: grant.purpose } };
    }),
};
