import { findingsFor, stackResources, synthesizedPlans, tier } from "../support/plans";
import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { Artifacts } from "../../policies/types";
import { association, ref, serverRole } from "../support/secrets";
import { attributes, ENVIRONMENTS, only, rulesFired } from "../support/compute";

describe("MSH-02 secure remote hosting (network part: isolated tiers, private AWS access)", () => {
  const plans = synthesizedPlans();

  test("every tier has its own security group, and AWS APIs are reached through private endpoints in the data tier", () => {
    const groups = stackResources(plans, "prod", "aws_security_group");
    expect(groups.map((group) => group.values["name"]).sort()).toEqual(["mcp-prod-admin", "mcp-prod-client-vpn", "mcp-prod-containment", "mcp-prod-data", "mcp-prod-edge", "mcp-prod-eks-cluster", "mcp-prod-endpoints", "mcp-prod-guard-store", "mcp-prod-keycloak-db", "mcp-prod-mcp", "mcp-prod-quarantine", "mcp-prod-recovery"]);
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
    for (const admin of stackResources(weakened, "prod", "aws_security_group").filter((group) => tier(group) === "admin")) {
      (admin.values["tags"] as Record<string, string>)["mcp:tier"] = "mcp";
    }
    expect(findingsFor(weakened, "MSH-02").map((finding) => finding.message)).toContain("has no security group for tier(s) admin");
  });
});

describe("MSH-02 secure remote hosting (identity part: one Pod Identity role per server, trusted only in its own environment)", () => {
  const plans = synthesizedPlans();

  /** `rule resource: message` of every MSH-02 finding, sorted. */
  function msh02(artifacts: Artifacts): string[] {
    return findingsFor(artifacts, "MSH-02")
      .map((finding) => `${finding.rule} ${finding.location} ${finding.resource}: ${finding.message}`)
      .sort();
  }

  test.each(BUILT_IN_ENVIRONMENTS.map((environment) => [environment.name, environment] as const))("%s: each server has its own role, associated with its own namespace and service account", (name, environment) => {
    const [cluster] = stackResources(plans, name, "aws_eks_cluster");
    for (const server of environment.mcpServers) {
      const role = serverRole(plans, name, server.name);
      expect(association(plans, name, server.name).values).toMatchObject({
        cluster_name: ref(cluster, "name"),
        namespace: server.name,
        service_account: server.name,
        role_arn: ref(role, "arn"),
      });
      expect(JSON.parse(String(role.values["assume_role_policy"]))).toEqual({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "PodIdentityOfThisServiceAccountOnly",
            Effect: "Allow",
            Principal: { Service: "pods.eks.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Condition: {
              StringEquals: {
                "aws:SourceAccount": environment.accountId,
                "aws:RequestTag/eks-cluster-arn": ref(cluster, "arn"),
                "aws:RequestTag/kubernetes-namespace": server.name,
                "aws:RequestTag/kubernetes-service-account": server.name,
              },
              ArnEquals: { "aws:SourceArn": ref(cluster, "arn") },
            },
          },
        ],
      });
    }
    const roles = stackResources(plans, name, "aws_eks_pod_identity_association").filter((candidate) => environment.mcpServers.some((server) => server.name === candidate.values["namespace"])).map((candidate) => candidate.values["role_arn"]);
    expect(new Set(roles).size).toBe(environment.mcpServers.length);
  });

  test("role names are unique across servers and environments", () => {
    const names = BUILT_IN_ENVIRONMENTS.flatMap((environment) => environment.mcpServers.map((server) => serverRole(plans, environment.name, server.name).values["name"]));
    expect(new Set(names).size).toBe(names.length);
  });

  test("the real plans have no finding of the identity rules", () => {
    expect(msh02(plans)).toEqual([]);
  });

  test("check reports MSH-02 when two servers share a role: one role for two servers, trusted for the wrong namespace", () => {
    const weakened = synthesizedPlans();
    const githubRole = serverRole(weakened, "prod", "github-tools");
    association(weakened, "prod", "docs-search").values["role_arn"] = ref(githubRole, "arn");
    const github = association(weakened, "prod", "github-tools");
    expect(msh02(weakened)).toEqual([
      `iso-02-disjoint-server-credentials mcp-prod ${github.address}: github-tools/github-tools uses role ${githubRole.address}, which docs-search/docs-search uses too: every server needs its own role`,
      `msh-02-pod-identity-role-trust mcp-prod ${githubRole.address}: trust policy does not pin aws:RequestTag/kubernetes-namespace to docs-search`,
      `msh-02-pod-identity-role-trust mcp-prod ${githubRole.address}: trust policy does not pin aws:RequestTag/kubernetes-service-account to docs-search`,
    ]);
  });

  test("check reports MSH-02 when a role trusts another environment's account or cluster, or anyone", () => {
    const weakened = synthesizedPlans();
    const role = serverRole(weakened, "test", "docs-search");
    const trust = JSON.parse(String(role.values["assume_role_policy"]));
    trust.Statement[0].Condition.StringEquals["aws:SourceAccount"] = "333333333333";
    trust.Statement[0].Condition.StringEquals["aws:RequestTag/eks-cluster-arn"] = "arn:aws:eks:eu-central-1:333333333333:cluster/mcp-prod";
    trust.Statement[0].Condition.ArnEquals["aws:SourceArn"] = "arn:aws:eks:eu-central-1:333333333333:cluster/mcp-prod";
    trust.Statement[0].Principal = { Service: "pods.eks.amazonaws.com", AWS: "*" };
    role.values["assume_role_policy"] = JSON.stringify(trust);
    const [cluster] = stackResources(weakened, "test", "aws_eks_cluster");
    expect(msh02(weakened)).toEqual(
      [
        `msh-02-pod-identity-role-trust mcp-test ${role.address}: trust policy does not pin aws:SourceAccount to 222222222222`,
        `msh-02-pod-identity-role-trust mcp-test ${role.address}: trust policy pins neither aws:SourceArn nor aws:RequestTag/eks-cluster-arn to the cluster arn:aws:eks:eu-central-1:222222222222:cluster/${ref(cluster, "name")}`,
        `msh-02-pod-identity-role-trust mcp-test ${role.address}: trust policy trusts {"Service":["pods.eks.amazonaws.com"],"AWS":["*"]}, not only pods.eks.amazonaws.com`,
      ].sort()
    );
  });
});

