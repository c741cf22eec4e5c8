/**
 * Checks of the `cluster` and `ci` sections, and of how the MCP servers fit the cluster: each server's image
 * comes from the environment's own ECR repository for it, and the servers' quotas fit the node group (MSH-04).
 */
import { didYouMean } from "./did-you-mean";
import { parseQuantity } from "./kubernetes-quantity";
import { Check, Cursor, issue } from "./readers";
import { EnvironmentConfig, NodeGroupConfig } from "./schema";
import { quote } from "./quote";

/** The most nodes an EKS managed node group may have (the service's default quota). */
export const MAX_NODE_GROUP_SIZE = 450;

const KUBERNETES_MINOR = /^1\.\d{2}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;
/** Graviton (arm64) families: a generation digit followed by `g` (m7g, c7gn, r8gd, t4g, im4gn, is4gen), or a1. */
const GRAVITON = /^(?:a1|[a-z]+\d+g[a-z]*)\./;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;

/** A Kubernetes minor version such as "1.33" (EKS takes minor versions; patch levels are AWS's). */
export const checkKubernetesVersion: Check<string> = (version) => {
  if (KUBERNETES_MINOR.test(version)) return undefined;
  const minor = /^v?(1\.\d{2})(?:\.\d+)?$/.exec(version.trim())?.[1];
  return issue(
    `${quote(version)} is not a Kubernetes minor version`,
    minor ? didYouMean(minor) : 'write the minor version EKS runs, e.g. "1.33"'
  );
};

/** The architecture of an EC2 instance type, from its family name. */
export function instanceArchitecture(instanceType: string): NodeGroupConfig["architecture"] {
  return GRAVITON.test(instanceType) ? "arm64" : "x86_64";
}

/**
 * An EC2 instance type (`family.size`) of the node group's architecture; the architecture is peeked from the raw
 * input and may be unknown (then only the form is checked).
 */
export function checkInstanceType(architecture: string | undefined): Check<string> {
  return (instanceType) => {
    if (!INSTANCE_TYPE.test(instanceType)) {
      const lower = instanceType.trim().toLowerCase();
      return issue(
        `${quote(instanceType)} is not an EC2 instance type`,
        INSTANCE_TYPE.test(lower) ? didYouMean(lower) : 'write family.size, e.g. "m7i.large"'
      );
    }
    const actual = instanceArchitecture(instanceType);
    if (architecture !== "x86_64" && architecture !== "arm64") return undefined;
    if (actual === architecture) return undefined;
    return actual === "arm64"
      ? issue(
          `${quote(instanceType)} is a Graviton (arm64) instance type, but the node group's architecture is x86_64`,
          'use an x86_64 type such as "m7i.large", or set architecture to "arm64"'
        )
      : issue(
          `${quote(instanceType)} is an x86_64 instance type, but the node group's architecture is arm64`,
          'use a Graviton type such as "m7g.large", or set architecture to "x86_64"'
        );
  };
}

/**
 * An IAM role ARN in the environment's own account (ISO-03), naming one role; the account is peeked from the raw
 * input and may be unknown (then only the form is checked).
 */
export function checkRoleArnInAccount(accountId: string | undefined): Check<string> {
  return (arn) => {
    if (arn.includes("*")) return issue(`${quote(arn)} has a wildcard`, "name exactly one role: arn:aws:iam::<account>:role/<name>");
    const match = ROLE_ARN.exec(arn);
    if (!match) {
      return issue(`${quote(arn)} is not an IAM role ARN`, "write arn:aws:iam::<account>:role/<name>");
    }
    if (accountId !== undefined && match[1] !== accountId) {
      return issue(
        `${quote(arn)} is a role of account ${match[1]}, not of this environment's account ${accountId}`,
        "use a role in the environment's own account: ISO-03 shares no roles between environments"
      );
    }
    return undefined;
  };
}

/** The issue when the node group's sizes are out of order (min ≤ desired ≤ max), with the field it belongs to. */
export function nodeGroupSizeIssue(group: NodeGroupConfig): { field: "desiredSize" | "maxSize"; message: string; hint: string } | undefined {
  const { minSize, desiredSize, maxSize } = group;
  if (maxSize < minSize) {
    return { field: "maxSize", message: `${maxSize} is below minSize ${minSize}`, hint: `set maxSize to ${minSize} or more` };
  }
  if (desiredSize < minSize || desiredSize > maxSize) {
    return { field: "desiredSize", message: `${desiredSize} is outside minSize ${minSize} to maxSize ${maxSize}`, hint: `use a size from ${minSize} to ${maxSize}` };
  }
  return undefined;
}

/** The ECR registry of an environment: `<account>.dkr.ecr.<region>.amazonaws.com`. */
export function ecrRegistry(environment: Pick<EnvironmentConfig, "accountId" | "region">): string {
  return `${environment.accountId}.dkr.ecr.${environment.region}.amazonaws.com`;
}

/** The ECR repository that holds an MCP server's image: `mcp/<server>`. */
export function serverRepository(server: string): string {
  return `mcp/${server}`;
}

