import { createHash } from "crypto";
import { Construct } from "constructs";
import * as YAML from "yaml";
import { ImagebuilderComponent } from "@cdktf/provider-aws/lib/imagebuilder-component";
import { ImagebuilderDistributionConfiguration } from "@cdktf/provider-aws/lib/imagebuilder-distribution-configuration";
import { ImagebuilderImagePipeline } from "@cdktf/provider-aws/lib/imagebuilder-image-pipeline";
import { ImagebuilderImageRecipe } from "@cdktf/provider-aws/lib/imagebuilder-image-recipe";
import { ImagebuilderInfrastructureConfiguration } from "@cdktf/provider-aws/lib/imagebuilder-infrastructure-configuration";
import { Ec2InstanceRole, ssmManagedInstanceStatements, writeLogGroupsStatement } from "./ec2-instance-role";
import { EncryptedLogGroup } from "./encrypted-log-group";
import {
  AIDE_PATHS,
  AUDITD_CONF_SETTINGS,
  BASTION_MASKED_SERVICES,
  BASTION_REMOVED_PACKAGES,
  HOST_PATHS,
  renderAideCheckService,
  renderAideCheckTimer,
  renderAideConfig,
  renderAuditBaseRules,
  renderAuditFinalizeRules,
  renderAuditRules,
  renderBanner,
  renderCoreDumpLimits,
  renderCoredumpConf,
  renderModprobeConf,
  renderSelinuxConfig,
  renderShellTimeout,
  renderSysctlConf,
} from "./host-hardening";
import { renderSshdConfig, SshdConfigProps } from "./sshd-config";

/** One file a `CreateFile` step writes. */
export interface ComponentFile {
  readonly path: string;
  readonly content: string;
  readonly owner: string;
  readonly group: string;
  /** Octal mode as a string, e.g. "0644". */
  readonly permissions: string;
}

/** One step of a component phase: the two AWSTOE action modules our components use. */
export type ComponentStep =
  | { readonly name: string; readonly action: "ExecuteBash"; readonly inputs: { readonly commands: readonly string[] } }
  | { readonly name: string; readonly action: "CreateFile"; readonly inputs: readonly ComponentFile[] };

/** A component document's phases: build and validate run on the build instance, test on an instance of the new image. */
export interface ComponentPhases {
  readonly build: readonly ComponentStep[];
  readonly validate: readonly ComponentStep[];
  readonly test: readonly ComponentStep[];
}

/** A component: its name, what it does, and its phases. */
export interface ComponentDefinition {
  readonly name: string;
  readonly description: string;
  readonly phases: ComponentPhases;
}

/** Renders an AWSTOE component document (YAML, `schemaVersion: 1.0`). */
export function renderComponentDocument(component: ComponentDefinition): string {
  const schemaVersion = new YAML.Scalar(1);
  schemaVersion.minFractionDigits = 1;
  const phases = (["build", "validate", "test"] as const).map((name) => ({ name, steps: component.phases[name] }));
  for (const phase of phases) {
    if (phase.steps.length === 0) throw new Error(`component ${component.name}: phase ${phase.name} has no step.`);
  }
  return new YAML.Document({ name: component.name, description: component.description, schemaVersion, phases }).toString({ lineWidth: 0 });
}

/** A version derived from content, so a changed document gets a new version and identical documents keep theirs. */
export function contentVersion(content: string): string {
  return `1.0.${parseInt(createHash("sha256").update(content).digest("hex").slice(0, 6), 16)}`;
}

const file = (path: string, content: string, permissions = "0644"): ComponentFile => ({ path, content, owner: "root", group: "root", permissions });
const bash = (name: string, ...commands: string[]): ComponentStep => ({ name, action: "ExecuteBash", inputs: { commands: ["set -euo pipefail", ...commands] } });
const files = (name: string, ...inputs: ComponentFile[]): ComponentStep => ({ name, action: "CreateFile", inputs });

/** Packages the bastion image installs: audit, AIDE, SELinux tooling, the SSM and CloudWatch agents. */
export const BASTION_IMAGE_PACKAGES: readonly string[] = ["aide", "amazon-cloudwatch-agent", "amazon-ssm-agent", "audit", "policycoreutils-python-utils"];

/** Checks every value of the installed sysctl drop-in against the running kernel. */
const SYSCTL_CHECK = `grep -Ev '^(#|$)' ${HOST_PATHS.sysctl} | while read -r key _ value; do actual="$(sysctl -n "$key")"; [ "$actual" = "$value" ] || { echo "sysctl $key is $actual, expected $value"; exit 1; }; done`;

