/**
 * Enkrypt AI's Secure MCP Gateway (github.com/enkryptai/secure-mcp-gateway, Apache-2.0 in LICENSE and pyproject.toml):
 * the FastMCP test servers of `src/secure_mcp_gateway/bad_mcps/`, written to test the gateway's guardrails, labelled
 * by structure, never by reading their texts. The directory's README describes each server (its "What it tests" and
 * the list of its tools, which the extraction checks against the tools the file declares); the servers read are:
 * - `tool_poisoning_mcp.py` ("malicious metadata in tool definitions"): every tool poisoned, class `tool-poisoning`;
 * - `mpma_mcp.py` (MCP preference manipulation: manipulative language in the definitions that biases the model's
 *   choice of tool): every tool poisoned, class `preference-manipulation`;
 * - `bad_output_mcp.py` ("malicious content in tool responses when tool signatures appear completely safe"): the
 *   definitions are the safe part, every tool benign, class `honest-malicious-output`;
 * - `echo_mcp.py` (the README's only "SAFE" server): every tool benign, class `honest`.
 * Each server also declares a `list_tools` helper tool; the README names it among the tools of `echo_mcp.py` only, so it
 * is read there (benign) and left out of the other three. The servers whose attack is in what a tool does or returns
 * (prompt injection in results, command injection, path traversal, schema poisoning of responses, credential theft,
 * ...) are not read: their definitions are not labelled by the README.
 *
 * A tool is what FastMCP lists for `@mcp.tool(name=..., description=..., annotations={...})` over `async def f(ctx:
 * Context, a: str, b: int = 1)`: the name, the description, the annotations dict as written, and an input schema of
 * the function's parameters (without the `Context`): their JSON types, defaults and which are required (FastMCP also
 * adds titles, which carry no text of the source's). Each tool is one family; `text` is `toolProse(tool)`.
 */
import type { JsonValue, ToolDefinition } from "../../src/config/types";
import type { CorpusSource } from "../build-corpus";
import type { CorpusExample } from "../synthetic";
import { toolExample } from "./tool-example";
import { PyValue, PythonLiteralReader } from "./python-literal";
import { show } from "./git";

export const SECURE_MCP_GATEWAY_SOURCE: CorpusSource = {
  id: "secure-mcp-gateway",
  repository: "https://github.com/enkryptai/secure-mcp-gateway",
  commit: "b4f0165e1f17100313b2b78164cf035a2ff084f5",
  license: "Apache-2.0",
  copyright: "Enkrypt AI Team (pyproject.toml authors; the LICENSE is the plain Apache-2.0 text without a copyright line)",
};

const DIR = "src/secure_mcp_gateway/bad_mcps";

interface Server {
  readonly file: string;
  readonly label: CorpusExample["label"];
  readonly category: string;
  /** Whether its `list_tools` helper is read (the README names it for this server). */
  readonly listTools: boolean;
}

/** The servers read, with the label and class the README's description of each gives its definitions. */
const SERVERS: readonly Server[] = [
  { file: "tool_poisoning_mcp.py", label: "poisoned", category: "tool-poisoning", listTools: false },
  { file: "mpma_mcp.py", label: "poisoned", category: "preference-manipulation", listTools: false },
  { file: "bad_output_mcp.py", label: "benign", category: "honest-malicious-output", listTools: false },
  { file: "echo_mcp.py", label: "benign", category: "honest", listTools: true },
];

const JSON_TYPES: ReadonlyMap<string, string> = new Map([
  ["str", "string"],
  ["int", "integer"],
  ["float", "number"],
  ["bool", "boolean"],
]);

