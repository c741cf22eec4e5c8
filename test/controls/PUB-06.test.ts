import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { DnsFirewall, awsPlatformDomains } from "../../constructs/dns-firewall";
import { EgressFirewall } from "../../constructs/egress-firewall";
import { EnvironmentKey } from "../../constructs/environment-key";
import { McpEgressMode, McpNetwork } from "../../constructs/mcp-network";
import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { loadStacks, runPolicies } from "../../policies/engine";
import { referencedAddress } from "../../policies/terraform";
import { addResource, findingsFor, removeResources, stackResources, synthesizedPlans, tempDir, tier } from "../support/plans";

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
            if (entry["cidr_block"] === "0.0.0.0/0") expect([[1024, 3388], [3390, 65535]]).toContainEqual([entry["from_port"], entry["to_port"]]);
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

    test("a NACL's return-traffic range from the internet covers RDP or SSH again (Checkov CKV_AWS_231/232)", () => {
      const internetIngress = (plans: ReturnType<typeof synthesizedPlans>, environment: string, tierName: string) =>
        (stackResources(plans, environment, "aws_network_acl").find((candidate) => tier(candidate) === tierName)!.values["ingress"] as Record<string, unknown>[]).filter((entry) => entry["cidr_block"] === "0.0.0.0/0");
      expect(
        rulesFired((plans) => {
          const [low, high] = internetIngress(plans, "prod", "edge").filter((entry) => Number(entry["from_port"]) >= 1024);
          low["to_port"] = 65535;
          high["from_port"] = 1024;
        }),
      ).toEqual(["pub-06-nacl-no-internet-admin-ports"]);
      expect(rulesFired((plans) => (internetIngress(plans, "dev", "mcp")[0]["to_port"] = 3389))).toEqual(["pub-06-nacl-no-internet-admin-ports", "pub-06-network-acl-explicit"]);
      expect(
        rulesFired((plans) => {
          const edge = stackResources(plans, "test", "aws_network_acl").find((candidate) => tier(candidate) === "edge")!;
          (edge.values["ingress"] as unknown[]).push({ action: "allow", rule_no: 900, protocol: "tcp", cidr_block: "0.0.0.0/0", from_port: 22, to_port: 22 });
        }),
      ).toEqual(["pub-06-nacl-no-internet-admin-ports"]);
      expect(
        rulesFired((plans) =>
          addResource(plans, "prod", "aws_network_acl_rule", "rdp", { network_acl_id: "x", rule_number: 90, egress: false, protocol: "tcp", rule_action: "allow", cidr_block: "0.0.0.0/0", from_port: 3000, to_port: 4000 }),
        ),
      ).toEqual(["pub-06-nacl-no-internet-admin-ports"]);
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

describe("PUB-06 strict firewall configuration (egress firewall part: default drop, every mcp packet inspected)", () => {
  type Plans = ReturnType<typeof synthesizedPlans>;
  type Policy = {
    stateless_default_actions: string[];
    stateless_fragment_default_actions: string[];
    stateful_default_actions: string[];
    stateful_engine_options: { rule_order: string; stream_exception_policy: string };
    stateful_rule_group_reference: { priority: number; resource_arn: string }[];
    policy_variables: unknown;
  };
  const policyBody = (plans: Plans, environment: string) => stackResources(plans, environment, "aws_networkfirewall_firewall_policy")[0].values["firewall_policy"] as Policy;

  describe.each(BUILT_IN_ENVIRONMENTS.map((environment) => [environment.name, environment] as const))("in %s", (environment, config) => {
    const plans = synthesizedPlans();
    const of = (type: string) => stackResources(plans, environment, type);
    const keyArn = () => `\${${of("aws_kms_key")[0].address}.arn}`;

    test("one firewall in the VPC, one endpoint per AZ in the firewall subnets, encrypted and change-protected", () => {
      const [firewall] = of("aws_networkfirewall_firewall");
      expect(of("aws_networkfirewall_firewall")).toHaveLength(1);
      const firewallSubnets = of("aws_subnet").filter((subnet) => tier(subnet) === "firewall");
      expect(firewall.values).toMatchObject({
        name: `mcp-${environment}-egress`,
        vpc_id: `\${${of("aws_vpc")[0].address}.id}`,
        firewall_policy_arn: `\${${of("aws_networkfirewall_firewall_policy")[0].address}.arn}`,
        delete_protection: config.production,
        subnet_change_protection: true,
        firewall_policy_change_protection: true,
        encryption_configuration: { type: "CUSTOMER_KMS", key_id: keyArn() },
        enabled_analysis_types: ["HTTP_HOST", "TLS_SNI"],
        subnet_mapping: firewallSubnets.map((subnet) => ({ subnet_id: `\${${subnet.address}.id}`, ip_address_type: "IPV4" })),
      });
      expect(firewallSubnets).toHaveLength(config.azCount);
    });

    test("the policy forwards everything to the strict-order stateful engine, which drops and alerts by default", () => {
      const policy = of("aws_networkfirewall_firewall_policy")[0];
      expect(policy.values["encryption_configuration"]).toEqual({ type: "CUSTOMER_KMS", key_id: keyArn() });
      const body = policyBody(plans, environment);
      expect(body).toMatchObject({
        stateless_default_actions: ["aws:forward_to_sfe"],
        stateless_fragment_default_actions: ["aws:forward_to_sfe"],
        stateful_default_actions: ["aws:drop_strict", "aws:alert_strict"],
        stateful_engine_options: { rule_order: "STRICT_ORDER", stream_exception_policy: "REJECT" },
        policy_variables: { rule_variables: [{ key: "HOME_NET", ip_set: { definition: [config.vpcCidr] } }] },
      });
      expect(body).not.toHaveProperty("stateless_rule_group_reference");
      const groups = new Map(of("aws_networkfirewall_rule_group").map((group) => [`\${${group.address}.arn}`, group.values["name"]]));
      const managed = (name: string) => `arn:aws:network-firewall:${config.region}:aws-managed:stateful-rulegroup/${name}`;
      expect(body.stateful_rule_group_reference.map((reference) => [reference.priority, groups.get(reference.resource_arn) ?? reference.resource_arn])).toEqual([
        [100, `mcp-${environment}-egress-threats`],
        [150, `mcp-${environment}-egress-threat-intel`],
        [200, managed("AbusedLegitMalwareDomainsStrictOrder")],
        [210, managed("MalwareDomainsStrictOrder")],
        [220, managed("AbusedLegitBotNetCommandAndControlDomainsStrictOrder")],
        [230, managed("BotNetCommandAndControlDomainsStrictOrder")],
        [240, managed("ThreatSignaturesBotnetStrictOrder")],
        [250, managed("ThreatSignaturesBotnetWebStrictOrder")],
        [260, managed("ThreatSignaturesMalwareStrictOrder")],
        [270, managed("ThreatSignaturesEmergingEventsStrictOrder")],
        [280, managed("ThreatSignaturesIOCStrictOrder")],
        [290, managed("ThreatSignaturesPhishingStrictOrder")],
        [300, managed("ThreatSignaturesScannersStrictOrder")],
        [900, `mcp-${environment}-egress-handshake`],
        [1000, `mcp-${environment}-egress-allowlist`],
      ]);
      for (const group of of("aws_networkfirewall_rule_group")) {
        expect(group.values).toMatchObject({ type: "STATEFUL", encryption_configuration: { type: "CUSTOMER_KMS", key_id: keyArn() }, rule_group: { stateful_rule_options: { rule_order: "STRICT_ORDER" } } });
      }
    });

    test("the handshake group passes only not-yet-established TCP packets to 80 and 443", () => {
      const handshake = of("aws_networkfirewall_rule_group").find((group) => group.values["name"] === `mcp-${environment}-egress-handshake`)!;
      expect((handshake.values["rule_group"] as { rules_source: { rules_string: string } }).rules_source.rules_string).toBe(
        'pass tcp $HOME_NET any <> $EXTERNAL_NET [80,443] (msg:"TCP handshake to ports 80 and 443 so the domain allowlist can see the TLS SNI or HTTP Host"; flow:not_established; sid:9000001; rev:1;)\n',
      );
    });

    test("mcp subnets route to the firewall endpoint of their AZ, firewall subnets to NAT, and NAT routes mcp subnets back through the same endpoint", () => {
      const [firewall] = of("aws_networkfirewall_firewall");
      const endpointOf = (az: string) =>
        `\${element([ for key, val in toset(tolist(${firewall.address}.firewall_status[0].sync_states)): val.attachment[0].endpoint_id if val.availability_zone == "${az}"], 0)}`;
      const tableOfSubnet = new Map(of("aws_route_table_association").map((association) => [referencedAddress(association.values["subnet_id"]), referencedAddress(association.values["route_table_id"])]));
      const routesOf = (table: string | undefined) => of("aws_route").filter((route) => referencedAddress(route.values["route_table_id"]) === table).map((route) => route.values);
      const nats = of("aws_nat_gateway");
      const mcpSubnets = of("aws_subnet").filter((subnet) => tier(subnet) === "mcp");
      for (const subnet of mcpSubnets) {
        expect(routesOf(tableOfSubnet.get(subnet.address))).toEqual([expect.objectContaining({ destination_cidr_block: "0.0.0.0/0", vpc_endpoint_id: endpointOf(String(subnet.values["availability_zone"])) })]);
      }
      for (const [index, subnet] of of("aws_subnet").filter((candidate) => tier(candidate) === "firewall").entries()) {
        const nat = nats[Math.min(index, nats.length - 1)];
        expect(routesOf(tableOfSubnet.get(subnet.address))).toEqual([expect.objectContaining({ destination_cidr_block: "0.0.0.0/0", nat_gateway_id: `\${${nat.address}.id}` })]);
      }
      expect(nats).toHaveLength(config.production ? config.azCount : 1);
      for (const nat of nats) {
        const routes = routesOf(tableOfSubnet.get(referencedAddress(nat.values["subnet_id"])));
        expect(routes.map((route) => [route.destination_cidr_block, route.vpc_endpoint_id ?? route.gateway_id]).sort()).toEqual(
          [
            ["0.0.0.0/0", `\${${of("aws_internet_gateway")[0].address}.id}`],
            ...mcpSubnets.map((subnet) => [subnet.values["cidr_block"], endpointOf(String(subnet.values["availability_zone"]))]),
          ].sort(),
        );
      }
    });

    test("the load balancer subnets keep only the internet route: their traffic to the mcp tier stays symmetric, off the firewall", () => {
      const natSubnets = new Set(of("aws_nat_gateway").map((nat) => referencedAddress(nat.values["subnet_id"])));
      const tables = new Set(
        of("aws_route_table_association")
          .filter((association) => {
            const subnet = of("aws_subnet").find((candidate) => candidate.address === referencedAddress(association.values["subnet_id"]))!;
            return tier(subnet) === "edge" && !natSubnets.has(subnet.address);
          })
          .map((association) => referencedAddress(association.values["route_table_id"])),
      );
      expect(tables.size).toBe(1);
      expect(of("aws_route").filter((route) => tables.has(referencedAddress(route.values["route_table_id"]))).map((route) => route.values["destination_cidr_block"])).toEqual(["0.0.0.0/0"]);
    });

    test("the firewall subnets' NACL admits the VPC and internet return traffic only, and sends the VPC and TLS only", () => {
      const acl = of("aws_network_acl").find((candidate) => tier(candidate) === "firewall")!;
      const entries = (direction: string) => (acl.values[direction] as Record<string, unknown>[]).map((entry) => `${String(entry["protocol"])} ${String(entry["cidr_block"])} ${String(entry["from_port"])}-${String(entry["to_port"])}`);
      expect(entries("ingress")).toEqual([`-1 ${config.vpcCidr} 0-0`, "tcp 0.0.0.0/0 1024-3388", "tcp 0.0.0.0/0 3390-65535"]);
      expect(entries("egress")).toEqual([`-1 ${config.vpcCidr} 0-0`, "tcp 0.0.0.0/0 443-443"]);
    });

    test("the synthesized plan passes every PUB-06 rule", () => {
      expect(findingsFor(synthesizedPlans(), "PUB-06")).toEqual([]);
    });
  });

  describe("check reports PUB-06 when the egress firewall is weakened", () => {
    const rulesFired = (mutate: (plans: Plans) => void) => {
      const plans = synthesizedPlans();
      mutate(plans);
      return [...new Set(findingsFor(plans, "PUB-06").map((finding) => finding.rule))];
    };

    test("the stateless default passes packets instead of forwarding them", () => {
      expect(rulesFired((plans) => (policyBody(plans, "prod").stateless_default_actions = ["aws:pass"]))).toEqual(["pub-06-egress-firewall-default-drop"]);
    });

    test("fragments are passed", () => {
      expect(rulesFired((plans) => (policyBody(plans, "dev").stateless_fragment_default_actions = ["aws:pass"]))).toEqual(["pub-06-egress-firewall-default-drop"]);
    });

    test("the stateful default no longer drops", () => {
      expect(rulesFired((plans) => (policyBody(plans, "prod").stateful_default_actions = ["aws:alert_strict"]))).toEqual(["pub-06-egress-firewall-default-drop"]);
    });

    test("the stateful default drops without alerting", () => {
      expect(rulesFired((plans) => (policyBody(plans, "test").stateful_default_actions = ["aws:drop_strict"]))).toEqual(["pub-06-egress-firewall-default-drop"]);
    });

    test("rules are evaluated in action order", () => {
      expect(rulesFired((plans) => (policyBody(plans, "prod").stateful_engine_options.rule_order = "DEFAULT_ACTION_ORDER"))).toEqual(["pub-06-egress-firewall-default-drop"]);
    });

    test("a stateless rule group passes traffic around the stateful engine", () => {
      expect(
        rulesFired((plans) => {
          addResource(plans, "prod", "aws_networkfirewall_rule_group", "bypass", {
            name: "bypass",
            type: "STATELESS",
            capacity: 10,
            rule_group: { rules_source: { stateless_rules_and_custom_actions: { stateless_rule: [{ priority: 1, rule_definition: { actions: ["aws:pass"], match_attributes: {} } }] } } },
          });
          Object.assign(policyBody(plans, "prod"), { stateless_rule_group_reference: [{ priority: 1, resource_arn: "${aws_networkfirewall_rule_group.bypass.arn}" }] });
        }),
      ).toEqual(["pub-06-egress-firewall-default-drop"]);
    });

    test("an mcp subnet routes straight to NAT, bypassing the firewall", () => {
      expect(
        rulesFired((plans) => {
          const route = stackResources(plans, "prod", "aws_route").find((candidate) => candidate.name.startsWith("network_mcp-egress-route-"))!;
          delete route.values["vpc_endpoint_id"];
          route.values["nat_gateway_id"] = `\${${stackResources(plans, "prod", "aws_nat_gateway")[0].address}.id}`;
        }),
      ).toEqual(["pub-06-mcp-egress-through-firewall"]);
    });

    test("an mcp subnet routes to the firewall endpoint of another AZ", () => {
      expect(
        rulesFired((plans) => {
          const route = stackResources(plans, "prod", "aws_route").find((candidate) => candidate.name.startsWith("network_mcp-egress-route-eu-central-1a"))!;
          route.values["vpc_endpoint_id"] = String(route.values["vpc_endpoint_id"]).replace('"eu-central-1a"', '"eu-central-1b"');
        }),
      ).toEqual(["pub-06-mcp-egress-through-firewall"]);
    });

    test("an mcp route targets a literal endpoint ID that cannot be shown to be the firewall's", () => {
      expect(
        rulesFired((plans) => {
          stackResources(plans, "dev", "aws_route").find((candidate) => candidate.name.startsWith("network_mcp-egress-route-"))!.values["vpc_endpoint_id"] = "vpce-0123456789abcdef0";
        }),
      ).toEqual(["pub-06-mcp-egress-through-firewall"]);
    });

    test("NAT's return route to an mcp subnet skips the firewall", () => {
      expect(rulesFired((plans) => removeResources(plans, "prod", "aws_route", (route) => route.name.startsWith("network_edge-nat-return-route-eu-central-1b-eu-central-1c")))).toEqual([
        "pub-06-mcp-egress-through-firewall",
      ]);
    });

    test("a firewall subnet loses its route to NAT", () => {
      expect(rulesFired((plans) => removeResources(plans, "test", "aws_route", (route) => route.name.startsWith("network_firewall-egress-route-")))).toEqual(["pub-06-mcp-egress-through-firewall"]);
    });
  });
});

describe("PUB-06 egress inspection in the construct library: on by default, off only by a named option that check reports", () => {
  const zones = ["eu-west-1a", "eu-west-1b"];
  const compose = (mcpEgress: McpEgressMode | undefined, withFirewall: boolean) => {
    const outdir = path.join(tempDir("egress-library"), "cdktf.out");
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "platform-mcp");
    new AwsProvider(stack, "aws", { region: "eu-west-1", allowedAccountIds: ["123456789012"] });
    const key = new EnvironmentKey(stack, "key", { accountId: "123456789012", region: "eu-west-1", administratorRoleArns: ["arn:aws:iam::123456789012:role/platform-deploy"], aliasName: "platform-mcp" });
    const network = new McpNetwork(stack, "network", { name: "platform-mcp", cidrBlock: "10.50.0.0/16", availabilityZones: zones, ...(mcpEgress ? { mcpEgress } : {}) });
    if (withFirewall) {
      const firewall = new EgressFirewall(stack, "egress", {
        name: "platform-mcp",
        vpcId: network.vpc.id,
        homeNetCidrs: ["10.50.0.0/16"],
        availabilityZones: network.availabilityZones,
        subnetIds: network.subnetIds("firewall"),
        region: "eu-west-1",
        allowedDomains: ["api.example.com"],
        kmsKeyArn: key.arn,
        alertLogGroupName: "/platform-mcp/firewall/alert",
        flowLogGroupName: "/platform-mcp/firewall/flow",
        logRetentionInDays: 365,
        alarmActions: [new SnsTopic(stack, "alerts", { name: "platform-mcp-alerts", kmsMasterKeyId: key.arn }).arn],
      });
      network.routeEgressThroughFirewall(firewall.endpointIds);
      new DnsFirewall(stack, "dns", {
        name: "platform-mcp",
        vpcId: network.vpc.id,
        allowedDomains: [...awsPlatformDomains("eu-west-1"), "api.example.com"],
        kmsKeyArn: key.arn,
        queryLogGroupName: "/platform-mcp/dns-queries",
        logRetentionInDays: 365,
      });
    }
    app.synth();
    const report = runPolicies({ stacks: loadStacks(outdir), kubernetes: [] });
    const egressRules = ["pub-06-egress-firewall-default-drop", "pub-06-mcp-egress-through-firewall", "pub-07-idps-rules-and-logging", "net-01-egress-domain-allowlist"];
    return { network, findings: report.findings.filter((finding) => egressRules.includes(finding.rule)).map((finding) => `${finding.rule} ${finding.resource}`) };
  };

  test("an EgressFirewall and a DnsFirewall with no weakening options satisfy every egress rule", () => {
    const { findings } = compose(undefined, true);
    expect(findings).toEqual([]);
  });

  test("a network with no firewall placed has no mcp egress route at all, and check names the missing IDPS and DNS firewall", () => {
    const { findings } = compose(undefined, false);
    expect(findings).toEqual([
      "net-01-egress-domain-allowlist aws_vpc.network_vpc_4E8F0223",
      "net-01-egress-domain-allowlist aws_vpc.network_vpc_4E8F0223",
      "pub-07-idps-rules-and-logging aws_vpc.network_vpc_4E8F0223",
    ]);
  });

  test('mcpEgress "nat-without-inspection" routes the mcp tier straight to NAT, and check reports every bypassing route', () => {
    const { findings, network } = compose("nat-without-inspection", false);
    expect(network.subnets.firewall).toEqual([]);
    expect(findings.filter((finding) => finding.startsWith("pub-06-mcp-egress-through-firewall"))).toEqual([
      "pub-06-mcp-egress-through-firewall aws_nat_gateway.network_nat-eu-west-1a_90D93E34",
      "pub-06-mcp-egress-through-firewall aws_nat_gateway.network_nat-eu-west-1a_90D93E34",
      "pub-06-mcp-egress-through-firewall aws_nat_gateway.network_nat-eu-west-1b_A4E3D0EF",
      "pub-06-mcp-egress-through-firewall aws_nat_gateway.network_nat-eu-west-1b_A4E3D0EF",
      "pub-06-mcp-egress-through-firewall aws_route.network_mcp-egress-route-eu-west-1a_668B646D",
      "pub-06-mcp-egress-through-firewall aws_route.network_mcp-egress-route-eu-west-1b_2B55759F",
    ]);
  });

  test("misuse is refused with the field and the fix", () => {
    const scope = new TerraformStack(new App({ outdir: tempDir("egress-bad") }), "bad");
    const network = new McpNetwork(scope, "n", { name: "x", cidrBlock: "10.50.0.0/16", availabilityZones: zones });
    expect(() => network.routeEgressThroughFirewall(["vpce-1"])).toThrow("McpNetwork routeEgressThroughFirewall needs one endpoint per AZ (2), got 1.");
    network.routeEgressThroughFirewall(["vpce-1", "vpce-2"]);
    expect(() => network.routeEgressThroughFirewall(["vpce-1", "vpce-2"])).toThrow(/already called: a network has one egress firewall/);
    const unfiltered = new McpNetwork(scope, "u", { name: "y", cidrBlock: "10.60.0.0/16", availabilityZones: zones, mcpEgress: "nat-without-inspection" });
    expect(() => unfiltered.routeEgressThroughFirewall(["vpce-1", "vpce-2"])).toThrow(/needs mcpEgress "firewall", but this network has "nat-without-inspection"/);
    const base = { name: "x", vpcId: "vpc-1", homeNetCidrs: ["10.50.0.0/16"], availabilityZones: zones, subnetIds: ["s-1", "s-2"], region: "eu-west-1", kmsKeyArn: "k", alertLogGroupName: "/a", flowLogGroupName: "/f", logRetentionInDays: 30 };
    expect(() => new EgressFirewall(scope, "f1", { ...base, allowedDomains: ["*.com"] })).toThrow('EgressFirewall allowedDomains must be lower-case names like "api.github.com" or "*.example.com", got "*.com".');
    expect(() => new EgressFirewall(scope, "f2", { ...base, subnetIds: ["s-1"] })).toThrow("EgressFirewall needs one subnet per availability zone: got 1 subnet(s) for 2 zone(s).");
    expect(() => new DnsFirewall(scope, "d1", { name: "x", vpcId: "vpc-1", allowedDomains: ["1.2.3.4"], kmsKeyArn: "k", queryLogGroupName: "/q", logRetentionInDays: 30 })).toThrow(/DnsFirewall allowedDomains must list lower-case names/);
  });
});
