/**
 * Read-only helpers for rules over the cluster's observability agents (log shipper, trace collector, runtime
 * sensor): which clusters host MCP servers, which workloads run an agent (by the image they run, whatever their
 * labels), the configuration files they mount and load, and the AWS identity EKS Pod Identity gives them.
 *
 * A cluster is a group of objects deployed together (an environment's YAML directory, or its workloads stack);
 * its environment is the directory name or the stack's `mcp-<env>-workloads`, and its AWS stack `mcp-<env>`.
 */
import { imageName } from "./agent-images";
import { allows, identityPolicies, IamStatement, policyRole } from "./iam";
import { labels, LocatedObject, objects, record, records, ZONE_LABEL } from "./kubernetes";
import { parsedText } from "./run-cache";
import { awsProviders, referencedAddress, stackAccountId, stackResources, TerraformResource } from "./terraform";
import { Artifacts, StackArtifact } from "./types";

/** Kinds that run agents, and where their pod template is. */
const AGENT_KINDS = ["DaemonSet", "Deployment", "StatefulSet"] as const;

/** A workload running an agent's image, with its pod template. */
export interface AgentWorkload {
  readonly item: LocatedObject;
  readonly template: Record<string, unknown>;
  readonly spec: Record<string, unknown>;
  /** The container running the agent's image. */
  readonly container: Record<string, unknown>;
}

/** A configuration file a container mounts from a ConfigMap. */
export interface MountedFile {
  /** Path of the file inside the container. */
  readonly path: string;
  /** Directory it is mounted in. */
  readonly directory: string;
  /** The file's text. */
  readonly text: string;
  /** The ConfigMap holding it. */
  readonly configMap: LocatedObject;
}

/** The environment a cluster's objects belong to: the YAML directory, or `<env>` of the stack `mcp-<env>-workloads`. */
export function environmentOfGroup(group: string): string | undefined {
  if (group.startsWith("k8s:")) return group.slice(4) || undefined;
  return /^stack:mcp-(.+)-workloads$/.exec(group)?.[1];
}

/** The AWS stack `mcp-<env>` of a cluster's environment, if among the artifacts. */
export function environmentStack(artifacts: Artifacts, group: string): StackArtifact | undefined {
  const environment = environmentOfGroup(group);
  return environment === undefined ? undefined : artifacts.stacks.find((stack) => stack.name === `mcp-${environment}`);
}

/** The MCP server Namespaces (`mcp.security/zone: mcp`) of each cluster, by group, in address order. */
export function serverNamespacesByGroup(artifacts: Artifacts): Map<string, LocatedObject[]> {
  const byGroup = new Map<string, LocatedObject[]>();
  for (const namespace of objects(artifacts, "Namespace").filter((item) => labels(item.object)[ZONE_LABEL] === "mcp")) {
    byGroup.set(namespace.group, [...(byGroup.get(namespace.group) ?? []), namespace]);
  }
  for (const list of byGroup.values()) list.sort((a, b) => a.address.localeCompare(b.address));
  return byGroup;
}

/** The Namespaces of a zone in a group. */
export function zoneNamespaces(artifacts: Artifacts, group: string, zone: string): LocatedObject[] {
  return objects(artifacts, "Namespace").filter((item) => item.group === group && labels(item.object)[ZONE_LABEL] === zone);
}

/** Workloads of a group whose containers run an image named as `matches` accepts. */
export function agentWorkloads(artifacts: Artifacts, group: string, matches: (name: string) => boolean): AgentWorkload[] {
  return AGENT_KINDS.flatMap((kind) => objects(artifacts, kind))
    .filter((item) => item.group === group)
    .flatMap((item) => {
      const template = record(record(item.object["spec"])?.["template"]) ?? {};
      const spec = record(template["spec"]) ?? {};
      const container = records(spec["containers"]).find((candidate) => matches(imageName(candidate["image"])));
      return container ? [{ item, template, spec, container }] : [];
    });
}

