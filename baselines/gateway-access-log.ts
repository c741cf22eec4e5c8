/**
 * The gateway access log contract (DLP-03, TOOL-12): the fields the gateway adds to every access log line, which the
 * large-response alarms, the correlations, the runbooks and their rules read.
 */

/**
 * The top-level fields of the gateway's JSON access log lines that the large-response alarms read, as they land in
 * the container log group (Fluent Bit merging the JSON line into the record): the size of the response body sent to
 * the client in bytes (a number), and the MCP server that answered (its configured name). agentgateway's own access
 * log keys contain dots (`mcp.target`), which CloudWatch filter patterns cannot address, so the gateway's
 * configuration adds these two fields (`frontendPolicies.accessLog.add`).
 */
export const GATEWAY_ACCESS_LOG_FIELDS = { responseBytes: "response_bytes", server: "mcp_server" } as const;
