/**
 * CIS-derived host hardening for the Amazon Linux 2023 bastion, as typed data and pure renderers of the files the
 * image installs (PUB-03, HOST-00, HOST-02, CTR-04). Sources: CIS Amazon Linux 2023 Benchmark v1.0.0 as encoded by
 * ansible-lockdown/AMAZON2023-CIS (sysctl templates, module list, audit rules, AIDE schedule), plus kernel settings
 * the AL2023 STIG adds (kptr_restrict, unprivileged BPF).
 *
 * These settings suit a host that routes nothing and runs no containers. Kubernetes nodes need forwarding, overlayfs
 * and BPF: they run Bottlerocket with their own settings, never this profile.
 */

/** Kernel parameters, written as one sysctl drop-in. */
export const CIS_SYSCTLS: Readonly<Record<string, string>> = {
  "fs.protected_hardlinks": "1",
  "fs.protected_symlinks": "1",
  "fs.suid_dumpable": "0",
  "kernel.dmesg_restrict": "1",
  "kernel.kptr_restrict": "2",
  "kernel.perf_event_paranoid": "2",
  "kernel.randomize_va_space": "2",
  "kernel.unprivileged_bpf_disabled": "1",
  "kernel.yama.ptrace_scope": "1",
  "net.core.bpf_jit_harden": "2",
  "net.ipv4.conf.all.accept_redirects": "0",
  "net.ipv4.conf.all.accept_source_route": "0",
  "net.ipv4.conf.all.log_martians": "1",
  "net.ipv4.conf.all.rp_filter": "1",
  "net.ipv4.conf.all.secure_redirects": "0",
  "net.ipv4.conf.all.send_redirects": "0",
  "net.ipv4.conf.default.accept_redirects": "0",
  "net.ipv4.conf.default.accept_source_route": "0",
  "net.ipv4.conf.default.log_martians": "1",
  "net.ipv4.conf.default.rp_filter": "1",
  "net.ipv4.conf.default.secure_redirects": "0",
  "net.ipv4.conf.default.send_redirects": "0",
  "net.ipv4.icmp_echo_ignore_broadcasts": "1",
  "net.ipv4.icmp_ignore_bogus_error_responses": "1",
  "net.ipv4.ip_forward": "0",
  "net.ipv4.tcp_syncookies": "1",
  "net.ipv6.conf.all.accept_ra": "0",
  "net.ipv6.conf.all.accept_redirects": "0",
  "net.ipv6.conf.all.accept_source_route": "0",
  "net.ipv6.conf.all.forwarding": "0",
  "net.ipv6.conf.default.accept_ra": "0",
  "net.ipv6.conf.default.accept_redirects": "0",
  "net.ipv6.conf.default.accept_source_route": "0",
};

/**
 * Kernel modules the bastion never loads: unused filesystems (CIS 1.1.1.x; squashfs is safe to disable because AL2023
 * has no snaps), USB storage (1.1.9) and uncommon network protocols (3.1.2-3.1.5).
 */
export const CIS_DISABLED_KERNEL_MODULES: readonly string[] = [
  "cramfs",
  "freevxfs",
  "hfs",
  "hfsplus",
  "jffs2",
  "squashfs",
  "udf",
  "usb-storage",
  "dccp",
  "rds",
  "sctp",
  "tipc",
];

/** Packages a bastion does not need (network services, legacy clients, compilers), removed if present. */
export const BASTION_REMOVED_PACKAGES: readonly string[] = [
  "avahi",
  "cups",
  "dhcp-server",
  "dnsmasq",
  "ftp",
  "gcc",
  "httpd",
  "nfs-utils",
  "nginx",
  "rpcbind",
  "rsync-daemon",
  "samba",
  "sendmail",
  "squid",
  "telnet",
  "telnet-server",
  "tftp-server",
  "vsftpd",
  "xinetd",
  "ypbind",
];

/** Services masked so that nothing can start them. */
export const BASTION_MASKED_SERVICES: readonly string[] = ["debug-shell.service", "kdump.service", "rpcbind.socket", "rpcbind.service"];

