/**
 * The security group of one data store in the data tier and its rule pair with the store's clients.
 */
import { Construct } from "constructs";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TIER_TAG } from "../baselines/network-tier";

/** Properties of {@link dataStoreSecurityGroup}. */
export interface DataStoreSecurityGroupProps {
  /** The group's name (also its `Name` tag). */
  readonly name: string;
  /** What the group guards, e.g. "Keycloak's database: PostgreSQL from the MCP zone's nodes only". */
  readonly description: string;
  readonly vpcId: string;
  /** The security group of the nodes the store's clients run on: the only source admitted. */
  readonly clientSecurityGroupId: string;
  /** The store's port: the only one admitted. */
  readonly port: number;
  /** The store's protocol, lower case, naming the two rules (`in-<protocol>`, `nodes-out-<protocol>`), e.g. `postgres`. */
  readonly protocol: string;
  /** Description of the ingress rule, e.g. "PostgreSQL from the nodes Keycloak runs on". */
  readonly ingressDescription: string;
  /** Description of the clients' egress rule, e.g. "To Keycloak's database". */
  readonly egressDescription: string;
}

/**
 * A data store's own security group in `scope` (NET-04, ISO-01): tagged with the data tier, rules revoked on delete,
 * ingress only from the clients' nodes' group on the store's port, and the matching egress rule on the clients' group.
 * Not the tier's `data` group (TierSecurityGroups), which also admits the bastion: a store's clients are its only peers.
 */
export function dataStoreSecurityGroup(scope: Construct, props: DataStoreSecurityGroupProps): SecurityGroup {
  const group = new SecurityGroup(scope, "security-group", {
    name: props.name,
    description: props.description,
    vpcId: props.vpcId,
    revokeRulesOnDelete: true,
    tags: { Name: props.name, [TIER_TAG]: "data" },
  });
  const port = { ipProtocol: "tcp", fromPort: props.port, toPort: props.port };
  new VpcSecurityGroupIngressRule(scope, `in-${props.protocol}`, { securityGroupId: group.id, referencedSecurityGroupId: props.clientSecurityGroupId, ...port, description: props.ingressDescription });
  new VpcSecurityGroupEgressRule(scope, `nodes-out-${props.protocol}`, { securityGroupId: props.clientSecurityGroupId, referencedSecurityGroupId: group.id, ...port, description: props.egressDescription });
  return group;
}
