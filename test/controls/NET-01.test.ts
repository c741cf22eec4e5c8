import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { referencedAddress } from "../../policies/terraform";
import { addResource, findingsFor, removeResources, stackResources, synthesizedPlans, tier } from "../support/plans";

const ENVIRONMENTS = BUILT_IN_ENVIRONMENTS.map((environment) => environment.name);

describe("NET-01 dedicated MCP security zone", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const of = (type: string) => stackResources(plans, environment, type);
    const config = BUILT_IN_ENVIRONMENTS.find((candidate) => candidate.name === environment)!;

    test("one VPC with its configured CIDR", () => {
      expect(of("aws_vpc").map((vpc) => vpc.values["cidr_block"])).toEqual([config.vpcCidr]);
    });

    test("every tier has one subnet per AZ, none mapping public IPs on launch", () => {
      const subnets = of("aws_subnet");
      for (const name of ["edge", "mcp", "admin", "data"]) {
        const inTier = subnets.filter((subnet) => tier(subnet) === name);
        expect(new Set(inTier.map((subnet) => subnet.values["availability_zone"])).size).toBe(config.azCount);
      }
      expect(config.azCount).toBeGreaterThanOrEqual(config.production ? 3 : 2);
      for (const subnet of subnets) expect(subnet.values["map_public_ip_on_launch"]).toBe(false);
    });

    test("only the edge route table routes to the internet gateway; the mcp tier egresses through NAT", () => {
      const tables = new Map(of("aws_route_table").map((table) => [table.address, tier(table)]));
      for (const route of of("aws_route")) {
        const tableTier = tables.get(referencedAddress(route.values["route_table_id"])!);
        const target = referencedAddress(route.values["gateway_id"]) ?? referencedAddress(route.values["nat_gateway_id"]);
        if (target?.startsWith("aws_internet_gateway.")) expect(tableTier).toBe("edge");
        if (tableTier === "mcp") expect(target).toMatch(/^aws_nat_gateway\./);
      }
      expect(of("aws_route").filter((route) => referencedAddress(route.values["gateway_id"])?.startsWith("aws_internet_gateway."))).toHaveLength(1);
    });

    test("each tier has its own route tables and NACL", () => {
      const subnetTier = new Map(of("aws_subnet").map((subnet) => [subnet.address, tier(subnet)]));
      const tableTier = new Map(of("aws_route_table").map((table) => [table.address, tier(table)]));
      for (const association of of("aws_route_table_association")) {
        expect(tableTier.get(referencedAddress(association.values["route_table_id"])!)).toBe(subnetTier.get(referencedAddress(association.values["subnet_id"])!));
      }
      expect(of("aws_route_table_association")).toHaveLength(subnetTier.size);
      const acls = of("aws_network_acl");
      expect(acls.map(tier).sort()).toEqual(["admin", "data", "edge", "mcp"]);
      for (const acl of acls) {
        for (const id of acl.values["subnet_ids"] as string[]) expect(subnetTier.get(referencedAddress(id)!)).toBe(tier(acl));
      }
    });

    test("no security group admits the internet except the edge tier on 443, and no tier sends everything out", () => {
      const groupTier = new Map(of("aws_security_group").map((group) => [group.address, tier(group)]));
      for (const rule of of("aws_vpc_security_group_ingress_rule")) {
        if (rule.values["cidr_ipv4"] === "0.0.0.0/0" || rule.values["cidr_ipv6"] === "::/0") {
          expect(groupTier.get(referencedAddress(rule.values["security_group_id"])!)).toBe("edge");
          expect(rule.values).toMatchObject({ ip_protocol: "tcp", from_port: 443, to_port: 443 });
        }
      }
      for (const rule of of("aws_vpc_security_group_egress_rule")) {
        if (rule.values["cidr_ipv4"] === "0.0.0.0/0") {
          expect(groupTier.get(referencedAddress(rule.values["security_group_id"])!)).toBe("mcp");
          expect(rule.values).toMatchObject({ ip_protocol: "tcp", from_port: 443, to_port: 443 });
        }
        expect(rule.values["ip_protocol"] === "-1" && rule.values["cidr_ipv4"] === "0.0.0.0/0").toBe(false);
      }
    });

    test("private interface endpoints with private DNS and account-restricted policies, plus an S3 gateway endpoint", () => {
      const endpoints = of("aws_vpc_endpoint");
      const services = endpoints.map((endpoint) => String(endpoint.values["service_name"]).replace(`com.amazonaws.${config.region}.`, "")).sort();
      expect(services).toEqual(["ec2messages", "ecr.api", "ecr.dkr", "eks", "kms", "logs", "s3", "secretsmanager", "ssm", "ssmmessages", "sts"]);
      for (const endpoint of endpoints) {
        const policy = JSON.parse(String(endpoint.values["policy"]));
        expect(policy.Statement[0].Condition).toEqual({ StringEquals: { "aws:PrincipalAccount": config.accountId } });
        if (endpoint.values["vpc_endpoint_type"] === "Interface") expect(endpoint.values["private_dns_enabled"]).toBe(true);
      }
    });

    test("VPC Block Public Access blocks both directions, excluding only edge subnets", () => {
      expect(of("aws_vpc_block_public_access_options").map((options) => options.values["internet_gateway_block_mode"])).toEqual(["block-bidirectional"]);
      const subnetTier = new Map(of("aws_subnet").map((subnet) => [subnet.address, tier(subnet)]));
      const excluded = of("aws_vpc_block_public_access_exclusion").map((exclusion) => subnetTier.get(referencedAddress(exclusion.values["subnet_id"])!));
      expect(excluded).toEqual(Array(config.azCount).fill("edge"));
    });

    test("the synthesized plan passes every NET-01 rule", () => {
      expect(findingsFor(synthesizedPlans(), "NET-01")).toEqual([]);
    });
  });

  describe("check reports NET-01 when the real plan is weakened", () => {
    const rulesFired = (mutate: (plans: ReturnType<typeof synthesizedPlans>) => void) => {
      const plans = synthesizedPlans();
      mutate(plans);
      return [...new Set(findingsFor(plans, "NET-01").map((finding) => finding.rule))];
    };
    const mcpGroup = (plans: ReturnType<typeof synthesizedPlans>) => stackResources(plans, "prod", "aws_security_group").find((group) => tier(group) === "mcp")!;

    test("a subnet maps public IPs on launch", () => {
      expect(rulesFired((plans) => (stackResources(plans, "prod", "aws_subnet").find((s) => tier(s) === "mcp")!.values["map_public_ip_on_launch"] = true))).toEqual([
        "net-01-no-public-ip-on-launch",
      ]);
    });

    test("the mcp tier gets an internet gateway route", () => {
      expect(
        rulesFired((plans) => {
          const table = stackResources(plans, "prod", "aws_route_table").find((t) => tier(t) === "mcp")!;
          const igw = stackResources(plans, "prod", "aws_internet_gateway")[0];
          addResource(plans, "prod", "aws_route", "mcp-to-igw", { route_table_id: `\${${table.address}.id}`, destination_cidr_block: "0.0.0.0/0", gateway_id: `\${${igw.address}.id}` });
        }),
      ).toEqual(["net-01-private-tier-no-internet-route"]);
    });

    test("SSH is opened to 0.0.0.0/0", () => {
      expect(
        rulesFired((plans) =>
          addResource(plans, "prod", "aws_vpc_security_group_ingress_rule", "ssh-world", {
            security_group_id: `\${${mcpGroup(plans).address}.id}`,
            cidr_ipv4: "0.0.0.0/0",
            ip_protocol: "tcp",
            from_port: 22,
            to_port: 22,
          }),
        ),
      ).toEqual(["net-01-no-open-ingress"]);
    });

    test("the mcp tier may send everything to the internet", () => {
      expect(
        rulesFired((plans) =>
          addResource(plans, "prod", "aws_vpc_security_group_egress_rule", "all-out", { security_group_id: `\${${mcpGroup(plans).address}.id}`, cidr_ipv4: "0.0.0.0/0", ip_protocol: "-1" }),
        ),
      ).toEqual(["net-01-restricted-egress"]);
    });

    test("an inline security group rule admits a tier by address range", () => {
      expect(
        rulesFired((plans) => {
          mcpGroup(plans).values["ingress"] = [{ protocol: "tcp", from_port: 8080, to_port: 8080, cidr_blocks: ["10.30.0.0/16"] }];
        }),
      ).toEqual(["net-01-tier-security-groups"]);
    });

    test("an interface endpoint is removed", () => {
      expect(rulesFired((plans) => removeResources(plans, "prod", "aws_vpc_endpoint", (e) => String(e.values["service_name"]).endsWith(".eks")))).toEqual([
        "net-01-private-service-endpoints",
      ]);
    });

    test("an endpoint policy admits any account", () => {
      expect(
        rulesFired((plans) => {
          stackResources(plans, "prod", "aws_vpc_endpoint")[0].values["policy"] = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] });
        }),
      ).toEqual(["net-01-private-service-endpoints"]);
    });

    test("an mcp subnet is routed by the edge route table", () => {
      expect(
        rulesFired((plans) => {
          const edgeTable = stackResources(plans, "prod", "aws_route_table").find((t) => tier(t) === "edge")!;
          const subnets = new Map(stackResources(plans, "prod", "aws_subnet").map((s) => [s.address, tier(s)]));
          const association = stackResources(plans, "prod", "aws_route_table_association").find((a) => subnets.get(referencedAddress(a.values["subnet_id"])!) === "mcp")!;
          association.values["route_table_id"] = `\${${edgeTable.address}.id}`;
        }),
      ).toEqual(["net-01-private-tier-no-internet-route", "net-01-tier-segmentation"]);
    });

    test("VPC Block Public Access is dropped", () => {
      expect(rulesFired((plans) => removeResources(plans, "prod", "aws_vpc_block_public_access_options"))).toEqual(["net-01-vpc-block-public-access"]);
    });

    test("the flow log is deleted", () => {
      expect(rulesFired((plans) => removeResources(plans, "prod", "aws_flow_log"))).toEqual(["log-02-vpc-flow-logs"]);
    });
  });
});
