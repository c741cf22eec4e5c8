import { Artifacts } from "../../policies/types";
import { config, ENVIRONMENTS, one, ref, rulesFired } from "../support/bastion";
import { findingsFor, synthesizedPlans } from "../support/plans";

describe("OPS-01 automated patch management (bastion: weekly image rebuild, instances replaced from the latest image)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const env = config(environment);

    test("the image pipeline rebuilds on the configured schedule whenever the parent image or a component changed", () => {
      expect(one(plans, environment, "aws_imagebuilder_image_pipeline").values).toMatchObject({
        status: "ENABLED",
        schedule: {
          schedule_expression: env.bastion.imageRebuildSchedule,
          pipeline_execution_start_condition: "EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE",
          timezone: "Etc/UTC",
        },
      });
    });

    test("the build applies OS updates first, and the boot upgrades packages on top of the image", () => {
      const recipe = one(plans, environment, "aws_imagebuilder_image_recipe").values["component"] as { component_arn: string }[];
      expect(recipe[0].component_arn).toBe(`arn:aws:imagebuilder:${env.region}:aws:component/update-linux/x.x.x`);
    });

    test("the bastion group replaces its instance from the latest image within the configured lifetime, launching the new one first", () => {
      const group = one(plans, environment, "aws_autoscaling_group", /^bastion_/);
      const template = one(plans, environment, "aws_launch_template", /^bastion_/);
      expect(group.values).toMatchObject({
        max_instance_lifetime: env.bastion.maxInstanceLifetimeDays * 86400,
        instance_maintenance_policy: { min_healthy_percentage: 100, max_healthy_percentage: 200 },
        instance_refresh: { strategy: "Rolling", preferences: { min_healthy_percentage: 100, max_healthy_percentage: 200 } },
        launch_template: { id: ref(template, "id"), version: ref(template, "latest_version") },
      });
      expect(env.bastion.maxInstanceLifetimeDays).toBeLessThanOrEqual(environment === "prod" ? 7 : 30);
    });

    test("component versions follow their content, so a changed hardening rebuilds a new image version", () => {
      for (const component of ["os-hardening", "sshd", "audit", "aide"].map((suffix) => one(plans, environment, "aws_imagebuilder_component", new RegExp(`^bastion-image_${suffix}_`)))) {
        expect(component.values["lifecycle"]).toEqual({ create_before_destroy: true });
        expect(String(component.values["version"])).toMatch(/^1\.0\.\d+$/);
      }
    });

    test("the plan passes every OPS-01 rule", () => {
      expect(findingsFor(plans, "OPS-01")).toEqual([]);
    });
  });

  describe("check reports OPS-01 when the real plan is weakened", () => {
    const pipeline = (plans: Artifacts) => one(plans, "prod", "aws_imagebuilder_image_pipeline").values;

    test("the rebuild schedule removed, or the pipeline disabled", () => {
      expect(rulesFired("OPS-01", (plans) => delete pipeline(plans)["schedule"])).toEqual(["ops-01-scheduled-image-rebuild"]);
      expect(rulesFired("OPS-01", (plans) => (pipeline(plans)["status"] = "DISABLED"))).toEqual(["ops-01-scheduled-image-rebuild"]);
    });

    test("the bastion never replaced, or replaced only after 60 days", () => {
      const group = (plans: Artifacts) => one(plans, "prod", "aws_autoscaling_group", /^bastion_/).values;
      expect(rulesFired("OPS-01", (plans) => delete group(plans)["max_instance_lifetime"])).toEqual(["ops-01-scheduled-image-rebuild"]);
      expect(rulesFired("OPS-01", (plans) => (group(plans)["max_instance_lifetime"] = 60 * 86400))).toEqual(["ops-01-scheduled-image-rebuild"]);
    });
  });
});
