/**
 * The data stores of an environment's plan (RDS instances, ElastiCache replication groups): where each may be placed
 * (the subnets of its subnet group, with their CIDRs) and the port it listens on, for rules that follow a path to a
 * store from inside the cluster.
 */
import { infrastructureStacks } from "./mesh";
import { findResource, referencedAddress, stackResources, TerraformResource } from "./terraform";
import { Artifacts, StackArtifact } from "./types";

/** The store types, the attribute naming their subnet group, and their default port. */
const STORE_TYPES = [
  { type: "aws_db_instance", subnetGroup: "db_subnet_group_name", defaultPort: 5432 },
  { type: "aws_elasticache_replication_group", subnetGroup: "subnet_group_name", defaultPort: 6379 },
] as const;

/** One data store of a plan. */
export interface DataStore {
  readonly resource: TerraformResource;
  /** The port it listens on. */
  readonly port: number;
  /** The CIDRs of the subnets it may be placed in (its subnet group's), in the group's order; [] when unresolvable. */
  readonly cidrs: readonly string[];
}

/** The subnets of the subnet group a store's attribute references; undefined for a subnet the stack does not have. */
export function storeSubnets(stack: StackArtifact, subnetGroupName: unknown): (TerraformResource | undefined)[] {
  const groupAddress = referencedAddress(subnetGroupName);
  const group = groupAddress === undefined ? undefined : findResource(stack, groupAddress);
  const ids = Array.isArray(group?.values["subnet_ids"]) ? (group.values["subnet_ids"] as unknown[]) : [];
  return ids.map((id) => {
    const address = referencedAddress(id);
    return address === undefined ? undefined : findResource(stack, address);
  });
}

/** Every data store of an environment's infrastructure stacks. */
export function dataStores(artifacts: Artifacts, environment: string): DataStore[] {
  return infrastructureStacks(artifacts, environment).flatMap((stack) =>
    STORE_TYPES.flatMap(({ type, subnetGroup, defaultPort }) =>
      stackResources(stack, type).map((resource): DataStore => ({
        resource,
        port: Number(resource.values["port"] ?? defaultPort),
        cidrs: storeSubnets(stack, resource.values[subnetGroup]).flatMap((subnet) => (typeof subnet?.values["cidr_block"] === "string" ? [subnet.values["cidr_block"]] : [])),
      }))
    )
  );
}
