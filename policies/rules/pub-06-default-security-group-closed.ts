import { references, resources, violation } from "../terraform";
import { Rule } from "../types";

/** The default security group of every VPC is managed and has no rules, so nothing can fall back on it (PUB-06). */
const rule: Rule = {
  id: "pub-06-default-security-group-closed",
  controls: ["PUB-06", "NET-01"],
  severity: "high",
  description: "Every VPC's default security group is managed with ingress = [] and egress = [].",
  remediation: "Add an aws_default_security_group for the VPC with ingress = [] and egress = [], and attach explicit tier groups instead.",
  check: (artifacts) =>
    resources(artifacts, "aws_vpc").flatMap((vpc) => {
      const managed = resources(artifacts, "aws_default_security_group").filter((group) => group.stack === vpc.stack && references(group.values["vpc_id"], vpc));
      if (managed.length === 0) return [violation(vpc, "its default security group is not managed: it keeps AWS's allow-within-group and allow-all-egress rules")];
      return managed
        .filter((group) => !isEmptyList(group.values["ingress"]) || !isEmptyList(group.values["egress"]))
        .map((group) => violation(group, "the default security group has rules; it must have ingress = [] and egress = []"));
    }),
};

function isEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}

export default rule;
