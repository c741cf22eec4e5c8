/**
 * IO-05 (context-specific encoding): an approved tool may declare where a string argument ends up (`sinks`, keyed by
 * JSON Pointer into the arguments: `sql`, `shell`, `path`, `url`, `html`). The guard refuses values that carry that
 * sink's control syntax. This narrows what reaches the server; it does not replace the server's own encoding
 * (parameterized queries, argument vectors, path resolution under a root, URL allow lists, output escaping), which the
 * README tells server authors to keep.
 */
import { ArgumentSink, GuardConfig, GuardToolConfig, JsonValue } from "../config/types";
import { Check, CheckOutcome, PASS, deny, isObject } from "../pipeline/check";
import { messagePath, pointerTokens } from "../pipeline/json-path";

interface SinkRule {
  readonly id: string;
  readonly test: (value: string) => boolean;
}

const INTERNAL_HOST = /^(?:localhost|.*\.(?:svc|cluster\.local|internal|local|localdomain)|metadata\.google\.internal)$/i;
const PRIVATE_ADDRESS = /^(?:127\.|10\.|0\.|169\.254\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|\[(?:::1?|f[cd][0-9a-f]{2}:|fe80:|::ffff:))/i;

function urlProblem(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return true;
  }
  return url.protocol !== "https:" || url.username !== "" || url.password !== "" || INTERNAL_HOST.test(url.hostname) || PRIVATE_ADDRESS.test(url.hostname) || /^\d+$|^0x/i.test(url.hostname);
}

const SINK_RULES: { readonly [sink in ArgumentSink]: readonly SinkRule[] } = {
  shell: [
    { id: "IO-05-shell-metacharacter", test: (value) => /[;&|`$<>\n\r\\(){}*?!#~'"[\]]/.test(value) },
    { id: "IO-05-shell-option", test: (value) => value.startsWith("-") },
  ],
  sql: [
    { id: "IO-05-sql-comment", test: (value) => /--|\/\*|\*\/|#/.test(value) },
    { id: "IO-05-sql-stacked-query", test: (value) => value.includes(";") },
    { id: "IO-05-sql-injection", test: (value) => /'[ \t]{0,5}(?:or|and|union|;)\b|\bunion[ \t\n]{1,5}(?:all[ \t\n]{1,5})?select\b/i.test(value) },
  ],
  path: [
    { id: "IO-05-path-absolute", test: (value) => /^(?:[/\\~]|[A-Za-z]:)/.test(value) },
    { id: "IO-05-path-traversal", test: (value) => /(?:^|[/\\])\.\.(?:[/\\]|$)|%2e|%2f|%5c/i.test(value) },
    { id: "IO-05-path-control", test: (value) => /[\x00-\x1f]/.test(value) },
  ],
  url: [{ id: "IO-05-url-scheme-or-host", test: urlProblem }],
  html: [
    { id: "IO-05-html-markup", test: (value) => /<[A-Za-z!/?]/.test(value) },
    { id: "IO-05-html-script-url", test: (value) => /\b(?:javascript|vbscript|data)[ \t]{0,3}:/i.test(value) },
    { id: "IO-05-html-event-handler", test: (value) => /\bon[a-z]{2,30}[ \t]{0,3}=/i.test(value) },
  ],
};

/** A declared sink with its JSON Pointer split into reference tokens once, when the config is compiled. */
interface CompiledSink {
  readonly pointer: string;
  readonly tokens: readonly string[];
  readonly sink: ArgumentSink;
}

/** The value at a pointer's tokens inside `root`, or undefined. */
function resolveTokens(root: JsonValue, tokens: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = root;
  for (const token of tokens) {
    if (Array.isArray(current) && /^\d+$/.test(token)) current = current[Number(token)];
    else if (isObject(current) && Object.prototype.hasOwnProperty.call(current, token)) current = current[token];
    else return undefined;
  }
  return current;
}

/** Each tool's declared sinks, compiled, keyed by its config entry (what the pipeline hands checks as `toolConfig`). */
function compileSinks(config: GuardConfig): Map<GuardToolConfig, readonly CompiledSink[]> {
  const compiled = new Map<GuardToolConfig, readonly CompiledSink[]>();
  for (const server of Object.values(config.servers)) {
    for (const toolConfig of Object.values(server.tools)) {
      const sinks = Object.entries(toolConfig.sinks).map(([pointer, sink]) => ({ pointer, tokens: pointerTokens(pointer), sink }));
      if (sinks.length > 0) compiled.set(toolConfig, sinks);
    }
  }
  return compiled;
}

export const IO05: Check = {
  id: "IO-05-sinks",
  control: "IO-05",
  description: "String arguments declared to reach a sql, shell, path, url or html sink carry none of that sink's control syntax.",
  phase: "request",
  methods: ["tools/call"],
  compile: (config) => {
    const compiled = compileSinks(config);
    return (ctx): CheckOutcome => {
      const sinks = ctx.toolConfig === undefined ? undefined : compiled.get(ctx.toolConfig);
      if (sinks === undefined || !isObject(ctx.message)) return PASS;
      const args = ctx.message.arguments ?? {};
      for (const { pointer, tokens, sink } of sinks) {
        const value = resolveTokens(args, tokens);
        if (value === undefined) continue;
        if (typeof value !== "string") return deny("INVALID", `IO-05-${sink}-not-a-string`, `${messagePath("arguments", pointer)} must be a string for its ${sink} sink (IO-05)`);
        const broken = SINK_RULES[sink].find((rule) => rule.test(value));
        if (broken !== undefined) return deny("INVALID", broken.id, `${messagePath("arguments", pointer)} carries syntax its ${sink} sink must not receive: ${broken.id} (IO-05)`);
      }
      return PASS;
    };
  },
};
