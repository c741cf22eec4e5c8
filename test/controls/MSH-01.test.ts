import { config, ENVIRONMENTS, only, ref, rulesFired } from "../support/compute";
import { findingsFor, stackResources, synthesizedPlans } from "../support/plans";

describe("MSH-01 container-based deployment (every MCP server is an image in its own ECR repository, run by EKS)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const { accountId, region, mcpServers } = config(environment);

    test("each server's image is pinned by digest in the environment's own repository mcp/<server>", () => {
      for (const server of mcpServers) {
        expect(server.image).toMatch(new RegExp(`^${accountId}\\.dkr\\.ecr\\.${region}\\.amazonaws\\.com/mcp/${server.name}@sha256:[0-9a-f]{64}$`));
      }
    });

    test("the stack creates exactly those repositories, plus the gateway's and the mirrored platform images'", () => {
      const platform = ["mcp/gateway/agentgateway", "mcp/gateway/guard", "mcp/gateway/ratelimit", "mcp/gateway/redis", "mcp/platform/istio/install-cni", "mcp/platform/istio/pilot", "mcp/platform/istio/proxyv2", "mcp/platform/sigstore/policy-controller"];
      expect(stackResources(plans, environment, "aws_ecr_repository").map((repository) => repository.values["name"]).sort()).toEqual([...mcpServers.map((server) => `mcp/${server.name}`), ...platform].sort());
    });

    test("the cluster's nodes run containers on Bottlerocket, a container-only OS", () => {
      const nodeGroup = only(plans, environment, "aws_eks_node_group");
      expect(nodeGroup.values).toMatchObject({ ami_type: "BOTTLEROCKET_x86_64", cluster_name: ref(only(plans, environment, "aws_eks_cluster"), "name"), capacity_type: "ON_DEMAND" });
      expect(nodeGroup.values["labels"]).toEqual({ "mcp.security/node-role": "mcp-workloads" });
    });

    test("the synthesized plan passes every MSH-01 rule", () => {
      expect(findingsFor(plans, "MSH-01")).toEqual([]);
    });
  });

  describe("check reports MSH-01 when the real plan is weakened", () => {
    test("the nodes run a general-purpose OS", () => {
      expect(rulesFired("MSH-01", (plans) => (only(plans, "prod", "aws_eks_node_group").values["ami_type"] = "AL2_x86_64"))).toEqual(["ctr-04-bottlerocket-lockdown"]);
    });

    test("the node group drops its launch template and with it the hardened settings", () => {
      expect(rulesFired("MSH-01", (plans) => delete only(plans, "prod", "aws_eks_node_group").values["launch_template"])).toEqual(["ctr-04-bottlerocket-lockdown"]);
    });
  });
});
