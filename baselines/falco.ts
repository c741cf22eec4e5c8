/** The Falco rule names policies and runbooks refer to, fixed by the blueprint (HOST-01, HOST-03, TOOL-09, TOOL-10). */

/** The names of the rules, fixed by the blueprint: policies and runbooks refer to them. */
export const FALCO_MCP_RULE_NAMES = {
  shell: "MCP shell spawned in server container",
  writeOutsideWritableMount: "MCP write outside declared writable mount",
  undeclaredOutbound: "MCP outbound connection to undeclared destination",
  credentialRead: "MCP credential file read",
  unexpectedGatewayProcess: "MCP unexpected process in gateway",
  ptraceAttach: "MCP ptrace attach to process",
  filelessExecution: "MCP fileless execution from memory",
  processMemoryWrite: "MCP write to process memory",
  sandboxProcess: "MCP sandbox process",
  sandboxConnection: "MCP sandbox outbound connection",
  sandboxWrite: "MCP sandbox file write",
} as const;

/** The port every declared egress destination is reached on: the mesh's egress speaks TLS on 443 only. */
export const FALCO_EGRESS_PORT = 443;

/**
 * The per-server baseline rules of a server namespace (TOOL-09): their names, fixed by the blueprint (policies refer to
 * them), and the list of the programs it may start besides its entrypoint.
 */
export function falcoServerBaseline(namespace: string): { readonly process: string; readonly port: string; readonly processList: string } {
  return {
    process: `MCP baseline ${namespace}: unexpected process`,
    port: `MCP baseline ${namespace}: egress on an undeclared port`,
    processList: `mcp_baseline_${namespace.replace(/-/g, "_")}_processes`,
  };
}
