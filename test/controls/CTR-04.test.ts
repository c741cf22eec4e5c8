import * as YAML from "yaml";
import { HOST_PATHS, renderSelinuxConfig } from "../../constructs/host-hardening";
import { Artifacts } from "../../policies/types";
import { component, componentDocument, componentFile, ENVIRONMENTS, one, rewriteComponentFile, rulesFired, setUserData, userDataText } from "../support/bastion";
import { findingsFor, synthesizedPlans } from "../support/plans";

describe("CTR-04 seccomp and SELinux (hosts: the bastion image runs SELinux enforcing)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const hardening = component(plans, environment, "os-hardening");
    const steps = componentDocument(hardening).phases.flatMap((phase) => phase.steps.map((step) => ({ phase: phase.name, ...step })));
    const commands = (phase: string) => steps.filter((step) => step.phase === phase && step.action === "ExecuteBash").flatMap((step) => (step.inputs as { commands: string[] }).commands);

    test("the OS hardening component sets SELINUX=enforcing with the targeted policy", () => {
      expect(componentFile(hardening, HOST_PATHS.selinux)).toBe(renderSelinuxConfig());
      expect(renderSelinuxConfig().split("\n")).toEqual(expect.arrayContaining(["SELINUX=enforcing", "SELINUXTYPE=targeted"]));
    });

    test("it removes kernel arguments that would override the mode, validates the file, and tests the booted image", () => {
      expect(commands("build")).toContain('grubby --update-kernel=ALL --remove-args="selinux enforcing"');
      expect(commands("validate")).toContain("grep -qx 'SELINUX=enforcing' /etc/selinux/config");
      expect(commands("test")[1]).toBe('test "$(getenforce)" = Enforcing || { echo "SELinux is $(getenforce) after boot"; exit 1; }');
    });

    test("files the image and the user data create are labelled, and the SSH port is labelled instead of relaxing the policy", () => {
      expect(commands("build").join("\n")).toMatch(/^restorecon -R /m);
      const { runcmd } = YAML.parse(userDataText(plans, environment)) as { runcmd: string[] };
      expect(runcmd.join("\n")).not.toMatch(/setenforce|selinux=0|enforcing=0|semanage permissive/);
      expect(runcmd.some((command) => command.startsWith("semanage port -a -t ssh_port_t"))).toBe(true);
    });

    test("the plan passes every CTR-04 rule", () => {
      expect(findingsFor(plans, "CTR-04")).toEqual([]);
    });
  });

  describe("check reports CTR-04 when the real plan is weakened", () => {
    const addRuncmd = (command: string) => (plans: Artifacts) => {
      const document = YAML.parse(userDataText(plans, "prod"));
      document.runcmd.push(command);
      setUserData(plans, "prod", `#cloud-config\n${YAML.stringify(document)}`);
    };

    test("SELINUX=permissive in the image", () => {
      expect(rulesFired("CTR-04", (plans) => rewriteComponentFile(component(plans, "prod", "os-hardening"), HOST_PATHS.selinux, (text) => text.replace("SELINUX=enforcing", "SELINUX=permissive")))).toEqual([
        "ctr-04-selinux-enforcing-hosts",
      ]);
    });

    test("the SELinux configuration no longer written by any component", () => {
      expect(
        rulesFired("CTR-04", (plans) => {
          const resource = component(plans, "prod", "os-hardening");
          const document = componentDocument(resource);
          const step = document.phases[0].steps.find((candidate) => candidate.name === "WriteHardeningFiles")!;
          step.inputs = (step.inputs as { path: string }[]).filter((input) => input.path !== HOST_PATHS.selinux);
          resource.values["data"] = YAML.stringify(document);
        }),
      ).toEqual(["ctr-04-selinux-enforcing-hosts"]);
    });

    test("setenforce 0 in the bastion's user data", () => {
      expect(rulesFired("CTR-04", addRuncmd("setenforce 0"))).toEqual(["ctr-04-selinux-enforcing-hosts"]);
    });

    test("the hardening component dropped from the recipe", () => {
      expect(
        rulesFired("CTR-04", (plans) => {
          const recipe = one(plans, "prod", "aws_imagebuilder_image_recipe").values;
          const hardening = component(plans, "prod", "os-hardening");
          recipe["component"] = (recipe["component"] as { component_arn: string }[]).filter((entry) => entry.component_arn !== `\${${hardening.address}.arn}`);
        }),
      ).toEqual(["ctr-04-selinux-enforcing-hosts"]);
    });
  });
});
