import { FALCO_EGRESS_PORT, FALCO_MCP_RULE_NAMES, falcoServerBaseline } from "../../baselines/falco";
/**
 * Falco rules written for MCP workloads (HOST-01, HOST-03): what an MCP server or the gateway must never do at run
 * time, from the environment's own facts (server namespaces, declared egress, declared writable paths). The rules
 * file is self-contained: every macro and list a rule uses is defined here, under an `mcp_` prefix, so it loads
 * beside or without Falco's default rules and a change of those never changes what these detect.
 */

/** One MCP server as the rules see it. */
export interface FalcoMcpServer {
  /** The server's namespace (every container in it but the mesh's sidecar is the server's). */
  readonly namespace: string;
  /**
   * Domains the server declared it reaches: exact names are matched by the addresses Falco resolves for them;
   * a `*.domain` wildcard cannot be resolved, so it admits TLS (port 443) to any public address, and the egress
   * firewall's SNI allowlist remains the control for those names.
   */
  readonly egressDomains: readonly string[];
  /** The server declared that it calls the Kubernetes API: reading its own service account token is expected. */
  readonly kubernetesApiAccess: boolean;
  /**
   * Programs the server's container may start besides its entrypoint (PID 1 of the container), by process name
   * (TOOL-09): any other process it starts is a deviation from its baseline. @default [] (the entrypoint only)
   */
  readonly processes?: readonly string[];
  /**
   * The server runs in the sandbox (TOOL-10): Falco reports everything it does (every process, outbound connection
   * and file write) at NOTICE, the raw material of its baseline, besides the rules that alert. @default false
   */
  readonly sandbox?: boolean;
}

/** Properties of {@link falcoMcpRules}. */
export interface FalcoMcpRulesProps {
  /** The MCP servers of the cluster. */
  readonly servers: readonly FalcoMcpServer[];
  /** Namespaces of the MCP gateway. */
  readonly gatewayNamespaces: readonly string[];
  /** Every process the gateway's pods may run. @default {@link DEFAULT_GATEWAY_PROCESSES} */
  readonly gatewayProcesses?: readonly string[];
  /**
   * Networks MCP servers reach without declaring them: the VPC (cluster DNS, the mesh, AWS endpoints) and the
   * cluster's Service range. Never the link-local range: an MCP server reaching the instance metadata service is
   * exactly what the outbound rule must report.
   */
  readonly internalCidrs: readonly string[];
  /** Directories MCP servers may write below, as the pods mount them writable. @default ["/tmp"] */
  readonly writablePaths?: readonly string[];
  /** Containers the mesh injects into MCP pods; the server rules do not judge them. @default ["istio-proxy"] */
  readonly meshContainers?: readonly string[];
}

/** The processes an agentgateway pod runs: the gateway, and the Istio sidecar's agent and proxy. */
export const DEFAULT_GATEWAY_PROCESSES: readonly string[] = ["agentgateway", "pilot-agent", "envoy"];

/** A `- list:` entry. */
export interface FalcoList {
  readonly list: string;
  readonly items: readonly string[];
}

/** A `- macro:` entry. */
export interface FalcoMacro {
  readonly macro: string;
  readonly condition: string;
}

/** A `- rule:` entry. */
export interface FalcoRule {
  readonly rule: string;
  readonly desc: string;
  readonly condition: string;
  readonly output: string;
  readonly priority: "CRITICAL" | "ERROR" | "WARNING" | "NOTICE";
  readonly tags: readonly string[];
}

/** One entry of a Falco rules file. */
export type FalcoRulesEntry = { readonly required_engine_version: string } | FalcoList | FalcoMacro | FalcoRule;

/** A quoted Falco string (namespaces and domains contain `-` and `.`). */
function quoted(value: string): string {
  return `"${value}"`;
}

const PROCESS = /^[A-Za-z0-9._+-]{1,15}$/;
const CIDR = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;
const PATH = /^(\/[A-Za-z0-9._-]+)+$/;

