/**
 * Reads the files `mcp-harden tools` works on: a `tools/list` result (`{"tools":[...]}`, or a whole JSON-RPC response
 * `{"result":{"tools":[...]}}`), or an approved-tools lock file (`{"server","tools":[{"definition","pin"}]}`).
 * Anything else is a {@link ToolsFileError} naming the file, the field and the fix.
 */
import { readFileSync } from "node:fs";
import { ApprovedToolsLock, JsonValue, ToolDefinition } from "../../guard/src/config/types";
import { pinnedDefinition } from "../../guard/src/pin";

/** A file that cannot be used: unreadable, not JSON, or not a tools list or lock file. */
export class ToolsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ToolsFileError";
  }
}

/** The tools of one file, in file order, reduced to their pinned fields. */
export interface ToolsFile {
  readonly file: string;
  /** `list` for a `tools/list` result, `lock` for an approved-tools lock file. */
  readonly kind: "list" | "lock";
  readonly tools: readonly ToolDefinition[];
  /** The lock file itself, for `kind: "lock"`. */
  readonly lock?: ApprovedToolsLock;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkTool(file: string, path: string, tool: unknown): ToolDefinition {
  if (!isObject(tool)) throw new ToolsFileError(`${file}: ${path} is not an object; each tool is an MCP Tool definition ({"name", "inputSchema", ...}).`);
  if (typeof tool.name !== "string" || tool.name.length === 0) throw new ToolsFileError(`${file}: ${path}.name must be a non-empty string.`);
  if (!isObject(tool.inputSchema)) throw new ToolsFileError(`${file}: ${path}.inputSchema must be a JSON Schema object (MCP requires one; use {"type":"object"} for no arguments).`);
  for (const field of ["title", "description"] as const) {
    if (tool[field] !== undefined && typeof tool[field] !== "string") throw new ToolsFileError(`${file}: ${path}.${field} must be a string.`);
  }
  for (const field of ["outputSchema", "annotations"] as const) {
    if (tool[field] !== undefined && !isObject(tool[field])) throw new ToolsFileError(`${file}: ${path}.${field} must be an object.`);
  }
  return pinnedDefinition(tool as { [key: string]: JsonValue });
}

function checkUnique(file: string, tools: readonly ToolDefinition[]): void {
  const seen = new Set<string>();
  for (const tool of tools) {
    if (seen.has(tool.name)) throw new ToolsFileError(`${file}: tool "${tool.name}" is listed twice; a server's tool names are unique.`);
    seen.add(tool.name);
  }
}

/** Parses a tools list or lock file's text. */
export function parseToolsFile(file: string, text: string): ToolsFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ToolsFileError(`${file}: not valid JSON (${(error as Error).message}).`);
  }
  const body = isObject(json) && isObject(json.result) ? json.result : json;
  if (!isObject(body) || !Array.isArray(body.tools)) {
    throw new ToolsFileError(`${file}: expected a tools/list result {"tools":[...]} or an approved-tools lock file {"server","tools":[...]}.`);
  }
  const entries = body.tools as unknown[];
  if (typeof body.server === "string" && entries.every((entry) => isObject(entry) && "definition" in entry)) {
    const tools = entries.map((entry, index) => checkTool(file, `tools[${index}].definition`, (entry as Record<string, unknown>).definition));
    checkUnique(file, tools);
    return { file, kind: "lock", tools, lock: body as unknown as ApprovedToolsLock };
  }
  const tools = entries.map((tool, index) => checkTool(file, `tools[${index}]`, tool));
  checkUnique(file, tools);
  return { file, kind: "list", tools };
}

/** Reads and parses one file. */
export function readToolsFile(file: string): ToolsFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ToolsFileError(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  return parseToolsFile(file, text);
}
