/**
 * Read-only helpers for rules over Kubernetes objects. Objects come from two artifacts that both deploy them: the
 * generated YAML files (`dist/k8s/<env>/*.yaml`) and the `manifest` of every `kubernetes_manifest` resource in a
 * Terraform stack. Rules see both, so an object added or weakened in either is judged.
 *
 * An object is an MCP object when its namespace is an MCP namespace (a Namespace labelled
 * `mcp.security/zone: mcp` or `app.kubernetes.io/part-of: mcp`) or when it carries `app.kubernetes.io/part-of: mcp`
 * itself.
 */
import { recordKubernetesKind, withoutRecording } from "./inspection";
import { derivedOnce } from "./run-cache";
import { stackResources } from "./terraform";
import { kubernetesAddress, record, records, strings } from "./kubernetes-object";
import { Artifacts, KubernetesObject, Violation } from "./types";

export { kubernetesAddress, record, records, strings };

/** The label of a namespace's security zone: `mcp` for an MCP server's namespace, `gateway` for the gateway's. */
export const ZONE_LABEL = "mcp.security/zone";
/** `app.kubernetes.io/part-of`: `mcp` marks every MCP object. */
export const PART_OF_LABEL = "app.kubernetes.io/part-of";
/** `app.kubernetes.io/managed-by`: `mcp-hardening` for objects the blueprint's constructs generate. */
export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

/** Kinds that run pods, and where their pod template is. */
const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  Deployment: ["spec", "template"],
  StatefulSet: ["spec", "template"],
  DaemonSet: ["spec", "template"],
  ReplicaSet: ["spec", "template"],
  ReplicationController: ["spec", "template"],
  Job: ["spec", "template"],
  CronJob: ["spec", "jobTemplate", "spec", "template"],
};

/** One Kubernetes object and where it was found. */
export interface LocatedObject {
  readonly object: KubernetesObject;
  /** The YAML file (relative to the Kubernetes output directory) or the Terraform stack it is in. */
  readonly location: string;
  /** What findings name: the object's `Kind/namespace/name` in YAML, the `kubernetes_manifest` address in Terraform. */
  readonly resource: string;
  /** Objects deployed together: the top directory of a YAML file (the environment), or the stack. */
  readonly group: string;
  /** `Kind/namespace/name`, or `Kind/name` when cluster-scoped. */
  readonly address: string;
}

/** Whether a string in the value holds Terraform JSON's escaping of a literal `${` or `%{`. */
function holdsEscape(value: unknown): boolean {
  if (typeof value === "string") return value.includes("$${") || value.includes("%%{");
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return value.some(holdsEscape);
  for (const key in value) if (holdsEscape((value as Record<string, unknown>)[key])) return true;
  return false;
}

/**
 * Undoes Terraform JSON's escaping of literal `${` and `%{` in strings. A value without any is returned as it is, not
 * copied (objects read from YAML are the artifacts' own too): every policy run extracts every `kubernetes_manifest`,
 * and copying them all was most of that work.
 */
function unescape(value: unknown): unknown {
  return holdsEscape(value) ? unescapedCopy(value) : value;
}

/** A copy of the value with Terraform JSON's escaping undone in every string (walked once: no escape check per level). */
function unescapedCopy(value: unknown): unknown {
  if (typeof value === "string") return value.replace(/\$\$\{/g, () => "${").replace(/%%\{/g, () => "%{");
  if (Array.isArray(value)) return value.map(unescapedCopy);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, unescapedCopy(entry)]));
  return value;
}

function isObject(value: unknown): value is KubernetesObject {
  const candidate = value as Partial<KubernetesObject> | null;
  return typeof candidate === "object" && candidate !== null && typeof candidate.kind === "string" && typeof candidate.metadata === "object" && candidate.metadata !== null;
}

