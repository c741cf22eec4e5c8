/**
 * The HTTP request headers agentgateway forwards with an MCP call (`McpRequest.headers`: one entry per value, raw
 * bytes, pseudo-headers included), read strictly: a credential header given twice is refused, not guessed at.
 */

/** Forwarded headers by lower-case name, each with every value in order. */
export type ForwardedHeaders = ReadonlyMap<string, readonly string[]>;

/** Collects forwarded header entries (`{key, value}` with string or byte values) by lower-case name. */
export function collectHeaders(entries: Iterable<{ readonly key: string; readonly value: string | Uint8Array }>): ForwardedHeaders {
  const headers = new Map<string, string[]>();
  for (const { key, value } of entries) {
    const name = key.toLowerCase();
    const text = typeof value === "string" ? value : Buffer.from(value).toString("latin1");
    const values = headers.get(name);
    if (values) values.push(text);
    else headers.set(name, [text]);
  }
  return headers;
}

/** The one value of a header, `undefined` when absent, `null` when given more than once. */
export function singleHeader(headers: ForwardedHeaders, name: string): string | undefined | null {
  const values = headers.get(name);
  if (values === undefined || values.length === 0) return undefined;
  return values.length === 1 ? values[0] : null;
}
