import { REMOTE_ADMIN_PORTS as ADMIN_PORTS } from "../../baselines/network";
import { Attributes, blocks, isInternet, resources, violation } from "../terraform";
import { Rule, Violation } from "../types";

/** Whether a NACL allow entry (inline block or `aws_network_acl_rule`) admits the internet on a port in `ADMIN_PORTS`. */
function coveredAdminPorts(entry: Attributes): number[] {
  if (entry["rule_action"] !== undefined ? entry["rule_action"] !== "allow" : entry["action"] !== "allow") return [];
  if (!isInternet(entry["cidr_block"] ?? entry["ipv6_cidr_block"])) return [];
  const protocol = String(entry["protocol"]);
  if (protocol === "-1" || protocol === "all") return [...ADMIN_PORTS];
  if (!["tcp", "6", "udp", "17"].includes(protocol)) return [];
  const from = Number(entry["from_port"]);
  const to = Number(entry["to_port"]);
  return ADMIN_PORTS.filter((port) => from <= port && port <= to);
}

/**
 * No network ACL entry admits the internet on SSH (22) or RDP (3389), not even as part of the ephemeral range for
 * return traffic, which is split around them (PUB-06, NET-01; Checkov CKV_AWS_231/232).
 */
const rule: Rule = {
  id: "pub-06-nacl-no-internet-admin-ports",
  controls: ["PUB-06", "NET-01"],
  severity: "high",
  description: "No network ACL ingress entry allowing 0.0.0.0/0 or ::/0 covers port 22 or 3389.",
  remediation: "Split the entry's port range around 22 and 3389 (return traffic: 1024-3388 and 3390-65535, NaclEntries.tcpEphemeral); remote administration goes through the VPN and Session Manager.",
  check: (artifacts) => {
    const findings: Violation[] = [];
    for (const acl of resources(artifacts, "aws_network_acl")) {
      for (const entry of blocks(acl.values["ingress"])) {
        const ports = coveredAdminPorts(entry);
        if (ports.length > 0) findings.push(violation(acl, `ingress entry ${String(entry["rule_no"])} admits ${String(entry["cidr_block"] ?? entry["ipv6_cidr_block"])} on ${String(entry["from_port"])}-${String(entry["to_port"])}, which covers port ${ports.join(" and ")}`));
      }
    }
    for (const entry of resources(artifacts, "aws_network_acl_rule")) {
      if (entry.values["egress"] === true) continue;
      const ports = coveredAdminPorts(entry.values);
      if (ports.length > 0) findings.push(violation(entry, `admits ${String(entry.values["cidr_block"] ?? entry.values["ipv6_cidr_block"])} on ${String(entry.values["from_port"])}-${String(entry.values["to_port"])}, which covers port ${ports.join(" and ")}`));
    }
    return findings;
  },
};

export default rule;
