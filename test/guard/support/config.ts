/** Guard configurations for tests: a valid base config and approved tools pinned with the real pin function. */
import { GuardConfig, GuardServerConfig, GuardToolConfig, ToolDefinition } from "../../../guard/src/config/types";
import { toolPin } from "../../../guard/src/pin";
import { benchGuardConfig } from "../../../bench/guard-config";

/** An approved tool with defaults for everything but its definition. */
export function approvedTool(definition: ToolDefinition, extra: Partial<Omit<GuardToolConfig, "definition" | "pin">> = {}): GuardToolConfig {
  return { definition, pin: toolPin(definition), scopes: [], constraints: [], sinks: {}, overrides: [], ...extra };
}

/** A server config approving `tools`. */
export function serverConfig(tools: readonly GuardToolConfig[], extra: Partial<Omit<GuardServerConfig, "tools">> = {}): GuardServerConfig {
  return { mode: "enforce", dlp: { mode: "mask", maxResultBytes: 1024 * 1024 }, tools: Object.fromEntries(tools.map((tool) => [tool.definition.name, tool])), ...extra };
}

/** A whole config with `servers`: the benchmarks' base config, in environment "test". */
export function guardConfig(servers: { [name: string]: GuardServerConfig }, extra: Partial<Omit<GuardConfig, "servers">> = {}): GuardConfig {
  return { ...benchGuardConfig(servers), environment: "test", ...extra };
}

/** A small tool with a typed, bounded input schema. */
export const ECHO_TOOL: ToolDefinition = {
  name: "echo",
  description: "Echoes a message.",
  inputSchema: { type: "object", properties: { message: { type: "string", maxLength: 200 } }, required: ["message"] },
};
