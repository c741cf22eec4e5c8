/** Checks of the fields that shape an MCP server's Kubernetes objects: its namespace name and health path. */
import { didYouMean } from "./did-you-mean";
import { Check, issue, Reader } from "./readers";
import { quote } from "./quote";

/**
 * Namespaces the cluster, the mesh or the platform owns (the gateway's, observability's, Falco's, the authorization
 * server's and the scheduled access review's; test/config.test.ts checks every platform namespace of the built-in
 * environments' output is here).
 */
export const RESERVED_NAMESPACES: readonly string[] = ["default", "kube-system", "kube-public", "kube-node-lease", "istio-system", "mcp-gateway", "mcp-observability", "falco", "keycloak", "mcp-access-review"];

/** Prefixes of namespaces the cluster or the mesh owns. */
const RESERVED_PREFIXES: readonly string[] = ["kube-", "istio-"];

const HEALTH_PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]{0,255}$/;

/** A server name is its namespace's name: it must not be a namespace the cluster, the mesh or the platform owns. */
export const checkServerNamespace: Check<string> = (name) => {
  if (!RESERVED_NAMESPACES.includes(name) && !RESERVED_PREFIXES.some((prefix) => name.startsWith(prefix))) return undefined;
  return issue(
    `${quote(name)} names a namespace the cluster, the mesh or the platform owns`,
    `choose another server name: it names the server's own namespace, and must not be ${RESERVED_NAMESPACES.join(", ")} or start with ${RESERVED_PREFIXES.join(" or ")}`
  );
};

/** An HTTP path for health probes: `/` then URL path characters, at most 256 in all, no query. */
export const checkHealthPath: Check<string> = (path) => {
  if (HEALTH_PATH.test(path)) return undefined;
  const cleaned = `/${path.trim().split(/[?#]/, 1)[0].replace(/^\/+/, "")}`;
  return issue(
    `${quote(path)} is not an HTTP path`,
    HEALTH_PATH.test(cleaned) ? didYouMean(cleaned) : "write a path starting with /, without spaces, query or fragment, e.g. /healthz"
  );
};

/** A reader that accepts a missing key (the field is optional) and reads a present one with `reader`. */
export function optional<T>(reader: Reader<T>): Reader<T | undefined> {
  return (value, at) => (value === undefined ? undefined : reader(value, at));
}
