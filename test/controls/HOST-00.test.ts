import { AUDITD_CONF_SETTINGS, HOST_PATHS, renderAuditBaseRules, renderAuditFinalizeRules, renderAuditRules } from "../../constructs/host-hardening";
import { Artifacts } from "../../policies/types";
import { auditctlParse, bastionTemplate, component, componentDocument, componentFile, config, ENVIRONMENTS, one, ref, rewriteComponentFile, rulesFired } from "../support/bastion";
import { addResource, findingsFor, stackResources, synthesizedPlans } from "../support/plans";

/** The audit control lines auditctl can only check against a kernel: each must match this strict syntax. */
const CONTROL_LINE = /^(-D|-b \d+|-f [012]|--backlog_wait_time \d+|-e [012])$/;

/** Rule lines of an audit rules file (comments and blanks dropped). */
function ruleLines(content: string): string[] {
  return content.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("#"));
}

/** Every ExecuteBash command of a component. */
function commandsOf(plans: Artifacts, environment: string, suffix: string): string[] {
  return componentDocument(component(plans, environment, suffix)).phases.flatMap((phase) =>
    phase.steps.flatMap((step) => (step.action === "ExecuteBash" ? (step.inputs as { commands: string[] }).commands : [])),
  );
}

describe("HOST-00 EDR/HIDS on hosts (bastion: auditd rules from boot; hardened EC2 launch: IMDSv2, CMK-encrypted volumes, monitoring)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const env = config(environment);
    const key = one(plans, environment, "aws_kms_key");
    const template = bastionTemplate(plans, environment);
    const audit = component(plans, environment, "audit");

    test("the bastion launch template: IMDSv2 only, hop limit 1, root volume encrypted with the environment key, detailed monitoring", () => {
      expect(template.values["metadata_options"]).toMatchObject({ http_tokens: "required", http_put_response_hop_limit: 1, http_endpoint: "enabled" });
      expect(template.values["block_device_mappings"]).toEqual([
        { device_name: "/dev/xvda", ebs: { delete_on_termination: "true", encrypted: "true", kms_key_id: ref(key, "arn"), volume_size: 20, volume_type: "gp3" } },
      ]);
      expect(template.values["monitoring"]).toEqual({ enabled: true });
      expect(template.values["ebs_optimized"]).toBe("true");
    });

    test("the bastion's instance role has one inline policy: the SSM agent, its session key and its own log groups", () => {
      const role = one(plans, environment, "aws_iam_role", /^bastion_role_[0-9A-F]{8}$/);
      expect(JSON.parse(String(role.values["assume_role_policy"]))).toEqual({
        Version: "2012-10-17",
        Statement: [{ Sid: "Ec2AssumesThisRole", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
      });
      const policies = stackResources(plans, environment, "aws_iam_role_policy").filter((policy) => policy.values["role"] === ref(role, "id"));
      expect(policies).toHaveLength(1);
      expect(stackResources(plans, environment, "aws_iam_role_policy_attachment").filter((attachment) => attachment.values["role"] === ref(role, "name"))).toEqual([]);
      const statements = JSON.parse(String(policies[0].values["policy"])).Statement as { Sid: string; Action: string | string[]; Resource: string | string[] }[];
      expect(statements.map((statement) => statement.Sid)).toEqual([
        "SsmAgentCore",
        "SsmParametersOfThisAccount",
        "SessionManagerChannels",
        "RunCommandMessages",
        "DecryptSessionDataChannel",
        "WriteOwnLogGroups",
        "FindOwnLogGroups",
      ]);
      const actions = statements.flatMap((statement) => [statement.Action].flat());
      expect(actions.every((action) => /^(ssm|ssmmessages|ec2messages|logs|kms):[A-Za-z]+$/.test(action))).toBe(true);
      const groups = ["session-logs", "host-logs"].map((name) => one(plans, environment, "aws_cloudwatch_log_group", new RegExp(`^bastion_${name}_`)));
      expect(statements.find((statement) => statement.Sid === "WriteOwnLogGroups")?.Resource).toEqual(groups.flatMap((group) => [ref(group, "arn"), `${ref(group, "arn")}:*`]));
      expect(statements.find((statement) => statement.Sid === "DecryptSessionDataChannel")).toMatchObject({ Action: "kms:Decrypt", Resource: ref(key, "arn") });
    });

    test("the audit component installs the CIS rules, a base that keeps syscall auditing on, and -e 2 last", () => {
      expect(componentFile(audit, HOST_PATHS.auditBase)).toBe(renderAuditBaseRules());
      expect(componentFile(audit, HOST_PATHS.auditRules)).toBe(renderAuditRules());
      expect(componentFile(audit, HOST_PATHS.auditFinalize)).toBe(renderAuditFinalizeRules());
      const rules = ruleLines(renderAuditRules());
      for (const expected of [
        "-w /etc/passwd -p wa -k identity",
        "-w /etc/shadow -p wa -k identity",
        "-w /etc/group -p wa -k identity",
        "-w /etc/sudoers -p wa -k scope",
        "-w /etc/sudoers.d -p wa -k scope",
        "-w /etc/ssh/sshd_config -p wa -k sshd",
        "-a always,exit -F arch=b64 -S adjtimex,settimeofday,clock_settime -k time-change",
        "-a always,exit -F arch=b64 -S init_module,finit_module,delete_module -k kernel_modules",
        "-a always,exit -F arch=b32 -S init_module,finit_module,delete_module -k kernel_modules",
        "-a always,exit -F arch=b64 -S execve -F euid=0 -F auid>=1000 -F auid!=unset -k root_commands",
      ]) {
        expect(rules).toContain(expected);
      }
      expect(ruleLines(renderAuditBaseRules()).join("\n")).not.toMatch(/task,never/);
    });

    test("the real auditctl parses every audit rule line (in an unprivileged user namespace, so nothing is loaded)", () => {
      for (const line of ruleLines(componentFile(audit, HOST_PATHS.auditRules))) {
        expect([line, auditctlParse(line)]).toEqual([line, []]);
      }
      for (const line of [...ruleLines(componentFile(audit, HOST_PATHS.auditBase)), ...ruleLines(componentFile(audit, HOST_PATHS.auditFinalize))]) {
        expect(line).toMatch(CONTROL_LINE);
      }
      expect(auditctlParse("-a always,exit -F arch=b64 -S not_a_syscall -k x")).toEqual(["Syscall name unknown: not_a_syscall"]);
      expect(auditctlParse("-w /etc/passwd -p wz -k x")).toEqual(["Permission z isn't supported"]);
    });

    test("auditd keeps every log, starts with the kernel, and is enabled", () => {
      const commands = commandsOf(plans, environment, "audit");
      for (const [setting, value] of Object.entries(AUDITD_CONF_SETTINGS)) expect(commands.join("\n")).toContain(`${setting} = ${value}`);
      expect(AUDITD_CONF_SETTINGS).toMatchObject({ max_log_file_action: "keep_logs", disk_full_action: "single" });
      expect(commands).toContain('grubby --update-kernel=ALL --args="audit=1 audit_backlog_limit=8192"');
      expect(commands).toContain("systemctl enable auditd");
      expect(commandsOf(plans, environment, "audit").join("\n")).toMatch(/auditctl -s \| grep -qx 'enabled 2'/);
    });

    test("build instances require IMDSv2 and build on a volume encrypted with the environment key", () => {
      expect(one(plans, environment, "aws_imagebuilder_infrastructure_configuration").values["instance_metadata_options"]).toEqual({ http_tokens: "required", http_put_response_hop_limit: 1 });
      expect((one(plans, environment, "aws_imagebuilder_image_recipe").values["block_device_mapping"] as Record<string, Record<string, unknown>>[])[0]["ebs"]).toMatchObject({ encrypted: "true", kms_key_id: ref(key, "arn") });
    });

    test("the host logs (audit log, AIDE report) go to an encrypted group with the environment's retention", () => {
      expect(one(plans, environment, "aws_cloudwatch_log_group", /^bastion_host-logs_/).values).toMatchObject({
        name: `/mcp/${environment}/bastion/host`,
        kms_key_id: ref(key, "arn"),
        retention_in_days: env.security.logRetentionDays,
      });
    });

    test("the plan passes every HOST-00 rule", () => {
      expect(findingsFor(plans, "HOST-00")).toEqual([]);
    });
  });

  describe("check reports HOST-00 when the real plan is weakened", () => {
    const metadata = (plans: Artifacts) => bastionTemplate(plans, "prod").values["metadata_options"] as Record<string, unknown>;
    const rootVolume = (plans: Artifacts) => (bastionTemplate(plans, "prod").values["block_device_mappings"] as Record<string, Record<string, unknown>>[])[0]["ebs"];
    const editRules = (rewrite: (text: string) => string) => (plans: Artifacts) => rewriteComponentFile(component(plans, "prod", "audit"), HOST_PATHS.auditRules, rewrite);

    test("IMDS tokens optional, or a hop limit of 2, on the bastion", () => {
      expect(rulesFired("HOST-00", (plans) => (metadata(plans)["http_tokens"] = "optional"))).toEqual(["host-00-ec2-imdsv2-encrypted"]);
      expect(rulesFired("HOST-00", (plans) => (metadata(plans)["http_put_response_hop_limit"] = 2))).toEqual(["host-00-ec2-imdsv2-encrypted"]);
    });

    test("the root volume unencrypted, or encrypted with the AWS managed key", () => {
      expect(rulesFired("HOST-00", (plans) => (rootVolume(plans)["encrypted"] = "false"))).toEqual(["host-00-ec2-imdsv2-encrypted"]);
      expect(rulesFired("HOST-00", (plans) => delete rootVolume(plans)["kms_key_id"])).toEqual(["host-00-ec2-imdsv2-encrypted"]);
    });

    test("detailed monitoring off", () => {
      expect(rulesFired("HOST-00", (plans) => (bastionTemplate(plans, "prod").values["monitoring"] = { enabled: false }))).toEqual(["host-00-ec2-imdsv2-encrypted"]);
    });

    test("an instance added with IMDSv1 and an unencrypted root volume", () => {
      expect(rulesFired("HOST-00", (plans) => addResource(plans, "prod", "aws_instance", "jump", { ami: "ami-0123456789abcdef0", instance_type: "t3.micro" }))).toEqual(["host-00-ec2-imdsv2-encrypted"]);
    });

    test("the sshd_config watch removed, syscall auditing switched off, or the rules left mutable", () => {
      expect(rulesFired("HOST-00", editRules((text) => text.replace("-w /etc/ssh/sshd_config -p wa -k sshd\n", "")))).toEqual(["host-00-host-audit-rules"]);
      expect(rulesFired("HOST-00", (plans) => rewriteComponentFile(component(plans, "prod", "audit"), HOST_PATHS.auditBase, (text) => `${text}-a task,never\n`))).toEqual(["host-00-host-audit-rules"]);
      expect(rulesFired("HOST-00", (plans) => rewriteComponentFile(component(plans, "prod", "audit"), HOST_PATHS.auditFinalize, () => "-e 1\n"))).toEqual(["host-00-host-audit-rules"]);
      expect(rulesFired("HOST-00", editRules((text) => text.replace(/^.*-k kernel_modules\n/gm, "")))).toEqual(["host-00-host-audit-rules"]);
    });

    test("the audit component dropped from the recipe", () => {
      expect(
        rulesFired("HOST-00", (plans) => {
          const recipe = one(plans, "prod", "aws_imagebuilder_image_recipe").values;
          const audit = component(plans, "prod", "audit");
          recipe["component"] = (recipe["component"] as { component_arn: string }[]).filter((entry) => entry.component_arn !== ref(audit, "arn"));
        }),
      ).toEqual(["host-00-host-audit-rules"]);
    });
  });
});
