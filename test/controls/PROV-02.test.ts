import { config, ENVIRONMENTS, rulesFired } from "../support/compute";
import { findingsFor, stackResources, synthesizedPlans } from "../support/plans";

describe("PROV-02 secure tool registry (ECR: digests that cannot be re-pointed, the writer is not a reader)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("every server's repository has immutable tags, and servers are pinned by digest", () => {
      for (const repository of stackResources(plans, environment, "aws_ecr_repository")) expect(repository.values["image_tag_mutability"]).toBe("IMMUTABLE");
      for (const server of config(environment).mcpServers) expect(server.image).toMatch(/@sha256:[0-9a-f]{64}$/);
    });

    test("the only writer is the CI publisher, and the nodes that read cannot write", () => {
      for (const policy of stackResources(plans, environment, "aws_ecr_repository_policy")) {
        const statements = JSON.parse(String(policy.values["policy"])).Statement as { Sid: string; Effect: string; Principal: unknown; Action: string[] }[];
        const writers = statements.filter((statement) => statement.Effect === "Allow" && statement.Action.includes("ecr:PutImage")).map((statement) => statement.Principal);
        const readers = statements.filter((statement) => statement.Effect === "Allow" && !statement.Action.includes("ecr:PutImage")).map((statement) => statement.Principal);
        expect(writers).toEqual([{ AWS: [config(environment).ci.publisherRoleArn] }]);
        expect(readers).not.toContainEqual(writers[0]);
      }
    });

    test("the synthesized plan passes every PROV-02 rule", () => {
      expect(findingsFor(plans, "PROV-02")).toEqual([]);
    });
  });

  describe("check reports PROV-02 when the real plan is weakened", () => {
    test("tags become mutable", () => {
      expect(rulesFired("PROV-02", (plans) => (stackResources(plans, "prod", "aws_ecr_repository")[1].values["image_tag_mutability"] = "MUTABLE"))).toEqual(["ctr-05-ecr-scanning"]);
    });

    test("the nodes may write", () => {
      expect(
        rulesFired("PROV-02", (plans) => {
          const policy = stackResources(plans, "prod", "aws_ecr_repository_policy")[0];
          const document = JSON.parse(String(policy.values["policy"]));
          document.Statement[0].Action.push("ecr:PutImage");
          policy.values["policy"] = JSON.stringify(document);
        }),
      ).toEqual(["prov-03-ecr-repository-policy"]);
    });
  });
});
