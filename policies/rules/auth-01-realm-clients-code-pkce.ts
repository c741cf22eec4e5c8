import { clientAttributes, keycloakRealms, realmClients, realmViolation } from "../identity";
import { Rule, Violation } from "../types";

/**
 * MCP clients authenticate with the authorization code flow only (AUTH-01): PKCE with S256 required, no implicit
 * flow, no device or CIBA grant, and a public client never holds a service account (client credentials need a
 * confidential client authenticated with `private_key_jwt` or mutual TLS).
 */
const rule: Rule = {
  id: "auth-01-realm-clients-code-pkce",
  controls: ["AUTH-01"],
  severity: "high",
  description: "Every Keycloak client uses the authorization code flow with PKCE S256; no implicit, device or CIBA grant; no public client with a service account.",
  remediation: "Set pkce.code.challenge.method: S256, implicitFlowEnabled: false, oauth2.device.authorization.grant.enabled and oidc.ciba.grant.enabled: false (keycloakRealm does).",
  check: (artifacts) =>
    keycloakRealms(artifacts).flatMap((view): Violation[] => {
      if (!view.realm) return [];
      return realmClients(view.realm).flatMap((client) => {
        const id = String(client["clientId"]);
        const attributes = clientAttributes(client);
        const findings: string[] = [];
        if (client["implicitFlowEnabled"] !== false) findings.push(`client ${id} allows the implicit flow`);
        if (attributes["pkce.code.challenge.method"] !== "S256") findings.push(`client ${id} does not require PKCE with S256 (pkce.code.challenge.method is ${JSON.stringify(attributes["pkce.code.challenge.method"] ?? null)})`);
        for (const grant of ["oauth2.device.authorization.grant.enabled", "oidc.ciba.grant.enabled"]) if (attributes[grant] !== "false") findings.push(`client ${id} does not turn off ${grant}`);
        if (client["publicClient"] === true && client["serviceAccountsEnabled"] === true) findings.push(`client ${id} is public and has a service account: anyone could obtain its tokens`);
        return findings.map((message) => realmViolation(view, message));
      });
    }),
};

export default rule;
