/**
 * Read-only helpers for rules over the mesh and admission side of the artifacts: the namespaces the MCP admission
 * policies bind (zones `mcp` and `gateway`), the environment a group of objects belongs to, its ECR registry and
 * egress allowlist from its Terraform stacks, and the Helm releases with their values.
 */
import { stackEnvironment } from "./environments";
import { LocatedObject, labels, objects, record, records, ZONE_LABEL } from "./kubernetes";
import { rulesSourceOf } from "./network-firewall";
import { parsedText } from "./run-cache";
import { awsProviders, block, blocks, resources, stackAccountId, stackResources, TerraformResource } from "./terraform";
import { Artifacts, StackArtifact } from "./types";

/** The zones whose namespaces the MCP admission policies, the mesh's authorization and image signing cover. */
export const ADMISSION_ZONES: readonly string[] = ["mcp", "gateway"];

/** The mesh identity of the MCP gateway: the only caller an MCP server's namespace may admit. */
export const GATEWAY_PRINCIPAL = "cluster.local/ns/mcp-gateway/sa/agentgateway";

/** The mesh identity of the Istio ingress gateway: the only caller the gateway's namespace may admit. */
export const INGRESS_PRINCIPAL = "cluster.local/ns/istio-ingress/sa/istio-ingressgateway";

/** The mesh's root namespace: a PeerAuthentication there applies mesh-wide. */
export const MESH_ROOT_NAMESPACE = "istio-system";

/** The namespace label that opts a namespace into sigstore image verification. */
export const IMAGE_VERIFICATION_LABEL = "policy.sigstore.dev/include";

/** The zone label of a namespace object, if any. */
export function zoneOf(namespace: LocatedObject): string | undefined {
  return labels(namespace.object)[ZONE_LABEL];
}

/** Every Namespace object in the `mcp` or `gateway` zone. */
export function zoneNamespaces(artifacts: Artifacts): LocatedObject[] {
  return objects(artifacts, "Namespace").filter((item) => ADMISSION_ZONES.includes(zoneOf(item) ?? ""));
}

/** The groups (YAML environment or Terraform stack) that deploy at least one `mcp` or `gateway` zone namespace, each with its first such namespace. */
export function zoneGroups(artifacts: Artifacts): Map<string, LocatedObject> {
  const groups = new Map<string, LocatedObject>();
  for (const namespace of zoneNamespaces(artifacts)) if (!groups.has(namespace.group)) groups.set(namespace.group, namespace);
  return groups;
}

/** The objects of a kind in one group. */
export function objectsInGroup(artifacts: Artifacts, group: string, kind: string): LocatedObject[] {
  return objects(artifacts, kind).filter((item) => item.group === group);
}



/** A path into an object: the value, or undefined when any step is missing. */
export function at(value: unknown, ...path: string[]): unknown {
  let current: unknown = value;
  for (const key of path) current = record(current)?.[key];
  return current;
}

/** The environment a group belongs to: the YAML directory, or the stack's environment tag. */
export function environmentOfGroup(artifacts: Artifacts, group: string): string | undefined {
  if (group.startsWith("k8s:")) return group.slice("k8s:".length) || undefined;
  const stack = artifacts.stacks.find((candidate) => `stack:${candidate.name}` === group);
  return stack ? stackEnvironment(stack) : undefined;
}

/** The environment's AWS infrastructure stacks (every stack of the environment but the workloads one). */
export function infrastructureStacks(artifacts: Artifacts, environment: string): StackArtifact[] {
  return artifacts.stacks.filter((stack) => stackEnvironment(stack) === environment && stackResources(stack, "kubernetes_manifest").length === 0);
}

/** The ECR registry of a group's environment, `<account>.dkr.ecr.<region>.amazonaws.com`, when its stacks are in the artifacts. */
export function registryOfGroup(artifacts: Artifacts, group: string): string | undefined {
  const environment = environmentOfGroup(artifacts, group);
  const stack = environment === undefined ? undefined : artifacts.stacks.find((candidate) => stackEnvironment(candidate) === environment);
  if (!stack) return undefined;
  const account = stackAccountId(stack);
  const region = awsProviders(stack).map((provider) => provider["region"]).find((value): value is string => typeof value === "string");
  return account !== undefined && region !== undefined ? `${account}.dkr.ecr.${region}.amazonaws.com` : undefined;
}

