import { config, ENVIRONMENTS, only, ref, rulesFired } from "../support/compute";
import { findingsFor, removeResources, stackResources, synthesizedPlans } from "../support/plans";

describe("CTR-05 regular vulnerability scanning (ECR: scan on push, continuous enhanced scanning, immutable tags)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const repositories = stackResources(plans, environment, "aws_ecr_repository");

    test("one repository mcp/<server> per MCP server, one mcp/gateway/<component> per gateway component (besides the mesh's mcp/platform/ images)", () => {
      const gateway = ["agentgateway", "guard", "ratelimit", "redis"].map((component) => `mcp/gateway/${component}`);
      const names = repositories.map((repository) => String(repository.values["name"])).filter((name) => !name.startsWith("mcp/platform/"));
      expect(names.sort()).toEqual([...config(environment).mcpServers.map((server) => `mcp/${server.name}`), ...gateway].sort());
    });

    test("every repository has immutable tags, scans on push, is encrypted with the environment key and is never force-deleted", () => {
      const key = ref(only(plans, environment, "aws_kms_key"), "arn");
      for (const repository of repositories) {
        expect(repository.values).toMatchObject({
          image_tag_mutability: "IMMUTABLE",
          image_scanning_configuration: { scan_on_push: true },
          encryption_configuration: [{ encryption_type: "KMS", kms_key: key }],
          force_delete: false,
        });
      }
    });

    test("the registry scans mcp/* continuously with enhanced scanning", () => {
      expect(only(plans, environment, "aws_ecr_registry_scanning_configuration").values).toMatchObject({
        scan_type: "ENHANCED",
        rule: [{ scan_frequency: "CONTINUOUS_SCAN", repository_filter: [{ filter: "mcp/*", filter_type: "WILDCARD" }] }],
      });
    });

    test("untagged images expire and old images are pruned", () => {
      for (const policy of stackResources(plans, environment, "aws_ecr_lifecycle_policy")) {
        const rules = JSON.parse(String(policy.values["policy"])).rules;
        expect(rules.map((rule: { selection: unknown }) => rule.selection)).toEqual([
          { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
          { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 30 },
        ]);
      }
      expect(stackResources(plans, environment, "aws_ecr_lifecycle_policy")).toHaveLength(repositories.length);
    });

    test("the synthesized plan passes every CTR-05 rule", () => {
      expect(findingsFor(plans, "CTR-05")).toEqual([]);
    });
  });

  describe("check reports CTR-05 when the real plan is weakened", () => {
    const repository = (plans: ReturnType<typeof synthesizedPlans>) => stackResources(plans, "prod", "aws_ecr_repository")[0];

    test("tags become mutable", () => {
      expect(rulesFired("CTR-05", (plans) => (repository(plans).values["image_tag_mutability"] = "MUTABLE"))).toEqual(["ctr-05-ecr-scanning"]);
    });

    test("scan on push is turned off", () => {
      expect(rulesFired("CTR-05", (plans) => (repository(plans).values["image_scanning_configuration"] = { scan_on_push: false }))).toEqual(["ctr-05-ecr-scanning"]);
    });

    test("images are encrypted with the AWS managed key", () => {
      expect(rulesFired("CTR-05", (plans) => (repository(plans).values["encryption_configuration"] = [{ encryption_type: "AES256" }]))).toEqual(["ctr-05-ecr-scanning"]);
    });

    test("registry scanning falls back to basic", () => {
      expect(rulesFired("CTR-05", (plans) => (only(plans, "prod", "aws_ecr_registry_scanning_configuration").values["scan_type"] = "BASIC"))).toEqual(["ctr-05-ecr-scanning"]);
    });

    test("the continuous scan rule is removed", () => {
      expect(rulesFired("CTR-05", (plans) => removeResources(plans, "prod", "aws_ecr_registry_scanning_configuration"))).toEqual(["ctr-05-ecr-scanning"]);
    });
  });
});
