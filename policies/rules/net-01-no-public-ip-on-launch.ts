import { resources, violation } from "../terraform";
import { Rule } from "../types";

/** No subnet hands out public IPv4 addresses: nothing is reachable except through the edge load balancers. */
const rule: Rule = {
  id: "net-01-no-public-ip-on-launch",
  controls: ["NET-01", "PUB-06"],
  severity: "high",
  description: "Every subnet sets map_public_ip_on_launch = false.",
  remediation: "Set map_public_ip_on_launch = false on the subnet; publish services only through the edge tier's load balancers.",
  check: (artifacts) =>
    resources(artifacts, "aws_subnet")
      .filter((subnet) => subnet.values["map_public_ip_on_launch"] !== false)
      .map((subnet) => violation(subnet, `map_public_ip_on_launch is ${JSON.stringify(subnet.values["map_public_ip_on_launch"] ?? "unset")}, not false`)),
};

export default rule;
