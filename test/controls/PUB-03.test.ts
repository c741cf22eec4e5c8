import { CIS_DISABLED_KERNEL_MODULES, CIS_SYSCTLS, renderModprobeConf, renderSysctlConf } from "../../constructs/host-hardening";
import { tierOf } from "../../policies/terraform";
import { Artifacts } from "../../policies/types";
import { component, componentDocument, componentFile, config, ENVIRONMENTS, one, ref, rewriteComponentFile, rulesFired, run, tool, writeTemp } from "../support/bastion";
import { findingsFor, stackResources, synthesizedPlans } from "../support/plans";

/** Every action module AWSTOE documents (toe-action-modules). */
const AWSTOE_ACTIONS = [
  "ExecuteBash",
  "ExecuteBinary",
  "ExecuteDocument",
  "ExecutePowerShell",
  "S3Download",
  "S3Upload",
  "WebDownload",
  "AppendFile",
  "CopyFile",
  "CopyFolder",
  "CreateFile",
  "CreateFolder",
  "CreateSymlink",
  "DeleteFile",
  "DeleteFolder",
  "ListFiles",
  "MoveFile",
  "MoveFolder",
  "ReadFile",
  "SetFileEncoding",
  "SetFileOwner",
  "SetFolderOwner",
  "SetFilePermissions",
  "SetFolderPermissions",
  "InstallMSI",
  "UninstallMSI",
  "Reboot",
  "SetRegistry",
  "UpdateOS",
];

const OUR_COMPONENTS = ["os-hardening", "sshd", "audit", "aide"];

