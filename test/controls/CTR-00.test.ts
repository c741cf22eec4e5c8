import { referencedAddress } from "../../policies/terraform";
import { config, ENVIRONMENTS, only, ref, rulesFired } from "../support/compute";
import { findingsFor, stackResources, synthesizedPlans, tier } from "../support/plans";

describe("CTR-00 hardened container environments only (EKS with a private API, encrypted secrets, hardened nodes)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const of = (type: string) => stackResources(plans, environment, type);
    const cluster = only(plans, environment, "aws_eks_cluster");
    const vpc = cluster.values["vpc_config"] as Record<string, unknown>;

    test("one cluster mcp-<env> at the configured Kubernetes version, upgraded within standard support", () => {
      expect(cluster.values).toMatchObject({
        name: `mcp-${environment}`,
        version: config(environment).cluster.kubernetesVersion,
        upgrade_policy: { support_type: "STANDARD" },
        bootstrap_self_managed_addons: false,
        deletion_protection: config(environment).production,
      });
    });

    test("the API endpoint is private only, in the mcp tier's subnets, behind its own mcp-tier security group", () => {
      expect(vpc["endpoint_private_access"]).toBe(true);
      expect(vpc["endpoint_public_access"]).toBe(false);
      expect(vpc["public_access_cidrs"]).toBeUndefined();
      const mcpSubnets = of("aws_subnet").filter((subnet) => tier(subnet) === "mcp").map((subnet) => ref(subnet, "id"));
      expect(vpc["subnet_ids"]).toEqual(mcpSubnets);
      expect(mcpSubnets).toHaveLength(config(environment).azCount);
      const group = of("aws_security_group").find((candidate) => candidate.values["name"] === `mcp-${environment}-eks-cluster`)!;
      expect(vpc["security_group_ids"]).toEqual([ref(group, "id")]);
      expect(tier(group)).toBe("mcp");
    });

    test("the cluster's security group admits only the bastion's, the nodes', the containment function's and the recovery function's groups, on 443, and no address range", () => {
      const groups = new Map(of("aws_security_group").map((group) => [group.address, group.values["name"]]));
      const clusterGroup = referencedAddress((vpc["security_group_ids"] as string[])[0]);
      const rulesOf = (type: string) =>
        of(type)
          .filter((rule) => referencedAddress(rule.values["security_group_id"]) === clusterGroup)
          .map((rule) => `${groups.get(referencedAddress(rule.values["referenced_security_group_id"])!)} ${String(rule.values["from_port"])}-${String(rule.values["to_port"])}`)
          .sort();
      expect(rulesOf("aws_vpc_security_group_ingress_rule")).toEqual([`mcp-${environment}-admin 443-443`, `mcp-${environment}-containment 443-443`, `mcp-${environment}-mcp 443-443`, `mcp-${environment}-recovery 443-443`]);
      expect(rulesOf("aws_vpc_security_group_egress_rule")).toEqual([`mcp-${environment}-mcp 1025-65535`, `mcp-${environment}-mcp 443-443`]);
      for (const rule of [...of("aws_vpc_security_group_ingress_rule"), ...of("aws_vpc_security_group_egress_rule")].filter((candidate) => referencedAddress(candidate.values["security_group_id"]) === clusterGroup)) {
        expect(rule.values["cidr_ipv4"] ?? rule.values["cidr_ipv6"]).toBeUndefined();
      }
    });

    test("Kubernetes secrets are envelope-encrypted with the environment key", () => {
      const key = only(plans, environment, "aws_kms_key");
      expect(cluster.values["encryption_config"]).toEqual({ resources: ["secrets"], provider: { key_arn: ref(key, "arn") } });
    });

    test("the nodes run Bottlerocket, in the mcp tier only", () => {
      const nodeGroup = only(plans, environment, "aws_eks_node_group");
      expect(nodeGroup.values["ami_type"]).toBe("BOTTLEROCKET_x86_64");
      expect(nodeGroup.values["subnet_ids"]).toEqual(vpc["subnet_ids"]);
      expect(nodeGroup.values["cluster_name"]).toBe(ref(cluster, "name"));
      expect(of("aws_instance")).toEqual([]);
    });

    test("the synthesized plan passes every CTR-00 rule", () => {
      expect(findingsFor(plans, "CTR-00")).toEqual([]);
    });
  });

  describe("check reports CTR-00 when the real plan is weakened", () => {
    const clusterOf = (plans: ReturnType<typeof synthesizedPlans>) => only(plans, "prod", "aws_eks_cluster");
    const vpcOf = (plans: ReturnType<typeof synthesizedPlans>) => clusterOf(plans).values["vpc_config"] as Record<string, unknown>;

    test("the public endpoint is turned on", () => {
      expect(rulesFired("CTR-00", (plans) => (vpcOf(plans)["endpoint_public_access"] = true))).toEqual(["ctr-00-eks-private-endpoint"]);
    });

    test("the private endpoint is turned off", () => {
      expect(rulesFired("CTR-00", (plans) => (vpcOf(plans)["endpoint_private_access"] = false))).toEqual(["ctr-00-eks-private-endpoint"]);
    });

    test("the control plane is placed in the edge tier", () => {
      expect(
        rulesFired("CTR-00", (plans) => {
          vpcOf(plans)["subnet_ids"] = stackResources(plans, "prod", "aws_subnet").filter((subnet) => tier(subnet) === "edge").map((subnet) => ref(subnet, "id"));
        }),
      ).toEqual(["ctr-00-eks-private-endpoint"]);
    });

    test("secrets encryption is removed", () => {
      expect(rulesFired("CTR-00", (plans) => delete clusterOf(plans).values["encryption_config"])).toEqual(["ctr-00-eks-secrets-encryption"]);
    });

    test("secrets are encrypted with the AWS managed key", () => {
      expect(
        rulesFired("CTR-00", (plans) => {
          clusterOf(plans).values["encryption_config"] = { resources: ["secrets"], provider: { key_arn: "alias/aws/eks" } };
        }),
      ).toEqual(["ctr-00-eks-secrets-encryption"]);
    });

    test("the nodes run a general-purpose OS instead of Bottlerocket", () => {
      expect(rulesFired("CTR-00", (plans) => (only(plans, "prod", "aws_eks_node_group").values["ami_type"] = "AL2023_x86_64_STANDARD"))).toEqual(["ctr-04-bottlerocket-lockdown"]);
    });
  });
});
