import { resolveReference, resources, stackOf, tierOf, violation } from "../terraform";
import { Rule, Violation } from "../types";

const BLOCKING_MODES = ["block-bidirectional", "block-ingress"];

/**
 * VPC Block Public Access is on in every region that holds an MCP VPC, and only edge-tier subnets are excluded from
 * it: even a misrouted private subnet cannot reach or be reached from the internet (NET-01, PUB-06).
 */
const rule: Rule = {
  id: "net-01-vpc-block-public-access",
  controls: ["NET-01", "PUB-06"],
  severity: "medium",
  description: "Stacks with a VPC turn on VPC Block Public Access, with exclusions only for edge-tier subnets.",
  remediation: "Add aws_vpc_block_public_access_options with internet_gateway_block_mode = \"block-bidirectional\" and exclude only the edge subnets.",
  check: (artifacts) => {
    const findings: Violation[] = [];
    for (const stack of artifacts.stacks) {
      const vpcs = resources({ stacks: [stack], kubernetes: [] }, "aws_vpc");
      if (vpcs.length === 0) continue;
      const options = resources({ stacks: [stack], kubernetes: [] }, "aws_vpc_block_public_access_options");
      if (!options.some((option) => BLOCKING_MODES.includes(String(option.values["internet_gateway_block_mode"])))) {
        findings.push(violation(vpcs[0], "VPC Block Public Access is not turned on in this stack's region"));
      }
    }
    for (const exclusion of resources(artifacts, "aws_vpc_block_public_access_exclusion")) {
      const subnet = resolveReference(stackOf(artifacts, exclusion), exclusion.values["subnet_id"]);
      if (!subnet || tierOf(subnet) !== "edge") {
        findings.push(violation(exclusion, `excludes ${subnet ? `the ${tierOf(subnet) ?? "untiered"} subnet ${subnet.address}` : String(exclusion.values["vpc_id"] ?? "a whole VPC")} from Block Public Access; only edge subnets may be excluded`));
      }
    }
    return findings;
  },
};

export default rule;
