/**
 * The bastion's sshd configuration as typed settings and a pure renderer (PUB-05). The rendered file is a complete,
 * standalone `/etc/ssh/sshd_config`: it includes nothing, so no distribution drop-in (EC2 Instance Connect,
 * crypto-policy back-ends, cloud-init) can weaken it, and `sshd -t -f <file>` checks exactly what runs.
 *
 * Every algorithm listed here is supported by OpenSSH 8.7 (Amazon Linux 2023) and later; newer ones such as
 * `mlkem768x25519-sha256` (OpenSSH 9.9) or `RequiredRSASize` (9.1) would make AL2023's sshd refuse to start.
 */

/** Key exchange: the post-quantum hybrid first, then X25519. */
export const SSHD_KEX_ALGORITHMS: readonly string[] = [
  "sntrup761x25519-sha512@openssh.com",
  "curve25519-sha256",
  "curve25519-sha256@libssh.org",
];

/** Ciphers: authenticated encryption only. */
export const SSHD_CIPHERS: readonly string[] = ["chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com", "aes128-gcm@openssh.com"];

/** MACs (used with no AEAD cipher only): encrypt-then-MAC SHA-2. */
export const SSHD_MACS: readonly string[] = ["hmac-sha2-512-etm@openssh.com", "hmac-sha2-256-etm@openssh.com"];

/** Host key signature algorithms, matching the host keys the server loads. */
export const SSHD_HOST_KEY_ALGORITHMS: readonly string[] = ["ssh-ed25519", "ecdsa-sha2-nistp256"];

/**
 * User key signature algorithms: Ed25519, ECDSA, their FIDO2 security-key (`sk-`) variants, and RSA with SHA-2
 * signatures (never SHA-1 `ssh-rsa` signatures). RSA key sizes are checked where keys are configured.
 */
export const SSHD_PUBKEY_ACCEPTED_ALGORITHMS: readonly string[] = [
  "ssh-ed25519",
  "sk-ssh-ed25519@openssh.com",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "sk-ecdsa-sha2-nistp256@openssh.com",
  "rsa-sha2-512",
  "rsa-sha2-256",
];

/** The standard SSH port, which PUB-05 rules out. */
export const STANDARD_SSH_PORT = 22;

/** Linux user names sshd may admit: lower-case, portable (no trailing `$`), at most 32 characters. */
export const LINUX_USER_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;

/** Properties of {@link renderSshdConfig}. */
export interface SshdConfigProps {
  /** The non-standard TCP port sshd listens on (PUB-05); never 22. */
  readonly port: number;
  /** The only accounts that may log in (`AllowUsers`). At least one; never `root`. */
  readonly allowUsers: readonly string[];
  /**
   * Let users forward local TCP ports through the bastion (`AllowTcpForwarding local`). Off by default: the design
   * has administrators run `kubectl` on the bastion itself against the EKS private endpoint, so nothing needs a
   * tunnel, and every forwarding kind (TCP, agent, X11, stream-local, tunnel devices) is disabled. @default false
   */
  readonly allowLocalTcpForwarding?: boolean;
  /** Authentication attempts per connection, 1 to 4. @default 3 */
  readonly maxAuthTries?: number;
  /** Sessions multiplexed on one connection, 1 to 10. @default 4 */
  readonly maxSessions?: number;
  /** Seconds an unauthenticated connection may take to log in, 10 to 60. @default 30 */
  readonly loginGraceTimeSeconds?: number;
  /** Seconds between keep-alive probes of an unresponsive client, 30 to 900. @default 300 */
  readonly clientAliveIntervalSeconds?: number;
  /**
   * Unanswered probes before the connection is dropped, 1 to 3. Zero is refused: since OpenSSH 8.2 it disables
   * dropping dead connections instead of dropping them at once. @default 2
   */
  readonly clientAliveCountMax?: number;
  /** The pre-authentication warning banner file. @default "/etc/issue.net" */
  readonly bannerPath?: string;
  /**
   * Directory of root-owned authorized keys files, one per user (`AuthorizedKeysFile <dir>/%u`): users cannot add
   * keys for themselves, so a compromised account cannot plant a persistent key. @default "/etc/ssh/authorized_keys"
   */
  readonly authorizedKeysDirectory?: string;
  /** Host private keys sshd loads. @default ["/etc/ssh/ssh_host_ed25519_key", "/etc/ssh/ssh_host_ecdsa_key"] */
  readonly hostKeys?: readonly string[];
}

function integerIn(name: string, value: number, min: number, max: number, why = ""): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`sshd config ${name} must be a whole number from ${min} to ${max}${why}, got ${value}.`);
  }
  return value;
}

function absolutePath(name: string, value: string): string {
  if (!/^\/[A-Za-z0-9._\/-]+$/.test(value)) throw new Error(`sshd config ${name} must be an absolute path without spaces, got "${value}".`);
  return value;
}

