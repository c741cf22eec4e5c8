/** Helpers for the tests of the rules over approved definitions: rewrite one approved tool of prod's guard config, re-pinned. */
import { ToolDefinition } from "../../guard/src/config/types";
import { approvedToolsFile } from "../../environments/approved-tools";
import { EnvironmentConfig } from "../../environments/schema";
import { toolPin } from "../../guard/src/pin";
import { Artifacts } from "../../policies/types";
import { gatewayFile } from "./gateway";
import { editGuardConfig, GUARD_CONFIG_MAP } from "./guard";

/** Where findings on prod's guard configuration are located: `<gateway file> ConfigMap/mcp-gateway/mcp-guard-config`. */
export const PROD_GUARD_CONFIG = `${gatewayFile("prod")} ${GUARD_CONFIG_MAP}`;

/** A mutable approved tool entry of the guard configuration. */
export interface ApprovedEntry {
  definition: Record<string, any>;
  scopes: string[];
  overrides: { rule: string; justification: string }[];
}

/** Changes one approved tool of prod's guard config and re-pins it, so only the rule under test can object. */
export function editApprovedTool(plans: Artifacts, server: string, tool: string, edit: (entry: ApprovedEntry) => void): void {
  editGuardConfig(plans, "prod", (config) => {
    const entry = config.servers[server].tools[tool] as ApprovedEntry & { pin: string };
    edit(entry);
    entry.pin = toolPin(entry.definition as ToolDefinition);
  });
}

/** A built-in environment as a file elsewhere would state it: each lock file by its absolute path. */
export const withLockFilesOf = (environment: EnvironmentConfig): EnvironmentConfig => ({
  ...environment,
  mcpServers: environment.mcpServers.map((server) => ({ ...server, approvedTools: approvedToolsFile(server) })),
});
