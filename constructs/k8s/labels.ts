/** The labels and annotations the blueprint's Kubernetes objects carry, shared by the constructs in this folder. */
import { createHash } from "crypto";

/** `app.kubernetes.io/managed-by` of every object the blueprint generates (MSH-01). */
export const MANAGED_BY = "mcp-hardening";

/** `app.kubernetes.io/part-of` of every MCP object. */
export const PART_OF = "mcp";

/** The annotation of a pod template holding the SHA-256 of its mounted configuration: a change rolls the pods. */
export const CONFIG_CHECKSUM_ANNOTATION = "mcp.security/config-sha256";

/** The SHA-256 (hex) of a configuration text. */
export function configChecksum(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The label naming the security zone of a namespace: `mcp` for a server's, `gateway` for the gateway's. */
export const ZONE_LABEL = "mcp.security/zone";

/**
 * The annotation that records a declared need for a Kubernetes API token (`"true"`): on a service account and pod
 * template that mount one (ISO-02).
 */
export const KUBERNETES_API_ACCESS_ANNOTATION = "mcp.security/kubernetes-api-access";

/**
 * The annotation of an MCP server's Namespace that records the tools the server declares and the OAuth scopes each
 * needs, as JSON `{"<tool>": ["<scope>", ...]}` (TS-01): the gateway's authorization rules must allow exactly these.
 */
export const DECLARED_TOOLS_ANNOTATION = "mcp.security/declared-tools";

/** A tool an MCP server declares, and the OAuth scopes a caller needs for it (all of them). */
export interface DeclaredTool {
  /** The tool's name, exactly as `tools/list` returns it. */
  readonly name: string;
  /** The scopes a token must carry to call the tool. */
  readonly scopes: readonly string[];
}

/** The value of {@link DECLARED_TOOLS_ANNOTATION}: tools in name order, their scopes as given. */
export function declaredToolsAnnotation(tools: readonly DeclaredTool[]): string {
  return JSON.stringify(Object.fromEntries([...tools].sort((a, b) => a.name.localeCompare(b.name)).map((tool) => [tool.name, [...tool.scopes]])));
}

/** The standard labels of an object that belongs to the application `name`. */
export function standardLabels(name: string): Record<string, string> {
  return {
    "app.kubernetes.io/name": name,
    "app.kubernetes.io/part-of": PART_OF,
    "app.kubernetes.io/managed-by": MANAGED_BY,
  };
}

/** The labels that select the pods of the application `name`. */
export function selectorLabels(name: string): Record<string, string> {
  return { "app.kubernetes.io/name": name };
}