/**
 * Each MCP server's image comes from the environment's own ECR registry, from the server's own repository
 * `mcp/<server>`: the only repository the blueprint creates for it, scans (CTR-05) and lets only CI push to
 * (PROV-03). Runs on an already well-formed environment (images pinned by digest).
 */
function checkServerImages(environment: EnvironmentConfig, at: Cursor): void {
  const registry = ecrRegistry(environment);
  environment.mcpServers.forEach((server, index) => {
    const slash = server.image.indexOf("/");
    const digestAt = server.image.indexOf("@");
    const imageRegistry = server.image.slice(0, slash);
    const repository = server.image.slice(slash + 1, digestAt);
    const expected = `${registry}/${serverRepository(server.name)}${server.image.slice(digestAt)}`;
    const where = at.key("mcpServers").index(index).key("image");
    if (imageRegistry !== registry) {
      where.report(
        issue(
          `image registry ${quote(imageRegistry)} is not this environment's ECR registry ${registry}`,
          `push the image to ${registry}/${serverRepository(server.name)} and pin it there: only the environment's own registry is scanned and admitted (CTR-05, PROV-03); ${didYouMean(expected)}`
        )
      );
    } else if (repository !== serverRepository(server.name)) {
      where.report(
        issue(
          `image repository ${quote(repository)} is not the server's repository ${quote(serverRepository(server.name))}`,
          `push the image to ${serverRepository(server.name)}, the repository created, scanned and access-controlled for this server; ${didYouMean(expected)}`
        )
      );
    }
  });
}

/** One resource the capacity check adds up: how to read it from a quota and how to print amounts of it. */
interface Resource {
  readonly name: "cpu" | "memory";
  readonly unit: string;
  /** Exact integer amount (millicores or bytes) of a quantity string. */
  readonly amount: (quantity: string) => number;
  readonly format: (amount: number) => string;
}

const MEBIBYTE = 2 ** 20;
const GIBIBYTE = 2 ** 30;

const RESOURCES: readonly Resource[] = [
  {
    name: "cpu",
    unit: "CPU",
    amount: (quantity) => Math.round((parseQuantity(quantity)?.value ?? 0) * 1000),
    format: (millicores) => (millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`),
  },
  {
    name: "memory",
    unit: "memory",
    amount: (quantity) => Math.round(parseQuantity(quantity)?.value ?? 0),
    format: (bytes) => (bytes % GIBIBYTE === 0 ? `${bytes / GIBIBYTE}Gi` : `${Math.ceil(bytes / MEBIBYTE)}Mi`),
  },
];

/**
 * The MCP servers' quotas fit the node group (MSH-04): one replica fits on one node, and every server at its
 * `maxReplicas` fits on `maxSize` nodes, so no server can starve another by scaling out. Runs on an already
 * well-formed environment.
 */
function checkNodeCapacity(environment: EnvironmentConfig, at: Cursor): void {
  const group = environment.cluster.nodeGroup;
  const capacityAt = "cluster.nodeGroup.capacityPerNode";
  for (const resource of RESOURCES) {
    const perNode = resource.amount(group.capacityPerNode[resource.name]);
    environment.mcpServers.forEach((server, index) => {
      const perReplica = resource.amount(server.quota[resource.name]);
      if (perReplica > perNode) {
        at.key("mcpServers").index(index).key("quota").key(resource.name).report(
          issue(
            `${server.quota[resource.name]} ${resource.unit} per replica of ${server.name} does not fit on one node, which offers ${group.capacityPerNode[resource.name]} (${capacityAt}.${resource.name})`,
            `lower the server's quota.${resource.name} to ${resource.format(perNode)} or less, or raise ${capacityAt}.${resource.name} with a larger instance type`
          )
        );
      }
    });
    const needs = environment.mcpServers.map((server) => ({
      server,
      total: resource.amount(server.quota[resource.name]) * server.quota.maxReplicas,
    }));
    const needed = needs.reduce((sum, need) => sum + need.total, 0);
    const offered = perNode * group.maxSize;
    if (needed > offered) {
      const terms = needs
        .filter((need) => need.total > 0)
        .sort((a, b) => b.total - a.total || a.server.name.localeCompare(b.server.name))
        .map((need) => `${need.server.name} ${need.server.quota[resource.name]} × ${need.server.quota.maxReplicas} = ${resource.format(need.total)}`);
      const nodesNeeded = Math.ceil(needed / perNode);
      at.key("cluster").key("nodeGroup").key("maxSize").report(
        issue(
          `the MCP servers need up to ${resource.format(needed)} ${resource.unit} at maxReplicas (${terms.join(", ")}), more than the ${resource.format(offered)} of ${group.maxSize} nodes × ${group.capacityPerNode[resource.name]}`,
          `raise cluster.nodeGroup.maxSize to ${nodesNeeded} or more, or ${capacityAt}.${resource.name}, or lower a server's quota.${resource.name} or quota.maxReplicas`
        )
      );
    }
  }
}

/**
 * The checks across sections that need a well-formed environment: server images from the environment's own
 * registry, and server quotas that fit the node group. Problems are reported at `at`.
 */
export function checkClusterFit(environment: EnvironmentConfig, at: Cursor): void {
  checkServerImages(environment, at);
  checkNodeCapacity(environment, at);
}
