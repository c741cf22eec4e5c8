/**
 * The vetting gate of an environment (TOOL-01): the GitHub Actions workflow of `vettingGateWorkflow`, made from the
 * environment's configuration so that it pushes to the environment's own `mcp/<server>` repositories as its CI
 * publisher role, and signs with the very key the admission policy trusts (`cluster.imageSigningKey`).
 */
import { vettingGateWorkflow } from "../constructs/vetting-gate-workflow";
import { EnvironmentConfig } from "../environments/schema";

/** The vetting gate workflow of an environment, as YAML text. */
export function vettingGateWorkflowOf(environment: EnvironmentConfig): string {
  return vettingGateWorkflow({
    environment: environment.name,
    accountId: environment.accountId,
    region: environment.region,
    servers: environment.mcpServers.map((server) => server.name),
    publisherRoleArn: environment.ci.publisherRoleArn,
    signingKey: environment.cluster.imageSigningKey,
  });
}
