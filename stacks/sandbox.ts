/**
 * The sandbox (TOOL-10): where a new or changed MCP server version (`mcpServers[].stage: sandbox`) runs first. The
 * environment's stacks see a sandboxed server through {@link deployedEnvironment}, which withholds what its live
 * configuration grants: no secrets (no Secrets Manager containers, grants or mounts), no Kubernetes API token, no
 * egress (no mesh egress, no firewall allowlist entry; Falco reports every attempt), and the guard in report mode.
 * Its pods run only on the sandbox node group (constructs/k8s/sandbox-placement.ts), which nothing else tolerates but
 * the node agents, and its namespace is labelled with its stage.
 */
import { EnvironmentConfig, McpServerConfig } from "../environments/schema";

/** The justification synth records for a sandboxed server's guard in report mode. */
export const SANDBOX_REPORT_JUSTIFICATION = "stage sandbox (TOOL-10): a new server version under observation with no secrets and no egress; promote by removing stage: sandbox";

/** Whether a server runs in the sandbox. */
export function isSandboxed(server: McpServerConfig): boolean {
  return server.stage === "sandbox";
}

/** Whether the environment sandboxes any server (and so needs the sandbox node group). */
export function hasSandbox(environment: EnvironmentConfig): boolean {
  return environment.mcpServers.some(isSandboxed);
}

/** A server as the environment deploys it: a sandboxed one without secrets, API token and egress, its guard reporting. */
function deployedServer(server: McpServerConfig): McpServerConfig {
  if (!isSandboxed(server)) return server;
  const { egressCertificateAuthorities: _withheld, ...rest } = server;
  return { ...rest, secrets: [], egressDomains: [], kubernetesApiAccess: false, guard: { ...server.guard, mode: "report", reportJustification: SANDBOX_REPORT_JUSTIFICATION } };
}

/** The environment as its stacks deploy it: each sandboxed server through {@link deployedServer}. */
export function deployedEnvironment(environment: EnvironmentConfig): EnvironmentConfig {
  return hasSandbox(environment) ? { ...environment, mcpServers: environment.mcpServers.map(deployedServer) } : environment;
}