/** The input schema FastMCP derives from a function's parameter list (the text between its parentheses). */
export function parameterSchema(parameters: string, where: string): { [key: string]: JsonValue } {
  const properties: { [name: string]: JsonValue } = {};
  const required: string[] = [];
  for (const parameter of parameters.split(",").map((part) => part.trim()).filter(Boolean)) {
    const match = /^(\w+)\s*:\s*(\w+)\s*(?:=\s*(.+))?$/s.exec(parameter);
    if (!match) throw new Error(`secure-mcp-gateway ${where}: a parameter that is not \`name: type [= literal]\``);
    const [, name, type, fallback] = match;
    if (type === "Context") continue;
    const jsonType = JSON_TYPES.get(type);
    if (!jsonType) throw new Error(`secure-mcp-gateway ${where}: parameter ${name} has the unknown type ${type}`);
    if (fallback === undefined) {
      required.push(name);
      properties[name] = { type: jsonType };
    } else {
      properties[name] = { type: jsonType, default: new PythonLiteralReader(fallback, 0).value() as JsonValue };
    }
  }
  return { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
}

/** The tools a FastMCP server file declares with `@mcp.tool(...)`, in order. */
function fastMcpTools(source: string, where: string): ToolDefinition[] {
  const tools: ToolDefinition[] = [];
  for (let at = source.indexOf("\n@mcp.tool("); at >= 0; at = source.indexOf("\n@mcp.tool(", at + 1)) {
    const reader = new PythonLiteralReader(source, at + "\n@mcp.tool(".length);
    const kwargs: { [key: string]: PyValue } = {};
    while (reader.peek() !== ")") {
      const key = reader.identifier();
      reader.expect("=");
      kwargs[key] = reader.value();
      if (reader.peek() === ",") reader.expect(",");
    }
    reader.expect(")");
    const unknown = Object.keys(kwargs).filter((key) => !["name", "description", "annotations"].includes(key));
    if (unknown.length > 0) throw new Error(`secure-mcp-gateway ${where}: @mcp.tool with unknown arguments ${unknown.join(", ")}`);
    const { name, description, annotations } = kwargs;
    if (typeof name !== "string" || typeof description !== "string") throw new Error(`secure-mcp-gateway ${where}: a tool without a literal name and description`);
    const rest = source.slice(reader.offset);
    const signature = /^\s*async def (\w+)\(([^)]*)\)\s*->/.exec(rest);
    if (!signature) throw new Error(`secure-mcp-gateway ${where}: @mcp.tool ${name} is not followed by an async def`);
    const inputSchema = parameterSchema(signature[2], `${where}#${name}`);
    tools.push({
      name,
      description,
      inputSchema,
      ...(annotations !== undefined ? { annotations: annotations as { [key: string]: JsonValue } } : {}),
    });
  }
  return tools;
}

/** The tool names the README lists under a server's section (`- \`name\` - ...` lines). */
function readmeTools(readme: string, file: string): string[] {
  const start = readme.search(new RegExp(`^### .*\\b${file.replace(".", "\\.")} -`, "m"));
  if (start < 0) throw new Error(`secure-mcp-gateway ${DIR}/README.md has no section for ${file}`);
  const end = readme.indexOf("\n---", start);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^- `(\w+)`/gm)].map((match) => match[1]);
}

export function secureMcpGatewayExamples(gitDir: string): CorpusExample[] {
  const commit = SECURE_MCP_GATEWAY_SOURCE.commit!;
  const readme = show(gitDir, commit, `${DIR}/README.md`);
  const out: CorpusExample[] = [];
  for (const { file, label, category, listTools } of SERVERS) {
    const path = `${DIR}/${file}`;
    const tools = fastMcpTools(show(gitDir, commit, path), path).filter((tool) => listTools || tool.name !== "list_tools");
    const named = readmeTools(readme, file);
    const declared = tools.map((tool) => tool.name);
    if (named.join(",") !== declared.join(",")) {
      throw new Error(`secure-mcp-gateway ${path} at ${commit}: the README lists ${named.join(", ")}, the file declares ${declared.join(", ")}`);
    }
    for (const tool of tools) {
      out.push(toolExample(SECURE_MCP_GATEWAY_SOURCE, label, category, path, tool));
    }
  }
  return out;
}