describe("PUB-03 operating-system hardening (bastion image: Image Builder, AL2023 minimal, STIG, CIS components)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const env = config(environment);
    const key = one(plans, environment, "aws_kms_key");
    const pipeline = one(plans, environment, "aws_imagebuilder_image_pipeline");
    const recipe = one(plans, environment, "aws_imagebuilder_image_recipe");
    const infrastructure = one(plans, environment, "aws_imagebuilder_infrastructure_configuration");
    const distribution = one(plans, environment, "aws_imagebuilder_distribution_configuration");

    test("the recipe builds on AL2023 minimal: updates, STIG high, our four components, a reboot test, in that order", () => {
      expect(recipe.values["parent_image"]).toBe("ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-minimal-kernel-default-x86_64");
      const arn = (name: string) => `arn:aws:imagebuilder:${env.region}:aws:component/${name}/x.x.x`;
      expect(recipe.values["component"]).toEqual([
        { component_arn: arn("update-linux") },
        { component_arn: arn("stig-build-linux-high") },
        ...OUR_COMPONENTS.map((suffix) => ({ component_arn: ref(component(plans, environment, suffix), "arn") })),
        { component_arn: arn("reboot-test-linux") },
      ]);
      expect(recipe.values["systems_manager_agent"]).toEqual({ uninstall_after_build: false });
    });

    test("each component document is AWSTOE schema 1.0 with build, validate and test phases of named, documented steps", () => {
      for (const suffix of OUR_COMPONENTS) {
        const resource = component(plans, environment, suffix);
        expect(resource.values).toMatchObject({ name: `mcp-${environment}-bastion-${suffix}`, platform: "Linux", kms_key_id: ref(key, "arn") });
        expect(String(resource.values["version"])).toMatch(/^1\.0\.\d+$/);
        expect(String(resource.values["data"])).toMatch(/^schemaVersion: 1\.0$/m);
        const document = componentDocument(resource);
        expect(Object.keys(document)).toEqual(["name", "description", "schemaVersion", "phases"]);
        expect(document.name).toBe(resource.values["name"]);
        expect(document.description.length).toBeGreaterThan(20);
        expect(document.phases.map((phase) => phase.name)).toEqual(["build", "validate", "test"]);
        for (const phase of document.phases) {
          expect(phase.steps.length).toBeGreaterThan(0);
          for (const step of phase.steps) {
            expect(Object.keys(step)).toEqual(["name", "action", "inputs"]);
            expect(step.name).toMatch(/^[A-Za-z][A-Za-z0-9]+$/);
            expect(AWSTOE_ACTIONS).toContain(step.action);
            if (step.action === "ExecuteBash") expect((step.inputs as { commands: string[] }).commands[0]).toBe("set -euo pipefail");
            if (step.action === "CreateFile") {
              for (const input of step.inputs as Record<string, unknown>[]) {
                expect(Object.keys(input).sort()).toEqual(["content", "group", "owner", "path", "permissions"]);
                expect(input).toMatchObject({ owner: "root", group: "root", permissions: expect.stringMatching(/^0[0-7]{3}$/) });
              }
            }
          }
        }
        expect(String(resource.values["data"]).length).toBeLessThan(16000);
      }
    });

    test("every ExecuteBash step passes the real shellcheck (bash)", () => {
      for (const suffix of OUR_COMPONENTS) {
        for (const phase of componentDocument(component(plans, environment, suffix)).phases) {
          for (const step of phase.steps.filter((candidate) => candidate.action === "ExecuteBash")) {
            const script = writeTemp(`${suffix}-${step.name}.sh`, `${(step.inputs as { commands: string[] }).commands.join("\n")}\n`);
            const result = run(tool("shellcheck"), ["--shell=bash", "--format=gcc", script]);
            expect([`${suffix}/${phase.name}/${step.name}`, result.stdout]).toEqual([`${suffix}/${phase.name}/${step.name}`, ""]);
            expect([`${suffix}/${phase.name}/${step.name}`, result.stderr]).toEqual([`${suffix}/${phase.name}/${step.name}`, ""]);
            expect(result.status).toBe(0);
          }
        }
      }
    });

    test("the OS hardening component sets the CIS kernel parameters and disables the unused modules", () => {
      const hardening = component(plans, environment, "os-hardening");
      expect(componentFile(hardening, "/etc/sysctl.d/99-zz-mcp-hardening.conf")).toBe(renderSysctlConf());
      expect(CIS_SYSCTLS).toMatchObject({
        "net.ipv4.ip_forward": "0",
        "net.ipv4.conf.all.send_redirects": "0",
        "net.ipv4.conf.all.accept_redirects": "0",
        "net.ipv4.conf.all.rp_filter": "1",
        "net.ipv4.conf.all.log_martians": "1",
        "net.ipv4.tcp_syncookies": "1",
        "kernel.randomize_va_space": "2",
        "fs.suid_dumpable": "0",
        "kernel.kptr_restrict": "2",
        "kernel.dmesg_restrict": "1",
        "kernel.yama.ptrace_scope": "1",
      });
      expect(componentFile(hardening, "/etc/modprobe.d/mcp-hardening.conf")).toBe(renderModprobeConf());
      expect([...CIS_DISABLED_KERNEL_MODULES].sort()).toEqual(["cramfs", "dccp", "freevxfs", "hfs", "hfsplus", "jffs2", "rds", "sctp", "squashfs", "tipc", "udf", "usb-storage"]);
      const commands = componentDocument(hardening).phases.flatMap((phase) => phase.steps.flatMap((step) => (step.action === "ExecuteBash" ? (step.inputs as { commands: string[] }).commands : [])));
      expect(commands.join("\n")).toMatch(/dnf -y remove "\$package"/);
      expect(commands.join("\n")).toMatch(/systemctl mask debug-shell\.service kdump\.service/);
    });

    test("the recipe's volume is encrypted with the environment key", () => {
      expect(recipe.values["block_device_mapping"]).toEqual([
        { device_name: "/dev/xvda", ebs: { delete_on_termination: "true", encrypted: "true", kms_key_id: ref(key, "arn"), volume_size: 20, volume_type: "gp3" } },
      ]);
    });

    test("build and test instances run in the admin tier with the admin group, IMDSv2, terminated on failure", () => {
      const subnet = stackResources(plans, environment, "aws_subnet").find((candidate) => ref(candidate, "id") === infrastructure.values["subnet_id"]);
      expect(subnet && tierOf(subnet)).toBe("admin");
      expect(infrastructure.values).toMatchObject({
        security_group_ids: [ref(one(plans, environment, "aws_security_group", /^security-groups_admin_/), "id")],
        terminate_instance_on_failure: true,
        instance_metadata_options: { http_tokens: "required", http_put_response_hop_limit: 1 },
        instance_types: ["t3.medium"],
      });
      expect(infrastructure.values["key_pair"]).toBeUndefined();
    });

    test("AMIs are encrypted with the environment key, stay in its account and region, and are published to SSM", () => {
      expect(distribution.values["distribution"]).toEqual([
        {
          region: env.region,
          ami_distribution_configuration: {
            name: `mcp-${environment}-bastion-{{ imagebuilder:buildDate }}`,
            description: "Hardened AL2023 bastion image (mcp-hardening)",
            kms_key_id: ref(key, "arn"),
            ami_tags: { Name: `mcp-${environment}-bastion`, "mcp:image": "bastion" },
          },
          ssm_parameter_configuration: [{ parameter_name: `/mcp/${environment}/bastion/ami-id`, data_type: "aws:ec2:image" }],
        },
      ]);
    });

    test("the pipeline scans with Inspector, runs the image tests and records enhanced metadata", () => {
      expect(pipeline.values).toMatchObject({
        image_recipe_arn: ref(recipe, "arn"),
        infrastructure_configuration_arn: ref(infrastructure, "arn"),
        distribution_configuration_arn: ref(distribution, "arn"),
        image_scanning_configuration: { image_scanning_enabled: true },
        image_tests_configuration: { image_tests_enabled: true, timeout_minutes: 90 },
        enhanced_image_metadata_enabled: true,
        status: "ENABLED",
      });
    });

    test("the bastion launches the image the pipeline publishes", () => {
      expect(one(plans, environment, "aws_launch_template", /^bastion_/).values["image_id"]).toBe(`resolve:ssm:/mcp/${environment}/bastion/ami-id`);
    });

    test("the plan passes every PUB-03 rule", () => {
      expect(findingsFor(plans, "PUB-03")).toEqual([]);
    });
  });

  describe("check reports PUB-03 when the real plan is weakened", () => {
    const pipelineOf = (plans: Artifacts) => one(plans, "prod", "aws_imagebuilder_image_pipeline").values;
    const amiConfig = (plans: Artifacts) => ((one(plans, "prod", "aws_imagebuilder_distribution_configuration").values["distribution"] as Record<string, unknown>[])[0]["ami_distribution_configuration"]) as Record<string, unknown>;

    test("Inspector scanning off, or image tests off", () => {
      expect(rulesFired("PUB-03", (plans) => (pipelineOf(plans)["image_scanning_configuration"] = { image_scanning_enabled: false }))).toEqual(["pub-03-hardened-image-pipeline"]);
      expect(rulesFired("PUB-03", (plans) => delete pipelineOf(plans)["image_tests_configuration"])).toEqual(["pub-03-hardened-image-pipeline"]);
    });

    test("AMIs copied or shared to another account, or distributed unencrypted", () => {
      expect(rulesFired("PUB-03", (plans) => (amiConfig(plans)["target_account_ids"] = ["444444444444"]))).toEqual(["pub-03-hardened-image-pipeline"]);
      expect(rulesFired("PUB-03", (plans) => (amiConfig(plans)["launch_permission"] = { user_groups: ["all"] }))).toEqual(["pub-03-hardened-image-pipeline"]);
      expect(rulesFired("PUB-03", (plans) => delete amiConfig(plans)["kms_key_id"])).toEqual(["pub-03-hardened-image-pipeline"]);
    });

    test("the STIG component removed from the recipe", () => {
      expect(
        rulesFired("PUB-03", (plans) => {
          const recipe = one(plans, "prod", "aws_imagebuilder_image_recipe").values;
          recipe["component"] = (recipe["component"] as { component_arn: string }[]).filter((entry) => !entry.component_arn.includes("stig-build-linux"));
        }),
      ).toEqual(["pub-03-hardened-image-pipeline"]);
    });

    test("IP forwarding switched on, or sctp loadable again, in the hardening component", () => {
      expect(rulesFired("PUB-03", (plans) => rewriteComponentFile(component(plans, "prod", "os-hardening"), "/etc/sysctl.d/99-zz-mcp-hardening.conf", (text) => text.replace("net.ipv4.ip_forward = 0", "net.ipv4.ip_forward = 1")))).toEqual([
        "pub-03-hardened-image-pipeline",
      ]);
      expect(rulesFired("PUB-03", (plans) => rewriteComponentFile(component(plans, "prod", "os-hardening"), "/etc/modprobe.d/mcp-hardening.conf", (text) => text.replace("install sctp /bin/false\n", "")))).toEqual([
        "pub-03-hardened-image-pipeline",
      ]);
    });

    test("build instances in another tier, or kept after a failure", () => {
      const mcpSubnet = (plans: Artifacts) => stackResources(plans, "prod", "aws_subnet").find((subnet) => tierOf(subnet) === "mcp")!;
      expect(rulesFired("PUB-03", (plans) => (one(plans, "prod", "aws_imagebuilder_infrastructure_configuration").values["subnet_id"] = ref(mcpSubnet(plans), "id")))).toEqual(["pub-03-hardened-image-pipeline"]);
      expect(rulesFired("PUB-03", (plans) => (one(plans, "prod", "aws_imagebuilder_infrastructure_configuration").values["terminate_instance_on_failure"] = false))).toEqual(["pub-03-hardened-image-pipeline"]);
    });

    test("the bastion launched from a fixed AMI instead of the pipeline's", () => {
      expect(rulesFired("PUB-03", (plans) => (one(plans, "prod", "aws_launch_template", /^bastion_/).values["image_id"] = "ami-0123456789abcdef0"))).toEqual(["pub-03-hardened-image-pipeline"]);
    });

    test("IMDSv1 allowed on the build instances: the EC2 rule reports it under PUB-03 too", () => {
      expect(rulesFired("PUB-03", (plans) => (one(plans, "prod", "aws_imagebuilder_infrastructure_configuration").values["instance_metadata_options"] = { http_tokens: "optional" }))).toEqual([
        "host-00-ec2-imdsv2-encrypted",
      ]);
    });
  });
});
