/**
 * Real MCP peers for guard tests: the official SDK client over stdio to the reference servers from npm, with every
 * JSON-RPC message recorded raw (what the gateway would hand the guard as params and result bytes).
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { pinnedDefinition, toolPin } from "../../../guard/src/pin";
import { GuardToolConfig, JsonValue, ToolDefinition } from "../../../guard/src/config/types";

export interface RecordedExchange {
  readonly method: string;
  readonly params: unknown;
  readonly result: unknown;
}

export interface McpPeer {
  readonly client: Client;
  /** The revision the SDK negotiated in `initialize` (the SDK hands it to its transport to send as `MCP-Protocol-Version`). */
  readonly protocolVersion: string;
  /** Sends a request through the SDK and returns the raw params it sent and the raw result it received. */
  exchange(method: string, send: () => Promise<unknown>): Promise<RecordedExchange>;
  close(): Promise<void>;
}

/** Starts a reference server (`bin` is its package's bin script) under the SDK client, recording raw messages. */
export async function startPeer(serverScript: string, args: readonly string[]): Promise<McpPeer> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [serverScript, ...args], stderr: "ignore" });
  const client = new Client({ name: "guard-test", version: "1.0.0" });
  const sent: any[] = [];
  const received: any[] = [];
  let protocolVersion = "";
  (transport as Transport).setProtocolVersion = (version: string) => {
    protocolVersion = version;
  };
  const send = transport.send.bind(transport);
  transport.send = async (message) => {
    sent.push(message);
    return send(message);
  };
  await client.connect(transport);
  const onmessage = transport.onmessage as (message: unknown) => void;
  transport.onmessage = (message: any) => {
    received.push(message);
    onmessage(message);
  };
  return {
    client,
    protocolVersion,
    exchange: async (method, run) => {
      const before = sent.length;
      await run();
      const request = sent.slice(before).find((message) => message.method === method);
      const response = received.find((message) => message.id === request.id && "result" in message);
      return { method, params: request.params, result: response?.result };
    },
    close: () => client.close(),
  };
}

/** Approved-tool configs for every tool a server lists, pinned with the guard's pin function. */
export function approveListed(tools: readonly { [key: string]: unknown }[]): GuardToolConfig[] {
  return tools.map((tool) => {
    const definition: ToolDefinition = pinnedDefinition(tool as { [key: string]: JsonValue });
    return { definition, pin: toolPin(definition), scopes: [], constraints: [], sinks: {}, overrides: [] };
  });
}
