import { clientOfAudience, flowExecutions, guardsWithTheirRealm, isSecondFactor, realmFlows, realmViolation } from "../identity";
import { record, records } from "../kubernetes";
import { Rule, Violation } from "../types";

/** Keycloak's condition that selects a sub-flow by the level of authentication asked for. */
const LOA_CONDITION = "conditional-level-of-authentication";

/**
 * Step-up works end to end (CV-03, JIT-02): every `acr` a sensitive tool accepts in the guard's configuration is a
 * level of the realm that issues its tokens (`acr.loa.map`), the realm's browser flows have a sub-flow for that level
 * that requires a second factor, and the server's client puts `acr` in its tokens (a default scope with the ACR
 * mapper). Otherwise the guard's step-up challenge asks for a level the user can never reach.
 */
const rule: Rule = {
  id: "cv-03-realm-step-up-levels",
  controls: ["CV-03", "JIT-02"],
  severity: "high",
  description: "Each acr a sensitive tool accepts is a realm level with a second-factor sub-flow, and its server's client puts acr in tokens.",
  remediation: "Name only the realm's levels (mfa, mfa-webauthn) in tools[].sensitive.acrValues, and generate the realm with keycloakRealm, which maps them and puts acr in every client's tokens.",
  check: (artifacts) =>
    guardsWithTheirRealm(artifacts).flatMap(({ guard, auth, view, realm }): Violation[] => {
      const findings: string[] = [];
      let levels: Record<string, unknown> = {};
      try {
        levels = record(JSON.parse(String(record(realm["attributes"])?.["acr.loa.map"] ?? "{}"))) ?? {};
      } catch {
        findings.push("acr.loa.map is not JSON");
      }
      const flows = realmFlows(realm);
      const configs = new Map(records(realm["authenticatorConfig"]).map((config) => [String(config["alias"]), record(config["config"]) ?? {}]));
      const stepped = new Set<string>();
      for (const flow of flows.values()) {
        const executions = flowExecutions(flow).filter((execution) => execution["requirement"] !== "DISABLED");
        const condition = executions.find((execution) => execution["authenticator"] === LOA_CONDITION);
        if (condition === undefined) continue;
        if (!executions.some((execution) => execution !== condition && execution["requirement"] === "REQUIRED" && isSecondFactor(execution, flows))) continue;
        const level = configs.get(String(condition["authenticatorConfig"]))?.["loa-condition-level"];
        if (level !== undefined) stepped.add(String(level));
      }
      const audiences = record(auth["audiences"]) ?? {};
      for (const { name, tools } of guard.servers) {
        const client = clientOfAudience(realm, String(audiences[name]));
        for (const [tool, config] of Object.entries(tools)) {
          const acrValues = record(config["sensitive"])?.["acrValues"];
          if (!Array.isArray(acrValues) || acrValues.length === 0) continue;
          for (const acr of acrValues.map(String)) {
            const level = levels[acr];
            if (level === undefined) findings.push(`tool ${tool} of ${name} requires acr "${acr}", which the realm does not issue (acr.loa.map)`);
            else if (!stepped.has(String(level))) findings.push(`tool ${tool} of ${name} requires acr "${acr}" (level ${String(level)}), but no browser sub-flow for that level requires a second factor`);
          }
          const scopes = Array.isArray(client?.["defaultClientScopes"]) ? (client["defaultClientScopes"] as unknown[]).map(String) : [];
          const acrScope = records(realm["clientScopes"]).some((scope) => scopes.includes(String(scope["name"])) && records(scope["protocolMappers"]).some((mapper) => mapper["protocolMapper"] === "oidc-acr-mapper"));
          if (!acrScope) findings.push(`the client of ${name} puts no acr claim in its tokens (no default scope with the oidc-acr-mapper): step-up for ${tool} can never succeed`);
        }
      }
      return [...new Set(findings)].map((message) => realmViolation(view, message));
    }),
};

export default rule;
