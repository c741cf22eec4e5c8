/**
 * The authorization server as deployed: the Keycloak realms the synthesized manifests import (JSON in ConfigMaps
 * labelled `app.kubernetes.io/name: keycloak`, imported with `--import-realm`), read once per policy run, and the
 * walk over a realm's authentication flows that the identity rules share.
 */
import { GuardConfigView, guardConfigs } from "./guard";
import { derivedOnce } from "./run-cache";
import { kubernetesViolation, LocatedObject, objects, record, records } from "./kubernetes";
import { Artifacts, Violation } from "./types";

/** The application label of Keycloak's objects. */
export const KEYCLOAK_APP = "keycloak";

/** One realm file of a Keycloak ConfigMap. */
export interface RealmView {
  readonly configMap: LocatedObject;
  /** The ConfigMap key, e.g. `mcp-prod.json`. */
  readonly file: string;
  /** The parsed realm, or undefined with `problem` saying why. */
  readonly realm?: Record<string, unknown>;
  readonly problem?: string;
}

/** Every realm file of every Keycloak ConfigMap. */
export function keycloakRealms(artifacts: Artifacts): RealmView[] {
  return derivedOnce(artifacts, "keycloak-realms", () =>
    objects(artifacts, "ConfigMap")
      .filter((item) => item.object.metadata.labels?.["app.kubernetes.io/name"] === KEYCLOAK_APP)
      .flatMap((configMap) =>
        Object.entries(record(configMap.object["data"]) ?? {})
          .filter(([file]) => file.endsWith(".json"))
          .map(([file, text]): RealmView => {
            try {
              const realm = record(JSON.parse(String(text)));
              return realm && typeof realm["realm"] === "string" ? { configMap, file, realm } : { configMap, file, problem: "is not a realm representation (no realm name)" };
            } catch (error) {
              return { configMap, file, problem: `does not parse as JSON: ${(error as Error).message.split("\n")[0]}` };
            }
          })
      )
  );
}

/** A finding on a realm file. */
export function realmViolation(view: RealmView, message: string): Violation {
  return kubernetesViolation(view.configMap, `realm ${String(view.realm?.["realm"] ?? view.file)}: ${message}`);
}

/** The realm's clients. */
export function realmClients(realm: Record<string, unknown>): Record<string, unknown>[] {
  return records(realm["clients"]);
}

/** A client's attributes, as strings. */
export function clientAttributes(client: Record<string, unknown>): Readonly<Record<string, unknown>> {
  return record(client["attributes"]) ?? {};
}

/** The realm's authentication flows by alias. */
export function realmFlows(realm: Record<string, unknown>): Map<string, Record<string, unknown>> {
  return new Map(records(realm["authenticationFlows"]).map((flow) => [String(flow["alias"]), flow]));
}

/** A flow's executions, in priority order. */
export function flowExecutions(flow: Record<string, unknown> | undefined): Record<string, unknown>[] {
  return records(flow?.["authenticationExecutions"]).sort((a, b) => Number(a["priority"] ?? 0) - Number(b["priority"] ?? 0));
}

/** The authenticators that prove a second factor. */
export const SECOND_FACTORS: readonly string[] = ["auth-otp-form", "webauthn-authenticator", "webauthn-authenticator-passwordless"];

/** Whether an execution (or sub-flow) is a second factor: a second-factor authenticator, or a sub-flow of only second factors. */
export function isSecondFactor(execution: Record<string, unknown>, flows: Map<string, Record<string, unknown>>, depth = 0): boolean {
  if (depth > 8) return false;
  if (execution["authenticatorFlow"] === true) {
    const members = flowExecutions(flows.get(String(execution["flowAlias"]))).filter((member) => member["requirement"] !== "DISABLED");
    return members.length > 0 && members.every((member) => isSecondFactor(member, flows, depth + 1));
  }
  return SECOND_FACTORS.includes(String(execution["authenticator"]));
}

/** A guard configuration's token checks and the realm (deployed beside it) that issues its tokens. */
export interface GuardRealmPair {
  readonly guard: GuardConfigView;
  readonly auth: Record<string, unknown>;
  readonly view: RealmView;
  readonly realm: Record<string, unknown>;
}

/** Each guard that checks tokens of a realm deployed in its own group (issuer `.../realms/<realm>`), with that realm. */
export function guardsWithTheirRealm(artifacts: Artifacts): GuardRealmPair[] {
  const realms = keycloakRealms(artifacts);
  return guardConfigs(artifacts).flatMap((guard) => {
    const auth = record(guard.config?.["auth"]);
    const issuer = typeof auth?.["issuer"] === "string" ? auth["issuer"] : undefined;
    const name = issuer === undefined ? undefined : /\/realms\/([^/]+)$/.exec(issuer)?.[1];
    const view = realms.find((candidate) => candidate.configMap.group === guard.workload.group && candidate.realm?.["realm"] === name);
    return auth !== undefined && view?.realm !== undefined ? [{ guard, auth, view, realm: view.realm }] : [];
  });
}

/** The client of a server's audience: the one whose audience mapper names it. */
export function clientOfAudience(realm: Record<string, unknown>, audience: string): Record<string, unknown> | undefined {
  return realmClients(realm).find((client) => records(client["protocolMappers"]).some((mapper) => mapper["protocolMapper"] === "oidc-audience-mapper" && record(mapper["config"])?.["included.custom.audience"] === audience));
}

/** The `authorization_details` type the guard accepts as a just-in-time grant. */
export const JIT_GRANT_TYPE = "mcp_tool";

/** The grants a client scope's hard-coded `authorization_details` claim carries. */
export function scopeGrants(scope: Record<string, unknown>): Record<string, unknown>[] {
  return records(scope["protocolMappers"]).flatMap((mapper) => {
    const config = record(mapper["config"]);
    if (mapper["protocolMapper"] !== "oidc-hardcoded-claim-mapper" || config?.["claim.name"] !== "authorization_details") return [];
    try {
      return records(JSON.parse(String(config["claim.value"])));
    } catch {
      return [];
    }
  });
}
