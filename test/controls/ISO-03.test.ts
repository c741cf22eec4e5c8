import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { addResource, findingsFor, stack, stackResources, synthesizedPlans } from "../support/plans";

describe("ISO-03 environment separation", () => {
  const plans = synthesizedPlans();

  test("every environment deploys into its own account through a role in that account", () => {
    for (const environment of BUILT_IN_ENVIRONMENTS) {
      const provider = (stack(plans, environment.name).json["provider"] as { aws: Record<string, unknown>[] }).aws[0];
      expect(provider["allowed_account_ids"]).toEqual([environment.accountId]);
      expect(provider["assume_role"]).toEqual([{ role_arn: `arn:aws:iam::${environment.accountId}:role/${environment.deployRoleName}`, session_name: `mcp-hardening-${environment.name}` }]);
    }
    expect(new Set(BUILT_IN_ENVIRONMENTS.map((environment) => environment.accountId)).size).toBe(BUILT_IN_ENVIRONMENTS.length);
  });

  test("every environment keeps encrypted, locked state in its own bucket", () => {
    for (const environment of BUILT_IN_ENVIRONMENTS) {
      const backend = (stack(plans, environment.name).json["terraform"] as { backend: { s3: Record<string, unknown> } }).backend.s3;
      expect(backend).toMatchObject({
        bucket: environment.state.bucket,
        key: `mcp-hardening/mcp-${environment.name}/terraform.tfstate`,
        encrypt: true,
        use_lockfile: true,
        kms_key_id: expect.stringMatching(new RegExp(`^arn:aws:kms:[a-z0-9-]+:${environment.accountId}:`)),
      });
    }
  });

  test("every environment has its own KMS key and no VPC peering or transit gateway links", () => {
    for (const environment of BUILT_IN_ENVIRONMENTS) {
      expect(stackResources(plans, environment.name, "aws_kms_key")).toHaveLength(1);
      for (const type of ["aws_vpc_peering_connection", "aws_ec2_transit_gateway_vpc_attachment"]) expect(stackResources(plans, environment.name, type)).toHaveLength(0);
    }
  });

  describe("check reports ISO-03 when the real plans are weakened", () => {
    const rulesFired = (mutate: (weakened: ReturnType<typeof synthesizedPlans>) => void) => {
      const weakened = synthesizedPlans();
      mutate(weakened);
      return [...new Set(findingsFor(weakened, "ISO-03").map((finding) => finding.rule))];
    };
    const provider = (weakened: ReturnType<typeof synthesizedPlans>, environment: string) => (stack(weakened, environment).json["provider"] as { aws: Record<string, unknown>[] }).aws[0];

    test("test deploys into prod's account", () => {
      expect(
        rulesFired((weakened) => {
          provider(weakened, "test")["allowed_account_ids"] = ["333333333333"];
          provider(weakened, "test")["assume_role"] = [{ role_arn: "arn:aws:iam::333333333333:role/mcp-hardening-deployer" }];
        }),
      ).toEqual(["iso-03-environment-separation", "net-01-private-service-endpoints"]);
    });

    test("dev assumes a role in prod's account", () => {
      expect(rulesFired((weakened) => (provider(weakened, "dev")["assume_role"] = [{ role_arn: "arn:aws:iam::333333333333:role/admin" }]))).toEqual(["iso-03-environment-separation"]);
    });

    test("a VPC peering joins dev to prod", () => {
      expect(rulesFired((weakened) => addResource(weakened, "dev", "aws_vpc_peering_connection", "to-prod", { vpc_id: "vpc-1", peer_vpc_id: "vpc-2", peer_owner_id: "333333333333" }))).toEqual([
        "iso-03-environment-separation",
      ]);
    });

    test("dev's VPC overlaps prod's", () => {
      expect(rulesFired((weakened) => (stackResources(weakened, "dev", "aws_vpc")[0].values["cidr_block"] = "10.30.0.0/16"))).toEqual(["iso-03-environment-separation"]);
    });

    test("test keeps its state in prod's bucket, unencrypted", () => {
      expect(
        rulesFired((weakened) => {
          const backend = (stack(weakened, "test").json["terraform"] as { backend: { s3: Record<string, unknown> } }).backend.s3;
          backend["bucket"] = "mcp-hardening-state-333333333333";
          delete backend["encrypt"];
        }),
      ).toEqual(["iso-03-encrypted-state-backend"]);
    });

    test("the state lock file is turned off", () => {
      expect(rulesFired((weakened) => delete (stack(weakened, "prod").json["terraform"] as { backend: { s3: Record<string, unknown> } }).backend.s3["use_lockfile"])).toEqual([
        "iso-03-encrypted-state-backend",
      ]);
    });

    test("an endpoint policy admits another environment's account", () => {
      expect(
        rulesFired((weakened) => {
          const endpoint = stackResources(weakened, "prod", "aws_vpc_endpoint")[0];
          endpoint.values["policy"] = String(endpoint.values["policy"]).replace("333333333333", "111111111111");
        }),
      ).toEqual(["net-01-private-service-endpoints"]);
    });
  });
});