/**
 * Renders the complete sshd configuration. Throws when a setting would weaken PUB-05 (port 22, no or invalid
 * users, root login) or is out of range.
 */
export function renderSshdConfig(props: SshdConfigProps): string {
  const port = integerIn("port", props.port, 1, 65535);
  if (port === STANDARD_SSH_PORT) throw new Error("sshd config port must not be 22: PUB-05 requires a non-standard SSH port, e.g. 2222.");
  if (props.allowUsers.length === 0) throw new Error("sshd config allowUsers must name at least one account: without AllowUsers every account may log in.");
  for (const user of props.allowUsers) {
    if (!LINUX_USER_NAME.test(user)) throw new Error(`sshd config allowUsers: "${user}" is not a valid Linux user name (lower-case letters, digits, _ and -, starting with a letter or _).`);
    if (user === "root") throw new Error("sshd config allowUsers must not contain root: PUB-05 forbids root login.");
  }
  const forwardLocal = props.allowLocalTcpForwarding ?? false;
  const hostKeys = props.hostKeys ?? ["/etc/ssh/ssh_host_ed25519_key", "/etc/ssh/ssh_host_ecdsa_key"];
  if (hostKeys.length === 0) throw new Error("sshd config hostKeys must list at least one host key.");
  const settings: [string, string | number][] = [
    ["Port", port],
    ["AddressFamily", "inet"],
    ...hostKeys.map((key): [string, string] => ["HostKey", absolutePath("hostKeys", key)]),
    ["HostKeyAlgorithms", SSHD_HOST_KEY_ALGORITHMS.join(",")],
    ["KexAlgorithms", SSHD_KEX_ALGORITHMS.join(",")],
    ["Ciphers", SSHD_CIPHERS.join(",")],
    ["MACs", SSHD_MACS.join(",")],
    ["SyslogFacility", "AUTHPRIV"],
    ["LogLevel", "VERBOSE"],
    ["AllowUsers", [...props.allowUsers].join(" ")],
    ["PermitRootLogin", "no"],
    ["AuthenticationMethods", "publickey"],
    ["PubkeyAuthentication", "yes"],
    ["PubkeyAcceptedAlgorithms", SSHD_PUBKEY_ACCEPTED_ALGORITHMS.join(",")],
    ["AuthorizedKeysFile", `${absolutePath("authorizedKeysDirectory", props.authorizedKeysDirectory ?? "/etc/ssh/authorized_keys")}/%u`],
    ["PasswordAuthentication", "no"],
    ["PermitEmptyPasswords", "no"],
    ["KbdInteractiveAuthentication", "no"],
    ["HostbasedAuthentication", "no"],
    ["IgnoreRhosts", "yes"],
    ["GSSAPIAuthentication", "no"],
    ["UsePAM", "yes"],
    ["StrictModes", "yes"],
    ["PermitUserEnvironment", "no"],
    ["MaxAuthTries", integerIn("maxAuthTries", props.maxAuthTries ?? 3, 1, 4)],
    ["MaxSessions", integerIn("maxSessions", props.maxSessions ?? 4, 1, 10)],
    ["MaxStartups", "10:30:60"],
    ["LoginGraceTime", integerIn("loginGraceTimeSeconds", props.loginGraceTimeSeconds ?? 30, 10, 60)],
    ["ClientAliveInterval", integerIn("clientAliveIntervalSeconds", props.clientAliveIntervalSeconds ?? 300, 30, 900)],
    ["ClientAliveCountMax", integerIn("clientAliveCountMax", props.clientAliveCountMax ?? 2, 1, 3, " (0 would never drop dead connections)")],
    ["TCPKeepAlive", "no"],
    ["UseDNS", "no"],
    ["Compression", "no"],
    ...(forwardLocal ? [] : ([["DisableForwarding", "yes"]] as [string, string][])),
    ["AllowTcpForwarding", forwardLocal ? "local" : "no"],
    ["AllowStreamLocalForwarding", "no"],
    ["AllowAgentForwarding", "no"],
    ["X11Forwarding", "no"],
    ["GatewayPorts", "no"],
    ["PermitTunnel", "no"],
    ["PermitTTY", "yes"],
    ["PrintMotd", "no"],
    ["PrintLastLog", "yes"],
    ["Banner", absolutePath("bannerPath", props.bannerPath ?? "/etc/issue.net")],
  ];
  return [
    "# Managed by mcp-hardening (PUB-05): rendered from typed settings, do not edit on the host.",
    "# Complete and standalone on purpose: no Include, no Match, no Subsystem (no sftp on the bastion).",
    ...settings.map(([key, value]) => `${key} ${value}`),
    "",
  ].join("\n");
}