describe("MSH-02 secure remote hosting (cluster part: private API, access entries only, cluster admin only for the admin role)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const cluster = only(plans, environment, "aws_eks_cluster");
    const accountId = BUILT_IN_ENVIRONMENTS.find((candidate) => candidate.name === environment)!.accountId;
    const adminRole = `arn:aws:iam::${accountId}:role/mcp-${environment}-admin`;

    test("authentication is through access entries only and the cluster's creator gets no admin rights", () => {
      expect(cluster.values["access_config"]).toEqual({ authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: false });
      expect((cluster.values["vpc_config"] as Record<string, unknown>)["endpoint_public_access"]).toBe(false);
    });

    test("the access entries are mcp-<env>-admin, with AmazonEKSClusterAdminPolicy on the whole cluster, and the containment and recovery functions' groups without any policy", () => {
      const entries = stackResources(plans, environment, "aws_eks_access_entry");
      const entry = entries.find((candidate) => candidate.values["principal_arn"] === adminRole)!;
      expect(attributes(entry)).toEqual({ cluster_name: ref(cluster, "name"), principal_arn: adminRole, type: "STANDARD" });
      const containmentRole = stackResources(plans, environment, "aws_iam_role").find((role) => role.values["name"] === `mcp-${environment}-containment`)!;
      const recoveryRole = stackResources(plans, environment, "aws_iam_role").find((role) => role.values["name"] === `mcp-${environment}-recovery`)!;
      expect(entries.filter((candidate) => candidate !== entry).map(attributes)).toEqual([
        { cluster_name: ref(cluster, "name"), principal_arn: ref(containmentRole, "arn"), type: "STANDARD", kubernetes_groups: ["mcp:containment"] },
        { cluster_name: ref(cluster, "name"), principal_arn: ref(recoveryRole, "arn"), type: "STANDARD", kubernetes_groups: ["mcp:recovery"] },
      ]);
      expect(attributes(only(plans, environment, "aws_eks_access_policy_association"))).toEqual({
        cluster_name: ref(cluster, "name"),
        principal_arn: ref(entry, "principal_arn"),
        policy_arn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
        access_scope: { type: "cluster" },
      });
    });
  });

  describe("check reports MSH-02 when the real plan is weakened", () => {
    const accessOf = (plans: Artifacts) => only(plans, "prod", "aws_eks_cluster").values["access_config"] as Record<string, unknown>;

    test("authentication falls back to the aws-auth ConfigMap", () => {
      expect(rulesFired("MSH-02", (plans) => (accessOf(plans)["authentication_mode"] = "CONFIG_MAP"))).toEqual(["msh-02-eks-access-via-admin-role"]);
    });

    test("the cluster's creator becomes admin", () => {
      expect(rulesFired("MSH-02", (plans) => (accessOf(plans)["bootstrap_cluster_creator_admin_permissions"] = true))).toEqual(["msh-02-eks-access-via-admin-role"]);
    });

    test("cluster admin goes to another role", () => {
      const adminEntry = (plans: Artifacts) => stackResources(plans, "prod", "aws_eks_access_entry").find((entry) => entry.values["principal_arn"] === "arn:aws:iam::333333333333:role/mcp-prod-admin")!;
      expect(rulesFired("MSH-02", (plans) => (adminEntry(plans).values["principal_arn"] = "arn:aws:iam::333333333333:role/developer"))).toEqual(["msh-02-eks-access-via-admin-role"]);
    });

    test("the API endpoint is made public", () => {
      expect(rulesFired("MSH-02", (plans) => ((only(plans, "prod", "aws_eks_cluster").values["vpc_config"] as Record<string, unknown>)["endpoint_public_access"] = true))).toEqual(["ctr-00-eks-private-endpoint"]);
    });
  });
});
