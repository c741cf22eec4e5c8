import { referencedAddress } from "../../policies/terraform";
import { findingsFor, stackResources, synthesizedPlans, tier } from "../support/plans";

describe("ISO-01 network-level segmentation (network part: tiers reach each other only by security group reference)", () => {
  const plans = synthesizedPlans();
  const of = (type: string) => stackResources(plans, "prod", type);
  const groupTier = new Map(of("aws_security_group").map((group) => [group.address, tier(group) ?? group.name]));
  const edges = [...of("aws_vpc_security_group_ingress_rule"), ...of("aws_vpc_security_group_egress_rule")]
    .filter((rule) => rule.values["referenced_security_group_id"] !== undefined)
    .map((rule) => `${rule.type.includes("ingress") ? "in" : "out"} ${groupTier.get(referencedAddress(rule.values["security_group_id"])!)} ${groupTier.get(referencedAddress(rule.values["referenced_security_group_id"])!)} ${String(rule.values["ip_protocol"])}/${String(rule.values["from_port"] ?? "all")}`);

  test("the allowed tier-to-tier paths are exactly the designed ones", () => {
    expect(new Set(edges)).toEqual(
      new Set([
        "out edge mcp tcp/8443",
        "in mcp edge tcp/8443",
        "in mcp mcp -1/all",
        "out mcp mcp -1/all",
        "out mcp data tcp/443",
        "out mcp data tcp/5432",
        "out mcp data tcp/6379",
        "out admin data tcp/443",
        "out admin mcp tcp/443",
        "out admin data tcp/5432",
        "out admin data tcp/6379",
        "in data mcp tcp/5432",
        "in data mcp tcp/6379",
        "in data admin tcp/5432",
        "in data admin tcp/6379",
        "in data mcp tcp/443",
        "in data admin tcp/443",
      ]),
    );
  });

  test("the data tier's NACL admits only the mcp and admin tiers' subnets", () => {
    const acl = of("aws_network_acl").find((candidate) => tier(candidate) === "data")!;
    const allowed = new Set(of("aws_subnet").filter((subnet) => ["mcp", "admin"].includes(tier(subnet)!)).map((subnet) => subnet.values["cidr_block"]));
    for (const entry of acl.values["ingress"] as Record<string, unknown>[]) expect(allowed.has(entry["cidr_block"])).toBe(true);
  });

  test("check reports ISO-01 when the data tier's subnet is filtered by the edge NACL", () => {
    const weakened = synthesizedPlans();
    const acls = stackResources(weakened, "prod", "aws_network_acl");
    const data = acls.find((acl) => tier(acl) === "data")!;
    const edge = acls.find((acl) => tier(acl) === "edge")!;
    (edge.values["subnet_ids"] as string[]).push(...(data.values["subnet_ids"] as string[]));
    data.values["subnet_ids"] = [];
    expect([...new Set(findingsFor(weakened, "ISO-01").map((finding) => finding.rule))]).toEqual(["net-01-tier-segmentation"]);
  });

  test("check reports ISO-01 when the data tier admits an address range instead of a group", () => {
    const weakened = synthesizedPlans();
    const rule = stackResources(weakened, "prod", "aws_vpc_security_group_ingress_rule").find((candidate) => String(candidate.values["description"]).startsWith("From the MCP zone on 5432"))!;
    delete rule.values["referenced_security_group_id"];
    rule.values["cidr_ipv4"] = "10.30.0.0/16";
    expect([...new Set(findingsFor(weakened, "ISO-01").map((finding) => finding.rule))]).toEqual(["net-01-tier-security-groups"]);
  });
});
