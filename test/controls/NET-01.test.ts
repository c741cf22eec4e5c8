import { EGRESS_THREAT_DOMAINS } from "../../constructs/egress-threat-domains";
import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { jwksHost } from "../../environments/gateway-checks";
import { referencedAddress } from "../../policies/terraform";
import { addResource, findingsFor, removeResources, stackResources, synthesizedPlans, tier } from "../support/plans";
import { nodeLaunchTemplate, only, ref, rulesFired as controlRulesFired } from "../support/compute";

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
      for (const name of ["edge", "mcp", "admin", "data", "firewall"]) {
        const inTier = subnets.filter((subnet) => tier(subnet) === name);
        expect(new Set(inTier.map((subnet) => subnet.values["availability_zone"])).size).toBe(config.azCount);
      }
      expect(config.azCount).toBeGreaterThanOrEqual(config.production ? 3 : 2);
      for (const subnet of subnets) expect(subnet.values["map_public_ip_on_launch"]).toBe(false);
    });

    test("only edge route tables route to the internet gateway; the mcp tier egresses through the firewall endpoint of its AZ, the firewall through NAT", () => {
      const tables = new Map(of("aws_route_table").map((table) => [table.address, tier(table)]));
      const firewall = of("aws_networkfirewall_firewall")[0];
      const natCount = config.production ? config.azCount : 1;
      const endpointOf = (az: string) =>
        `\${element([ for key, val in toset(tolist(${firewall.address}.firewall_status[0].sync_states)): val.attachment[0].endpoint_id if val.availability_zone == "${az}"], 0)}`;
      for (const route of of("aws_route")) {
        const tableTier = tables.get(referencedAddress(route.values["route_table_id"])!);
        const target = referencedAddress(route.values["gateway_id"]) ?? referencedAddress(route.values["nat_gateway_id"]);
        if (target?.startsWith("aws_internet_gateway.")) expect(tableTier).toBe("edge");
        if (tableTier === "mcp") expect(route.values["vpc_endpoint_id"]).toBe(endpointOf(route.name.match(/mcp-egress-route-([a-z0-9-]+)_/)![1]));
        if (tableTier === "firewall") expect(target).toMatch(/^aws_nat_gateway\./);
      }
      expect(of("aws_route").filter((route) => referencedAddress(route.values["gateway_id"])?.startsWith("aws_internet_gateway."))).toHaveLength(1 + natCount);
      expect(of("aws_route").filter((route) => tables.get(referencedAddress(route.values["route_table_id"])!) === "mcp")).toHaveLength(config.azCount);
    });

    test("each tier has its own route tables and NACL", () => {
      const subnetTier = new Map(of("aws_subnet").map((subnet) => [subnet.address, tier(subnet)]));
      const tableTier = new Map(of("aws_route_table").map((table) => [table.address, tier(table)]));
      for (const association of of("aws_route_table_association")) {
        expect(tableTier.get(referencedAddress(association.values["route_table_id"])!)).toBe(subnetTier.get(referencedAddress(association.values["subnet_id"])!));
      }
      expect(of("aws_route_table_association")).toHaveLength(subnetTier.size);
      const acls = of("aws_network_acl");
      expect(acls.map(tier).sort()).toEqual(["admin", "data", "edge", "firewall", "mcp"]);
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
      expect(services).toEqual(["ec2", "ec2messages", "ecr.api", "ecr.dkr", "eks", "imagebuilder", "kms", "logs", "s3", "secretsmanager", "ssm", "ssmmessages", "sts", "xray"]);
      for (const endpoint of endpoints) {
        const policy = JSON.parse(String(endpoint.values["policy"]));
        expect(policy.Statement[0].Condition).toEqual({ StringEquals: { "aws:PrincipalAccount": config.accountId } });
        if (endpoint.values["vpc_endpoint_type"] === "Interface") expect(endpoint.values["private_dns_enabled"]).toBe(true);
      }
    });

    test("hosts without internet (admin, mcp) reach S3 only through the gateway endpoint, and foreign principals only read AWS's service buckets", () => {
      const [s3] = of("aws_vpc_endpoint").filter((endpoint) => endpoint.values["vpc_endpoint_type"] === "Gateway");
      const region = config.region;
      expect(JSON.parse(String(s3.values["policy"])).Statement[1]).toEqual({
        Sid: "AllowReadingAwsServiceBuckets",
        Effect: "Allow",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: [
          `arn:aws:s3:::al2023-repos-${region}-de612dc2/*`,
          `arn:aws:s3:::amazon-ssm-${region}/*`,
          `arn:aws:s3:::aws-ssm-${region}/*`,
          `arn:aws:s3:::ec2imagebuilder-managed-resources-${region}-prod/components/*`,
          `arn:aws:s3:::ec2imagebuilder-toe-${region}-prod/*`,
          `arn:aws:s3:::prod-${region}-starport-layer-bucket/*`,
        ],
      });
      const toS3 = of("aws_vpc_security_group_egress_rule").filter((rule) => rule.values["prefix_list_id"] === `\${${s3.address}.prefix_list_id}`);
      expect(toS3.map((rule) => [referencedAddress(rule.values["security_group_id"]), rule.values["ip_protocol"], rule.values["from_port"], rule.values["to_port"]]).sort()).toEqual(
        ["admin", "mcp"].map((tierName) => [of("aws_security_group").find((group) => group.values["name"] === `mcp-${environment}-${tierName}`)!.address, "tcp", 443, 443])
      );
      const adminAcl = of("aws_network_acl").find((acl) => tier(acl) === "admin")!;
      const internet = (entries: unknown) => (entries as { cidr_block: string; protocol: string; from_port: number; to_port: number }[]).filter((entry) => entry.cidr_block === "0.0.0.0/0").map((entry) => [entry.protocol, entry.from_port, entry.to_port]);
      expect(internet(adminAcl.values["egress"])).toEqual([["tcp", 443, 443]]);
      expect(internet(adminAcl.values["ingress"])).toEqual([
        ["tcp", 1024, 3388],
        ["tcp", 3390, 65535],
      ]);
      const adminRoutes = of("aws_route").filter((route) => of("aws_route_table").some((table) => tier(table) === "admin" && referencedAddress(route.values["route_table_id"]) === table.address));
      expect(adminRoutes).toEqual([]);
    });

    test("an image pipeline without the imagebuilder endpoint is reported", () => {
      const weakened = synthesizedPlans();
      removeResources(weakened, environment, "aws_vpc_endpoint", (endpoint) => String(endpoint.values["service_name"]).endsWith(".imagebuilder"));
      expect(findingsFor(weakened, "NET-01").map((finding) => [finding.rule, finding.message])).toEqual([
        ["net-01-private-service-endpoints", "missing private endpoint(s): Interface imagebuilder"],
      ]);
    });

    test("VPC Block Public Access blocks both directions, excluding only edge subnets: load balancers both ways, NAT egress only", () => {
      expect(of("aws_vpc_block_public_access_options").map((options) => options.values["internet_gateway_block_mode"])).toEqual(["block-bidirectional"]);
      const subnetTier = new Map(of("aws_subnet").map((subnet) => [subnet.address, tier(subnet)]));
      const natSubnets = new Set(of("aws_nat_gateway").map((nat) => referencedAddress(nat.values["subnet_id"])));
      const excluded = of("aws_vpc_block_public_access_exclusion").map((exclusion) => {
        const subnet = referencedAddress(exclusion.values["subnet_id"])!;
        return `${subnetTier.get(subnet)} ${natSubnets.has(subnet) ? "nat" : "lb"} ${String(exclusion.values["internet_gateway_exclusion_mode"])}`;
      });
      const natCount = config.production ? config.azCount : 1;
      expect(excluded.sort()).toEqual([...Array(config.azCount).fill("edge lb allow-bidirectional"), ...Array(natCount).fill("edge nat allow-egress")]);
    });

    test("the egress firewall allowlists exactly the servers' declared domains and the gateway's JWKS host on TLS SNI and HTTP Host, as its last rule group", () => {
      const declared = [...new Set([...config.mcpServers.flatMap((server) => server.egressDomains), jwksHost(config)])].sort();
      const [allowlist] = of("aws_networkfirewall_rule_group").filter((group) => group.name.startsWith("egress-firewall_allowlist_"));
      expect(allowlist.values).toMatchObject({
        name: `mcp-${environment}-egress-allowlist`,
        type: "STATEFUL",
        rule_group: {
          rules_source: { rules_source_list: { generated_rules_type: "ALLOWLIST", target_types: ["HTTP_HOST", "TLS_SNI"], targets: declared.map((domain) => domain.replace(/^\*\./, ".")) } },
          stateful_rule_options: { rule_order: "STRICT_ORDER" },
        },
      });
      const references = (of("aws_networkfirewall_firewall_policy")[0].values["firewall_policy"] as { stateful_rule_group_reference: { priority: number; resource_arn: string }[] }).stateful_rule_group_reference;
      expect(references[references.length - 1]).toEqual({ priority: 1000, resource_arn: `\${${allowlist.address}.arn}` });
    });

    test("the DNS firewall blocks known-bad domains and threat-intel domains (TI-01, filled by the loader), allows the platform's AWS names and the declared domains, blocks the rest, and fails closed", () => {
      const declared = [...new Set([...config.mcpServers.flatMap((server) => server.egressDomains), jwksHost(config)])];
      const vpc = `\${${of("aws_vpc")[0].address}.id}`;
      const lists = new Map(of("aws_route53_resolver_firewall_domain_list").map((list) => [`\${${list.address}.id}`, list.values["domains"] as string[]]));
      const rules = of("aws_route53_resolver_firewall_rule")
        .sort((a, b) => Number(a.values["priority"]) - Number(b.values["priority"]))
        .map((rule) => ({ priority: rule.values["priority"], action: rule.values["action"], response: rule.values["block_response"], redirection: rule.values["firewall_domain_redirection_action"], domains: lists.get(String(rule.values["firewall_domain_list_id"])) }));
      expect(rules.map(({ domains, ...rest }) => ({ ...rest, domains: domains!.length }))).toEqual([
        { priority: 100, action: "BLOCK", response: "NXDOMAIN", redirection: undefined, domains: 2 * EGRESS_THREAT_DOMAINS.length },
        { priority: 150, action: "BLOCK", response: "NXDOMAIN", redirection: undefined, domains: 0 },
        { priority: 200, action: "ALLOW", response: undefined, redirection: "TRUST_REDIRECTION_DOMAIN", domains: 3 + declared.length },
        { priority: 300, action: "BLOCK", response: "NXDOMAIN", redirection: undefined, domains: 1 },
      ]);
      expect(rules[0].domains).toEqual(expect.arrayContaining(["pastebin.com", "*.pastebin.com", "cloudflare-dns.com", "*.cloudflare-dns.com", "onion", "*.onion"]));
      expect(rules[2].domains).toEqual(["*.amazonaws.com", `*.${config.region}.compute.internal`, "amazonaws.com", ...declared].sort());
      expect(rules[3].domains).toEqual(["*"]);
      const [association] = of("aws_route53_resolver_firewall_rule_group_association");
      expect(association.values).toMatchObject({ vpc_id: vpc, priority: 500, mutation_protection: config.production ? "ENABLED" : "DISABLED" });
      expect(of("aws_route53_resolver_firewall_config").map(({ values }) => [values["resource_id"], values["firewall_fail_open"]])).toEqual([[vpc, "DISABLED"]]);
      const [queryLog] = of("aws_route53_resolver_query_log_config");
      const group = of("aws_cloudwatch_log_group").find((candidate) => candidate.values["name"] === `/mcp/${environment}/dns-queries`)!;
      expect(queryLog.values["destination_arn"]).toBe(`\${${group.address}.arn}`);
      expect(group.values).toMatchObject({ retention_in_days: config.security.logRetentionDays, kms_key_id: `\${${of("aws_kms_key")[0].address}.arn}` });
      expect(of("aws_route53_resolver_query_log_config_association").map((logAssociation) => logAssociation.values["resource_id"])).toEqual([vpc]);
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
      ).toEqual(["net-01-private-tier-no-internet-route", "pub-06-mcp-egress-through-firewall"]);
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
      ).toEqual(["net-01-private-tier-no-internet-route", "pub-06-mcp-egress-through-firewall", "net-01-tier-segmentation"]);
    });

    const policyOf = (plans: ReturnType<typeof synthesizedPlans>) => stackResources(plans, "prod", "aws_networkfirewall_firewall_policy")[0];
    const statefulReferences = (plans: ReturnType<typeof synthesizedPlans>) =>
      (policyOf(plans).values["firewall_policy"] as { stateful_rule_group_reference: { resource_arn: string }[] }).stateful_rule_group_reference;

    test("the domain allowlist is removed from the firewall policy", () => {
      expect(
        rulesFired((plans) => {
          const references = statefulReferences(plans);
          references.splice(references.findIndex((reference) => reference.resource_arn.includes("egress-firewall_allowlist_")), 1);
        }),
      ).toEqual(["net-01-egress-domain-allowlist"]);
    });

    test("the allowlist stops matching HTTP Host", () => {
      expect(
        rulesFired((plans) => {
          const allowlist = stackResources(plans, "prod", "aws_networkfirewall_rule_group").find((group) => group.name.startsWith("egress-firewall_allowlist_"))!;
          (allowlist.values["rule_group"] as { rules_source: { rules_source_list: { target_types: string[] } } }).rules_source.rules_source_list.target_types = ["TLS_SNI"];
        }),
      ).toEqual(["net-01-egress-domain-allowlist"]);
    });

    test("a Suricata rule passes everything around the allowlist", () => {
      expect(
        rulesFired((plans) => {
          const threats = stackResources(plans, "prod", "aws_networkfirewall_rule_group").find((group) => group.name.startsWith("egress-firewall_threats_"))!;
          const source = (threats.values["rule_group"] as { rules_source: { rules_string: string } }).rules_source;
          source.rules_string = `pass tls $HOME_NET any -> $EXTERNAL_NET any (msg:"all TLS"; sid:1; rev:1;)\n${source.rules_string}`;
        }),
      ).toEqual(["net-01-egress-domain-allowlist"]);
    });

    test("the DNS firewall fails open", () => {
      expect(rulesFired((plans) => (stackResources(plans, "prod", "aws_route53_resolver_firewall_config")[0].values["firewall_fail_open"] = "ENABLED"))).toEqual([
        "net-01-egress-domain-allowlist",
      ]);
    });

    test("the DNS firewall only alerts on unlisted domains", () => {
      expect(
        rulesFired((plans) => {
          const last = stackResources(plans, "prod", "aws_route53_resolver_firewall_rule").find((rule) => rule.values["priority"] === 300)!;
          last.values["action"] = "ALERT";
          delete last.values["block_response"];
        }),
      ).toEqual(["net-01-egress-domain-allowlist"]);
    });

    test("the DNS firewall is detached from the VPC", () => {
      expect(rulesFired((plans) => removeResources(plans, "test", "aws_route53_resolver_firewall_rule_group_association"))).toEqual(["net-01-egress-domain-allowlist"]);
    });

    test("VPC Block Public Access is dropped", () => {
      expect(rulesFired((plans) => removeResources(plans, "prod", "aws_vpc_block_public_access_options"))).toEqual(["net-01-vpc-block-public-access"]);
    });

    test("the flow log is deleted", () => {
      expect(rulesFired((plans) => removeResources(plans, "prod", "aws_flow_log"))).toEqual(["log-02-vpc-flow-logs"]);
    });
  });
});

