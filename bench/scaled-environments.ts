/**
 * Environment configs scaled to a given number of MCP servers, for measuring how synthesis grows.
 */
import { EnvironmentConfig, McpServerConfig } from "../environments/schema";

/** The name of the `index`-th (0-based) generated server: `server-001`, `server-002`, …. */
function serverName(index: number): string {
  return `server-${String(index + 1).padStart(3, "0")}`;
}

/**
 * The environment with exactly `count` MCP servers, each a copy of its first server renamed `server-001`….
 * Everything else in the config is kept.
 */
export function withServerCount(environment: EnvironmentConfig, count: number): EnvironmentConfig {
  const template: McpServerConfig | undefined = environment.mcpServers[0];
  if (!template) throw new Error(`Environment "${environment.name}" has no MCP server to copy.`);
  const mcpServers = Array.from({ length: count }, (_, index) => ({ ...template, name: serverName(index) }));
  return { ...environment, mcpServers };
}
