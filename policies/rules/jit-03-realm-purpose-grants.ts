import { clientAttributes, clientOfAudience, guardsWithTheirRealm, JIT_GRANT_TYPE, realmViolation, scopeGrants } from "../identity";
import { record, records } from "../kubernetes";
import { Rule, Violation } from "../types";

/**
 * Just-in-time, purpose-bound grants are issuable and never standing (JIT-01, JIT-03): for every purpose of every
 * just-in-time tool in the guard's configuration, the realm has a client scope whose tokens carry exactly the grant
 * the guard checks (type `mcp_tool`, the server's audience, the tool, the purpose); the server's client may ask for it
 * (an optional scope) but never gets it by default; and the client's tokens live no longer than the tool's grant may.
 */
const rule: Rule = {
  id: "jit-03-realm-purpose-grants",
  controls: ["JIT-01", "JIT-03"],
  severity: "high",
  description: "Each just-in-time tool's purposes are optional (never default) scopes of its server's client carrying the guard's mcp_tool grant, in tokens no longer-lived than the grant allows.",
  remediation: "Generate the realm with keycloakRealm from the same environment as the guard's configuration: it adds one optional jit:<server>:<tool>:<purpose> scope per purpose and bounds the client's token lifespan.",
  check: (artifacts) =>
    guardsWithTheirRealm(artifacts).flatMap(({ guard, auth, view, realm }): Violation[] => {
      const findings: string[] = [];
      const audiences = record(auth["audiences"]) ?? {};
      const scopes = records(realm["clientScopes"]).map((scope) => ({ scope, grants: scopeGrants(scope) }));
      for (const { name, tools } of guard.servers) {
        const audience = String(audiences[name]);
        const client = clientOfAudience(realm, audience);
        const optional = Array.isArray(client?.["optionalClientScopes"]) ? (client["optionalClientScopes"] as unknown[]).map(String) : [];
        const defaults = Array.isArray(client?.["defaultClientScopes"]) ? (client["defaultClientScopes"] as unknown[]).map(String) : [];
        for (const { scope } of scopes.filter((candidate) => defaults.includes(String(candidate.scope["name"])) && candidate.grants.length > 0)) {
          findings.push(`the client of ${name} gets grant scope ${String(scope["name"])} by default: a standing grant`);
        }
        for (const [tool, config] of Object.entries(tools)) {
          const jit = record(config["jit"]);
          if (jit === undefined) continue;
          const lifespan = Number(clientAttributes(client ?? {})["access.token.lifespan"] ?? realm["accessTokenLifespan"]);
          if (!(lifespan <= Number(jit["maxGrantSeconds"]))) findings.push(`the client of ${name} issues tokens for ${lifespan} s, longer than a grant for ${tool} may live (${String(jit["maxGrantSeconds"])} s)`);
          for (const purpose of Array.isArray(jit["purposes"]) ? jit["purposes"].map(String) : []) {
            const issuing = scopes.filter(({ grants }) =>
              grants.some((grant) => grant["type"] === JIT_GRANT_TYPE && JSON.stringify(grant["actions"]) === JSON.stringify([tool]) && JSON.stringify(grant["locations"]) === JSON.stringify([audience]) && grant["purpose"] === purpose)
            );
            if (!issuing.some(({ scope }) => optional.includes(String(scope["name"])))) findings.push(`no optional scope of the client of ${name} grants ${tool} for purpose "${purpose}": the guard would refuse every call for it`);
          }
        }
      }
      return findings.map((message) => realmViolation(view, message));
    }),
};

export default rule;