/** Checks that modprobe refuses every module the installed drop-in disables. */
const MODULE_CHECK = `grep -E '^install ' ${HOST_PATHS.modprobe} | while read -r _ module _; do modprobe -n -v "$module" 2>&1 | grep -q "install /bin/false" || { echo "kernel module $module can still be loaded"; exit 1; }; done`;

/** Checks that no module the installed drop-in disables is loaded. */
const MODULE_LOADED_CHECK = `grep -E '^install ' ${HOST_PATHS.modprobe} | while read -r _ module _; do if lsmod | grep -qw "^\${module//-/_}"; then echo "kernel module $module is loaded"; exit 1; fi; done`;

/** The OS hardening component (PUB-03, CTR-04): packages, kernel parameters, modules, SELinux enforcing, services. */
export function osHardeningComponent(name: string): ComponentDefinition {
  return {
    name,
    description: "mcp-hardening: CIS-derived OS hardening for the AL2023 bastion (sysctl, kernel modules, SELinux enforcing, minimal packages)",
    phases: {
      build: [
        bash("InstallPackages", `dnf -y install ${BASTION_IMAGE_PACKAGES.join(" ")}`),
        bash("RemoveUnneededPackages", `for package in ${BASTION_REMOVED_PACKAGES.join(" ")} ec2-instance-connect; do if rpm -q "$package" >/dev/null 2>&1; then dnf -y remove "$package"; fi; done`),
        files(
          "WriteHardeningFiles",
          file(HOST_PATHS.sysctl, renderSysctlConf()),
          file(HOST_PATHS.modprobe, renderModprobeConf()),
          file(HOST_PATHS.selinux, renderSelinuxConfig()),
          file(HOST_PATHS.banner, renderBanner()),
          file("/etc/issue", renderBanner()),
          file(HOST_PATHS.shellTimeout, renderShellTimeout()),
          file(HOST_PATHS.coreDumps, renderCoreDumpLimits()),
          file(HOST_PATHS.coredumpConf, renderCoredumpConf()),
        ),
        bash(
          "ApplyHardening",
          `systemctl mask ${BASTION_MASKED_SERVICES.join(" ")}`,
          "systemctl enable amazon-ssm-agent",
          "grubby --update-kernel=ALL --remove-args=\"selinux enforcing\"",
          `restorecon -R /etc/sysctl.d /etc/modprobe.d /etc/selinux/config /etc/issue /etc/issue.net /etc/profile.d /etc/security/limits.d /etc/systemd`,
          "sysctl --system",
        ),
      ],
      validate: [
        bash(
          "CheckHardening",
          "grep -qx 'SELINUX=enforcing' /etc/selinux/config",
          SYSCTL_CHECK,
          MODULE_CHECK,
          `for package in ${BASTION_REMOVED_PACKAGES.join(" ")}; do if rpm -q "$package" >/dev/null 2>&1; then echo "$package is installed"; exit 1; fi; done`,
        ),
      ],
      test: [
        bash(
          "CheckBootedHost",
          "test \"$(getenforce)\" = Enforcing || { echo \"SELinux is $(getenforce) after boot\"; exit 1; }",
          SYSCTL_CHECK,
          MODULE_LOADED_CHECK,
          "systemctl is-enabled amazon-ssm-agent",
        ),
      ],
    },
  };
}

/** The sshd component (PUB-05): the complete sshd configuration, banner, keys directory and SELinux port label. */
export function sshdComponent(name: string, sshd: SshdConfigProps): ComponentDefinition {
  const port = sshd.port;
  const keysDirectory = sshd.authorizedKeysDirectory ?? "/etc/ssh/authorized_keys";
  return {
    name,
    description: "mcp-hardening: hardened sshd for the bastion (key-only, non-standard port, no root, no forwarding, strong algorithms)",
    phases: {
      build: [
        files("WriteSshdConfig", file("/etc/ssh/sshd_config", renderSshdConfig(sshd), "0600"), file(sshd.bannerPath ?? HOST_PATHS.banner, renderBanner())),
        bash(
          "LabelPortAndKeys",
          `install -d -m 0755 -o root -g root ${keysDirectory}`,
          `semanage port -a -t ssh_port_t -p tcp ${port} || semanage port -m -t ssh_port_t -p tcp ${port}`,
          `restorecon -R /etc/ssh`,
        ),
      ],
      validate: [
        bash(
          "CheckSshdConfig",
          "sshd -t -f /etc/ssh/sshd_config",
          `semanage port -l | grep -E '^ssh_port_t\\s' | grep -qw ${port}`,
        ),
      ],
      test: [
        bash(
          "CheckEffectiveSshd",
          "systemctl is-active sshd",
          "effective=$(sshd -T)",
          ...[`port ${port}`, "permitrootlogin no", "passwordauthentication no", "kbdinteractiveauthentication no", "authenticationmethods publickey", "allowtcpforwarding no", "x11forwarding no"]
            .filter((line) => !(line === "allowtcpforwarding no" && (sshd.allowLocalTcpForwarding ?? false)))
            .map((line) => `grep -qx '${line}' <<<"$effective" || { echo "sshd does not run with ${line}"; exit 1; }`),
        ),
      ],
    },
  };
}

