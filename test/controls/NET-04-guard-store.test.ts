import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { App, TerraformStack } from "cdktf";
import { GUARD_STORE_ENGINE, GuardStore, REDIS_PORT } from "../../constructs/guard-store";
import { guardStoreName } from "../../stacks/guard-store-aws";
import { Artifacts } from "../../policies/types";
import { addResource, findingsFor, stackResources, synthesizedPlans, tier } from "../support/plans";

const ofRule = (plans: Artifacts, rule: string) =>
  findingsFor(plans, "NET-04")
    .filter((finding) => finding.rule === rule)
    .map((finding) => `${finding.location} ${finding.resource}: ${finding.message}`)
    .sort();

describe("NET-04 end-to-end encryption: the guard's shared store is encrypted at rest and in transit, AUTH-protected, in the data tier, reachable from the MCP nodes and the recovery function only", () => {
  describe.each(BUILT_IN_ENVIRONMENTS.map((environment) => [environment.name, environment] as const))("in %s", (name, environment) => {
    const plans = synthesizedPlans();

    test("one Valkey replication group: KMS at rest, TLS required, AUTH token, snapshots; failover and Multi-AZ in production", () => {
      const [group] = stackResources(plans, name, "aws_elasticache_replication_group");
      expect(group.values).toMatchObject({
        replication_group_id: guardStoreName(environment),
        engine: GUARD_STORE_ENGINE.engine,
        at_rest_encryption_enabled: "true",
        transit_encryption_enabled: true,
        transit_encryption_mode: "required",
        port: REDIS_PORT,
        automatic_failover_enabled: environment.production,
        multi_az_enabled: environment.production,
      });
      expect(group.values["kms_key_id"]).toMatch(/^\$\{aws_kms_key\..*\.arn\}$/);
      expect(group.values["auth_token"]).toMatch(/^\$\{data\.aws_secretsmanager_random_password\./);
      expect(Number(group.values["snapshot_retention_limit"])).toBeGreaterThanOrEqual(1);
      const [subnetGroup] = stackResources(plans, name, "aws_elasticache_subnet_group");
      const subnets = stackResources(plans, name, "aws_subnet").filter((subnet) => (subnetGroup.values["subnet_ids"] as string[]).some((id) => id.includes(`.${subnet.name}.`)));
      expect(subnets.length).toBe(environment.azCount);
      expect(subnets.map(tier)).toEqual(subnets.map(() => "data"));
      const ingress = stackResources(plans, name, "aws_vpc_security_group_ingress_rule").filter((rule) => String(rule.values["security_group_id"]).includes("guard-store"));
      expect(ingress.map((rule) => [rule.values["from_port"], rule.values["to_port"], rule.values["referenced_security_group_id"]])).toEqual([
        [REDIS_PORT, REDIS_PORT, expect.stringMatching(/security-groups_mcp_/)],
        [REDIS_PORT, REDIS_PORT, expect.stringMatching(/recovery_security-group_/)],
      ]);
    });

    test("no finding of either rule", () => {
      expect(ofRule(plans, "net-04-elasticache-encrypted-auth")).toEqual([]);
      expect(ofRule(plans, "net-04-elasticache-private-data-tier")).toEqual([]);
    });
  });

  test("check reports a store without encryption at rest, with TLS optional, without AUTH and without snapshots", () => {
    const plans = synthesizedPlans();
    const [group] = stackResources(plans, "prod", "aws_elasticache_replication_group");
    Object.assign(group.values, { at_rest_encryption_enabled: "false", transit_encryption_mode: "preferred", snapshot_retention_limit: 0 });
    delete group.values["auth_token"];
    const at = `mcp-prod ${group.address}`;
    expect(ofRule(plans, "net-04-elasticache-encrypted-auth")).toEqual([
      `${at}: accepts clients without an AUTH token`,
      `${at}: does not require TLS (transit_encryption_enabled with transit_encryption_mode required)`,
      `${at}: is not encrypted at rest with a customer-managed KMS key`,
      `${at}: keeps no snapshots`,
    ]);
  });

  test("check reports a store in MCP-tier subnets whose security group admits an address range and other ports", () => {
    const plans = synthesizedPlans();
    const [group] = stackResources(plans, "prod", "aws_elasticache_replication_group");
    const [subnetGroup] = stackResources(plans, "prod", "aws_elasticache_subnet_group");
    const mcpSubnet = stackResources(plans, "prod", "aws_subnet").find((subnet) => tier(subnet) === "mcp")!;
    subnetGroup.values["subnet_ids"] = [`\${aws_subnet.${mcpSubnet.name}.id}`];
    const [ingress] = stackResources(plans, "prod", "aws_vpc_security_group_ingress_rule").filter((rule) => String(rule.values["security_group_id"]).includes("guard-store"));
    ingress.values["to_port"] = 6400;
    const [storeGroupId] = group.values["security_group_ids"] as string[];
    addResource(plans, "prod", "aws_vpc_security_group_ingress_rule", "store_from_vpc", { security_group_id: storeGroupId, cidr_ipv4: "10.0.0.0/8", ip_protocol: "tcp", from_port: REDIS_PORT, to_port: REDIS_PORT });
    const at = `mcp-prod ${group.address}`;
    expect(ofRule(plans, "net-04-elasticache-private-data-tier")).toEqual([
      `${at}: ${ingress.address} admits ports other than ${REDIS_PORT}`,
      `${at}: aws_vpc_security_group_ingress_rule.store_from_vpc admits an address range, not a security group`,
      `${at}: is not placed in data-tier subnets only`,
    ].sort());
  });
});

describe("GuardStore refuses props that would weaken it, saying what to do", () => {
  const props = { name: "mcp-x-guard-store", vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], clientSecurityGroupId: "sg-1", kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/k", tokenSecretId: "token", hostSecretId: "host", snapshotRetentionDays: 1, production: false, azCount: 2 };
  test.each([
    [{ subnetIds: ["subnet-a"] }, /at least two data-tier subnets/],
    [{ snapshotRetentionDays: 0 }, /snapshotRetentionDays must be 1 to 35 \(0 turns snapshots off\), got 0/],
  ])("%j", (change, message) => {
    expect(() => new GuardStore(new TerraformStack(new App(), "s"), "store", { ...props, ...change })).toThrow(message);
  });
});
