import {
  clientAttributes,
  guardsWithTheirRealm,
  realmClients,
  realmViolation,
  scopeGrants,
} from "../identity";
import { record, records } from "../kubernetes";
import { Rule, Violation } from "../types";

/** What is wrong with a server's token-exchange client, if anything. */
function exchangeFindings(
  server: string,
  audience: string,
  client: Record<string, unknown> | undefined,
  scopes: readonly Record<string, unknown>[]
): string[] {
  if (client === undefined)
    return [
      `no token-exchange client for ${server} (client ID ${audience}): clients cannot exchange their token for a one-tool just-in-time token`,
    ];
  const attributes = clientAttributes(client);
  const findings: string[] = [];
  if (client["publicClient"] !== false)
    findings.push(
      `the token-exchange client of ${server} is public: Keycloak exchanges tokens for confidential clients only, and anyone could use it`
    );
  if (attributes["standard.token.exchange.enabled"] !== "true")
    findings.push(
      `the token-exchange client of ${server} does not enable standard token exchange (standard.token.exchange.enabled)`
    );
  if (attributes["dpop.bound.access.tokens"] !== "true")
    findings.push(
      `the token-exchange client of ${server} issues tokens not bound to a DPoP key`
    );
  if (
    client["serviceAccountsEnabled"] !== false ||
    client["fullScopeAllowed"] !== false
  )
    findings.push(
      `the token-exchange client of ${server} has a service account or full scope: its tokens would carry more than one grant`
    );
  const audiences = records(client["protocolMappers"])
    .filter((mapper) => mapper["protocolMapper"] === "oidc-audience-mapper")
    .map((mapper) => record(mapper["config"])?.["included.custom.audience"]);
  if (audiences.length !== 1 || audiences[0] !== audience)
    findings.push(
      `the token-exchange client of ${server} adds audiences [${audiences
        .map(String)
        .join(", ")}], not exactly ${audience}`
    );
  const names = [
    ...(Array.isArray(client["defaultClientScopes"])
      ? client["defaultClientScopes"]
      : []),
    ...(Array.isArray(client["optionalClientScopes"])
      ? client["optionalClientScopes"]
      : []),
  ].map(String);
  for (const scope of scopes.filter((candidate) =>
    names.includes(String(candidate["name"]))
  )) {
    const grants = scopeGrants(scope);
    const tools = new Set(
      grants.flatMap((grant) =>
        Array.isArray(grant["actions"]) ? grant["actions"].map(String) : []
      )
    );
    const locations = new Set(
      grants.flatMap((grant) =>
        Array.isArray(grant["locations"]) ? grant["locations"].map(String) : []
      )
    );
    if (
      grants.length > 1 ||
      tools.size > 1 ||
      [...locations].some((location) => location !== audience)
    ) {
      findings.push(
        `scope ${String(
          scope["name"]
        )} of the token-exchange client of ${server} grants ${
          tools.size
        } tools at [${[...locations].join(
          ", "
        )}]: one tool of ${audience} per token`
      );
    }
  }
  return findings;
}

/**
 * Multi-step / multi-tool access is granted one tool at a time (JIT-05): for every server with just-in-time tools in
 * the guard's configuration, the guard checks tokens against exactly one audience for it, and the realm has that
 * server's token-exchange client (client ID = the audience, confidential, Keycloak standard token exchange on,
 * DPoP-bound, the one audience, only scopes that carry one grant of one tool of this server), so a client exchanges its
 * server token for a one-tool token per call (RFC 8693). The gateway's one audience per route is AUTH-03's rule, which
 * reports JIT-05 too; the guard refuses a just-in-time call whose token is good for several tools or audiences.
 */
const rule: Rule = {
  id: "jit-05-realm-token-exchange",
  controls: ["JIT-05"],
  severity: "high",
  description:
    "Every server with just-in-time tools has one guard audience and a confidential, DPoP-bound Keycloak token-exchange client whose tokens carry one tool grant of that one audience.",
  remediation:
    "Generate the realm with keycloakRealm from the same environment as the guard's configuration: it adds the token-exchange client (client ID = the server's audience) for each server with just-in-time tools.",
  check: (artifacts) =>
    guardsWithTheirRealm(artifacts).flatMap(
      ({ guard, auth, view, realm }): Violation[] => {
        const findings: string[] = [];
        const audiences = record(auth["audiences"]) ?? {};
        const scopes = records(realm["clientScopes"]);
        for (const { name, tools } of guard.servers) {
          if (
            !Object.values(tools).some(
              (tool) => record(tool["jit"]) !== undefined
            )
          )
            continue;
          const audience = audiences[name];
          if (
            typeof audience !== "string" ||
            audience.trim() === "" ||
            audience === "*"
          ) {
            findings.push(
              `the guard checks tokens for ${name}, which has just-in-time tools, against ${JSON.stringify(
                audience ?? null
              )}, not one audience of its own`
            );
            continue;
          }
          findings.push(
            ...exchangeFindings(
              name,
              audience,
              realmClients(realm).find(
                (client) => client["clientId"] === audience
              ),
              scopes
            )
          );
        }
        return findings.map((message) => realmViolation(view, message));
      }
    ),
};

export default rule;
