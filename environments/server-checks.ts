/**
 * Checks across the fields of one MCP server, run once each field is well-formed: a privileged port only with its
 * declared need, requests no larger than limits, and a pinned CA for exactly the declared egress domains.
 */
import { checkEgressCertificateAuthorities } from "./certificate-checks";
import { parseQuantity } from "./kubernetes-quantity";
import { Cursor, issue, Reader } from "./readers";
import { McpServerConfig, McpServerRequests } from "./schema";

/** The first unprivileged port: binding below it needs a capability or the pod's sysctl. */
export const FIRST_UNPRIVILEGED_PORT = 1024;

function checkPort(server: McpServerConfig, at: Cursor): void {
  const justified = server.privilegedPortJustification !== undefined;
  if (server.port < FIRST_UNPRIVILEGED_PORT && !justified) {
    at.key("port").report(
      issue(
        `${server.port} is a privileged port (below ${FIRST_UNPRIVILEGED_PORT}), and no need for it is declared`,
        `listen on a port from ${FIRST_UNPRIVILEGED_PORT} to 65535, e.g. 8080; only if the image cannot, set privilegedPortJustification to say why (the pod then gets the sysctl net.ipv4.ip_unprivileged_port_start, never a capability)`
      )
    );
  } else if (server.port >= FIRST_UNPRIVILEGED_PORT && justified) {
    at.key("privilegedPortJustification").report(issue(`port ${server.port} is not privileged`, "remove privilegedPortJustification: it is only for a port below 1024"));
  }
}

function checkRequests(server: McpServerConfig, at: Cursor): void {
  const requests = server.quota.requests;
  if (requests === undefined) return;
  for (const resource of ["cpu", "memory"] as const satisfies readonly (keyof McpServerRequests)[]) {
    const request = requests[resource];
    if (request === undefined) continue;
    const requested = parseQuantity(request)?.value ?? 0;
    const limit = parseQuantity(server.quota[resource])?.value ?? 0;
    if (requested > limit) {
      at.key("quota").key("requests").key(resource).report(
        issue(
          `request ${request} is above the limit quota.${resource} ${server.quota[resource]}`,
          `lower quota.requests.${resource} to ${server.quota[resource]} or less, or raise quota.${resource}: a container can never use more than its limit, so a larger request only wastes the node`
        )
      );
    }
  }
}

/** Reads a server with `reader`, then checks its fields against each other. */
export function serverFit(reader: Reader<McpServerConfig>): Reader<McpServerConfig> {
  return (value, at) => {
    const server = reader(value, at);
    if (server === undefined) return undefined;
    const before = at.problems.length;
    checkPort(server, at);
    checkRequests(server, at);
    checkEgressCertificateAuthorities(server, at);
    return at.problems.length === before ? server : undefined;
  };
}
