/**
 * The bastion's cloud-init user data (`#cloud-config`), rendered from typed settings (PUB-05, HOST-02). The image
 * already carries the hardening; the user data applies what belongs to one environment and may change without a
 * rebuild: the sshd configuration, the accounts and their public keys, and log shipping. It holds no secret: public
 * keys only.
 */
import * as YAML from "yaml";
import { AIDE_PATHS, HOST_PATHS, renderBanner } from "./host-hardening";
import { LINUX_USER_NAME, renderSshdConfig, SshdConfigProps } from "./sshd-config";

/** One account allowed on the bastion and its SSH public keys (the `.pub` lines). */
export interface BastionAccount {
  /** Linux user name; must be in the sshd settings' `allowUsers`. */
  readonly name: string;
  /** Public keys in OpenSSH format (`<type> <base64> [comment]`), at least one. */
  readonly publicKeys: readonly string[];
}

/** Properties of {@link renderBastionUserData}. */
export interface BastionUserDataProps {
  /** The sshd settings; the rendered file replaces `/etc/ssh/sshd_config`. */
  readonly sshd: SshdConfigProps;
  /** The accounts, one per user in `sshd.allowUsers`, each with its keys. */
  readonly accounts: readonly BastionAccount[];
  /** CloudWatch log group the host's audit and AIDE logs are shipped to (by the image's CloudWatch agent). */
  readonly hostLogGroupName: string;
  /** Upgrade every package at first boot, on top of the image's patch level. @default true */
  readonly upgradePackagesAtBoot?: boolean;
}

/**
 * The account Session Manager sessions run as. Created here, before the SSM agent would create it with passwordless
 * sudo, so sessions stay unprivileged; it is not in `AllowUsers`, so it cannot log in over SSH.
 */
export const SESSION_MANAGER_USER = "ssm-user";

/** Where the CloudWatch agent reads its configuration from. */
export const CLOUDWATCH_AGENT_CONFIG_PATH = "/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json";

const PUBLIC_KEY_LINE = /^(ssh-ed25519|sk-ssh-ed25519@openssh\.com|ecdsa-sha2-nistp(256|384|521)|sk-ecdsa-sha2-nistp256@openssh\.com|ssh-rsa) [A-Za-z0-9+/]+={0,2}( [^\r\n]*)?$/;

/** The CloudWatch agent configuration: audit log and AIDE report, one stream per instance. */
export function renderCloudWatchAgentConfig(logGroupName: string): string {
  const file = (path: string, stream: string) => ({ file_path: path, log_group_name: logGroupName, log_stream_name: `{instance_id}/${stream}` });
  return `${JSON.stringify(
    {
      agent: { run_as_user: "root" },
      logs: { logs_collected: { files: { collect_list: [file("/var/log/audit/audit.log", "audit"), file(AIDE_PATHS.log, "aide")] } } },
    },
    null,
    2,
  )}\n`;
}

/**
 * Renders the `#cloud-config` document. Throws when the accounts and `sshd.allowUsers` disagree, an account has no
 * key, or a key is not a single OpenSSH public key line.
 */
export function renderBastionUserData(props: BastionUserDataProps): string {
  const sshdConfig = renderSshdConfig(props.sshd);
  const allowed = [...props.sshd.allowUsers];
  const names = props.accounts.map((account) => account.name);
  for (const account of props.accounts) {
    if (account.name === SESSION_MANAGER_USER) throw new Error(`bastion user data: "${SESSION_MANAGER_USER}" is reserved for Session Manager sessions.`);
    if (!LINUX_USER_NAME.test(account.name)) throw new Error(`bastion user data: "${account.name}" is not a valid Linux user name.`);
    if (!allowed.includes(account.name)) throw new Error(`bastion user data: account "${account.name}" is not in sshd allowUsers [${allowed.join(", ")}].`);
    if (account.publicKeys.length === 0) throw new Error(`bastion user data: account "${account.name}" has no public key.`);
    account.publicKeys.forEach((key, index) => {
      if (!PUBLIC_KEY_LINE.test(key)) throw new Error(`bastion user data: public key ${index} of "${account.name}" is not one OpenSSH public key line.`);
    });
  }
  const missing = allowed.filter((user) => !names.includes(user));
  if (missing.length > 0) throw new Error(`bastion user data: allowed users without an account and keys: ${missing.join(", ")}.`);
  if (new Set(names).size !== names.length) throw new Error("bastion user data: an account is listed twice.");

  const keysDirectory = props.sshd.authorizedKeysDirectory ?? "/etc/ssh/authorized_keys";
  const port = props.sshd.port;
  const upgrade = props.upgradePackagesAtBoot ?? true;
  const document = {
    package_update: upgrade,
    package_upgrade: upgrade,
    ssh_pwauth: false,
    disable_root: true,
    ssh_genkeytypes: ["ed25519", "ecdsa"],
    users: [
      ...props.accounts.map((account) => ({ name: account.name, lock_passwd: true, shell: "/bin/bash" })),
      { name: SESSION_MANAGER_USER, lock_passwd: true, shell: "/bin/bash" },
    ],
    write_files: [
      { path: "/etc/ssh/sshd_config", owner: "root:root", permissions: "0600", content: sshdConfig },
      ...props.accounts.map((account) => ({
        path: `${keysDirectory}/${account.name}`,
        owner: "root:root",
        permissions: "0644",
        content: `${account.publicKeys.join("\n")}\n`,
      })),
      { path: props.sshd.bannerPath ?? HOST_PATHS.banner, owner: "root:root", permissions: "0644", content: renderBanner() },
      { path: CLOUDWATCH_AGENT_CONFIG_PATH, owner: "root:root", permissions: "0644", content: renderCloudWatchAgentConfig(props.hostLogGroupName) },
    ],
    runcmd: [
      `semanage port -a -t ssh_port_t -p tcp ${port} || semanage port -m -t ssh_port_t -p tcp ${port}`,
      `restorecon -R ${keysDirectory} /etc/ssh/sshd_config`,
      "sshd -t && systemctl restart sshd",
      "systemctl enable --now auditd amazon-ssm-agent aide-check.timer",
      `/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:${CLOUDWATCH_AGENT_CONFIG_PATH}`,
      `${AIDE_PATHS.binary} --init && mv -f ${AIDE_PATHS.newDatabase} ${AIDE_PATHS.database}`,
    ],
  };
  return `#cloud-config\n${YAML.stringify(document, { lineWidth: 0 })}`;
}