describe("NET-01 dedicated MCP security zone (the nodes and the Kubernetes API stay inside the zone)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const template = nodeLaunchTemplate(plans, environment);
    const mcpGroup = stackResources(plans, environment, "aws_security_group").find((group) => group.values["name"] === `mcp-${environment}-mcp`)!;
    const key = ref(only(plans, environment, "aws_kms_key"), "arn");

    test("nodes get no public IP and only the mcp tier's security group", () => {
      expect(template.values["network_interfaces"]).toEqual([{ device_index: 0, associate_public_ip_address: "false", delete_on_termination: "true", security_groups: [ref(mcpGroup, "id")] }]);
      const mcpSubnets = stackResources(plans, environment, "aws_subnet").filter((subnet) => tier(subnet) === "mcp").map((subnet) => ref(subnet, "id"));
      expect(only(plans, environment, "aws_eks_node_group").values["subnet_ids"]).toEqual(mcpSubnets);
    });

    test("nodes require IMDSv2 with a hop limit of 1, encrypt both Bottlerocket volumes with the environment key, and report detailed metrics", () => {
      expect(template.values["metadata_options"]).toEqual({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1, instance_metadata_tags: "disabled" });
      expect(template.values["block_device_mappings"]).toEqual(
        ["/dev/xvda", "/dev/xvdb"].map((device_name, index) => ({
          device_name,
          ebs: { delete_on_termination: "true", encrypted: "true", kms_key_id: key, volume_size: index === 0 ? 4 : 40, volume_type: "gp3" },
        })),
      );
      expect(template.values["monitoring"]).toEqual({ enabled: true });
      expect(only(plans, environment, "aws_eks_node_group").values["remote_access"]).toBeUndefined();
    });
  });

  describe("check reports NET-01 when the node launch template is weakened", () => {
    const templateOf = (plans: ReturnType<typeof synthesizedPlans>) => nodeLaunchTemplate(plans, "prod");

    test("the metadata hop limit is raised to 2, so pods reach the node's credentials", () => {
      expect(controlRulesFired("NET-01", (plans) => ((templateOf(plans).values["metadata_options"] as Record<string, unknown>)["http_put_response_hop_limit"] = 2))).toEqual(["host-00-node-launch-template"]);
    });

    test("IMDSv1 is allowed", () => {
      expect(controlRulesFired("NET-01", (plans) => ((templateOf(plans).values["metadata_options"] as Record<string, unknown>)["http_tokens"] = "optional"))).toEqual(["host-00-node-launch-template"]);
    });

    test("nodes get a public IP", () => {
      expect(controlRulesFired("NET-01", (plans) => ((templateOf(plans).values["network_interfaces"] as Record<string, unknown>[])[0]["associate_public_ip_address"] = "true"))).toEqual(["host-00-node-launch-template"]);
    });

    test("the data volume is not encrypted", () => {
      expect(controlRulesFired("NET-01", (plans) => ((templateOf(plans).values["block_device_mappings"] as { ebs: Record<string, unknown> }[])[1].ebs["encrypted"] = "false"))).toEqual(["host-00-node-launch-template"]);
    });

    test("SSH is opened to the nodes", () => {
      expect(controlRulesFired("NET-01", (plans) => (only(plans, "prod", "aws_eks_node_group").values["remote_access"] = { ec2_ssh_key: "ops" }))).toEqual(["host-00-node-launch-template"]);
    });
  });
});