/** Where the files below are installed. */
export const HOST_PATHS = {
  /** Sorted after distribution and STIG drop-ins, so these values win. */
  sysctl: "/etc/sysctl.d/99-zz-mcp-hardening.conf",
  modprobe: "/etc/modprobe.d/mcp-hardening.conf",
  selinux: "/etc/selinux/config",
  /** Replaces AL2023's base rules file, whose `-a task,never` would switch syscall auditing off. */
  auditBase: "/etc/audit/rules.d/audit.rules",
  auditRules: "/etc/audit/rules.d/50-mcp-hardening.rules",
  auditFinalize: "/etc/audit/rules.d/99-mcp-finalize.rules",
  aideConfig: "/etc/aide.conf",
  aideService: "/etc/systemd/system/aide-check.service",
  aideTimer: "/etc/systemd/system/aide-check.timer",
  banner: "/etc/issue.net",
  shellTimeout: "/etc/profile.d/mcp-shell-timeout.sh",
  coreDumps: "/etc/security/limits.d/mcp-no-core-dumps.conf",
  coredumpConf: "/etc/systemd/coredump.conf.d/mcp-no-core-dumps.conf",
} as const;

/** Renders a sysctl drop-in, keys sorted. */
export function renderSysctlConf(settings: Readonly<Record<string, string>> = CIS_SYSCTLS): string {
  const keys = Object.keys(settings).sort();
  for (const key of keys) {
    if (!/^[a-z0-9_]+(\.[a-z0-9_]+)+$/.test(key)) throw new Error(`sysctl key "${key}" is not a dotted kernel parameter name.`);
    if (!/^[0-9]+$/.test(settings[key])) throw new Error(`sysctl ${key} must be a number, got "${settings[key]}".`);
  }
  return ["# Managed by mcp-hardening (PUB-03): CIS kernel parameters.", ...keys.map((key) => `${key} = ${settings[key]}`), ""].join("\n");
}

/** Renders a modprobe drop-in that makes every listed module impossible to load. */
export function renderModprobeConf(modules: readonly string[] = CIS_DISABLED_KERNEL_MODULES): string {
  for (const module of modules) {
    if (!/^[a-z0-9_-]+$/.test(module)) throw new Error(`kernel module "${module}" is not a module name.`);
  }
  return [
    "# Managed by mcp-hardening (PUB-03): modules the bastion never loads.",
    ...modules.flatMap((module) => [`install ${module} /bin/false`, `blacklist ${module}`]),
    "",
  ].join("\n");
}

/** SELinux enforcing with the targeted policy (CTR-04, PUB-03). */
export function renderSelinuxConfig(): string {
  return "# Managed by mcp-hardening (CTR-04): mandatory access control, enforcing.\nSELINUX=enforcing\nSELINUXTYPE=targeted\n";
}

/** The base audit rules: flush, a backlog large enough for boot, failures logged (replaces AL2023's `-a task,never`). */
export function renderAuditBaseRules(): string {
  return ["## Managed by mcp-hardening (HOST-00): base audit settings.", "-D", "-b 8192", "-f 1", "--backlog_wait_time 60000", ""].join("\n");
}

const LOGGED_IN = "-F auid>=1000 -F auid!=unset";

/** One syscall rule for both the 64-bit and the 32-bit ABI, so 32-bit calls cannot bypass it. */
function syscallRule(syscalls: string, filters: string, key: string): string[] {
  return ["b64", "b32"].map((arch) => `-a always,exit -F arch=${arch} -S ${syscalls}${filters ? ` ${filters}` : ""} -k ${key}`);
}

/**
 * The HIDS rules (HOST-00): CIS AL2023 5.2.3.x watches and syscall rules, one per line in `auditctl` syntax. Keys
 * name what each rule detects, for searching with `ausearch -k`.
 */
