import { blocks, resources, violation } from "../terraform";
import { Rule } from "../types";

/** The default NACL of every VPC is managed and allows nothing; subnets use their tier's NACL (PUB-06). */
const rule: Rule = {
  id: "pub-06-default-network-acl-closed",
  controls: ["PUB-06"],
  severity: "medium",
  description: "Every VPC's default network ACL is managed and has no allow entries.",
  remediation: "Add an aws_default_network_acl for the VPC with no ingress or egress entries.",
  check: (artifacts) =>
    resources(artifacts, "aws_vpc").flatMap((vpc) => {
      const managed = resources(artifacts, "aws_default_network_acl").filter(
        (acl) => acl.stack === vpc.stack && acl.values["default_network_acl_id"] === `\${${vpc.address}.default_network_acl_id}`,
      );
      if (managed.length === 0) return [violation(vpc, "its default network ACL is not managed: it allows all traffic in and out")];
      return managed
        .filter((acl) => [...blocks(acl.values["ingress"]), ...blocks(acl.values["egress"])].some((entry) => entry["action"] === "allow"))
        .map((acl) => violation(acl, "the default network ACL has allow entries; it must have none"));
    }),
};

export default rule;