/** Every Kubernetes object of every YAML file and every `kubernetes_manifest`. */
function allObjects(artifacts: Artifacts): LocatedObject[] {
  const fromYaml = artifacts.kubernetes.flatMap((file) =>
    file.objects.filter(isObject).map((object) => {
      const address = kubernetesAddress(object);
      return { object, location: file.file, resource: address, group: `k8s:${file.file.includes("/") ? file.file.split("/")[0] : ""}`, address };
    })
  );
  const fromTerraform = artifacts.stacks.flatMap((stack) =>
    stackResources(stack, "kubernetes_manifest").flatMap((resource) => {
      const object = unescape(resource.values["manifest"]);
      return isObject(object) ? [{ object, location: stack.name, resource: resource.address, group: `stack:${stack.name}`, address: kubernetesAddress(object) }] : [];
    })
  );
  return [...fromYaml, ...fromTerraform];
}

/** Groups items by a key, keeping their order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const found = groups.get(key(item));
    if (found) found.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** The key of the objects of one kind in one namespace of one group. */
function namespacedKey(group: string, namespace: string, kind: string): string {
  return `${group}\u0000${namespace}\u0000${kind}`;
}

/** Every Kubernetes object of every YAML file and every `kubernetes_manifest`, optionally of one kind. */
export function objects(artifacts: Artifacts, kind?: string): LocatedObject[] {
  const all = derivedOnce(artifacts, "kubernetes-objects", () => withoutRecording(() => allObjects(artifacts)));
  if (kind === undefined) return all;
  recordKubernetesKind(kind);
  return derivedOnce(artifacts, "kubernetes-objects-by-kind", () => groupBy(all, (item) => item.object.kind)).get(kind) ?? [];
}

/** Namespaced objects by group, namespace and kind; Namespace objects by group and name (as their own namespace). */
function objectIndex(artifacts: Artifacts): Map<string, LocatedObject[]> {
  return derivedOnce(artifacts, "kubernetes-objects-by-namespace", () =>
    withoutRecording(() =>
      groupBy(
        objects(artifacts).filter((item) => item.object.kind === "Namespace" || item.object.metadata.namespace !== undefined),
        (item) => namespacedKey(item.group, item.object.kind === "Namespace" ? item.object.metadata.name : (item.object.metadata.namespace as string), item.object.kind)
      )
    )
  );
}

/** A violation about an object; in Terraform the message starts with the object's address. */
export function kubernetesViolation(item: LocatedObject, message: string): Violation {
  return { location: item.location, resource: item.resource, message: item.resource === item.address ? message : `${item.address}: ${message}` };
}

/** The labels of an object. */
export function labels(object: KubernetesObject): Readonly<Record<string, string>> {
  return object.metadata.labels ?? {};
}

/** Whether a Namespace object is an MCP namespace. */
export function isMcpNamespace(namespace: KubernetesObject): boolean {
  const found = labels(namespace);
  return found[ZONE_LABEL] === "mcp" || found[PART_OF_LABEL] === "mcp";
}

/** Whether a Namespace object is an MCP server's namespace (`mcp.security/zone: mcp`). */
export function isServerNamespace(namespace: KubernetesObject): boolean {
  return labels(namespace)[ZONE_LABEL] === "mcp";
}

/** Every MCP Namespace object. */
export function mcpNamespaces(artifacts: Artifacts): LocatedObject[] {
  return objects(artifacts, "Namespace").filter((item) => isMcpNamespace(item.object));
}

/** The Namespace object of an object's namespace in the same group, if declared. */
export function namespaceOf(artifacts: Artifacts, item: LocatedObject): LocatedObject | undefined {
  const name = item.object.metadata.namespace;
  if (name === undefined) return undefined;
  recordKubernetesKind("Namespace");
  return objectIndex(artifacts).get(namespacedKey(item.group, name, "Namespace"))?.[0];
}

/** Every MCP object (in an MCP namespace, or labelled part of MCP itself), optionally of one kind. */
export function mcpObjects(artifacts: Artifacts, kind?: string): LocatedObject[] {
  const all = objects(artifacts);
  if (kind !== undefined) recordKubernetesKind(kind);
  const key = (group: string, namespace: string) => `${group}\u0000${namespace}`;
  const mcp = new Set(all.filter((item) => item.object.kind === "Namespace" && isMcpNamespace(item.object)).map((item) => key(item.group, item.object.metadata.name)));
  return all.filter((item) => {
    if (kind !== undefined && item.object.kind !== kind) return false;
    if (labels(item.object)[PART_OF_LABEL] === "mcp") return true;
    const namespace = item.object.metadata.namespace;
    return namespace !== undefined && mcp.has(key(item.group, namespace));
  });
}