export function renderAuditRules(): string {
  const watch = (path: string, key: string, permissions = "wa") => `-w ${path} -p ${permissions} -k ${key}`;
  return [
    "## Managed by mcp-hardening (HOST-00): CIS-derived audit rules.",
    "## Identity and authentication configuration",
    ...["/etc/group", "/etc/passwd", "/etc/gshadow", "/etc/shadow", "/etc/security/opasswd", "/etc/nsswitch.conf", "/etc/pam.d"].map((path) => watch(path, "identity")),
    "## Privilege configuration",
    watch("/etc/sudoers", "scope"),
    watch("/etc/sudoers.d", "scope"),
    watch("/var/log/sudo.log", "sudo_log_file"),
    "## Remote access configuration",
    watch("/etc/ssh/sshd_config", "sshd"),
    watch("/etc/ssh/authorized_keys", "sshd"),
    "## Time changes",
    ...syscallRule("adjtimex,settimeofday,clock_settime", "", "time-change"),
    watch("/etc/localtime", "time-change"),
    "## Network identity",
    ...syscallRule("sethostname,setdomainname", "", "system-locale"),
    ...["/etc/issue", "/etc/issue.net", "/etc/hosts", "/etc/hostname"].map((path) => watch(path, "system-locale")),
    "## Mandatory access control",
    watch("/etc/selinux", "MAC-policy"),
    watch("/usr/share/selinux", "MAC-policy"),
    "## Logins and sessions",
    watch("/var/log/lastlog", "logins"),
    watch("/var/run/faillock", "logins"),
    ...["/var/run/utmp", "/var/log/wtmp", "/var/log/btmp"].map((path) => watch(path, "session")),
    "## Permission and ownership changes by users",
    ...syscallRule("chmod,fchmod,fchmodat", LOGGED_IN, "perm_mod"),
    ...syscallRule("chown,fchown,lchown,fchownat", LOGGED_IN, "perm_mod"),
    ...syscallRule("setxattr,lsetxattr,fsetxattr,removexattr,lremovexattr,fremovexattr", LOGGED_IN, "perm_mod"),
    "## Denied file access",
    ...syscallRule("creat,open,openat,truncate,ftruncate", `-F exit=-EACCES ${LOGGED_IN}`, "access"),
    ...syscallRule("creat,open,openat,truncate,ftruncate", `-F exit=-EPERM ${LOGGED_IN}`, "access"),
    "## Mounts and deletions",
    ...syscallRule("mount", LOGGED_IN, "mounts"),
    ...syscallRule("unlink,unlinkat,rename,renameat", LOGGED_IN, "delete"),
    "## Kernel module loading",
    ...syscallRule("init_module,finit_module,delete_module", "", "kernel_modules"),
    `-a always,exit -F path=/usr/bin/kmod -F perm=x ${LOGGED_IN} -k kernel_modules`,
    "## Privileged commands",
    `-a always,exit -F path=/usr/bin/chcon -F perm=x ${LOGGED_IN} -k perm_chng`,
    `-a always,exit -F path=/usr/bin/setfacl -F perm=x ${LOGGED_IN} -k perm_chng`,
    `-a always,exit -F path=/usr/sbin/usermod -F perm=x ${LOGGED_IN} -k usermod`,
    "## Commands run as another user, and every command run as root by a logged-in user",
    ...syscallRule("execve", "-C euid!=uid -F auid!=unset", "user_emulation"),
    ...syscallRule("execve", `-F euid=0 ${LOGGED_IN}`, "root_commands"),
    "## Audit configuration and tools",
    watch("/etc/audit", "audit_config"),
    ...["/usr/sbin/auditctl", "/usr/sbin/auditd", "/usr/sbin/augenrules", "/usr/sbin/ausearch", "/usr/sbin/aureport"].map((path) => watch(path, "audit_tools", "x")),
    "",
  ].join("\n");
}

/** The last rules file: makes the loaded rules immutable until reboot (`-e 2`). */
export function renderAuditFinalizeRules(): string {
  return "## Managed by mcp-hardening (HOST-00): lock the rules until reboot.\n-e 2\n";
}

/** `auditd.conf` settings (CIS 5.2.2.x): keep every log, never rotate one away; stop rather than lose records. */
export const AUDITD_CONF_SETTINGS: Readonly<Record<string, string>> = {
  max_log_file: "32",
  max_log_file_action: "keep_logs",
  space_left_action: "syslog",
  admin_space_left_action: "single",
  disk_full_action: "single",
  disk_error_action: "syslog",
};

/** Where AIDE keeps its database and report, and how often it checks. */
export const AIDE_PATHS = {
  database: "/var/lib/aide/aide.db.gz",
  newDatabase: "/var/lib/aide/aide.db.new.gz",
  log: "/var/log/aide/aide.log",
  binary: "/usr/sbin/aide",
} as const;