/** The audit component (HOST-00): auditd enabled from boot with CIS rules, locked until reboot. */
export function auditComponent(name: string): ComponentDefinition {
  const settings = Object.keys(AUDITD_CONF_SETTINGS).sort();
  return {
    name,
    description: "mcp-hardening: host intrusion detection with auditd (CIS rules, immutable until reboot, audit from boot)",
    phases: {
      build: [
        files(
          "WriteAuditRules",
          file(HOST_PATHS.auditBase, renderAuditBaseRules(), "0600"),
          file(HOST_PATHS.auditRules, renderAuditRules(), "0600"),
          file(HOST_PATHS.auditFinalize, renderAuditFinalizeRules(), "0600"),
        ),
        bash(
          "ConfigureAuditd",
          ...settings.map((key) => `grep -qE '^\\s*${key}\\s*=' /etc/audit/auditd.conf && sed -ri 's/^\\s*${key}\\s*=.*/${key} = ${AUDITD_CONF_SETTINGS[key]}/' /etc/audit/auditd.conf || echo '${key} = ${AUDITD_CONF_SETTINGS[key]}' >> /etc/audit/auditd.conf`),
          "grubby --update-kernel=ALL --args=\"audit=1 audit_backlog_limit=8192\"",
          "augenrules",
          "systemctl enable auditd",
        ),
      ],
      validate: [
        bash(
          "CheckAuditRules",
          "grep -q -- '-k identity' /etc/audit/audit.rules",
          "tail -n 1 /etc/audit/audit.rules | grep -qx -- '-e 2'",
          "if grep -q 'task,never' /etc/audit/audit.rules; then echo 'syscall auditing is switched off'; exit 1; fi",
          ...settings.map((key) => `grep -qx '${key} = ${AUDITD_CONF_SETTINGS[key]}' /etc/audit/auditd.conf`),
        ),
      ],
      test: [
        bash(
          "CheckLoadedAuditRules",
          "systemctl is-active auditd",
          "auditctl -s | grep -qx 'enabled 2'",
          "auditctl -l | grep -q 'key=identity'",
          "if auditctl -l | grep -q 'task,never'; then echo 'syscall auditing is switched off'; exit 1; fi",
          "grep -qw 'audit=1' /proc/cmdline",
        ),
      ],
    },
  };
}

/** The file integrity component (HOST-02): AIDE configured, its baseline initialized, a daily check scheduled. */
export function aideComponent(name: string): ComponentDefinition {
  return {
    name,
    description: "mcp-hardening: file integrity monitoring with AIDE (baseline at build, daily systemd timer)",
    phases: {
      build: [
        files(
          "WriteAideFiles",
          file(HOST_PATHS.aideConfig, renderAideConfig(), "0600"),
          file(HOST_PATHS.aideService, renderAideCheckService()),
          file(HOST_PATHS.aideTimer, renderAideCheckTimer()),
        ),
        bash(
          "InitializeAide",
          "install -d -m 0700 -o root -g root /var/log/aide",
          `restorecon -R ${HOST_PATHS.aideConfig} /etc/systemd/system /var/log/aide`,
          "systemctl daemon-reload",
          "systemctl enable aide-check.timer",
          `${AIDE_PATHS.binary} --init`,
          `mv -f ${AIDE_PATHS.newDatabase} ${AIDE_PATHS.database}`,
        ),
      ],
      validate: [
        bash(
          "CheckAide",
          `${AIDE_PATHS.binary} --config-check`,
          `test -s ${AIDE_PATHS.database}`,
          "systemctl is-enabled aide-check.timer",
        ),
      ],
      test: [bash("CheckAideScheduled", `test -s ${AIDE_PATHS.database}`, "systemctl is-enabled aide-check.timer", "systemctl is-active aide-check.timer")],
    },
  };
}

