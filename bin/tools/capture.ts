/**
 * Captures a server's `tools/list` result over stdio with the official MCP SDK client: starts the command, runs the
 * MCP handshake, follows `nextCursor` pagination, and returns `{"tools":[...]}` exactly as the server listed them.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

/** Options of {@link captureToolsList}. */
export interface CaptureOptions {
  /**
   * Environment variables of the server process, added to the SDK's safe default set (PATH, HOME, ...).
   * @default {}
   */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Working directory of the server process.
   * @default the current directory
   */
  readonly cwd?: string;
  /**
   * How long the whole capture may take, in milliseconds.
   * @default 30000
   */
  readonly timeoutMs?: number;
}

/** A `tools/list` result: the tools in the order the server listed them. */
export interface ToolsList {
  readonly tools: readonly Record<string, unknown>[];
}

/** Most pages followed; a server that keeps returning cursors past this is refused. */
const MAX_PAGES = 100;

/** Runs `command args...` as an MCP stdio server and returns its complete `tools/list` result. */
export async function captureToolsList(command: string, args: readonly string[], options: CaptureOptions = {}): Promise<ToolsList> {
  const transport = new StdioClientTransport({
    command,
    args: [...args],
    env: { ...getDefaultEnvironment(), ...options.env },
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    stderr: "ignore",
  });
  const client = new Client({ name: "mcp-harden-tools-capture", version: "1.0.0" });
  const timeout = options.timeoutMs ?? 30_000;
  try {
    await client.connect(transport, { timeout });
    const tools: Record<string, unknown>[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await client.listTools(cursor === undefined ? {} : { cursor }, { timeout });
      tools.push(...(result.tools as unknown as Record<string, unknown>[]));
      cursor = result.nextCursor;
      if (cursor === undefined) return { tools };
    }
    throw new Error(`the server returned more than ${MAX_PAGES} pages of tools/list`);
  } finally {
    await client.close();
  }
}
