/**
 * Where in an environment file a finding comes from, for SARIF: the environment of the stack or Kubernetes file it was
 * found in, then the key that made the resource (the exception that accepts it, the MCP server it belongs to), and
 * that key's line. Reads only the finding, the environment's names and exceptions, and the lines the loader kept.
 */
import { Finding } from "./types";

/** What SARIF needs of an environment loaded from a file (an `EnvironmentConfig` fits). */
export interface SourceEnvironment {
  readonly name: string;
  readonly mcpServers: readonly { readonly name: string }[];
  readonly exceptions: readonly { readonly rule: string; readonly resource: string }[];
}

/** An environment file a synthesis was made from. */
export interface SarifSource {
  /** The file relative to the repository root, `/`-separated, e.g. `environments/live/prod.yaml`. */
  readonly uri: string;
  readonly environment: SourceEnvironment;
  /** The line of each key and list item of the file, by field path (`mcpServers[2]`): see `readDocumentWithLines`. */
  readonly lines: ReadonlyMap<string, number>;
}

/** Where a finding points in its environment file. */
export interface SourcePoint {
  readonly uri: string;
  /** The field path of the key the resource comes from (`mcpServers[2]`), when one is known. */
  readonly key?: string;
  /** The key's line; 1 when no key is known. */
  readonly line: number;
}

/** The environment a finding's location belongs to: stack `mcp-<env>` or `mcp-<env>-workloads`, or Kubernetes file `<env>/...`. */
export function environmentOf(location: string): string {
  const stack = /^mcp-([a-z][a-z0-9]*)(?:-workloads)?$/.exec(location);
  return stack ? stack[1] : location.split("/")[0];
}

/** Whether a finding's location is a Kubernetes file (else a Terraform stack). */
function isKubernetesLocation(location: string): boolean {
  return /\.ya?ml$/.test(location);
}

/**
 * The server a resource belongs to: a Kubernetes object in the server's namespace (or named after it, when cluster-
 * scoped), or a Terraform resource whose name holds the server's name between separators (`server-logs-<server>_…`);
 * the longest name wins, so `github-tools` is not taken for `github`.
 */
function serverIndex(finding: Finding, servers: readonly { readonly name: string }[]): number | undefined {
  const parts = finding.resource.split("/");
  const owns = isKubernetesLocation(finding.location)
    ? (name: string) => parts[1] === name
    : (name: string) => new RegExp(`(?:^|[-_./])${name.replace(/[^a-z0-9]/g, "\\$&")}(?:[-_./]|$)`).test(finding.resource.slice(finding.resource.indexOf(".") + 1));
  let best: number | undefined;
  servers.forEach((server, index) => {
    if (owns(server.name) && (best === undefined || server.name.length > servers[best].name.length)) best = index;
  });
  return best;
}

/** The key a finding's resource comes from: the exception that accepts it, else the server it belongs to. */
function keyOf(finding: Finding, accepted: boolean, environment: SourceEnvironment): string | undefined {
  if (accepted) {
    const { exceptions } = environment;
    const exact = exceptions.findIndex((exception) => exception.rule === finding.rule && exception.resource === finding.resource);
    const index = exact >= 0 ? exact : exceptions.findIndex((exception) => exception.rule === finding.rule);
    if (index >= 0) return `exceptions[${index}]`;
  }
  const server = serverIndex(finding, environment.mcpServers);
  return server === undefined ? undefined : `mcpServers[${server}]`;
}

/** Where `finding` points in the environment file it comes from, or undefined when no source names its environment. */
export function sourcePoint(finding: Finding, accepted: boolean, sources: readonly SarifSource[]): SourcePoint | undefined {
  const name = environmentOf(finding.location);
  const source = sources.find((candidate) => candidate.environment.name === name);
  if (source === undefined) return undefined;
  const key = keyOf(finding, accepted, source.environment);
  const line = key === undefined ? undefined : source.lines.get(key);
  return line === undefined ? { uri: source.uri, line: 1 } : { uri: source.uri, key, line };
}
