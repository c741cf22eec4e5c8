/**
 * Read-only helpers for rules over the MCP guard as deployed: its workloads (pods labelled
 * `app.kubernetes.io/name: mcp-guard`), the configuration each one runs (through its `--config` arguments, the volumes
 * mounted there and the ConfigMaps behind them, parsed as JSON and, when split in parts, joined as the guard joins
 * them), the address the gateway must call it at (its Service), and
 * the processors of a gateway route that call it.
 */
import { ConfigError } from "../guard/src/pipeline/check";
import { joinGuardConfigParts } from "../guard/src/config/parts";
import { JsonValue } from "../guard/src/config/types";
import { mountedConfigs, GatewayRouteView } from "./gateway";
import { recordKubernetesKind } from "./inspection";
import { LocatedObject, objects, PodTemplate, podTemplates, record, records } from "./kubernetes";
import { derivedOnce, parsedDocument } from "./run-cache";
import { Artifacts } from "./types";

/** The label value of the guard's pods (`app.kubernetes.io/name`). */
export const GUARD_APP = "mcp-guard";

/** One MCP server's settings in a guard configuration, as read. */
export interface GuardServerView {
  readonly name: string;
  readonly server: Record<string, unknown>;
  /** Its tools by name (empty when malformed). */
  readonly tools: Readonly<Record<string, Record<string, unknown>>>;
}

/** The configuration one guard workload runs. */
export interface GuardConfigView {
  readonly workload: LocatedObject;
  readonly template: PodTemplate;
  /** The ConfigMap the file (or its first part) comes from, when found. */
  readonly configMap?: LocatedObject;
  /** The ConfigMaps of every part found, in the order of the `--config` arguments. */
  readonly configMaps: readonly LocatedObject[];
  /** The parsed file (its parts joined), or undefined with `problem` saying why it could not be read. */
  readonly config?: Record<string, unknown>;
  readonly problem?: string;
  readonly servers: readonly GuardServerView[];
  /** `host:port` addresses the guard is reachable at: `<service>.<namespace>.svc[.cluster.local]:<port>` of Services selecting its pods. */
  readonly addresses: readonly string[];
}

/** The guard's pod templates: templates labelled `app.kubernetes.io/name: mcp-guard`. */
export function guardTemplates(artifacts: Artifacts): PodTemplate[] {
  return podTemplates(artifacts).filter((template) => record(template.metadata["labels"])?.["app.kubernetes.io/name"] === GUARD_APP);
}

/** The in-cluster addresses of the Services in the template's namespace whose selector picks its pods. */
function serviceAddresses(artifacts: Artifacts, template: PodTemplate): string[] {
  const namespace = template.item.object.metadata.namespace ?? "default";
  const podLabels = record(template.metadata["labels"]) ?? {};
  return objects(artifacts, "Service")
    .filter((service) => service.group === template.item.group && (service.object.metadata.namespace ?? "default") === namespace)
    .filter((service) => {
      const selector = record(record(service.object["spec"])?.["selector"]);
      return selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => podLabels[key] === value);
    })
    .flatMap((service) => {
      const name = service.object.metadata.name;
      return records(record(service.object["spec"])?.["ports"]).flatMap((port) => [`${name}.${namespace}.svc.cluster.local:${String(port["port"])}`, `${name}.${namespace}.svc:${String(port["port"])}`]);
    });
}

function readConfig(artifacts: Artifacts, template: PodTemplate): GuardConfigView {
  const mounted = mountedConfigs(artifacts, template, ["--config"]);
  const configMaps = mounted.flatMap((part) => (part.configMap !== undefined ? [part.configMap] : []));
  const base = { workload: template.item, template, configMap: mounted[0].configMap, configMaps, servers: [], addresses: serviceAddresses(artifacts, template) };
  const part = (index: number): string => (mounted.length === 1 ? "" : `part ${index + 1} of ${mounted.length}: `);
  const unreadable = mounted.findIndex((file) => file.text === undefined);
  if (unreadable >= 0) return { ...base, problem: `${part(unreadable)}${mounted[unreadable].problem ?? "runs no configuration file"}` };
  const documents: unknown[] = [];
  for (const [index, file] of mounted.entries()) {
    try {
      documents.push(parsedDocument(artifacts, file.text as string));
    } catch (error) {
      return { ...base, problem: `${part(index)}reads a configuration that does not parse: ${(error as Error).message.split("\n")[0]}` };
    }
  }
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = record(documents.length === 1 ? documents[0] : joinGuardConfigParts(documents as JsonValue[]));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { ...base, problem: `reads configuration parts that do not join: ${error.message}` };
  }
  if (!parsed) return { ...base, problem: "reads a configuration that is not a JSON object" };
  const servers = Object.entries(record(parsed["servers"]) ?? {}).map(([name, value]) => {
    const server = record(value) ?? {};
    const tools = Object.fromEntries(Object.entries(record(server["tools"]) ?? {}).map(([tool, entry]) => [tool, record(entry) ?? {}]));
    return { name, server, tools };
  });
  return { ...base, config: parsed, servers };
}

/** The configuration of every guard workload, parsed once per policy run. */
export function guardConfigs(artifacts: Artifacts): GuardConfigView[] {
  recordKubernetesKind("ConfigMap");
  recordKubernetesKind("Service");
  return derivedOnce(artifacts, "guard-configs", () => guardTemplates(artifacts).map((template) => readConfig(artifacts, template)));
}

/** The guard configurations of a group (one environment's manifests). */
export function guardConfigsOfGroup(artifacts: Artifacts, group: string): GuardConfigView[] {
  return guardConfigs(artifacts).filter((view) => view.workload.group === group);
}

/** The `mcpGuardrails` processors of a route that call one of the guard's addresses. */
export function guardProcessors(route: GatewayRouteView, guards: readonly GuardConfigView[]): Record<string, unknown>[] {
  const addresses = new Set(guards.flatMap((guard) => guard.addresses));
  return records(record(route.policies["mcpGuardrails"])?.["processors"]).filter((processor) => typeof processor["host"] === "string" && addresses.has(processor["host"]));
}

/** The MCP methods whose messages the guard must see in both phases (every request method of the revisions it accepts). */
export const GUARDED_METHODS: readonly string[] = [
  "initialize",
  "ping",
  "tools/list",
  "tools/call",
  "resources/list",
  "resources/templates/list",
  "resources/read",
  "prompts/list",
  "prompts/get",
  "completion/complete",
  "logging/setLevel",
];

/**
 * The phase a processor's `methods` map gives a method, following agentgateway's precedence: an exact key, then the
 * longest matching prefix (`tools/*`), then the longest matching suffix (`* /list`), then `*`; undefined (the processor
 * is skipped) when nothing matches.
 */
export function methodPhase(methods: Readonly<Record<string, unknown>>, method: string): string | undefined {
  if (methods[method] !== undefined) return String(methods[method]);
  const keys = Object.keys(methods);
  const longest = (matching: string[]) => matching.sort((a, b) => b.length - a.length)[0];
  const prefix = longest(keys.filter((key) => key.endsWith("/*") && method.startsWith(key.slice(0, -1))));
  if (prefix !== undefined) return String(methods[prefix]);
  const suffix = longest(keys.filter((key) => key.startsWith("*/") && method.endsWith(key.slice(1))));
  if (suffix !== undefined) return String(methods[suffix]);
  return methods["*"] !== undefined ? String(methods["*"]) : undefined;
}
