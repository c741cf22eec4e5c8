/**
 * Bottlerocket node settings as typed data, and their rendering as the TOML user data Bottlerocket reads at boot.
 * For an EKS managed node group with a Bottlerocket AMI type (and no custom AMI), EKS merges the settings a node
 * needs to join the cluster (cluster name, API server, certificate, DNS) into this user data: these settings only
 * add the hardening.
 */

import { CIS_NODE_SYSCTLS, DISALLOWED_NODE_MODULES, KUBERNETES_NODE_SYSCTLS } from "../baselines/node-os";

/** Kernel lockdown mode: `integrity` blocks kernel modification from user space (CIS Bottlerocket 1.5.2). */
export type KernelLockdown = "none" | "integrity" | "confidentiality";

/** The Bottlerocket settings the blueprint renders: a typed subset of Bottlerocket's settings API. */
export interface BottlerocketSettings {
  readonly kernel: {
    /** `settings.kernel.lockdown`. */
    readonly lockdown: KernelLockdown;
    /** `settings.kernel.sysctl`: sysctl key to value, both strings. */
    readonly sysctl: Readonly<Record<string, string>>;
    /** `settings.kernel.modules.<name>.allowed`: modules that may or may not be loaded. */
    readonly modules: Readonly<Record<string, { readonly allowed: boolean }>>;
  };
  readonly hostContainers: {
    /** `settings.host-containers.admin.enabled`: the superpowered admin container with SSH. */
    readonly admin: { readonly enabled: boolean };
    /** `settings.host-containers.control.enabled`: the control container, reached through SSM Session Manager. */
    readonly control: { readonly enabled: boolean };
  };
  readonly kubernetes: {
    /** `settings.kubernetes.seccomp-default`: the kubelet gives pods without a profile `RuntimeDefault` (CTR-04). */
    readonly seccompDefault: boolean;
  };
}

/** Modules Kubernetes networking needs: disallowing them breaks pod traffic. */
const REQUIRED_MODULES: readonly string[] = ["br_netfilter", "overlay", "nf_conntrack", "ip_tables", "iptable_nat"];

/** Options of {@link hardenedBottlerocketSettings}. Each weakens a hardened default explicitly. */
export interface HardenedBottlerocketOptions {
  /** Kernel lockdown mode. @default "integrity" */
  readonly lockdown?: KernelLockdown;
  /** Sysctls added to, or replacing, the CIS values; a replaced CIS value is reported by the policy rules. @default {} */
  readonly sysctlOverrides?: Readonly<Record<string, string>>;
  /** Further modules to disallow. @default [] */
  readonly extraDisallowedModules?: readonly string[];
  /** Enable the superpowered admin host container (SSH). For break-glass debugging only. @default false */
  readonly enableAdminContainer?: boolean;
  /** Enable the control host container (SSM Session Manager access). @default true */
  readonly enableControlContainer?: boolean;
}

const SYSCTL_KEY = /^[a-z0-9_]+(?:[./][a-z0-9_-]+)+$/;
const SYSCTL_VALUE = /^[A-Za-z0-9 _.:-]*$/;
const MODULE_NAME = /^[a-z0-9_-]+$/;

/**
 * The hardened node settings (CTR-04, PUB-03): kernel lockdown `integrity`, the CIS Bottlerocket level 2 sysctls
 * and module denials, admin container off, control container on for SSM only, seccomp `RuntimeDefault` for every
 * pod. Throws when an option would break Kubernetes networking or is malformed.
 */
export function hardenedBottlerocketSettings(options: HardenedBottlerocketOptions = {}): BottlerocketSettings {
  const sysctl = { ...CIS_NODE_SYSCTLS, ...KUBERNETES_NODE_SYSCTLS, ...options.sysctlOverrides };
  for (const [key, value] of Object.entries(sysctl)) {
    if (!SYSCTL_KEY.test(key)) throw new Error(`Bottlerocket sysctlOverrides: "${key}" is not a sysctl name like "net.ipv4.tcp_syncookies".`);
    if (!SYSCTL_VALUE.test(value)) throw new Error(`Bottlerocket sysctlOverrides: the value of "${key}" must be letters, digits, spaces and _ . : -, got ${JSON.stringify(value)}.`);
  }
  for (const [key, value] of Object.entries(KUBERNETES_NODE_SYSCTLS)) {
    if (sysctl[key] !== value) throw new Error(`Bottlerocket sysctlOverrides: "${key}" must stay "${value}"; Kubernetes nodes route pod traffic.`);
  }
  const disallowed = [...new Set([...DISALLOWED_NODE_MODULES, ...(options.extraDisallowedModules ?? [])])];
  for (const name of disallowed) {
    if (!MODULE_NAME.test(name)) throw new Error(`Bottlerocket extraDisallowedModules: "${name}" is not a kernel module name.`);
    if (REQUIRED_MODULES.includes(name)) throw new Error(`Bottlerocket extraDisallowedModules: "${name}" is needed by Kubernetes networking; remove it from the list.`);
  }
  return {
    kernel: {
      lockdown: options.lockdown ?? "integrity",
      sysctl,
      modules: Object.fromEntries(disallowed.map((name) => [name, { allowed: false }])),
    },
    hostContainers: {
      admin: { enabled: options.enableAdminContainer ?? false },
      control: { enabled: options.enableControlContainer ?? true },
    },
    kubernetes: { seccompDefault: true },
  };
}

/** A TOML key: bare when it can be, quoted otherwise. */
function key(name: string): string {
  return /^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name);
}

/** A TOML basic string or boolean. JSON string escapes are valid TOML escapes for the characters allowed here. */
function value(v: string | boolean): string {
  return typeof v === "boolean" ? String(v) : JSON.stringify(v);
}

/** One TOML table: its header and `key = value` lines in key order. */
function table(path: readonly string[], entries: Readonly<Record<string, string | boolean>>): string {
  const lines = Object.keys(entries)
    .sort()
    .map((name) => `${key(name)} = ${value(entries[name])}`);
  return [`[${path.map(key).join(".")}]`, ...lines].join("\n");
}

/**
 * Renders settings as Bottlerocket user data: one explicit TOML table per settings group, keys sorted, so the same
 * settings always render the same bytes.
 */
export function renderBottlerocketToml(settings: BottlerocketSettings): string {
  const { kernel, hostContainers, kubernetes } = settings;
  const tables = [
    table(["settings", "kernel"], { lockdown: kernel.lockdown }),
    table(["settings", "kernel", "sysctl"], kernel.sysctl),
    ...Object.keys(kernel.modules)
      .sort()
      .map((name) => table(["settings", "kernel", "modules", name], { allowed: kernel.modules[name].allowed })),
    table(["settings", "host-containers", "admin"], { enabled: hostContainers.admin.enabled }),
    table(["settings", "host-containers", "control"], { enabled: hostContainers.control.enabled }),
    table(["settings", "kubernetes"], { "seccomp-default": kubernetes.seccompDefault }),
  ];
  return `${tables.join("\n\n")}\n`;
}
