/**
 * Helpers for the tests of the MCP gateway: the generated agentgateway configuration as the manifests carry it (a YAML
 * file inside the ConfigMap `mcp-gateway/agentgateway-config`), read and rewritten in place so a test can weaken it.
 */
import { parse, stringify } from "yaml";
import { AgentgatewayConfig } from "../../constructs/k8s/agentgateway-config";
import { Artifacts } from "../../policies/types";
import { yamlObject } from "./kubernetes";

/** The gateway's YAML file of an environment. */
export function gatewayFile(environment: string): string {
  return `${environment}/gateway.yaml`;
}

/** The address of the ConfigMap holding the gateway's configuration. */
export const GATEWAY_CONFIG_MAP = "ConfigMap/mcp-gateway/agentgateway-config";

/** A gateway route as tests edit it. */
export type MutableGatewayRoute = Record<string, any> & { name: string; policies: Record<string, any>; backends: { mcp: { targets: Record<string, any>[] } }[] };

/** A gateway configuration as tests edit it: the shape of {@link AgentgatewayConfig}, every part mutable. */
export type MutableGatewayConfig = Record<string, any> & { routes: MutableGatewayRoute[]; frontendPolicies: { tracing: Record<string, any> } };

/** The gateway configuration of an environment's YAML, parsed. */
export function gatewayConfig(plans: Artifacts, environment: string): MutableGatewayConfig {
  return parse(yamlObject(plans, environment, GATEWAY_CONFIG_MAP).data["config.yaml"]) as MutableGatewayConfig;
}

/** Rewrites the gateway configuration of an environment's YAML after `edit` changed it. */
export function editGatewayConfig(plans: Artifacts, environment: string, edit: (config: MutableGatewayConfig) => void): void {
  const config = gatewayConfig(plans, environment);
  edit(config);
  yamlObject(plans, environment, GATEWAY_CONFIG_MAP).data["config.yaml"] = stringify(config, { lineWidth: 0 });
}

/** The route of a server in a configuration. */
export function routeOf(config: MutableGatewayConfig, server: string): MutableGatewayRoute {
  const found = config.routes.find((route) => route.name === server);
  if (!found) throw new Error(`no gateway route for ${server}`);
  return found;
}
