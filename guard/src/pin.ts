/**
 * Tool pins (TOOL-08, PROV-02): SHA-256 over the canonical JSON of a whole MCP `Tool` definition.
 *
 * Canonical JSON here is RFC 8785 (JCS) for the values MCP tool definitions hold: object keys sorted by UTF-16 code
 * units, no insignificant whitespace, strings and numbers as ECMAScript `JSON.stringify` writes them (which is what
 * JCS specifies). Written by hand because it is twenty lines and every dependency here ships in the guard's image.
 */
import { createHash } from "node:crypto";
import { JsonValue, ToolDefinition } from "./config/types";

/** The fields of a `Tool` that are pinned; anything else a server adds is not part of the approved definition. */
export const PINNED_TOOL_FIELDS = ["name", "title", "description", "inputSchema", "outputSchema", "annotations"] as const;

/** The canonical JSON text of a value: sorted keys, no whitespace. Throws on values JSON cannot represent. */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("canonical JSON has no representation for a non-finite number");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item: JsonValue) => canonicalJson(item)).join(",")}]`;
  const object = value as { readonly [key: string]: JsonValue };
  const keys = Object.keys(object).filter((key) => object[key] !== undefined).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`).join(",")}}`;
}

/** Only the pinned fields of a tool as listed by a server, in the shape the pin is computed over. */
export function pinnedDefinition(tool: { readonly [key: string]: JsonValue }): ToolDefinition {
  const picked: { [key: string]: JsonValue } = {};
  for (const field of PINNED_TOOL_FIELDS) if (tool[field] !== undefined) picked[field] = tool[field];
  return picked as unknown as ToolDefinition;
}

/** `sha256:<64 hex>` of the canonical JSON of the definition's pinned fields. */
export function toolPin(definition: ToolDefinition): string {
  const canonical = canonicalJson(pinnedDefinition(definition as unknown as { readonly [key: string]: JsonValue }) as unknown as JsonValue);
  return `sha256:${createHash("sha256").update(canonical, "utf8").digest("hex")}`;
}

/**
 * The digest of every pin of a configuration (PROV-02): `sha256:<hex>` over the canonical JSON of
 * `{ <server>: { <tool>: <pin> } }`. The guard's Deployment carries it as `--tools-digest`, so the approved tools in
 * the ConfigMap cannot be changed without also changing the Deployment (a second, separately reviewed object); the
 * guard refuses to start when they disagree.
 */
export function toolsDigest(config: { readonly servers: { readonly [server: string]: { readonly tools: { readonly [tool: string]: { readonly pin: string } } } } }): string {
  const pins: { [server: string]: { [tool: string]: JsonValue } } = {};
  for (const [server, serverConfig] of Object.entries(config.servers)) {
    pins[server] = Object.fromEntries(Object.entries(serverConfig.tools).map(([tool, entry]) => [tool, entry.pin]));
  }
  return `sha256:${createHash("sha256").update(canonicalJson(pins), "utf8").digest("hex")}`;
}
