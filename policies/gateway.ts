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

/** The values of a file flag (`--file <path>`, `-f <path>`, `--file=<path>`) in a container's command or args, in order. */
function configPaths(container: Record<string, unknown>, flags: readonly string[]): string[] {
  const words = [...(Array.isArray(container["command"]) ? container["command"] : []), ...(Array.isArray(container["args"]) ? container["args"] : [])].map(String);
  const paths: string[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index];
    if (flags.includes(word) && index + 1 < words.length) paths.push(words[++index]);
    else {
      const long = flags.find((flag) => flag.startsWith("--") && word.startsWith(`${flag}=`));
      if (long !== undefined) paths.push(word.slice(long.length + 1));
    }
  }
  return paths;
}

/** The text of the configuration file a pod template runs, read from the ConfigMap mounted where its flag points. */
export interface MountedConfig {
  /** The ConfigMap the file comes from, when found. */
  readonly configMap?: LocatedObject;
  /** The file's text, or undefined with `problem` saying why it could not be read. */
  readonly text?: string;
  readonly problem?: string;
}

/** The file at `file` in a container of the template: the volume mounted at that path, the ConfigMap behind it and its key. */
function mountedFile(artifacts: Artifacts, template: PodTemplate, container: Record<string, unknown>, file: string): MountedConfig {
  const { item, spec } = template;
  const mount = records(container["volumeMounts"]).find((candidate) => String(candidate["mountPath"]) === path.posix.dirname(file) || String(candidate["mountPath"]) === file);
  const volume = mount ? records(spec["volumes"]).find((candidate) => candidate["name"] === mount["name"]) : undefined;
  const configMapName = record(volume?.["configMap"])?.["name"];
  if (typeof configMapName !== "string") return { problem: `reads ${file} from no ConfigMap volume` };
  const key = mount?.["subPath"] !== undefined ? String(mount["subPath"]) : path.posix.basename(file);
  const configMap = objects(artifacts, "ConfigMap").find((candidate) => candidate.group === item.group && candidate.object.metadata.namespace === item.object.metadata.namespace && candidate.object.metadata.name === configMapName);
  if (!configMap) return { problem: `reads ${file} from ConfigMap "${configMapName}", which these manifests do not declare` };
  const text = record(configMap.object["data"])?.[key];
  if (typeof text !== "string") return { configMap, problem: `reads ${file}, but ConfigMap "${configMapName}" has no key "${key}"` };
  return { configMap, text };
}

/**
 * Every configuration file a workload reads, in argument order: those the first container naming one with `flags`
 * (`["--file", "-f"]`) names, each through the volume mounted at its path, the ConfigMap behind it and its key.
 */
export function mountedConfigs(artifacts: Artifacts, template: PodTemplate, flags: readonly string[]): MountedConfig[] {
  const container = containers(template.spec).find(({ container: candidate }) => configPaths(candidate, flags).length > 0)?.container;
  if (container === undefined) return [{ problem: `runs no configuration file (no ${flags[0]} argument)` }];
  return configPaths(container, flags).map((file) => mountedFile(artifacts, template, container, file));
}

/** The first configuration file a workload reads ({@link mountedConfigs}). */
export function mountedConfig(artifacts: Artifacts, template: PodTemplate, flags: readonly string[]): MountedConfig {
  return mountedConfigs(artifacts, template, flags)[0];
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
  const { item } = template;
  const mounted = mountedConfig(artifacts, template, ["--file", "-f"]);
  const unread = (problem: string): GatewayConfigView => ({ workload: item, configMap: mounted.configMap, problem, routes: [] });
  if (mounted.text === undefined) return unread(mounted.problem ?? "runs no configuration file");
  const name = String(mounted.configMap?.object.metadata.name);
  let config: unknown;
  try {
    config = parsedDocument(artifacts, mounted.text);
  } catch (error) {
    return unread(`reads its configuration from ConfigMap "${name}", which does not parse: ${(error as Error).message.split("\n")[0]}`);
  }
  const parsed = record(config);
  if (!parsed) return unread(`reads its configuration from ConfigMap "${name}", which is not a mapping`);
  return { workload: item, configMap: mounted.configMap, config: parsed, routes: routeViews(parsed) };
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