/** Properties of a {@link BastionImagePipeline}. */
export interface BastionImagePipelineProps {
  /** Prefix of every name, e.g. `mcp-prod-bastion`. */
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /** Customer-managed key that encrypts components, build volumes and the distributed AMIs. */
  readonly kmsKeyArn: string;
  /** The subnet build and test instances run in (the admin tier: no public IP, no internet route). */
  readonly subnetId: string;
  /** The security group of build and test instances (the admin tier's). */
  readonly securityGroupId: string;
  /** The sshd settings baked into the image (the same the bastion's user data applies). */
  readonly sshd: SshdConfigProps;
  /** The SSM parameter the distribution writes the new AMI ID to; the bastion launches from it. */
  readonly amiParameterName: string;
  /** Retention of the build log group, in days. */
  readonly logRetentionDays: number;
  /**
   * When the pipeline rebuilds (OPS-01): an Image Builder cron expression in UTC. It runs only when the parent image or
   * a component has changed since the last build. @default "cron(0 3 ? * sun *)" (Sundays 03:00 UTC)
   */
  readonly scheduleExpression?: string;
  /** Parent image. @default the latest AL2023 minimal x86_64 image, through its public SSM parameter */
  readonly parentImage?: string;
  /** Instance types for build and test instances (x86_64). @default ["t3.medium"] */
  readonly instanceTypes?: readonly string[];
  /** Root volume size of the image, GiB. @default 20 */
  readonly rootVolumeSizeGiB?: number;
}

/** The parent image: AL2023 minimal x86_64, always its latest release. */
export const AL2023_MINIMAL_PARENT_IMAGE = "ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-minimal-kernel-default-x86_64";

/** The AWS-managed STIG hardening component (the high level includes medium and low). */
export const STIG_COMPONENT = "stig-build-linux-high";

/** The ARN of an AWS-managed Image Builder component, latest version. */
export function awsManagedComponentArn(region: string, component: string): string {
  return `arn:aws:imagebuilder:${region}:aws:component/${component}/x.x.x`;
}

/**
 * EC2 Image Builder pipeline of the hardened bastion image (PUB-03, CTR-04, HOST-00, HOST-02, CTR-05, OPS-01):
 * AL2023 minimal parent, OS updates, the AWS STIG component, our CIS-derived OS, sshd, audit and AIDE components and a
 * reboot test; build and test instances in the admin tier with IMDSv2 and encrypted volumes; Inspector scanning; a
 * weekly rebuild when anything changed; AMIs encrypted with the environment key, kept in the environment's own account
 * and region, shared with nobody, and published to an SSM parameter the bastion launches from.
 */
export class BastionImagePipeline extends Construct {
  /** The pipeline. */
  readonly pipeline: ImagebuilderImagePipeline;
  /** The recipe. */
  readonly recipe: ImagebuilderImageRecipe;
  /** Our components, in recipe order. */
  readonly components: readonly ImagebuilderComponent[];
  /** `resolve:ssm:<parameter>`: the image ID a launch template uses to run the latest image of this pipeline. */
  readonly launchTemplateImageId: string;

