import { cidrsOverlap } from "../../shared/ipv4-cidr";
import { assumedRoleAccounts, stackEnvironment } from "../environments";
import { resources, stackAccountId, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

const CROSS_NETWORK_LINKS = ["aws_vpc_peering_connection", "aws_vpc_peering_connection_accepter", "aws_ec2_transit_gateway_vpc_attachment"];

function stackViolation(stack: StackArtifact, message: string): Violation {
  return { location: stack.name, resource: "provider.aws", message };
}

/**
 * Environments never share an account, a network or a link between networks (ISO-03): each stack's provider is
 * pinned to one account and assumes a role in that same account; different environments use different accounts;
 * no VPC peering or transit gateway attachment joins VPCs; environment VPC ranges do not overlap.
 */
const rule: Rule = {
  id: "iso-03-environment-separation",
  controls: ["ISO-03"],
  severity: "critical",
  description: "Every stack is pinned to its environment's own account; environments share no account, peering or overlapping VPC range.",
  remediation: "Give each environment its own AWS account (allowed_account_ids and an assume_role ARN in it), remove VPC peering/transit gateway links, and use non-overlapping VPC CIDRs.",
  check: (artifacts) => {
    const findings: Violation[] = [];
    const accountOwner = new Map<string, string>();
    for (const stack of artifacts.stacks) {
      const account = stackAccountId(stack);
      const environment = stackEnvironment(stack) ?? stack.name;
      if (account === undefined) {
        findings.push(stackViolation(stack, "the AWS provider is not pinned to exactly one account (allowed_account_ids)"));
        continue;
      }
      if (assumedRoleAccounts(stack).some((roleAccount) => roleAccount !== account)) {
        findings.push(stackViolation(stack, `the provider does not assume a role in its own account ${account}`));
      }
      const owner = accountOwner.get(account);
      if (owner !== undefined && owner !== environment) {
        findings.push(stackViolation(stack, `environment ${environment} uses account ${account}, which environment ${owner} uses too`));
      } else {
        accountOwner.set(account, environment);
      }
    }
    for (const type of CROSS_NETWORK_LINKS) {
      for (const link of resources(artifacts, type)) findings.push(violation(link, "links VPCs across the environment boundary"));
    }
    const vpcs = resources(artifacts, "aws_vpc").map((vpc) => {
      const stack = artifacts.stacks.find((candidate) => candidate.name === vpc.stack);
      return { vpc, environment: (stack && stackEnvironment(stack)) ?? vpc.stack, cidr: String(vpc.values["cidr_block"]) };
    });
    vpcs.forEach((a, index) =>
      vpcs.slice(index + 1).forEach((b) => {
        if (a.environment !== b.environment && cidrsOverlap(a.cidr, b.cidr)) {
          findings.push(violation(b.vpc, `range ${b.cidr} of ${b.environment} overlaps ${a.cidr} of ${a.environment}`));
        }
      }),
    );
    return findings;
  },
};

export default rule;
