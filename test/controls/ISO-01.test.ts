import { referencedAddress } from "../../policies/terraform";
import { findingsFor, stackResources, synthesizedPlans, tier } from "../support/plans";
import { ENVIRONMENTS, only, ref, rulesFired } from "../support/compute";

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
        "out edge mcp tcp/15021",
        "in mcp edge tcp/15021",
        "in mcp mcp -1/all",
        "out mcp mcp -1/all",
        "in mcp admin tcp/443",
        "in mcp mcp tcp/443",
        "out mcp mcp tcp/443",
        "in mcp mcp tcp/1025",
        "out mcp mcp tcp/1025",
        "out mcp data tcp/443",
        "out mcp data tcp/5432",
        "out mcp data tcp/6379",
        "out admin data tcp/443",
        "out admin mcp tcp/443",
        "out admin admin tcp/2222",
        "in admin admin tcp/2222",
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

describe("ISO-01 network-level segmentation (cluster part: the vpc-cni add-on enforces NetworkPolicies)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const addons = stackResources(plans, environment, "aws_eks_addon");
    const cluster = only(plans, environment, "aws_eks_cluster");

    test("the managed add-ons are vpc-cni, kube-proxy, the Pod Identity agent and CoreDNS, all with this configuration winning conflicts", () => {
      expect(addons.map((addon) => addon.values["addon_name"]).sort()).toEqual(["coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
      for (const addon of addons) {
        expect(addon.values).toMatchObject({ cluster_name: ref(cluster, "name"), resolve_conflicts_on_create: "OVERWRITE", resolve_conflicts_on_update: "OVERWRITE" });
      }
    });

    test("vpc-cni enforces NetworkPolicy and gets its ENI permissions through its own Pod Identity role, not the node role", () => {
      const cni = addons.find((addon) => addon.values["addon_name"] === "vpc-cni")!;
      expect(JSON.parse(String(cni.values["configuration_values"]))).toEqual({ enableNetworkPolicy: "true" });
      const roles = stackResources(plans, environment, "aws_iam_role");
      const cniRole = roles.find((role) => role.values["name"] === `mcp-${environment}-vpc-cni`)!;
      expect(cni.values["pod_identity_association"]).toEqual([{ role_arn: ref(cniRole, "arn"), service_account: "aws-node" }]);
      const attached = (role: string) =>
        stackResources(plans, environment, "aws_iam_role_policy_attachment")
          .filter((attachment) => attachment.values["role"] === ref(roles.find((candidate) => candidate.values["name"] === role)!, "name"))
          .map((attachment) => String(attachment.values["policy_arn"]).split("/").pop())
          .sort();
      expect(attached(`mcp-${environment}-vpc-cni`)).toEqual(["AmazonEKS_CNI_Policy"]);
      expect(attached(`mcp-${environment}-workloads-node`)).toEqual(["AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodePolicy", "AmazonSSMManagedInstanceCore"]);
    });

    test("the synthesized plan passes every ISO-01 rule", () => {
      expect(findingsFor(plans, "ISO-01")).toEqual([]);
    });
  });

  describe("check reports ISO-01 when the real plan is weakened", () => {
    const cniOf = (plans: ReturnType<typeof synthesizedPlans>) => stackResources(plans, "prod", "aws_eks_addon").find((addon) => addon.values["addon_name"] === "vpc-cni")!;

    test("network policy enforcement is turned off", () => {
      expect(rulesFired("ISO-01", (plans) => (cniOf(plans).values["configuration_values"] = JSON.stringify({ enableNetworkPolicy: "false" })))).toEqual(["iso-01-vpc-cni-network-policy"]);
    });

    test("the vpc-cni add-on loses its configuration", () => {
      expect(rulesFired("ISO-01", (plans) => delete cniOf(plans).values["configuration_values"])).toEqual(["iso-01-vpc-cni-network-policy"]);
    });
  });
});
