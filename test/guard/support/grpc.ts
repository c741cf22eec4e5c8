/**
 * Runs the guard over real gRPC on loopback with the real proto, and a client that speaks ExtMcp like agentgateway:
 * `service_names`, `method`, raw JSON params/result as bytes, headers as bytes, `metadata_context` as a Struct.
 */
import * as grpc from "@grpc/grpc-js";
import { CHECKS } from "../../../guard/src/checks";
import { GuardAuditRecord, GuardConfig } from "../../../guard/src/config/types";
import { GuardServer, loadExtMcp } from "../../../guard/src/grpc/server";
import { jsonToStruct, structToJson } from "../../../guard/src/grpc/struct";
import { Check } from "../../../guard/src/pipeline/check";
import { Pipeline } from "../../../guard/src/pipeline/pipeline";

/** What the guard answered, decoded. */
export type Answer =
  | { readonly kind: "pass"; readonly metadata?: Record<string, unknown> }
  | { readonly kind: "mutated"; readonly value: any; readonly metadata?: Record<string, unknown> }
  | { readonly kind: "error"; readonly code: string; readonly reason: string; readonly data?: any };

export interface CallOptions {
  readonly servers?: readonly string[];
  readonly headers?: Record<string, string>;
  readonly metadata?: Record<string, any>;
}

export interface RunningGuard {
  readonly audit: GuardAuditRecord[];
  readonly port: number;
  readonly server: GuardServer;
  request(method: string, params: unknown | undefined, options?: CallOptions): Promise<Answer>;
  /** Sends raw params bytes (for malformed messages). */
  requestRaw(method: string, body: Buffer | undefined, options?: CallOptions): Promise<Answer>;
  response(method: string, result: unknown, options?: CallOptions): Promise<Answer>;
  responseRaw(method: string, body: Buffer, options?: CallOptions): Promise<Answer>;
  stop(): Promise<void>;
}

function decode(result: any): Answer {
  const metadata = result.metadata ? { metadata: structToJson(result.metadata) } : {};
  if (result.result === "pass") return { kind: "pass", ...metadata };
  if (result.result === "mutated") return { kind: "mutated", value: JSON.parse(Buffer.from(result.mutated).toString("utf8")), ...metadata };
  if (result.result === "error") {
    const data = result.error.mcp_error ? { data: JSON.parse(Buffer.from(result.error.mcp_error).toString("utf8")) } : {};
    return { kind: "error", code: result.error.code ?? "UNKNOWN", reason: result.error.reason ?? "", ...data };
  }
  throw new Error(`no result oneof in ${JSON.stringify(result)}`);
}

/** Starts a guard with `config` on 127.0.0.1 and a client to it. */
export async function startGuard(config: GuardConfig, checks: readonly Check[] = CHECKS): Promise<RunningGuard> {
  const audit: GuardAuditRecord[] = [];
  const server = new GuardServer({ pipeline: new Pipeline(config, checks), audit: { write: (record) => audit.push(record) } });
  const port = await server.listen("127.0.0.1:0");
  const { client: Client } = loadExtMcp();
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as any;
  const defaultServer = Object.keys(config.servers)[0];
  const unary = (rpc: "CheckRequest" | "CheckResponse", message: unknown): Promise<Answer> =>
    new Promise((resolve, reject) => client[rpc](message, { deadline: Date.now() + 10_000 }, (error: Error | null, result: unknown) => (error ? reject(error) : resolve(decode(result)))));
  const envelope = (method: string, options: CallOptions = {}) => ({
    service_names: options.servers ?? [defaultServer],
    method,
    ...(options.metadata ? { metadata_context: jsonToStruct(options.metadata) } : {}),
  });
  const headers = (options: CallOptions = {}) => Object.entries(options.headers ?? {}).map(([key, value]) => ({ key, value: Buffer.from(value, "latin1") }));
  const requestRaw = (method: string, body: Buffer | undefined, options?: CallOptions) =>
    unary("CheckRequest", { ...envelope(method, options), headers: headers(options), ...(body === undefined ? {} : { mcp_request: body }) });
  const responseRaw = (method: string, body: Buffer, options?: CallOptions) => unary("CheckResponse", { ...envelope(method, options), mcp_response: body });
  return {
    audit,
    port,
    server,
    requestRaw,
    responseRaw,
    request: (method, params, options) => requestRaw(method, params === undefined ? undefined : Buffer.from(JSON.stringify(params)), options),
    response: (method, result, options) => responseRaw(method, Buffer.from(JSON.stringify(result)), options),
    stop: async () => {
      client.close();
      await server.drain();
    },
  };
}
