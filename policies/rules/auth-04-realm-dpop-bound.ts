import { clientAttributes, keycloakRealms, realmClients, realmViolation } from "../identity";
import { Rule, Violation } from "../types";

/** Keycloak's client attributes that bind access tokens to the caller (RFC 9449 DPoP, RFC 8705 certificates). */
const BINDINGS = ["dpop.bound.access.tokens", "tls.client.certificate.bound.access.tokens"];

/**
 * Every client's access tokens are sender-constrained (AUTH-04): Keycloak issues them only bound to the caller's DPoP
 * key (`dpop.bound.access.tokens`) or client certificate, so a stolen token is useless without the key.
 */
const rule: Rule = {
  id: "auth-04-realm-dpop-bound",
  controls: ["AUTH-04"],
  severity: "critical",
  description: "Every Keycloak client requires DPoP-bound (or certificate-bound) access tokens.",
  remediation: 'Set the client attribute dpop.bound.access.tokens: "true" (keycloakRealm does for every MCP server\'s client).',
  check: (artifacts) =>
    keycloakRealms(artifacts).flatMap((view): Violation[] =>
      view.realm === undefined
        ? []
        : realmClients(view.realm)
            .filter((client) => !BINDINGS.some((binding) => clientAttributes(client)[binding] === "true"))
            .map((client) => realmViolation(view, `client ${String(client["clientId"])} issues unbound bearer tokens: require DPoP (dpop.bound.access.tokens)`))
    ),
};

export default rule;
