/**
 * The node operating system baseline (CTR-04, PUB-03): what every Bottlerocket node must set. The construct renders
 * these values and the rules require them, so changing one here is a visible policy change (test/baselines.test.ts).
 */

/**
 * The sysctls of the CIS Bottlerocket Benchmark levels 1 and 2 (IDs in comments), plus `kernel.dmesg_restrict`
 * (PUB-03). Level 1 values are Bottlerocket's defaults; they are pinned so a later default cannot loosen them.
 * Baseline of CTR-04 and PUB-03: the construct renders these values and rule ctr-04-bottlerocket-lockdown requires
 * each of them in every node group's user data.
 */
export const CIS_NODE_SYSCTLS: Readonly<Record<string, string>> = {
  "fs.suid_dumpable": "0", // 1.4.1
  "kernel.randomize_va_space": "2", // 1.4.2
  "kernel.unprivileged_bpf_disabled": "1", // 1.4.3
  "user.max_user_namespaces": "0", // 1.4.4 (level 2)
  "net.ipv4.conf.all.send_redirects": "0", // 3.1.1 (level 2)
  "net.ipv4.conf.default.send_redirects": "0",
  "net.ipv4.conf.all.accept_source_route": "0", // 3.2.1 (level 2)
  "net.ipv4.conf.default.accept_source_route": "0",
  "net.ipv6.conf.all.accept_source_route": "0",
  "net.ipv6.conf.default.accept_source_route": "0",
  "net.ipv4.conf.all.accept_redirects": "0", // 3.2.2 (level 2)
  "net.ipv4.conf.default.accept_redirects": "0",
  "net.ipv6.conf.all.accept_redirects": "0",
  "net.ipv6.conf.default.accept_redirects": "0",
  "net.ipv4.conf.all.secure_redirects": "0", // 3.2.3 (level 2)
  "net.ipv4.conf.default.secure_redirects": "0",
  "net.ipv4.conf.all.log_martians": "1", // 3.2.4 (level 2)
  "net.ipv4.conf.default.log_martians": "1",
  "net.ipv4.icmp_echo_ignore_broadcasts": "1", // 3.2.5
  "net.ipv4.icmp_ignore_bogus_error_responses": "1", // 3.2.6
  "net.ipv4.tcp_syncookies": "1", // 3.2.7
  "kernel.dmesg_restrict": "1",
};

/**
 * Sysctls a Kubernetes node needs and that generic CIS baselines would turn off: pods are routed by the host, so
 * IP forwarding stays on. (`br_netfilter` is never disallowed either.) Baseline of CTR-04: a node that turns them off
 * breaks pod traffic, and rule ctr-04-bottlerocket-lockdown reports it.
 */
export const KUBERNETES_NODE_SYSCTLS: Readonly<Record<string, string>> = {
  "net.ipv4.ip_forward": "1",
};

/**
 * Kernel modules nodes never load: `udf` (CIS 1.1.1.1) and `sctp` (CIS 3.3.1), plus the uncommon network
 * protocols and file systems PUB-03 names. Baseline of CTR-04 and PUB-03: rule ctr-04-bottlerocket-lockdown requires
 * each one disallowed.
 */
export const DISALLOWED_NODE_MODULES: readonly string[] = ["cramfs", "dccp", "rds", "sctp", "tipc", "udf"];