/** The targets of every domain ALLOWLIST rule group of a group's environment's Network Firewall, or undefined when its stacks are not in the artifacts. */
export function egressAllowlistOfGroup(artifacts: Artifacts, group: string): string[] | undefined {
  const environment = environmentOfGroup(artifacts, group);
  if (environment === undefined) return undefined;
  const stacks = infrastructureStacks(artifacts, environment);
  if (stacks.length === 0) return undefined;
  return stacks.flatMap((stack) =>
    stackResources(stack, "aws_networkfirewall_rule_group")
      .map((group) => block(rulesSourceOf(group)["rules_source_list"]))
      .filter((list) => list?.["generated_rules_type"] === "ALLOWLIST")
      .flatMap((list) => (Array.isArray(list?.["targets"]) ? (list["targets"] as unknown[]).map(String) : []))
  );
}

/** Whether a host (`api.example.com` or `*.example.com`) is allowed by firewall targets (`api.example.com`, `.example.com`). */
export function allowedByFirewall(host: string, targets: readonly string[]): boolean {
  const name = host.replace(/^\*\./, ".");
  return targets.some((target) => target === name || (target.startsWith(".") && name.endsWith(target)));
}

/** A Helm release and its values, as Helm merges them: every `values` document (plain JSON or YAML), then every `set`. */
export interface HelmRelease {
  readonly resource: TerraformResource;
  readonly chart: string;
  readonly values: Record<string, unknown>;
}

/** `overlay` merged into `base` the way Helm merges values: mappings key by key, anything else replaced. */
function mergeValues(base: Record<string, unknown>, overlay: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const left = record(merged[key]);
    const right = record(value);
    merged[key] = left && right ? mergeValues(left, right) : value;
  }
  return merged;
}

/** A `set` entry (`a.b.c` = value) as a values mapping. */
function setEntry(name: string, value: unknown): Record<string, unknown> {
  return name
    .split(".")
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

/** Every `helm_release` of every stack, with its values as Helm would merge them. */
export function helmReleases(artifacts: Artifacts): HelmRelease[] {
  return resources(artifacts, "helm_release").map((resource) => {
    const documents = Array.isArray(resource.values["values"]) ? (resource.values["values"] as unknown[]) : [];
    const fromDocuments = documents.reduce<Record<string, unknown>>((merged, document) => mergeValues(merged, record(typeof document === "string" ? parsedText(document) : undefined) ?? {}), {});
    const sets = [...blocks(resource.values["set"]), ...blocks(resource.values["set_sensitive"])];
    const values = sets.reduce((merged, entry) => mergeValues(merged, setEntry(String(entry["name"]), entry["value"])), fromDocuments);
    return { resource, chart: String(resource.values["chart"] ?? ""), values };
  });
}

/** Whether a Kubernetes label selector (`matchLabels`, `matchExpressions`) selects an object with these labels; an absent selector selects everything. */
export function selects(selector: unknown, found: Readonly<Record<string, unknown>>): boolean {
  const spec = record(selector);
  if (spec === undefined) return true;
  const matchLabels = record(spec["matchLabels"]) ?? {};
  if (Object.entries(matchLabels).some(([key, value]) => found[key] !== value)) return false;
  return records(spec["matchExpressions"]).every((expression) => {
    const key = String(expression["key"]);
    const values = Array.isArray(expression["values"]) ? (expression["values"] as unknown[]).map(String) : [];
    switch (expression["operator"]) {
      case "In":
        return key in found && values.includes(String(found[key]));
      case "NotIn":
        return !(key in found && values.includes(String(found[key])));
      case "Exists":
        return key in found;
      case "DoesNotExist":
        return !(key in found);
      default:
        return false;
    }
  });
}