/**
 * The AIDE configuration (HOST-02): SHA-512 content plus ownership, permissions, SELinux labels, ACLs and extended
 * attributes of executables, libraries, boot files and configuration, and cryptographic protection of the audit
 * tools (CIS 6.3.3). Syntax of AIDE 0.17 and later (`database_in`); AL2023 ships 0.18.
 */
export function renderAideConfig(): string {
  return [
    "# Managed by mcp-hardening (HOST-02): file integrity monitoring.",
    `database_in=file:${AIDE_PATHS.database}`,
    `database_out=file:${AIDE_PATHS.newDatabase}`,
    "gzip_dbout=yes",
    `report_url=file:${AIDE_PATHS.log}`,
    "report_url=stdout",
    "CONTENT = sha512+ftype",
    "PERMS = p+u+g+acl+selinux+xattrs",
    "FULL = PERMS+i+n+s+m+c+CONTENT",
    "AUDITTOOLS = p+i+n+u+g+s+b+acl+xattrs+sha512",
    "/boot FULL",
    "/etc FULL",
    "!/etc/mtab$",
    "!/etc/.*~$",
    "!/etc/aide.conf.bak$",
    "/usr/bin FULL",
    "/usr/sbin FULL",
    "/usr/lib FULL",
    "/usr/lib64 FULL",
    "/usr/libexec FULL",
    "/opt FULL",
    "/root PERMS",
    "/var/spool/cron FULL",
    "/var/log$ PERMS",
    "/usr/sbin/auditctl$ AUDITTOOLS",
    "/usr/sbin/auditd$ AUDITTOOLS",
    "/usr/sbin/ausearch$ AUDITTOOLS",
    "/usr/sbin/aureport$ AUDITTOOLS",
    "/usr/sbin/autrace$ AUDITTOOLS",
    "/usr/sbin/augenrules$ AUDITTOOLS",
    "",
  ].join("\n");
}

/** The systemd service of the scheduled AIDE check: a non-zero exit (changes found) marks it failed. */
export function renderAideCheckService(): string {
  return [
    "# Managed by mcp-hardening (HOST-02).",
    "[Unit]",
    "Description=AIDE file integrity check",
    "Documentation=man:aide(1)",
    "",
    "[Service]",
    "Type=oneshot",
    `ExecStart=${AIDE_PATHS.binary} --check`,
    "Nice=19",
    "IOSchedulingClass=idle",
    "",
  ].join("\n");
}

/** The timer of the scheduled AIDE check (AL2023 has no cron; CIS 6.3.2 asks for a schedule). */
export function renderAideCheckTimer(onCalendar = "*-*-* 05:00:00"): string {
  if (!/^[*0-9:, -]+$/.test(onCalendar)) throw new Error(`AIDE timer OnCalendar "${onCalendar}" is not a calendar expression.`);
  return [
    "# Managed by mcp-hardening (HOST-02).",
    "[Unit]",
    "Description=Daily AIDE file integrity check",
    "",
    "[Timer]",
    `OnCalendar=${onCalendar}`,
    "RandomizedDelaySec=30m",
    "Persistent=true",
    "",
    "[Install]",
    "WantedBy=timers.target",
    "",
  ].join("\n");
}

/** The pre-authentication banner shown by sshd (CIS 1.7.x): no OS or version details. */
export function renderBanner(): string {
  return "Authorized administrators only. All activity is logged and monitored; disconnect now if you are not authorized.\n";
}

/** Idle interactive shells end after `seconds` (CIS 5.4.3.2), and users cannot lift the limit. */
export function renderShellTimeout(seconds = 900): string {
  if (!Number.isInteger(seconds) || seconds < 60 || seconds > 900) throw new Error(`shell timeout must be 60 to 900 seconds, got ${seconds}.`);
  return `# Managed by mcp-hardening: idle shells end after ${seconds} seconds.\nreadonly TMOUT=${seconds}\nexport TMOUT\n`;
}

/** No core dumps (CIS 1.5.x): neither through limits nor through systemd-coredump. */
export function renderCoreDumpLimits(): string {
  return "# Managed by mcp-hardening: no core dumps.\n* hard core 0\n";
}

/** systemd-coredump stores nothing. */
export function renderCoredumpConf(): string {
  return "# Managed by mcp-hardening: no core dumps.\n[Coredump]\nStorage=none\nProcessSizeMax=0\n";
}
