import { accessReview, AccessReview } from "../../policies/access-review";
import { renderAccessReview } from "../../review/access-review";
import { Artifacts } from "../../policies/types";
import { config, ENVIRONMENTS, rulesFired } from "../support/compute";
import { addYamlObject, yamlObject } from "../support/kubernetes";
import { addResource, findingsFor, synthesizedPlans } from "../support/plans";

function reviewOf(plans: Artifacts, environment: string): AccessReview {
  const review = accessReview(plans, environment);
  if (review === undefined) throw new Error(`no plan of mcp-${environment}`);
  return review;
}

const RBAC = "rbac.authorization.k8s.io";

describe("OPS-04 automated access review of Kubernetes: EKS access entries and the manifests' role bindings, reviewed from the synthesized output", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const review = reviewOf(plans, environment);
    const servers = config(environment).mcpServers.map((server) => server.name).sort();

    test("every access entry is listed with its policies, groups and the bindings that apply to it", () => {
      expect(review.principals).toEqual([
        { principal: `arn:aws:iam::${config(environment).accountId}:role/mcp-${environment}-admin`, policies: ["AmazonEKSClusterAdminPolicy (cluster)"], groups: [], bindings: [], problems: [] },
        { principal: `role mcp-${environment}-containment`, policies: [], groups: ["mcp:containment"], bindings: servers.map((server) => `RoleBinding/${server}/mcp-containment`), problems: [] },
        { principal: `role mcp-${environment}-recovery`, policies: [], groups: ["mcp:recovery"], bindings: servers.map((server) => `RoleBinding/${server}/mcp-recovery`), problems: [] },
      ]);
    });

    test("each binding is reviewed with its role's rules, scoped to one server's namespace and its named deployment; nothing to fix", () => {
      expect(review.grants.map((grant) => grant.binding)).toEqual([...servers.flatMap((server) => [`RoleBinding/${server}/mcp-containment`, `RoleBinding/${server}/mcp-recovery`]), "ClusterRoleBinding/mcp-access-review"]);
      expect(review.grants.find((grant) => grant.binding === "ClusterRoleBinding/mcp-access-review")).toEqual({
        binding: "ClusterRoleBinding/mcp-access-review",
        role: "ClusterRole/mcp-access-review",
        scope: "cluster",
        subjects: ["ServiceAccount/mcp-access-review/mcp-access-review"],
        rules: ["get,list on rbac.authorization.k8s.io/roles,clusterroles,rolebindings,clusterrolebindings"],
        problems: [],
      });
      for (const server of servers) {
        expect(review.grants.find((grant) => grant.binding === `RoleBinding/${server}/mcp-containment`)).toEqual({
          binding: `RoleBinding/${server}/mcp-containment`,
          role: `Role/${server}/mcp-containment`,
          scope: server,
          subjects: ["Group/mcp:containment"],
          rules: [`get,patch on apps/deployments/scale [${server}]`],
          problems: [],
        });
      }
      expect(findingsFor(plans, "OPS-04")).toEqual([]);
    });

    test("the review is deterministic Markdown and JSON", () => {
      const first = renderAccessReview(review);
      expect(renderAccessReview(reviewOf(plans, environment))).toEqual(first);
      expect(JSON.parse(first.json)).toEqual(JSON.parse(JSON.stringify(review)));
      for (const grant of review.grants) expect(first.markdown).toContain(`| ${grant.binding} |`);
    });
  });

  describe("check reports OPS-04 when the real output is weakened", () => {
    const fired = (mutate: (plans: Artifacts) => void) => rulesFired("OPS-04", mutate);
    const server = config("prod").mcpServers[0].name;
    const findings = (mutate: (plans: Artifacts) => void) => {
      const plans = synthesizedPlans();
      mutate(plans);
      return findingsFor(plans, "OPS-04").map((finding) => finding.message);
    };

    test("the containment role is widened to every verb", () => {
      const widen = (plans: Artifacts) => void (yamlObject(plans, "prod", `Role/${server}/mcp-containment`)["rules"] = [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["*"] }]);
      expect(fired(widen)).toEqual(["ops-04-kubernetes-access-review"]);
      expect(findings(widen)).toEqual([expect.stringContaining(`RoleBinding/${server}/mcp-containment (Role/${server}/mcp-containment): uses * (every verb, resource or API group)`)]);
    });

    test("every authenticated user is bound to cluster-admin", () => {
      const bind = (plans: Artifacts) =>
        addYamlObject(plans, "prod", { apiVersion: `${RBAC}/v1`, kind: "ClusterRoleBinding", metadata: { name: "debug-everyone" }, roleRef: { apiGroup: RBAC, kind: "ClusterRole", name: "cluster-admin" }, subjects: [{ apiGroup: RBAC, kind: "Group", name: "system:authenticated" }] });
      expect(fired(bind)).toEqual(["ops-04-kubernetes-access-review"]);
      expect(findings(bind)).toEqual([
        expect.stringContaining("ClusterRoleBinding/debug-everyone (ClusterRole/cluster-admin): binds the built-in ClusterRole/cluster-admin"),
        expect.stringContaining("ClusterRoleBinding/debug-everyone (ClusterRole/cluster-admin): grants to Group/system:authenticated"),
      ]);
    });

    test("a binding to a role the manifests do not define, for a group no access entry holds", () => {
      const bind = (plans: Artifacts) =>
        addYamlObject(plans, "prod", { apiVersion: `${RBAC}/v1`, kind: "RoleBinding", metadata: { name: "debug", namespace: server }, roleRef: { apiGroup: RBAC, kind: "Role", name: "debug" }, subjects: [{ apiGroup: RBAC, kind: "Group", name: "mcp:debuggers" }] });
      expect(findings(bind)).toEqual([
        expect.stringContaining(`RoleBinding/${server}/debug (Role/${server}/debug): binds Role/${server}/debug, which the manifests do not define, so its rules cannot be reviewed`),
        expect.stringContaining(`RoleBinding/${server}/debug (Role/${server}/debug): grants to Group/mcp:debuggers, which no EKS access entry holds`),
      ]);
    });

    test("an access entry whose Kubernetes group no binding names", () => {
      const entry = (plans: Artifacts) =>
        addResource(plans, "prod", "aws_eks_access_entry", "operators", { cluster_name: "mcp-prod", principal_arn: "arn:aws:iam::333333333333:role/mcp-prod-operators", type: "STANDARD", kubernetes_groups: ["mcp:operators"] });
      expect(fired(entry)).toEqual(["ops-04-kubernetes-access-review"]);
      expect(findings(entry)).toEqual([
        expect.stringContaining("EKS access entry of arn:aws:iam::333333333333:role/mcp-prod-operators: grants nothing: no access policy and no binding names its Kubernetes groups"),
        expect.stringContaining("EKS access entry of arn:aws:iam::333333333333:role/mcp-prod-operators: its Kubernetes group mcp:operators is named by no binding"),
      ]);
    });
  });
});