/** Whether a pod spec tolerates every taint: a toleration with `operator: Exists` and no key and no effect. */
export function toleratesAllTaints(spec: Record<string, unknown>): boolean {
  return records(spec["tolerations"]).some((toleration) => toleration["operator"] === "Exists" && toleration["key"] === undefined && toleration["effect"] === undefined);
}

/** Every file the agent's container mounts from a ConfigMap of its namespace (in the same group). */
export function mountedFiles(artifacts: Artifacts, workload: AgentWorkload): MountedFile[] {
  const namespace = workload.item.object.metadata.namespace;
  const configMaps = objects(artifacts, "ConfigMap").filter((item) => item.group === workload.item.group && item.object.metadata.namespace === namespace);
  return records(workload.container["volumeMounts"]).flatMap((mount) => {
    const volume = records(workload.spec["volumes"]).find((candidate) => candidate["name"] === mount["name"]);
    const source = record(volume?.["configMap"]);
    const configMap = source ? configMaps.find((candidate) => candidate.object.metadata.name === source["name"]) : undefined;
    if (!configMap) return [];
    const directory = String(mount["mountPath"]);
    const data = record(configMap.object["data"]) ?? {};
    if (typeof mount["subPath"] === "string") {
      const text = data[mount["subPath"]];
      return typeof text === "string" ? [{ path: directory, directory: directory.replace(/\/[^/]*$/, ""), text, configMap }] : [];
    }
    return Object.entries(data)
      .filter((entry): entry is [string, string] => typeof entry[1] === "string")
      .map(([key, text]) => ({ path: `${directory.replace(/\/$/, "")}/${key}`, directory, text, configMap }));
  });
}

/** The container's command and arguments, as one list of strings. */
export function commandLine(container: Record<string, unknown>): string[] {
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  return [...list(container["command"]), ...list(container["args"])];
}

/** A mounted file the container's command line names (as an argument or `--flag=<path>`), if any. */
export function loadedFile(files: readonly MountedFile[], container: Record<string, unknown>): MountedFile | undefined {
  const words = commandLine(container);
  return files.find((file) => words.some((word) => word === file.path || word.endsWith(`=${file.path}`)));
}

/** The type of an OpenTelemetry Collector component ID (`otlp/internal` → `otlp`). */
export function componentType(id: string): string {
  return id.split("/")[0];
}

/** A list of collector component IDs (a pipeline's `receivers`, `processors` or `exporters`). */
export function componentIds(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** A YAML text parsed, or undefined when it is not YAML. */
export function parseYaml(text: string): unknown {
  try {
    return parsedText(text);
  } catch {
    return undefined;
  }
}

/** The Pod Identity association of a service account in the environment's stack, and every statement of its role's identity policies. */
export function podIdentityGrants(stack: StackArtifact, namespace: string, serviceAccount: string): { association?: TerraformResource; statements: IamStatement[] } {
  const association = stackResources(stack, "aws_eks_pod_identity_association").find(
    (candidate) => candidate.values["namespace"] === namespace && candidate.values["service_account"] === serviceAccount
  );
  if (!association) return { statements: [] };
  const roleAddress = referencedAddress(association.values["role_arn"]);
  const statements = identityPolicies(stack)
    .filter((policy) => policyRole(stack, policy)?.address === roleAddress)
    .flatMap((policy) => [...policy.statements]);
  return { association, statements };
}

/** Whether statements allow an action on a resource ARN (exactly, or through a `*` pattern). */
export function grants(statements: readonly IamStatement[], action: string, arn: string): boolean {
  const matches = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`).test(arn);
  return statements.some((statement) => allows(statement, action) && statement.resources.some(matches));
}

/** The ARN of a log stream of a log group in the stack's account and region (what PutLogEvents is authorized on), if both are pinned. */
export function logStreamArn(stack: StackArtifact, logGroupName: string): string | undefined {
  const region = awsProviders(stack).map((provider) => provider["region"]).find((candidate): candidate is string => typeof candidate === "string");
  const accountId = stackAccountId(stack);
  return region === undefined || accountId === undefined ? undefined : `arn:aws:logs:${region}:${accountId}:log-group:${logGroupName}:log-stream:any`;
}
