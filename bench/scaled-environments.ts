/**
 * Environment configs scaled to a given number of MCP servers, for measuring how synthesis grows.
 */
import * as fs from "fs";
import * as path from "path";
import { approvedToolsFile } from "../environments/approved-tools";
import { MAX_NODE_GROUP_SIZE, serverRepository } from "../environments/cluster-checks";
import { EnvironmentConfig, McpServerConfig } from "../environments/schema";

/** The name of the `index`-th (0-based) generated server: `server-001`, `server-002`, …. */
function serverName(index: number): string {
  return `server-${String(index + 1).padStart(3, "0")}`;
}

/**
 * The environment with exactly `count` MCP servers, each a copy of its first server renamed `server-001`…, its image
 * moved to its own repository `mcp/<name>`, its approved-tools lock file copied under the new name into
 * `lockDir/<env>/<name>.json`. The node group may grow to the largest size allowed, so the servers' quotas fit it;
 * everything else in the config is kept.
 */
export function withServerCount(environment: EnvironmentConfig, count: number, lockDir: string): EnvironmentConfig {
  const template: McpServerConfig | undefined = environment.mcpServers[0];
  if (!template) throw new Error(`Environment "${environment.name}" has no MCP server to copy.`);
  const lock = JSON.parse(fs.readFileSync(approvedToolsFile(template), "utf8")) as Record<string, unknown>;
  const mcpServers = Array.from({ length: count }, (_, index) => {
    const name = serverName(index);
    const approvedTools = path.join(lockDir, environment.name, `${name}.json`);
    fs.mkdirSync(path.dirname(approvedTools), { recursive: true });
    fs.writeFileSync(approvedTools, JSON.stringify({ ...lock, server: name }));
    return { ...template, name, approvedTools, image: template.image.replace(/\/mcp\/[^@]+@/, `/${serverRepository(name)}@`) };
  });
  const nodeGroup = { ...environment.cluster.nodeGroup, maxSize: MAX_NODE_GROUP_SIZE };
  return { ...environment, mcpServers, cluster: { ...environment.cluster, nodeGroup } };
}
