/**
 * PUB-01 agent boundaries: an MCP session (`Mcp-Session-Id`) belongs to the principal (issuer, subject, client) that
 * first used it; the shared store remembers the owner, and any other principal presenting the id is refused.
 */
import { createHash } from "crypto";
import { deny, type AuthDenial } from "../auth/denial";

/** The store key of a session's owner: a hash, so the session id itself is never stored. */
export function sessionKey(prefix: string, sessionId: string): string {
  return `${prefix}session:${createHash("sha256").update(sessionId).digest("base64url")}`;
}

/** Refuses a session used by a principal other than its owner. */
export function checkSessionOwner(owner: string, principal: string): AuthDenial | undefined {
  if (owner === principal) return undefined;
  return deny("PUB-01-session-owner", 403, "invalid_request", "this MCP session belongs to another principal: open your own session");
}
