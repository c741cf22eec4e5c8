import { bastionLaunchTemplates, cloudConfig, cloudConfigFiles, groupsOfTemplate, isFalse, sshdConfigOf, sshdPort, tierOfReference } from "../hosts";
import { describePorts, ruleTier, securityGroupRules } from "../security-group-rules";
import { block, blocks, isInternet, stackResources, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/** The SSH ports the bastions of a stack listen on, from the sshd configuration in their user data. */
function bastionPorts(stack: StackArtifact): Set<number> {
  return new Set(
    bastionLaunchTemplates(stack).flatMap((template) => {
      const config = cloudConfig(template);
      const sshd = "document" in config ? sshdConfigOf(cloudConfigFiles(config.document)) : undefined;
      const port = sshd === undefined ? undefined : sshdPort(sshd);
      return port === undefined ? [] : [port];
    }),
  );
}

function stackFindings(stack: StackArtifact, ingressFindings: Violation[]): Violation[] {
  const findings: Violation[] = [];
  for (const template of bastionLaunchTemplates(stack)) {
    const interfaces = blocks(template.values["network_interfaces"]);
    if (interfaces.length === 0) findings.push(violation(template, "declares no network_interfaces, so whether the bastion gets a public IP is left to the subnet"));
    interfaces.forEach((nic, index) => {
      if (!isFalse(nic["associate_public_ip_address"])) {
        findings.push(violation(template, `network_interfaces[${index}].associate_public_ip_address is ${JSON.stringify(nic["associate_public_ip_address"] ?? "unset")}, not false: the bastion must have no public IP`));
      }
    });
    const metadata = block(template.values["metadata_options"]);
    if (metadata?.["http_tokens"] !== "required") findings.push(violation(template, `metadata_options.http_tokens is ${JSON.stringify(metadata?.["http_tokens"] ?? "unset")}, not "required" (IMDSv1 allowed)`));
    if (metadata?.["http_put_response_hop_limit"] !== 1) findings.push(violation(template, `metadata_options.http_put_response_hop_limit is ${JSON.stringify(metadata?.["http_put_response_hop_limit"] ?? "unset")}, not 1`));
    for (const group of groupsOfTemplate(stack, template)) {
      const subnets = Array.isArray(group.values["vpc_zone_identifier"]) ? (group.values["vpc_zone_identifier"] as unknown[]) : [];
      const outside = subnets.filter((subnet) => tierOfReference(stack, subnet) !== "admin");
      if (subnets.length === 0 || outside.length > 0) findings.push(violation(group, `launches the bastion outside the admin tier's subnets: ${JSON.stringify(outside.length > 0 ? outside : "no subnets")}`));
    }
  }
  for (const instance of stackResources(stack, "aws_instance")) {
    const groups = Array.isArray(instance.values["vpc_security_group_ids"]) ? (instance.values["vpc_security_group_ids"] as unknown[]) : [];
    const adminGroup = groups.some((id) => tierOfReference(stack, id) === "admin");
    if (adminGroup && !isFalse(instance.values["associate_public_ip_address"])) findings.push(violation(instance, "an admin-tier instance without associate_public_ip_address = false"));
  }
  return [...findings, ...ingressFindings.filter((finding) => finding.location === stack.name)];
}

/**
 * The bastion is reachable only privately, and only on its SSH port (PUB-05): its launch template gives no public IP
 * and requires IMDSv2 with a hop limit of 1, its group launches only into admin-tier subnets, and the admin tier's
 * security groups admit nothing but TCP on the sshd port of the bastion's user data, from admin networks or the VPN's
 * security group, never from the internet.
 */
const rule: Rule = {
  id: "pub-05-bastion-no-public-access",
  controls: ["PUB-05"],
  severity: "critical",
  description: "Admin-tier launch templates: no public IP, IMDSv2 required with hop limit 1, admin subnets only; admin-tier ingress only TCP on the sshd port, never from the internet.",
  remediation: "Set network_interfaces.associate_public_ip_address = false and metadata_options { http_tokens = \"required\", http_put_response_hop_limit = 1 } on the bastion's launch template, launch it only in admin subnets, and admit only the configured SSH port from admin CIDRs or the VPN's security group.",
  check: (artifacts) => {
    const ingress: Violation[] = [];
    const portsByStack = new Map(artifacts.stacks.map((stack) => [stack.name, bastionPorts(stack)]));
    for (const sgRule of securityGroupRules(artifacts).filter((candidate) => candidate.direction === "ingress" && ruleTier(candidate) === "admin")) {
      const ports = portsByStack.get(sgRule.declaredBy.stack) ?? new Set<number>();
      const port = sgRule.fromPort;
      const singleTcpPort = sgRule.protocol === "tcp" && port !== undefined && port === sgRule.toPort;
      if (!singleTcpPort || (ports.size > 0 && !ports.has(port))) {
        ingress.push(violation(sgRule.declaredBy, `admits ${describePorts(sgRule)} into the admin tier; only TCP ${ports.size > 0 ? [...ports].join(", ") : "on the sshd port"} is allowed`));
      }
      if (sgRule.cidrs.some(isInternet)) ingress.push(violation(sgRule.declaredBy, `admits the internet (${sgRule.cidrs.filter(isInternet).join(", ")}) into the admin tier`));
    }
    return artifacts.stacks.flatMap((stack) => stackFindings(stack, ingress));
  },
};

export default rule;
