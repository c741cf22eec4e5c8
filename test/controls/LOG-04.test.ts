import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { referencedAddress } from "../../policies/terraform";
import { findingsFor, stackResources, synthesizedPlans } from "../support/plans";

describe("LOG-04 tamper-evident audit records (log group encryption and explicit retention)", () => {
  const plans = synthesizedPlans();

  test.each(BUILT_IN_ENVIRONMENTS.map((environment) => [environment.name, environment] as const))("every %s log group uses the environment key and its retention", (name, environment) => {
    const key = stackResources(plans, name, "aws_kms_key")[0];
    const groups = stackResources(plans, name, "aws_cloudwatch_log_group");
    expect(groups.map((group) => group.values["name"]).sort()).toEqual(
      [`/mcp/${name}/vpc-flow-logs`, `/mcp/${name}/client-vpn`, `/mcp/${name}/network-firewall/alert`, `/mcp/${name}/network-firewall/flow`, `/mcp/${name}/dns-queries`, `/mcp/${name}/cloudtrail`, `aws-waf-logs-mcp-${name}`, `/aws/eks/mcp-${name}/cluster`, `/aws/imagebuilder/mcp-${name}-bastion-recipe`, `/aws/rds/instance/mcp-${name}-keycloak/postgresql`, `/mcp/${name}/bastion/host`, `/mcp/${name}/bastion/sessions`, `/mcp/${name}/containers`, `/mcp/${name}/traces`, `/mcp/${name}/guard-metrics`, `/mcp/${name}/containment`, `/mcp/${name}/siem-delivery-errors`, `/mcp/${name}/recovery`, `/mcp/${name}/threat-intel`, ...environment.mcpServers.map((server) => `/mcp/${name}/servers/${server.name}`)].sort(),
    );
    for (const group of groups) {
      expect(referencedAddress(group.values["kms_key_id"])).toBe(key.address);
      expect(group.values["retention_in_days"]).toBe(environment.security.logRetentionDays);
      expect(group.values["skip_destroy"]).toBe(true);
    }
    expect(environment.security.logRetentionDays).toBeGreaterThanOrEqual(environment.production ? 365 : 1);
  });

  test("the environment key lets CloudWatch Logs use it only for this account's log groups", () => {
    const environment = BUILT_IN_ENVIRONMENTS.find((candidate) => candidate.production)!;
    const policy = JSON.parse(String(stackResources(plans, environment.name, "aws_kms_key")[0].values["policy"]));
    expect(policy.Statement.find((statement: { Sid: string }) => statement.Sid === "CloudWatchLogsForThisAccountOnly")).toMatchObject({
      Principal: { Service: `logs.${environment.region}.amazonaws.com` },
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${environment.region}:${environment.accountId}:log-group:*` } },
    });
  });

  test("check reports LOG-04 when a log group loses its key or its retention", () => {
    const weakened = synthesizedPlans();
    const [first, second] = stackResources(weakened, "prod", "aws_cloudwatch_log_group");
    delete first.values["kms_key_id"];
    delete second.values["retention_in_days"];
    expect(findingsFor(weakened, "LOG-04").map((finding) => [finding.rule, finding.resource])).toEqual([
      ["log-04-log-group-encryption-retention", first.address],
      ["log-04-log-group-encryption-retention", second.address],
    ].sort((a, b) => a[1].localeCompare(b[1])));
  });
});
