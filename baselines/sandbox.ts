/**
 * Where sandboxed MCP servers run (TOOL-10): the sandbox node group's label and taint, the toleration only sandboxed
 * pods carry, and the stage label of a sandboxed server's namespace. Node agents (DaemonSets that tolerate every
 * taint) run there too, so the sandbox is watched and its logs shipped.
 */

/** The label of a server namespace naming its stage; `sandbox` on a sandboxed server's. */
export const STAGE_LABEL = "mcp.security/stage";

/** The label of the sandbox node group's nodes, which sandboxed pods select. */
export const SANDBOX_NODE_LABEL = { "mcp.security/node-role": "mcp-sandbox" } as const;

/** The taint of the sandbox node group's nodes (Kubernetes form): only sandboxed pods and node agents tolerate it. */
export const SANDBOX_TAINT = { key: "mcp.security/sandbox", value: "true", effect: "NoSchedule" } as const;

/** The toleration of sandboxed pods: exactly the sandbox taint. */
export const SANDBOX_TOLERATION = { key: SANDBOX_TAINT.key, operator: "Equal", value: SANDBOX_TAINT.value, effect: SANDBOX_TAINT.effect } as const;