/** The objects of a kind in a namespace, in the namespace object's group. */
export function objectsInNamespace(artifacts: Artifacts, namespace: LocatedObject, kind: string): LocatedObject[] {
  return objectsInNamespaceOfGroup(artifacts, namespace.group, namespace.object.metadata.name, kind);
}

/** The objects of a kind in a namespace (by name) of one group, whether or not the group declares the Namespace. */
export function objectsInNamespaceOfGroup(artifacts: Artifacts, group: string, namespace: string, kind: string): LocatedObject[] {
  recordKubernetesKind(kind);
  return (objectIndex(artifacts).get(namespacedKey(group, namespace, kind)) ?? []).filter((item) => item.object.kind !== "Namespace");
}

/** Whether a Service's `selector` (a plain label map) selects pods with these labels; a Service without one selects none. */
export function serviceSelects(selector: unknown, podLabels: Readonly<Record<string, unknown>>): boolean {
  const labels = record(selector) ?? {};
  return Object.keys(labels).length > 0 && Object.entries(labels).every(([key, value]) => podLabels[key] === value);
}

/** The pod template of a workload object. */
export interface PodTemplate {
  readonly item: LocatedObject;
  /** The template's metadata (the Pod's own for a Pod). */
  readonly metadata: Record<string, unknown>;
  /** The pod spec. */
  readonly spec: Record<string, unknown>;
}

/** The pod template of every MCP object that runs pods. */
export function podTemplates(artifacts: Artifacts): PodTemplate[] {
  const all = derivedOnce(artifacts, "pod-templates", () =>
    withoutRecording(() =>
      mcpObjects(artifacts).flatMap((item) => {
        const templatePath = POD_TEMPLATE_PATHS[item.object.kind];
        if (templatePath === undefined) return [];
        let template: Record<string, unknown> | undefined = item.object as Record<string, unknown>;
        for (const key of templatePath) template = record(template?.[key]);
        return [{ item, metadata: record(template?.["metadata"]) ?? {}, spec: record(template?.["spec"]) ?? {} }];
      })
    )
  );
  for (const kind of derivedOnce(artifacts, "pod-template-kinds", () => [...new Set(all.map((template) => template.item.object.kind))])) recordKubernetesKind(kind);
  return all;
}

/** The pod templates of the MCP objects of one namespace in one group (an environment's YAML, or a stack). */
export function podTemplatesInNamespace(artifacts: Artifacts, group: string, namespace: string): PodTemplate[] {
  const all = podTemplates(artifacts);
  const index = derivedOnce(artifacts, "pod-templates-by-namespace", () => groupBy(all, (template) => `${template.item.group}\u0000${template.item.object.metadata.namespace ?? ""}`));
  return index.get(`${group}\u0000${namespace}`) ?? [];
}

/** One container of a pod spec and how to name it in a message. */
export interface PodContainer {
  readonly container: Record<string, unknown>;
  /** `container "name"`, `init container "name"` or `ephemeral container "name"`. */
  readonly label: string;
}

/** Every container, init container and ephemeral container of a pod spec. */
export function containers(spec: Record<string, unknown>): PodContainer[] {
  return (
    [
      ["containers", "container"],
      ["initContainers", "init container"],
      ["ephemeralContainers", "ephemeral container"],
    ] as const
  ).flatMap(([field, kind]) => records(spec[field]).map((container) => ({ container, label: `${kind} "${String(container["name"])}"` })));
}

/** The annotations of an object's or a template's metadata. */
export function annotations(metadata: unknown): Readonly<Record<string, string>> {
  return (record(record(metadata)?.["annotations"]) as Record<string, string> | undefined) ?? {};
}