/** What every alert carries to tell where it happened. */
const WHERE = "ns=%k8s.ns.name pod=%k8s.pod.name container=%container.name image=%container.image.repository";

/**
 * The MCP rules file's entries, in order (lists and macros before the rules that use them):
 * - shell spawned in an MCP server container (a tool call turned into command execution);
 * - a file opened for writing outside the server's declared writable mounts;
 * - an outbound connection from a server to a destination it did not declare (per server, from its egress domains);
 * - a credential file read by a server (password and key files, other pods' environments, service account tokens
 *   unless the server declared Kubernetes API access, cloud and SSH credentials);
 * - a process in the gateway's pods that is not the gateway or its sidecar;
 * - in-memory attack techniques in MCP pods (HOST-03): ptrace attach or injection, execution of a binary from a
 *   memfd, a write to another process's memory through `/proc/<pid>/mem`;
 * - per server, its baseline (TOOL-09): a process other than its entrypoint and its declared `processes`, and a
 *   connection outside the internal networks on a port other than {@link FALCO_EGRESS_PORT}, the only port its
 *   declared egress is reached on (what it may write and which destinations it may reach are the rules above,
 *   written from the same server's declarations);
 * - in sandboxed servers' namespaces (TOOL-10), every process, outbound connection and file write, at NOTICE.
 */
