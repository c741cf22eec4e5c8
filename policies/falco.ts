import { isAgentImage } from "./agent-images";
/**
 * Read-only helpers for rules over Falco as deployed: the Falco DaemonSets of a cluster, the configuration they
 * load from `/etc/falco/config.d`, and the rules files they load (ConfigMaps mounted where `rules_files` points).
 */
import { LocatedObject, record, records } from "./kubernetes";
import { AgentWorkload, agentWorkloads, MountedFile, mountedFiles, parseYaml } from "./observability";
import { Artifacts } from "./types";

/** Images of Falco. */
/** Where Falco reads configuration drop-ins. */
const CONFIG_DIRECTORY = "/etc/falco/config.d";
/** Falco's rules files when the configuration does not name them. */
const DEFAULT_RULES_FILES = ["/etc/falco/falco_rules.yaml", "/etc/falco/falco_rules.local.yaml", "/etc/falco/rules.d"];
/** Falco's priorities, highest first, up to NOTICE (the lowest a required rule may have). */
const PRIORITIES = ["EMERGENCY", "ALERT", "CRITICAL", "ERROR", "WARNING", "NOTICE"] as const;

/** The Falco DaemonSets of a cluster. */
export function falcoSensors(artifacts: Artifacts, group: string): AgentWorkload[] {
  return agentWorkloads(artifacts, group, (name) => isAgentImage("falco", name)).filter((workload) => workload.item.object.kind === "DaemonSet");
}

/** What a Falco DaemonSet loads: its merged configuration drop-ins, and every entry of the rules files it loads from ConfigMaps. */
export interface FalcoLoad {
  /** The configuration drop-ins merged (later files override earlier keys). */
  readonly config: Record<string, unknown>;
  /** The rules files loaded, with their entries. */
  readonly rulesFiles: readonly { readonly file: MountedFile; readonly entries: readonly Record<string, unknown>[] }[];
  /** Files that are not what Falco can load. */
  readonly problems: readonly string[];
}

/** The configuration and rules a Falco DaemonSet loads from its ConfigMaps. */
export function falcoLoad(artifacts: Artifacts, sensor: AgentWorkload): FalcoLoad {
  const files = mountedFiles(artifacts, sensor);
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const file of files.filter((candidate) => candidate.directory.replace(/\/$/, "") === CONFIG_DIRECTORY).sort((a, b) => a.path.localeCompare(b.path))) {
    const parsed = record(parseYaml(file.text));
    if (parsed) Object.assign(config, parsed);
    else problems.push(`configuration ${file.path} (ConfigMap ${file.configMap.object.metadata.name}) is not a YAML mapping`);
  }
  const configured = Array.isArray(config["rules_files"]) ? (config["rules_files"] as unknown[]).map(String) : DEFAULT_RULES_FILES;
  const loaded = files.filter((file) => configured.some((entry) => file.path === entry || file.directory.replace(/\/$/, "") === entry.replace(/\/$/, "")));
  const rulesFiles = loaded.flatMap((file) => {
    const parsed = parseYaml(file.text);
    if (!Array.isArray(parsed)) {
      problems.push(`rules file ${file.path} (ConfigMap ${file.configMap.object.metadata.name}) is not a YAML list of Falco entries`);
      return [];
    }
    return [{ file, entries: records(parsed) }];
  });
  return { config, rulesFiles, problems };
}

/** What keeps a required rule from alerting: absent, incomplete, below `minimum` (WARNING unless given), disabled, or weakened later. */
export function requiredRuleProblems(load: FalcoLoad, required: readonly string[], minimum: "WARNING" | "NOTICE" = "WARNING"): string[] {
  const accepted: readonly string[] = PRIORITIES.slice(0, PRIORITIES.indexOf(minimum) + 1);
  const entries = load.rulesFiles.flatMap((file) => file.entries);
  return required.flatMap((name) => {
    const forRule = entries.filter((entry) => entry["rule"] === name);
    const definition = forRule.find((entry) => typeof entry["condition"] === "string" && entry["append"] !== true && record(entry["override"]) === undefined);
    if (!definition) return [`Falco rule "${name}" is not defined in the rules it loads`];
    const problems: string[] = [];
    for (const field of ["desc", "condition", "output"]) {
      if (typeof definition[field] !== "string" || String(definition[field]).trim() === "") problems.push(`Falco rule "${name}" has no ${field}`);
    }
    const priority = String(definition["priority"] ?? "").toUpperCase();
    if (!accepted.includes(priority)) problems.push(`Falco rule "${name}" has priority ${String(definition["priority"] ?? "(none)")}, below ${minimum}`);
    const enabled = forRule.filter((entry) => "enabled" in entry).pop();
    if (enabled && enabled["enabled"] !== true) problems.push(`Falco rule "${name}" is disabled (enabled: false)`);
    const later = forRule.slice(forRule.indexOf(definition) + 1).filter((entry) => entry["append"] === true || record(entry["override"])?.["condition"] !== undefined || typeof entry["condition"] === "string");
    if (later.length > 0) problems.push(`Falco rule "${name}" has its condition appended to or replaced after its definition`);
    return problems;
  });
}

/** The items of a `- list:` entry of the loaded rules (the last definition), or undefined. */
export function listItems(load: FalcoLoad, name: string): string[] | undefined {
  const lists = load.rulesFiles.flatMap((file) => file.entries).filter((entry) => entry["list"] === name && Array.isArray(entry["items"]));
  const last = lists.pop();
  return last ? (last["items"] as unknown[]).map(String) : undefined;
}

/** The namespace names of Namespace objects. */
export function namespaceNames(namespaces: readonly LocatedObject[]): string[] {
  return namespaces.map((namespace) => namespace.object.metadata.name);
}
