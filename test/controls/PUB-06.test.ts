import { referencedAddress } from "../../policies/terraform";
import { findingsFor, stackResources, synthesizedPlans, tier } from "../support/plans";

describe("PUB-06 strict firewall configuration (security group and NACL part)", () => {
  describe.each(["dev", "test", "prod"])("in %s", (environment) => {
    const plans = synthesizedPlans();
    const of = (type: string) => stackResources(plans, environment, type);

    test("the default security group is managed with no rules", () => {
      const [group] = of("aws_default_security_group");
      expect(group.values).toMatchObject({ ingress: [], egress: [] });
      expect(referencedAddress(group.values["vpc_id"])).toBe(of("aws_vpc")[0].address);
    });

    test("the default network ACL is managed with no entries", () => {
      const [acl] = of("aws_default_network_acl");
      expect(acl.values).toMatchObject({ ingress: [], egress: [], default_network_acl_id: `\${${of("aws_vpc")[0].address}.default_network_acl_id}` });
    });

    test("security groups carry no inline rules: every rule is an explicit resource", () => {
      for (const group of of("aws_security_group")) {
        expect(group.values["ingress"]).toBeUndefined();
        expect(group.values["egress"]).toBeUndefined();
        expect(tier(group)).toBeDefined();
      }
    });

    test("NACLs never allow all protocols to or from the internet; private tiers admit only ephemeral return traffic", () => {
      for (const acl of of("aws_network_acl")) {
        for (const entry of [...(acl.values["ingress"] as Record<string, unknown>[]), ...(acl.values["egress"] as Record<string, unknown>[])]) {
          if (entry["cidr_block"] === "0.0.0.0/0") expect(entry["protocol"]).toBe("tcp");
        }
        if (tier(acl) !== "edge") {
          for (const entry of acl.values["ingress"] as Record<string, unknown>[]) {
            if (entry["cidr_block"] === "0.0.0.0/0") expect(entry).toMatchObject({ from_port: 1024, to_port: 65535 });
          }
        }
      }
    });
  });

  describe("check reports PUB-06 when the real plan is weakened", () => {
    const rulesFired = (mutate: (plans: ReturnType<typeof synthesizedPlans>) => void) => {
      const plans = synthesizedPlans();
      mutate(plans);
      return [...new Set(findingsFor(plans, "PUB-06").map((finding) => finding.rule))];
    };

    test("the default security group gets a rule", () => {
      expect(
        rulesFired((plans) => {
          stackResources(plans, "prod", "aws_default_security_group")[0].values["ingress"] = [{ protocol: "-1", from_port: 0, to_port: 0, self: true }];
        }),
      ).toEqual(["pub-06-default-security-group-closed"]);
    });

    test("the default security group is no longer managed", () => {
      expect(
        rulesFired((plans) => {
          const block = plans.stacks.find((s) => s.name === "mcp-test")!.json["resource"] as Record<string, unknown>;
          delete block["aws_default_security_group"];
        }),
      ).toEqual(["pub-06-default-security-group-closed"]);
    });

    test("the default network ACL allows traffic", () => {
      expect(
        rulesFired((plans) => {
          stackResources(plans, "dev", "aws_default_network_acl")[0].values["ingress"] = [{ action: "allow", rule_no: 100, protocol: "-1", cidr_block: "0.0.0.0/0", from_port: 0, to_port: 0 }];
        }),
      ).toEqual(["pub-06-default-network-acl-closed"]);
    });

    test("the data tier NACL admits the internet on a service port", () => {
      expect(
        rulesFired((plans) => {
          const acl = stackResources(plans, "prod", "aws_network_acl").find((candidate) => tier(candidate) === "data")!;
          (acl.values["ingress"] as unknown[]).push({ action: "allow", rule_no: 900, protocol: "tcp", cidr_block: "0.0.0.0/0", from_port: 5432, to_port: 5432 });
        }),
      ).toEqual(["pub-06-network-acl-explicit"]);
    });

    test("SSH is opened to the internet on the bastion's group", () => {
      expect(
        rulesFired((plans) => {
          const admin = stackResources(plans, "prod", "aws_vpc_security_group_ingress_rule").find((rule) => String(rule.values["description"]).startsWith("SSH"))!;
          admin.values["cidr_ipv4"] = "0.0.0.0/0";
        }),
      ).toEqual(["net-01-no-open-ingress"]);
    });
  });
});
