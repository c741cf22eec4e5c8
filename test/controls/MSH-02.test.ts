import { findingsFor, stackResources, synthesizedPlans, tier } from "../support/plans";

describe("MSH-02 secure remote hosting (network part: isolated tiers, private AWS access)", () => {
  const plans = synthesizedPlans();

  test("every tier has its own security group, and AWS APIs are reached through private endpoints in the data tier", () => {
    const groups = stackResources(plans, "prod", "aws_security_group");
    expect(groups.map((group) => group.values["name"]).sort()).toEqual(["mcp-prod-admin", "mcp-prod-data", "mcp-prod-edge", "mcp-prod-endpoints", "mcp-prod-mcp"]);
    const dataSubnets = new Set(stackResources(plans, "prod", "aws_subnet").filter((subnet) => tier(subnet) === "data").map((subnet) => `\${${subnet.address}.id}`));
    for (const endpoint of stackResources(plans, "prod", "aws_vpc_endpoint").filter((e) => e.values["vpc_endpoint_type"] === "Interface")) {
      for (const id of endpoint.values["subnet_ids"] as string[]) expect(dataSubnets.has(id)).toBe(true);
    }
  });

  test("check reports MSH-02 when an interface endpoint is placed in the edge tier", () => {
    const weakened = synthesizedPlans();
    const edge = stackResources(weakened, "prod", "aws_subnet").filter((subnet) => tier(subnet) === "edge").map((subnet) => `\${${subnet.address}.id}`);
    stackResources(weakened, "prod", "aws_vpc_endpoint").find((e) => String(e.values["service_name"]).endsWith(".sts"))!.values["subnet_ids"] = edge;
    expect([...new Set(findingsFor(weakened, "MSH-02").map((finding) => finding.rule))]).toEqual(["net-01-private-service-endpoints"]);
  });

  test("check reports MSH-02 when a tier loses its security group", () => {
    const weakened = synthesizedPlans();
    const admin = stackResources(weakened, "prod", "aws_security_group").find((group) => tier(group) === "admin")!;
    (admin.values["tags"] as Record<string, string>)["mcp:tier"] = "mcp";
    expect(findingsFor(weakened, "MSH-02").map((finding) => finding.message)).toContain("has no security group for tier(s) admin");
  });
});
