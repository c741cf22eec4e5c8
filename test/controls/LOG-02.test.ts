import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { referencedAddress } from "../../policies/terraform";
import { findingsFor, stackResources, synthesizedPlans } from "../support/plans";

describe("LOG-02 centralised log collection (VPC flow logs)", () => {
  const plans = synthesizedPlans();

  test.each(BUILT_IN_ENVIRONMENTS.map((environment) => [environment.name, environment] as const))("%s logs ALL VPC traffic into its encrypted flow log group", (name, environment) => {
    const [flowLog] = stackResources(plans, name, "aws_flow_log");
    const vpc = stackResources(plans, name, "aws_vpc")[0];
    expect(flowLog.values).toMatchObject({ traffic_type: "ALL", log_destination_type: "cloud-watch-logs", max_aggregation_interval: environment.security.flowLogAggregationSeconds });
    expect(referencedAddress(flowLog.values["vpc_id"])).toBe(vpc.address);
    const group = stackResources(plans, name, "aws_cloudwatch_log_group").find((candidate) => referencedAddress(flowLog.values["log_destination"]) === candidate.address)!;
    expect(group.values).toMatchObject({ name: `/mcp/${name}/vpc-flow-logs`, retention_in_days: environment.security.logRetentionDays });
    const role = stackResources(plans, name, "aws_iam_role_policy").find((policy) => policy.values["name"] === "write-flow-logs")!;
    expect(JSON.parse(String(role.values["policy"])).Statement[0].Resource).toEqual([`\${${group.address}.arn}`, `\${${group.address}.arn}:*`]);
  });

  test("check reports LOG-02 when the flow log stops capturing rejected traffic", () => {
    const weakened = synthesizedPlans();
    stackResources(weakened, "prod", "aws_flow_log")[0].values["traffic_type"] = "ACCEPT";
    expect(findingsFor(weakened, "LOG-02").map((finding) => finding.rule)).toEqual(["log-02-vpc-flow-logs"]);
  });
});
