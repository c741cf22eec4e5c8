/**
 * Helpers for the tests of the authorization server: the realm an environment's manifests import (JSON inside the
 * ConfigMap `keycloak/keycloak-realm`), read and rewritten in place so a test can weaken it.
 */
import { Artifacts } from "../../policies/types";
import { yamlObject } from "./kubernetes";

/** The address of the ConfigMap holding the realm. */
export const REALM_CONFIG_MAP = "ConfigMap/keycloak/keycloak-realm";

/** The realm of an environment's YAML, parsed and mutable. */
export function realmOf(plans: Artifacts, environment: string): Record<string, any> {
  return JSON.parse(yamlObject(plans, environment, REALM_CONFIG_MAP).data[`mcp-${environment}.json`]) as Record<string, any>;
}

/** Rewrites the realm of an environment's YAML after `edit` changed it. */
export function editRealm(plans: Artifacts, environment: string, edit: (realm: Record<string, any>) => void): void {
  const realm = realmOf(plans, environment);
  edit(realm);
  yamlObject(plans, environment, REALM_CONFIG_MAP).data[`mcp-${environment}.json`] = `${JSON.stringify(realm, null, 2)}\n`;
}

/** The client of a server in a realm. */
export function clientOf(realm: Record<string, any>, server: string): Record<string, any> {
  return (realm.clients as Record<string, any>[]).find((client) => client.clientId === `mcp-${server}`)!;
}