export function falcoMcpRules(props: FalcoMcpRulesProps): FalcoRulesEntry[] {
  const writable = props.writablePaths ?? ["/tmp"];
  for (const path of writable) if (!PATH.test(path)) throw new Error(`falcoMcpRules: writable path "${path}" must be an absolute directory such as /tmp`);
  for (const cidr of props.internalCidrs) if (!CIDR.test(cidr)) throw new Error(`falcoMcpRules: internal network "${cidr}" must be an IPv4 CIDR such as 10.0.0.0/16`);
  const names = props.servers.map((server) => server.namespace);
  for (const server of props.servers) {
    for (const name of server.processes ?? []) {
      if (!PROCESS.test(name)) throw new Error(`falcoMcpRules: process "${name}" of server ${server.namespace} must be a process name as the kernel records it (1 to 15 letters, digits, ".", "_", "+" or "-"), e.g. git`);
    }
  }
  if (new Set(names).size !== names.length) throw new Error(`falcoMcpRules: server namespaces must be unique, got ${names.join(", ")}`);

  const declared = props.servers.flatMap((server) => {
    const exact = server.egressDomains.filter((domain) => !domain.startsWith("*."));
    const wildcard = server.egressDomains.some((domain) => domain.startsWith("*."));
    const allowed = [
      ...exact.map((domain) => `fd.sip.name = ${quoted(domain)}`),
      ...(wildcard ? ["fd.sport = 443"] : []),
    ];
    return allowed.length === 0 ? [] : [`(k8s.ns.name = ${quoted(server.namespace)} and (${allowed.join(" or ")}))`];
  });
  const tokenReaders = props.servers.filter((server) => server.kubernetesApiAccess).map((server) => server.namespace);

  const lists: FalcoList[] = [
    { list: "mcp_server_namespaces", items: names },
    { list: "mcp_gateway_namespaces", items: [...props.gatewayNamespaces] },
    { list: "mcp_gateway_processes", items: [...(props.gatewayProcesses ?? DEFAULT_GATEWAY_PROCESSES)] },
    { list: "mcp_mesh_containers", items: [...(props.meshContainers ?? ["istio-proxy"])] },
    { list: "mcp_internal_networks", items: props.internalCidrs.map(quoted) },
    { list: "mcp_kubernetes_api_namespaces", items: tokenReaders },
    { list: "mcp_shell_binaries", items: ["ash", "bash", "busybox", "csh", "dash", "fish", "ksh", "sh", "tcsh", "zsh"] },
    { list: "mcp_credential_files", items: ["/etc/shadow", "/etc/gshadow", "/etc/sudoers", "/etc/pam.conf", "/etc/security/pwquality.conf"] },
    ...props.servers.map((server) => ({ list: falcoServerBaseline(server.namespace).processList, items: [...(server.processes ?? [])] })),
    { list: "mcp_sandbox_namespaces", items: props.servers.filter((server) => server.sandbox === true).map((server) => server.namespace) },
  ];
  const macros: FalcoMacro[] = [
    { macro: "mcp_spawned_process", condition: "(evt.type in (execve, execveat) and evt.dir = <)" },
    { macro: "mcp_open_read", condition: "(evt.type in (open, openat, openat2) and evt.is_open_read = true and fd.typechar = 'f' and fd.num >= 0)" },
    { macro: "mcp_open_write", condition: "(evt.type in (open, openat, openat2) and evt.is_open_write = true and fd.typechar = 'f' and fd.num >= 0)" },
    {
      macro: "mcp_outbound",
      condition:
        "(((evt.type = connect and evt.dir = <) or (evt.type in (sendto, sendmsg) and evt.dir = < and fd.l4proto != tcp and fd.connected = false and fd.name_changed = true))" +
        ' and (fd.typechar = 4 or fd.typechar = 6) and fd.ip != "0.0.0.0" and fd.net != "127.0.0.0/8" and (evt.rawres >= 0 or evt.res = EINPROGRESS))',
    },
    { macro: "mcp_server_container", condition: "(container.id != host and k8s.ns.name in (mcp_server_namespaces) and not container.name in (mcp_mesh_containers))" },
    { macro: "mcp_gateway_container", condition: "(container.id != host and k8s.ns.name in (mcp_gateway_namespaces))" },
    { macro: "mcp_workload_container", condition: "(mcp_server_container or mcp_gateway_container)" },
    { macro: "mcp_sandbox_container", condition: "(mcp_server_container and k8s.ns.name in (mcp_sandbox_namespaces))" },
    {
      macro: "mcp_declared_writable_path",
      condition: `(${[...writable.map((path) => `fd.name startswith ${path}/`), "fd.name in (/dev/null, /dev/stdout, /dev/stderr)"].join(" or ")})`,
    },
    { macro: "mcp_declared_destination", condition: `(${["fd.snet in (mcp_internal_networks)", ...declared].join(" or ")})` },
    {
      macro: "mcp_credential_file",
      condition:
        "(fd.name in (mcp_credential_files)" +
        " or (fd.name startswith /var/run/secrets/kubernetes.io/ and not k8s.ns.name in (mcp_kubernetes_api_namespaces))" +
        " or (fd.name startswith /run/secrets/kubernetes.io/ and not k8s.ns.name in (mcp_kubernetes_api_namespaces))" +
        " or fd.name startswith /var/run/secrets/eks.amazonaws.com/ or fd.name startswith /var/run/secrets/pods.eks.amazonaws.com/" +
        " or fd.name contains /.ssh/ or fd.name contains /.aws/ or fd.name contains /.kube/" +
        " or (fd.name startswith /proc/ and fd.name endswith /environ))",
    },
  ];
  const rules: FalcoRule[] = [
    {
      rule: FALCO_MCP_RULE_NAMES.shell,
      desc: "An MCP server container ran a shell. MCP servers never need one: a shell is the mark of command injection through a tool call.",
      condition: "mcp_spawned_process and mcp_server_container and proc.name in (mcp_shell_binaries)",
      output: `Shell spawned in MCP server (${WHERE} shell=%proc.name cmdline=%proc.cmdline parent=%proc.pname user=%user.uid)`,
      priority: "CRITICAL",
      tags: ["mcp", "process", "mitre_execution", "HOST-01"],
    },
    {
      rule: FALCO_MCP_RULE_NAMES.writeOutsideWritableMount,
      desc: `An MCP server container opened a file for writing outside its declared writable mounts (${writable.join(", ")}): dropped tooling, tampering or staging.`,
      condition: "mcp_open_write and mcp_server_container and not mcp_declared_writable_path",
      output: `File written outside the declared writable mounts of an MCP server (${WHERE} file=%fd.name proc=%proc.name cmdline=%proc.cmdline)`,
      priority: "ERROR",
      tags: ["mcp", "filesystem", "mitre_persistence", "HOST-01"],
    },
    {
      rule: FALCO_MCP_RULE_NAMES.undeclaredOutbound,
      desc: "An MCP server connected to a destination outside the internal networks and its declared egress domains: exfiltration or command and control.",
      condition: "mcp_outbound and mcp_server_container and not mcp_declared_destination",
      output: `Outbound connection to an undeclared destination from an MCP server (${WHERE} connection=%fd.name proc=%proc.name cmdline=%proc.cmdline)`,
      priority: "CRITICAL",
      tags: ["mcp", "network", "mitre_exfiltration", "HOST-01"],
    },
    {
      rule: FALCO_MCP_RULE_NAMES.credentialRead,
      desc: "An MCP server container read a credential file: password or key files, another process's environment, a service account or cloud token it does not use, SSH or cloud credentials.",
      condition: "mcp_open_read and mcp_server_container and mcp_credential_file",
      output: `Credential file read by an MCP server (${WHERE} file=%fd.name proc=%proc.name cmdline=%proc.cmdline)`,
      priority: "CRITICAL",
      tags: ["mcp", "filesystem", "mitre_credential_access", "HOST-01"],
    },
    {
      rule: FALCO_MCP_RULE_NAMES.unexpectedGatewayProcess,
      desc: "A gateway pod started a process other than the gateway and its mesh sidecar: the gateway sees every MCP request and token, so anything else running there is a compromise.",
      condition: "mcp_spawned_process and mcp_gateway_container and not proc.name in (mcp_gateway_processes)",
      output: `Unexpected process in the MCP gateway (${WHERE} proc=%proc.name cmdline=%proc.cmdline parent=%proc.pname user=%user.uid)`,
      priority: "CRITICAL",
      tags: ["mcp", "process", "mitre_execution", "HOST-01"],
    },
    {
      rule: FALCO_MCP_RULE_NAMES.ptraceAttach,
      desc: "A process in an MCP pod attached to or injected into another process with ptrace: code injection that leaves no file behind.",
      condition:
        "evt.type = ptrace and mcp_workload_container and (evt.arg.request contains PTRACE_ATTACH or evt.arg.request contains PTRACE_SEIZE or evt.arg.request contains PTRACE_POKETEXT or evt.arg.request contains PTRACE_POKEDATA or evt.arg.request contains PTRACE_SETREGS)",
      output: `ptrace attach or injection in an MCP pod (${WHERE} request=%evt.arg.request proc=%proc.name cmdline=%proc.cmdline)`,
      priority: "CRITICAL",
      tags: ["mcp", "process", "mitre_defense_evasion", "HOST-03"],
    },
    {
      rule: FALCO_MCP_RULE_NAMES.filelessExecution,
      desc: "A process in an MCP pod ran a binary from an anonymous memory file (memfd): fileless malware.",
      condition: "mcp_spawned_process and mcp_workload_container and proc.is_exe_from_memfd = true",
      output: `Fileless execution from memory in an MCP pod (${WHERE} proc=%proc.name exe=%proc.exepath cmdline=%proc.cmdline parent=%proc.pname)`,
      priority: "CRITICAL",
      tags: ["mcp", "process", "mitre_defense_evasion", "HOST-03"],
    },
    {
      rule: FALCO_MCP_RULE_NAMES.processMemoryWrite,
      desc: "A process in an MCP pod opened a process's memory for writing through /proc/<pid>/mem: in-memory code injection.",
      condition: "mcp_open_write and mcp_workload_container and fd.name startswith /proc/ and fd.name endswith /mem",
      output: `Process memory written in an MCP pod (${WHERE} file=%fd.name proc=%proc.name cmdline=%proc.cmdline)`,
      priority: "CRITICAL",
      tags: ["mcp", "process", "mitre_defense_evasion", "HOST-03"],
    },
  ];
  const baselines: FalcoRule[] = props.servers.flatMap((server) => {
    const names = falcoServerBaseline(server.namespace);
    const container = `container.id != host and k8s.ns.name = ${quoted(server.namespace)} and not container.name in (mcp_mesh_containers)`;
    const declared = server.processes ?? [];
    return [
      {
        rule: names.process,
        desc: `MCP server ${server.namespace} started a process other than its entrypoint${declared.length === 0 ? "" : ` and its declared programs (${declared.join(", ")})`}: behaviour outside its baseline.`,
        condition: `mcp_spawned_process and ${container} and proc.vpid != 1 and not proc.name in (${names.processList})`,
        output: `Process outside the baseline of MCP server ${server.namespace} (${WHERE} proc=%proc.name exe=%proc.exepath cmdline=%proc.cmdline parent=%proc.pname user=%user.uid)`,
        priority: "ERROR",
        tags: ["mcp", "process", "baseline", "TOOL-09"],
      },
      {
        rule: names.port,
        desc: `MCP server ${server.namespace} connected outside the internal networks on a port other than ${FALCO_EGRESS_PORT}, the only port its declared egress is reached on: behaviour outside its baseline.`,
        condition: `mcp_outbound and ${container} and not fd.snet in (mcp_internal_networks) and fd.sport != ${FALCO_EGRESS_PORT}`,
        output: `Egress on an undeclared port from MCP server ${server.namespace} (${WHERE} connection=%fd.name proc=%proc.name cmdline=%proc.cmdline)`,
        priority: "ERROR",
        tags: ["mcp", "network", "baseline", "TOOL-09"],
      },
    ];
  });
  const sandbox: FalcoRule[] = [
    {
      rule: FALCO_MCP_RULE_NAMES.sandboxProcess,
      desc: "A sandboxed MCP server started a process (TOOL-10: the sandbox reports everything it does).",
      condition: "mcp_spawned_process and mcp_sandbox_container",
      output: `Process in a sandboxed MCP server (${WHERE} proc=%proc.name exe=%proc.exepath cmdline=%proc.cmdline parent=%proc.pname user=%user.uid)`,
      priority: "NOTICE",
      tags: ["mcp", "process", "sandbox", "TOOL-10"],
    },
    {
      rule: FALCO_MCP_RULE_NAMES.sandboxConnection,
      desc: "A sandboxed MCP server opened a connection (TOOL-10): its egress is denied, so this is what it would reach.",
      condition: "mcp_outbound and mcp_sandbox_container",
      output: `Outbound connection from a sandboxed MCP server (${WHERE} connection=%fd.name proc=%proc.name cmdline=%proc.cmdline)`,
      priority: "NOTICE",
      tags: ["mcp", "network", "sandbox", "TOOL-10"],
    },
    {
      rule: FALCO_MCP_RULE_NAMES.sandboxWrite,
      desc: "A sandboxed MCP server opened a file for writing (TOOL-10: the sandbox reports everything it does).",
      condition: "mcp_open_write and mcp_sandbox_container",
      output: `File written by a sandboxed MCP server (${WHERE} file=%fd.name proc=%proc.name cmdline=%proc.cmdline)`,
      priority: "NOTICE",
      tags: ["mcp", "filesystem", "sandbox", "TOOL-10"],
    },
  ];
  return [{ required_engine_version: "0.31.0" }, ...lists, ...macros, ...rules, ...baselines, ...sandbox];
}
