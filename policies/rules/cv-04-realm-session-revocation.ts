import { clientAttributes, keycloakRealms, realmClients, realmViolation } from "../identity";
import { Rule, Violation } from "../types";

/** The longest access token, seconds: a revoked session's tokens die within it. */
const MAX_TOKEN_SECONDS = 300;

/** The longest single sign-on session, seconds (12 h), and the longest idle time (30 min). */
const MAX_SESSION_SECONDS = 43_200;
const MAX_IDLE_SECONDS = 1800;

/**
 * Sessions are re-evaluated and revocation takes effect quickly (CV-04): access tokens live at most five minutes,
 * realm-wide and per client, so ending a session in Keycloak cuts access within that time (the guard's revocation
 * list cuts it on the next request); refresh tokens are single use (a replayed one revokes the session's tokens);
 * sessions end after 30 idle minutes and 12 hours at most.
 */
const rule: Rule = {
  id: "cv-04-realm-session-revocation",
  controls: ["CV-04", "AUTH-02"],
  severity: "high",
  description: "Realm and client access tokens live at most 300 s, refresh tokens are single use, sessions idle out in 30 min and end within 12 h.",
  remediation: "Set accessTokenLifespan and each client's access.token.lifespan to 300 or less, revokeRefreshToken: true with refreshTokenMaxReuse: 0, ssoSessionIdleTimeout <= 1800, ssoSessionMaxLifespan <= 43200 (keycloakRealm does).",
  check: (artifacts) =>
    keycloakRealms(artifacts).flatMap((view): Violation[] => {
      const { realm } = view;
      if (!realm) return [];
      const findings: string[] = [];
      const at = (field: string) => Number(realm[field]);
      if (!(at("accessTokenLifespan") <= MAX_TOKEN_SECONDS)) findings.push(`accessTokenLifespan is ${String(realm["accessTokenLifespan"])} s, more than ${MAX_TOKEN_SECONDS}`);
      for (const client of realmClients(realm)) {
        const lifespan = clientAttributes(client)["access.token.lifespan"];
        if (lifespan !== undefined && !(Number(lifespan) <= MAX_TOKEN_SECONDS)) findings.push(`client ${String(client["clientId"])} issues access tokens for ${String(lifespan)} s, more than ${MAX_TOKEN_SECONDS}`);
      }
      if (realm["revokeRefreshToken"] !== true || at("refreshTokenMaxReuse") !== 0) findings.push("refresh tokens are reusable (revokeRefreshToken must be true, refreshTokenMaxReuse 0)");
      if (!(at("ssoSessionIdleTimeout") <= MAX_IDLE_SECONDS)) findings.push(`sessions idle out after ${String(realm["ssoSessionIdleTimeout"])} s, more than ${MAX_IDLE_SECONDS}`);
      if (!(at("ssoSessionMaxLifespan") <= MAX_SESSION_SECONDS)) findings.push(`sessions live ${String(realm["ssoSessionMaxLifespan"])} s, more than ${MAX_SESSION_SECONDS}`);
      return findings.map((message) => realmViolation(view, message));
    }),
};

export default rule;
