import { storeSubnets } from "../data-stores";
import { Rule } from "../types";
import { findResource, referencedAddress, resources, stackOf, stackResources, tierOf, violation } from "../terraform";

/**
 * Every ElastiCache replication group sits in the data tier and admits only its clients (NET-04, ISO-01): its subnet
 * group lists data-tier subnets only, and its security groups admit traffic only from other security groups (the
 * nodes its client runs on), on its own port, never from an address range. Inside the cluster the client's
 * NetworkPolicy is the only egress to the data tier on that port.
 */
const rule: Rule = {
  id: "net-04-elasticache-private-data-tier",
  controls: ["NET-04", "ISO-01"],
  severity: "high",
  description: "Every aws_elasticache_replication_group is in data-tier subnets and admits only referenced security groups on its port.",
  remediation: "Use the GuardStore construct: an aws_elasticache_subnet_group of the data tier's subnets and its own security group whose only ingress references the client nodes' security group on the store's port.",
  check: (artifacts) =>
    resources(artifacts, "aws_elasticache_replication_group").flatMap((group) => {
      const stack = stackOf(artifacts, group);
      const findings: string[] = [];
      const subnets = storeSubnets(stack, group.values["subnet_group_name"]);
      if (subnets.length === 0 || subnets.some((subnet) => subnet === undefined || tierOf(subnet) !== "data")) findings.push("is not placed in data-tier subnets only");
      const port = Number(group.values["port"] ?? 6379);
      const groupIds = Array.isArray(group.values["security_group_ids"]) ? (group.values["security_group_ids"] as unknown[]) : [];
      if (groupIds.length === 0) findings.push("names no security group of its own (the VPC's default group would apply)");
      for (const id of groupIds) {
        const ingress = stackResources(stack, "aws_vpc_security_group_ingress_rule").filter((entry) => entry.values["security_group_id"] === id);
        for (const entry of ingress) {
          if (typeof entry.values["referenced_security_group_id"] !== "string") findings.push(`${entry.address} admits an address range, not a security group`);
          else if (Number(entry.values["from_port"]) !== port || Number(entry.values["to_port"]) !== port) findings.push(`${entry.address} admits ports other than ${port}`);
        }
        const inline = referencedAddress(id);
        const securityGroup = inline === undefined ? undefined : findResource(stack, inline);
        if (Array.isArray(securityGroup?.values["ingress"]) && (securityGroup.values["ingress"] as unknown[]).length > 0) findings.push(`${securityGroup.address} has inline ingress rules`);
      }
      return findings.map((message) => violation(group, message));
    }),
};

export default rule;
