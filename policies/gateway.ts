/**
 * Read-only helpers for rules over the MCP gateway as deployed: the agentgateway workloads (pods labelled
 * `app.kubernetes.io/name: agentgateway`), the configuration file each one runs (found through its `--file`
 * argument, the volume mounted there and the ConfigMap behind it, then parsed), its routes, and the MCP servers
 * (namespaces of zone `mcp`) they reach. Rules judge the configuration the pods really read, not a construct.
 */
import * as path from "path";
import { recordKubernetesKind } from "./inspection";
import { annotations, containers, isServerNamespace, labels, LocatedObject, objects, PodTemplate, podTemplates, record, records } from "./kubernetes";
import { derivedOnce, parsedDocument } from "./run-cache";
import { Artifacts } from "./types";

/** The label value of the gateway's pods (`app.kubernetes.io/name`). */
export const GATEWAY_APP = "agentgateway";
/** The annotation of a server's Namespace listing its declared tools and their scopes as JSON. */
export const DECLARED_TOOLS_ANNOTATION = "mcp.security/declared-tools";

/** One route of a gateway configuration. */
export interface GatewayRouteView {
  /** `route "<name>"` (or its index), for messages. */
  readonly label: string;
  readonly route: Record<string, unknown>;
  /** The route's policies (empty when it has none). */
  readonly policies: Record<string, unknown>;
  /** The MCP targets of its backends: name and upstream host. */
  readonly targets: readonly { readonly name: string; readonly host: string }[];
  /** How many backends the route has, of any kind. */
  readonly backendCount: number;
}

/** The configuration one gateway workload runs. */
export interface GatewayConfigView {
  /** The gateway workload (a Deployment or other pod controller). */
  readonly workload: LocatedObject;
  /** The ConfigMap the file comes from, when found. */
  readonly configMap?: LocatedObject;
  /** The parsed file, or undefined with `problem` saying why it could not be read. */
  readonly config?: Record<string, unknown>;
  readonly problem?: string;
  readonly routes: readonly GatewayRouteView[];
}

/** The `--file` / `-f` argument of a container's args or command. */
function configPath(container: Record<string, unknown>): string | undefined {
  const words = [...(Array.isArray(container["command"]) ? container["command"] : []), ...(Array.isArray(container["args"]) ? container["args"] : [])].map(String);
  for (let index = 0; index < words.length; index++) {
    const word = words[index];
    if ((word === "--file" || word === "-f") && index + 1 < words.length) return words[index + 1];
    if (word.startsWith("--file=")) return word.slice("--file=".length);
  }
  return undefined;
}

/** The gateway's pod templates: templates labelled `app.kubernetes.io/name: agentgateway`. */
export function gatewayTemplates(artifacts: Artifacts): PodTemplate[] {
  return podTemplates(artifacts).filter((template) => record(template.metadata["labels"])?.["app.kubernetes.io/name"] === GATEWAY_APP);
}

function routeViews(config: Record<string, unknown>): GatewayRouteView[] {
  const fromBinds = records(config["binds"]).flatMap((bind) => records(bind["listeners"]).flatMap((listener) => records(listener["routes"])));
  return [...records(config["routes"]), ...fromBinds].map((route, index) => {
    const backends = records(route["backends"]);
    const targets = backends.flatMap((backend) =>
      records(record(backend["mcp"])?.["targets"]).map((target) => {
        const upstream = record(target["mcp"]) ?? record(target["sse"]) ?? {};
        return { name: String(target["name"] ?? ""), host: String(upstream["host"] ?? "") };
      })
    );
    const name = route["name"];
    return { label: typeof name === "string" ? `route "${name}"` : `route ${index}`, route, policies: record(route["policies"]) ?? {}, targets, backendCount: backends.length };
  });
}

