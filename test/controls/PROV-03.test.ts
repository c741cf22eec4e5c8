import { config, ENVIRONMENTS, only, ref, rulesFired } from "../support/compute";
import { findingsFor, removeResources, stackResources, synthesizedPlans } from "../support/plans";

const PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
const PUSH = ["ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"];

describe("PROV-03 supply-chain security (only CI publishes images, only the nodes pull them)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const nodeRole = ref(stackResources(plans, environment, "aws_iam_role").find((role) => role.values["name"] === `mcp-${environment}-workloads-node`)!, "arn");
    const publisher = config(environment).ci.publisherRoleArn;

    test("the node role is the one the node group runs with", () => {
      expect(only(plans, environment, "aws_eks_node_group").values["node_role_arn"]).toBe(nodeRole);
    });

    test("every repository's policy lets the nodes and the image signature verifier pull, the CI publisher push, and denies both to everyone else", () => {
      const verifier = `arn:aws:iam::${config(environment).accountId}:role/mcp-${environment}-image-verifier`;
      const repositories = stackResources(plans, environment, "aws_ecr_repository");
      const policies = stackResources(plans, environment, "aws_ecr_repository_policy");
      expect(policies.map((policy) => policy.values["repository"]).sort()).toEqual(repositories.map((repository) => ref(repository, "name")).sort());
      for (const policy of policies) {
        expect(JSON.parse(String(policy.values["policy"]))).toEqual({
          Version: "2012-10-17",
          Statement: [
            { Sid: "NodesPull", Effect: "Allow", Principal: { AWS: [nodeRole, verifier] }, Action: PULL },
            { Sid: "CiPushes", Effect: "Allow", Principal: { AWS: [publisher] }, Action: [...PULL, ...PUSH] },
            { Sid: "NobodyElsePulls", Effect: "Deny", Principal: "*", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Condition: { ArnNotEquals: { "aws:PrincipalArn": [nodeRole, verifier, publisher] } } },
            { Sid: "NobodyElsePushes", Effect: "Deny", Principal: "*", Action: PUSH, Condition: { ArnNotEquals: { "aws:PrincipalArn": [publisher] } } },
          ],
        });
      }
    });

    test("the CI publisher is a role of the environment's own account", () => {
      expect(publisher).toMatch(new RegExp(`^arn:aws:iam::${config(environment).accountId}:role/`));
    });

    test("the synthesized plan passes every PROV-03 rule", () => {
      expect(findingsFor(plans, "PROV-03")).toEqual([]);
    });
  });

  describe("check reports PROV-03 when the real plan is weakened", () => {
    const editPolicy = (edit: (document: { Statement: Record<string, unknown>[] }) => void) => (plans: ReturnType<typeof synthesizedPlans>) => {
      const policy = stackResources(plans, "prod", "aws_ecr_repository_policy")[0];
      const document = JSON.parse(String(policy.values["policy"]));
      edit(document);
      policy.values["policy"] = JSON.stringify(document);
    };

    test("the pull statement admits any principal", () => {
      expect(rulesFired("PROV-03", editPolicy((document) => (document.Statement[0]["Principal"] = "*")))).toEqual(["prov-03-ecr-repository-policy"]);
    });

    test("the nodes may push", () => {
      expect(rulesFired("PROV-03", editPolicy((document) => (document.Statement[0]["Action"] = [...PULL, ...PUSH])))).toEqual(["prov-03-ecr-repository-policy"]);
    });

    test("another account's role may push", () => {
      expect(
        rulesFired(
          "PROV-03",
          editPolicy((document) => {
            document.Statement[1]["Principal"] = { AWS: ["arn:aws:iam::999999999999:role/ci"] };
          }),
        ),
      ).toEqual(["prov-03-ecr-repository-policy"]);
    });

    test("the deny of other pushers is dropped", () => {
      expect(rulesFired("PROV-03", editPolicy((document) => (document.Statement = document.Statement.filter((statement) => statement["Sid"] !== "NobodyElsePushes"))))).toEqual(["prov-03-ecr-repository-policy"]);
    });

    test("the repository policy is removed", () => {
      expect(rulesFired("PROV-03", (plans) => removeResources(plans, "prod", "aws_ecr_repository_policy", (policy) => String(policy.values["repository"]).includes("github-tools")))).toEqual(["prov-03-ecr-repository-policy"]);
    });
  });
});
