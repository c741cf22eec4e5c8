/**
 * The HTTP request headers agentgateway forwards with an MCP call (`McpRequest.headers`, pseudo-headers included; the
 * pipeline hands them to checks by lower-case name), read strictly: a credential header given twice is refused, not
 * guessed at.
 */

/** Forwarded headers by lower-case name, each with every value in order. */
export type ForwardedHeaders = ReadonlyMap<string, readonly string[]>;

/** The one value of a header, `undefined` when absent, `null` when given more than once. */
export function singleHeader(headers: ForwardedHeaders, name: string): string | undefined | null {
  const values = headers.get(name);
  if (values === undefined || values.length === 0) return undefined;
  return values.length === 1 ? values[0] : null;
}