function readConfig(artifacts: Artifacts, template: PodTemplate): GatewayConfigView {
  const { item, spec } = template;
  const container = containers(spec).find(({ container: candidate }) => configPath(candidate) !== undefined)?.container;
  const file = container ? configPath(container) : undefined;
  const unread = (problem: string, configMap?: LocatedObject): GatewayConfigView => ({ workload: item, configMap, problem, routes: [] });
  if (file === undefined || container === undefined) return unread("runs no configuration file (no --file argument)");
  const mount = records(container["volumeMounts"]).find((candidate) => String(candidate["mountPath"]) === path.posix.dirname(file) || String(candidate["mountPath"]) === file);
  const volume = mount ? records(spec["volumes"]).find((candidate) => candidate["name"] === mount["name"]) : undefined;
  const configMapName = record(volume?.["configMap"])?.["name"];
  if (typeof configMapName !== "string") return unread(`reads ${file} from no ConfigMap volume`);
  const key = mount?.["subPath"] !== undefined ? String(mount["subPath"]) : path.posix.basename(file);
  const configMap = objects(artifacts, "ConfigMap").find((candidate) => candidate.group === item.group && candidate.object.metadata.namespace === item.object.metadata.namespace && candidate.object.metadata.name === configMapName);
  if (!configMap) return unread(`reads ${file} from ConfigMap "${configMapName}", which these manifests do not declare`);
  const text = record(configMap.object["data"])?.[key];
  if (typeof text !== "string") return unread(`reads ${file}, but ConfigMap "${configMapName}" has no key "${key}"`, configMap);
  let config: unknown;
  try {
    config = parsedDocument(artifacts, text);
  } catch (error) {
    return unread(`reads ${file} from ConfigMap "${configMapName}", which does not parse: ${(error as Error).message.split("\n")[0]}`, configMap);
  }
  const parsed = record(config);
  if (!parsed) return unread(`reads ${file} from ConfigMap "${configMapName}", which is not a mapping`, configMap);
  return { workload: item, configMap, config: parsed, routes: routeViews(parsed) };
}

/** The configuration of every gateway workload, parsed once per policy run. */
export function gatewayConfigs(artifacts: Artifacts): GatewayConfigView[] {
  recordKubernetesKind("ConfigMap");
  return derivedOnce(artifacts, "gateway-configs", () => gatewayTemplates(artifacts).map((template) => readConfig(artifacts, template)));
}

/** The namespace an upstream host names: `<service>.<namespace>[.svc[.cluster.local]][:port]`. */
export function hostNamespace(host: string): string | undefined {
  const name = host.replace(/^[a-z]+:\/\//, "").replace(/[:/].*$/, "");
  const parts = name.split(".");
  return parts.length >= 2 ? parts[1] : undefined;
}

/** The MCP server namespaces (zone `mcp`) of a group. */
export function serverNamespaces(artifacts: Artifacts, group: string): LocatedObject[] {
  return objects(artifacts, "Namespace").filter((item) => item.group === group && isServerNamespace(item.object));
}

/** The tools a server namespace declares (tool name → required scopes), or undefined when not recorded or malformed. */
export function declaredTools(namespace: LocatedObject): ReadonlyMap<string, readonly string[]> | undefined {
  const text = annotations(namespace.object.metadata)[DECLARED_TOOLS_ANNOTATION];
  if (text === undefined) return undefined;
  try {
    const parsed = record(JSON.parse(text));
    if (!parsed) return undefined;
    return new Map(Object.entries(parsed).map(([tool, scopes]) => [tool, Array.isArray(scopes) ? scopes.map(String) : []]));
  } catch {
    return undefined;
  }
}

/** Whether a label set is the gateway's. */
export function isGatewayLabelled(object: LocatedObject): boolean {
  return labels(object.object)["app.kubernetes.io/name"] === GATEWAY_APP;
}

/** An agentgateway authorization rule as (kind, expression): a plain string is an allow rule. */
export function authorizationRules(policies: Record<string, unknown>): { readonly kind: string; readonly expression: string }[] | undefined {
  const authorization = record(policies["mcpAuthorization"]);
  if (!authorization || !Array.isArray(authorization["rules"])) return undefined;
  return (authorization["rules"] as unknown[]).map((rule) => {
    if (typeof rule === "string") return { kind: "allow", expression: rule };
    const entry = record(rule) ?? {};
    const kind = ["allow", "deny", "require"].find((candidate) => typeof entry[candidate] === "string") ?? "unknown";
    return { kind, expression: String(entry[kind] ?? "") };
  });
}
