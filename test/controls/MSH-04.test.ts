import { config, ENVIRONMENTS, only, ref, rulesFired } from "../support/compute";
import { findingsFor, removeResources, stackResources, synthesizedPlans } from "../support/plans";

/** The node-size alarm of an environment. */
function sizeAlarm(plans: ReturnType<typeof synthesizedPlans>, environment: string) {
  return stackResources(plans, environment, "aws_cloudwatch_metric_alarm").find((alarm) => alarm.values["alarm_name"] === `mcp-${environment}-nodes-above-max`)!;
}

describe("MSH-04 resource isolation (node capacity: quotas fit the node group, an alarm guards its size)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const nodeGroup = only(plans, environment, "aws_eks_node_group");
    const group = config(environment).cluster.nodeGroup;

    test("the node group scales as configured and is updated one node at a time", () => {
      expect(nodeGroup.values["scaling_config"]).toEqual({ min_size: group.minSize, desired_size: group.desiredSize, max_size: group.maxSize });
      expect(nodeGroup.values["update_config"]).toEqual({ max_unavailable: 1 });
      expect(nodeGroup.values["instance_types"]).toEqual(group.instanceTypes);
    });

    test("an alarm counts the group's instances and fires above maxSize plus the update surge, for 15 minutes", () => {
      const alarm = sizeAlarm(plans, environment);
      const topic = only(plans, environment, "aws_sns_topic");
      expect(alarm.values).toMatchObject({
        alarm_name: `mcp-${environment}-nodes-above-max`,
        namespace: "AWS/EC2",
        metric_name: "CPUUtilization",
        statistic: "SampleCount",
        dimensions: { AutoScalingGroupName: `\${${nodeGroup.address}.resources[0].autoscaling_groups[0].name}` },
        comparison_operator: "GreaterThanThreshold",
        threshold: group.maxSize + 2 * config(environment).azCount,
        period: 60,
        evaluation_periods: 15,
        datapoints_to_alarm: 15,
        treat_missing_data: "notBreaching",
        alarm_actions: [ref(topic, "arn")],
      });
      expect(topic.values).toMatchObject({ name: `mcp-${environment}-security-alerts`, kms_master_key_id: ref(only(plans, environment, "aws_kms_key"), "arn") });
    });

    test("the servers' quotas at maxReplicas fit the node group at maxSize", () => {
      const millicores = (cpu: string) => (cpu.endsWith("m") ? Number(cpu.slice(0, -1)) : Number(cpu) * 1000);
      const needed = config(environment).mcpServers.reduce((sum, server) => sum + millicores(server.quota.cpu) * server.quota.maxReplicas, 0);
      expect(needed).toBeLessThanOrEqual(millicores(group.capacityPerNode.cpu) * group.maxSize);
    });

    test("the synthesized plan passes every MSH-04 rule", () => {
      expect(findingsFor(plans, "MSH-04")).toEqual([]);
    });
  });

  describe("check reports MSH-04 when the real plan is weakened", () => {
    const alarmOf = (plans: ReturnType<typeof synthesizedPlans>) => sizeAlarm(plans, "prod");

    test("the alarm is removed", () => {
      expect(rulesFired("MSH-04", (plans) => removeResources(plans, "prod", "aws_cloudwatch_metric_alarm", (alarm) => alarm.values["alarm_name"] === "mcp-prod-nodes-above-max"))).toEqual(["msh-04-node-scaling-alarm"]);
    });

    test("the threshold is raised far above the maximum", () => {
      expect(rulesFired("MSH-04", (plans) => (alarmOf(plans).values["threshold"] = 1000))).toEqual(["msh-04-node-scaling-alarm"]);
    });

    test("the alarm notifies nobody", () => {
      expect(rulesFired("MSH-04", (plans) => (alarmOf(plans).values["alarm_actions"] = []))).toEqual(["msh-04-node-scaling-alarm"]);
    });

    test("the alerts topic loses its encryption", () => {
      expect(rulesFired("MSH-04", (plans) => delete only(plans, "prod", "aws_sns_topic").values["kms_master_key_id"])).toEqual(["msh-04-node-scaling-alarm"]);
    });
  });
});
