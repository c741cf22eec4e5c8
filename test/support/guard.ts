/**
 * Helpers for the tests of the MCP guard's wiring: its generated configuration as the manifests carry it (JSON inside
 * the ConfigMap `mcp-gateway/mcp-guard-config`), read and rewritten in place so a test can weaken it.
 */
import { Artifacts } from "../../policies/types";
import { yamlObject } from "./kubernetes";

/** The address of the ConfigMap holding the guard's configuration. */
export const GUARD_CONFIG_MAP = "ConfigMap/mcp-gateway/mcp-guard-config";

/** The guard configuration of an environment's YAML, parsed and mutable. */
export function guardConfigOf(plans: Artifacts, environment: string): Record<string, any> {
  return JSON.parse(yamlObject(plans, environment, GUARD_CONFIG_MAP).data["guard-config.json"]) as Record<string, any>;
}

/** Rewrites the guard configuration of an environment's YAML after `edit` changed it. */
export function editGuardConfig(plans: Artifacts, environment: string, edit: (config: Record<string, any>) => void): void {
  const config = guardConfigOf(plans, environment);
  edit(config);
  yamlObject(plans, environment, GUARD_CONFIG_MAP).data["guard-config.json"] = `${JSON.stringify(config, null, 2)}\n`;
}
