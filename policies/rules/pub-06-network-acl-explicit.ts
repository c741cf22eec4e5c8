import { PRIVATE_TIERS } from "../../baselines/network-tier";
import { Attributes, blocks, isInternet, resources, tierOf, violation } from "../terraform";
import { Rule, Violation } from "../types";

const EPHEMERAL = { from: 1024, to: 65535 };
/**
 * Where a return-traffic entry may start and end: the whole ephemeral range, or its two parts around RDP (3389),
 * which `pub-06-nacl-no-internet-admin-ports` requires.
 */
const RETURN_TRAFFIC_STARTS = [EPHEMERAL.from, 3390];
const RETURN_TRAFFIC_ENDS = [3388, EPHEMERAL.to];

function isReturnTraffic(entry: Attributes): boolean {
  return entry["protocol"] === "tcp" && RETURN_TRAFFIC_STARTS.includes(Number(entry["from_port"])) && RETURN_TRAFFIC_ENDS.includes(Number(entry["to_port"])) && Number(entry["from_port"]) < Number(entry["to_port"]);
}

function describe(entry: Attributes): string {
  return `${String(entry["protocol"])} ${String(entry["from_port"])}-${String(entry["to_port"])} ${String(entry["cidr_block"] ?? entry["ipv6_cidr_block"])}`;
}

/**
 * Network ACLs are explicit and stateless-tight: no entry allows every protocol to or from the internet, and private
 * tiers accept from the internet only return traffic on ephemeral ports (PUB-06, NET-01).
 */
const rule: Rule = {
  id: "pub-06-network-acl-explicit",
  controls: ["PUB-06", "NET-01"],
  severity: "high",
  description: "No NACL entry allows all protocols to/from the internet; private tiers admit the internet only as TCP return traffic within 1024-65535.",
  remediation: "Replace the entry with TCP on the specific ports needed (443 out, 1024-65535 in for return traffic).",
  check: (artifacts) => {
    const findings: Violation[] = [];
    for (const acl of resources(artifacts, "aws_network_acl")) {
      const isPrivate = (PRIVATE_TIERS as readonly string[]).includes(tierOf(acl) ?? "");
      for (const direction of ["ingress", "egress"] as const) {
        for (const entry of blocks(acl.values[direction])) {
          if (entry["action"] !== "allow" || !isInternet(entry["cidr_block"] ?? entry["ipv6_cidr_block"])) continue;
          if (String(entry["protocol"]) === "-1" || String(entry["protocol"]) === "all") {
            findings.push(violation(acl, `${direction} entry ${String(entry["rule_no"])} allows every protocol: ${describe(entry)}`));
          } else if (isPrivate && direction === "ingress" && !isReturnTraffic(entry)) {
            findings.push(violation(acl, `private tier ${tierOf(acl)} admits the internet other than as TCP return traffic within ${EPHEMERAL.from}-${EPHEMERAL.to}: ${describe(entry)}`));
          }
        }
      }
    }
    return findings;
  },
};

export default rule;
