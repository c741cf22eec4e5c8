import * as YAML from "yaml";
import { AIDE_PATHS, HOST_PATHS, renderAideCheckService, renderAideCheckTimer, renderAideConfig } from "../../constructs/host-hardening";
import { Artifacts } from "../../policies/types";
import { component, componentDocument, componentFile, ENVIRONMENTS, one, rewriteComponentFile, rulesFired, run, tool, userDataFile, userDataText, writeTemp } from "../support/bastion";
import { findingsFor, synthesizedPlans } from "../support/plans";

describe("HOST-02 file integrity monitoring (bastion: AIDE baseline in the image, daily systemd check, report shipped to CloudWatch)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const aide = component(plans, environment, "aide");
    const document = componentDocument(aide);

    test("the AIDE component installs the configuration, the check service and its daily timer", () => {
      expect(componentFile(aide, HOST_PATHS.aideConfig)).toBe(renderAideConfig());
      expect(componentFile(aide, HOST_PATHS.aideService)).toBe(renderAideCheckService());
      expect(componentFile(aide, HOST_PATHS.aideTimer)).toBe(renderAideCheckTimer());
      expect(renderAideCheckService()).toMatch(/^ExecStart=\/usr\/sbin\/aide --check$/m);
      expect(renderAideCheckTimer()).toMatch(/^OnCalendar=\*-\*-\* 05:00:00$/m);
      expect(renderAideCheckTimer()).toMatch(/^Persistent=true$/m);
    });

    test("the configuration watches boot files, /etc and the system binaries with SHA-512, and protects the audit tools", () => {
      const lines = renderAideConfig().split("\n");
      expect(lines).toEqual(expect.arrayContaining(["/boot FULL", "/etc FULL", "/usr/bin FULL", "/usr/sbin FULL", "/usr/lib FULL", "/usr/lib64 FULL", "CONTENT = sha512+ftype"]));
      expect(lines).toEqual(expect.arrayContaining(["/usr/sbin/auditctl$ AUDITTOOLS", "/usr/sbin/auditd$ AUDITTOOLS"]));
      expect(lines).toContain(`database_in=file:${AIDE_PATHS.database}`);
    });

    test("the real aide --config-check accepts the configuration the image installs", () => {
      const result = run(tool("aide"), ["--config-check", "-c", writeTemp("aide.conf", componentFile(aide, HOST_PATHS.aideConfig))]);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect(run(tool("aide"), ["--config-check", "-c", writeTemp("broken.conf", "/etc NOTAGROUP\n")]).status).not.toBe(0);
    });

    test("the build initializes the baseline and enables the timer; validate and test phases check both", () => {
      const phase = (name: string) => document.phases.find((candidate) => candidate.name === name)!.steps.flatMap((step) => (step.action === "ExecuteBash" ? (step.inputs as { commands: string[] }).commands : []));
      expect(phase("build")).toEqual(expect.arrayContaining(["systemctl enable aide-check.timer", `${AIDE_PATHS.binary} --init`, `mv -f ${AIDE_PATHS.newDatabase} ${AIDE_PATHS.database}`]));
      expect(phase("validate")).toEqual(expect.arrayContaining([`${AIDE_PATHS.binary} --config-check`, `test -s ${AIDE_PATHS.database}`, "systemctl is-enabled aide-check.timer"]));
      expect(phase("test")).toEqual(expect.arrayContaining(["systemctl is-enabled aide-check.timer", "systemctl is-active aide-check.timer"]));
    });

    test("the AIDE component is the last hardening component of the recipe, so its baseline covers the others' files", () => {
      const arns = (one(plans, environment, "aws_imagebuilder_image_recipe").values["component"] as { component_arn: string }[]).map((entry) => entry.component_arn);
      expect(arns[arns.length - 2]).toBe(`\${${aide.address}.arn}`);
    });

    test("at boot the user data re-baselines after applying the environment's settings, and ships the report to CloudWatch", () => {
      const { runcmd } = YAML.parse(userDataText(plans, environment)) as { runcmd: string[] };
      expect(runcmd[runcmd.length - 1]).toBe(`${AIDE_PATHS.binary} --init && mv -f ${AIDE_PATHS.newDatabase} ${AIDE_PATHS.database}`);
      expect(runcmd).toContain("systemctl enable --now auditd amazon-ssm-agent aide-check.timer");
      const agent = JSON.parse(userDataFile(plans, environment, "/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json"));
      expect(agent.logs.logs_collected.files.collect_list).toEqual([
        { file_path: "/var/log/audit/audit.log", log_group_name: `/mcp/${environment}/bastion/host`, log_stream_name: "{instance_id}/audit" },
        { file_path: AIDE_PATHS.log, log_group_name: `/mcp/${environment}/bastion/host`, log_stream_name: "{instance_id}/aide" },
      ]);
    });

    test("the plan passes every HOST-02 rule", () => {
      expect(findingsFor(plans, "HOST-02")).toEqual([]);
    });
  });

  describe("check reports HOST-02 when the real plan is weakened", () => {
    const editDocument = (change: (document: ReturnType<typeof componentDocument>) => void) => (plans: Artifacts) => {
      const resource = component(plans, "prod", "aide");
      const document = componentDocument(resource);
      change(document);
      resource.values["data"] = YAML.stringify(document);
    };

    test("the AIDE initialization step removed", () => {
      expect(rulesFired("HOST-02", editDocument((document) => (document.phases[0].steps = document.phases[0].steps.filter((step) => step.name !== "InitializeAide"))))).toEqual(["host-02-file-integrity"]);
    });

    test("the timer no longer runs a check, or is never enabled", () => {
      expect(rulesFired("HOST-02", (plans) => rewriteComponentFile(component(plans, "prod", "aide"), HOST_PATHS.aideService, (text) => text.replace("--check", "--version")))).toEqual(["host-02-file-integrity"]);
      expect(
        rulesFired(
          "HOST-02",
          editDocument((document) => {
            const step = document.phases[0].steps.find((candidate) => candidate.name === "InitializeAide")!;
            (step.inputs as { commands: string[] }).commands = (step.inputs as { commands: string[] }).commands.filter((command) => !command.startsWith("systemctl enable"));
          }),
        ),
      ).toEqual(["host-02-file-integrity"]);
    });

    test("the AIDE component dropped from the recipe", () => {
      expect(
        rulesFired("HOST-02", (plans) => {
          const recipe = one(plans, "prod", "aws_imagebuilder_image_recipe").values;
          const aide = component(plans, "prod", "aide");
          recipe["component"] = (recipe["component"] as { component_arn: string }[]).filter((entry) => entry.component_arn !== `\${${aide.address}.arn}`);
        }),
      ).toEqual(["host-02-file-integrity"]);
    });
  });
});