  constructor(scope: Construct, id: string, props: BastionImagePipelineProps) {
    super(scope, id);
    const { name, region, accountId, kmsKeyArn } = props;
    if (!/^\/[A-Za-z0-9_.\/-]+$/.test(props.amiParameterName)) {
      throw new Error(`BastionImagePipeline amiParameterName must be an SSM parameter path like /mcp/prod/bastion/ami-id, got "${props.amiParameterName}".`);
    }
    const schedule = props.scheduleExpression ?? "cron(0 3 ? * sun *)";
    if (!/^cron\(\S+( \S+){5}\)$/.test(schedule)) throw new Error(`BastionImagePipeline scheduleExpression must be cron(<6 fields>), got "${schedule}".`);
    const volumeSize = props.rootVolumeSizeGiB ?? 20;
    if (!Number.isInteger(volumeSize) || volumeSize < 8 || volumeSize > 200) throw new Error(`BastionImagePipeline rootVolumeSizeGiB must be 8 to 200, got ${volumeSize}.`);

    const definitions = [
      osHardeningComponent(`${name}-os-hardening`),
      sshdComponent(`${name}-sshd`, props.sshd),
      auditComponent(`${name}-audit`),
      aideComponent(`${name}-aide`),
    ];
    this.components = definitions.map((definition) => {
      const data = renderComponentDocument(definition);
      return new ImagebuilderComponent(this, definition.name.slice(name.length + 1), {
        name: definition.name,
        description: definition.description,
        platform: "Linux",
        version: contentVersion(data),
        data,
        kmsKeyId: kmsKeyArn,
        lifecycle: { createBeforeDestroy: true },
      });
    });

    const recipeName = `${name}-recipe`;
    const buildLogs = new EncryptedLogGroup(this, "build-logs", {
      name: `/aws/imagebuilder/${recipeName}`,
      kmsKeyArn,
      retentionInDays: props.logRetentionDays,
    });
    const parentImage = props.parentImage ?? AL2023_MINIMAL_PARENT_IMAGE;
    const componentArns = [
      awsManagedComponentArn(region, "update-linux"),
      awsManagedComponentArn(region, STIG_COMPONENT),
      ...this.components.map((component) => component.arn),
      awsManagedComponentArn(region, "reboot-test-linux"),
    ];
    this.recipe = new ImagebuilderImageRecipe(this, "recipe", {
      name: recipeName,
      description: "Hardened AL2023 bastion: STIG high plus mcp-hardening CIS components",
      parentImage,
      version: contentVersion(JSON.stringify({ parentImage, volumeSize, components: definitions.map(renderComponentDocument) })),
      component: componentArns.map((componentArn) => ({ componentArn })),
      blockDeviceMapping: [
        {
          deviceName: "/dev/xvda",
          ebs: { encrypted: "true", kmsKeyId: kmsKeyArn, volumeType: "gp3", volumeSize, deleteOnTermination: "true" },
        },
      ],
      systemsManagerAgent: { uninstallAfterBuild: false },
      lifecycle: { createBeforeDestroy: true },
    });

    const buildRole = new Ec2InstanceRole(this, "build-role", {
      name: `${name}-image-build`,
      description: "Image Builder build and test instances of the bastion image",
      statements: [
        ...ssmManagedInstanceStatements(region, accountId),
        {
          Sid: "ReadImageBuilderComponents",
          Effect: "Allow",
          Action: "imagebuilder:GetComponent",
          Resource: [`arn:aws:imagebuilder:${region}:${accountId}:component/*`, `arn:aws:imagebuilder:${region}:aws:component/*`],
        },
        {
          Sid: "DecryptComponentsThroughImageBuilder",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: kmsKeyArn,
          Condition: {
            "ForAnyValue:StringEquals": { "kms:EncryptionContextKeys": "aws:imagebuilder:arn", "aws:CalledVia": "imagebuilder.amazonaws.com" },
          },
        },
        {
          Sid: "DownloadAwsManagedComponentFiles",
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: `arn:aws:s3:::ec2imagebuilder-managed-resources-${region}-prod/*`,
        },
        writeLogGroupsStatement("WriteBuildLogs", [buildLogs.logGroup.arn]),
      ],
    });

    const infrastructure = new ImagebuilderInfrastructureConfiguration(this, "infrastructure", {
      name: `${name}-infrastructure`,
      description: "Build and test instances in the admin tier: no public IP, IMDSv2 only",
      instanceProfileName: buildRole.instanceProfile.name,
      instanceTypes: [...(props.instanceTypes ?? ["t3.medium"])],
      subnetId: props.subnetId,
      securityGroupIds: [props.securityGroupId],
      terminateInstanceOnFailure: true,
      instanceMetadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
      resourceTags: { Name: `${name}-image-build`, "mcp:tier": "admin" },
    });

    const distribution = new ImagebuilderDistributionConfiguration(this, "distribution", {
      name: `${name}-distribution`,
      description: "Encrypted AMIs in this account and region only, shared with nobody, published to SSM",
      distribution: [
        {
          region,
          amiDistributionConfiguration: {
            name: `${name}-{{ imagebuilder:buildDate }}`,
            description: "Hardened AL2023 bastion image (mcp-hardening)",
            kmsKeyId: kmsKeyArn,
            amiTags: { Name: name, "mcp:image": "bastion" },
          },
          ssmParameterConfiguration: [{ parameterName: props.amiParameterName, dataType: "aws:ec2:image" }],
        },
      ],
    });

    this.pipeline = new ImagebuilderImagePipeline(this, "pipeline", {
      name: `${name}-pipeline`,
      description: "Hardened bastion image: weekly rebuild when the parent image or a component changed",
      imageRecipeArn: this.recipe.arn,
      infrastructureConfigurationArn: infrastructure.arn,
      distributionConfigurationArn: distribution.arn,
      status: "ENABLED",
      enhancedImageMetadataEnabled: true,
      imageScanningConfiguration: { imageScanningEnabled: true },
      imageTestsConfiguration: { imageTestsEnabled: true, timeoutMinutes: 90 },
      schedule: {
        scheduleExpression: schedule,
        pipelineExecutionStartCondition: "EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE",
        timezone: "Etc/UTC",
      },
    });
    this.launchTemplateImageId = `resolve:ssm:${props.amiParameterName}`;
  }
}
