/**
 * The protocol edge: agentgateway's ExtMcp service (`guard/proto/ext_mcp.proto`, package `agentgateway.dev.ext_mcp`)
 * and the standard gRPC health service (`grpc.health.v1.Health`) on one plaintext gRPC server (in the cluster the
 * mesh's mTLS protects it). Decodes each call, asks the pipeline, writes the evidence, encodes the answer:
 * `pass`, `mutated` (raw JSON bytes replacing params or result) or `error` (AuthorizationError code and reason).
 * A failure inside the guard answers `error` UNKNOWN (JSON-RPC -32603), never `pass`.
 */
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { HealthImplementation } from "grpc-health-check";
import { guardAsset } from "../assets";
import { AuditWriter } from "../evidence/audit";
import { GuardMetrics } from "../evidence/metrics";
import { Decision, GuardMessage, Pipeline } from "../pipeline/pipeline";
import { ProtoStruct, jsonToStruct, structToJson } from "./struct";

/** The ExtMcp service's full name, also its name in the health service. */
export const EXT_MCP_SERVICE = "agentgateway.dev.ext_mcp.ExtMcp";

/** How @grpc/proto-loader loads the proto, for the server and for test clients alike. */
export const PROTO_OPTIONS: protoLoader.Options = { keepCase: true, longs: String, enums: String, defaults: false, oneofs: true };

/** The ExtMcp service definition loaded from the real proto. */
export function loadExtMcp(): { service: grpc.ServiceDefinition; client: grpc.ServiceClientConstructor } {
  const definition = protoLoader.loadSync(guardAsset("proto/ext_mcp.proto"), PROTO_OPTIONS);
  const pkg = grpc.loadPackageDefinition(definition) as unknown as { agentgateway: { dev: { ext_mcp: { ExtMcp: grpc.ServiceClientConstructor } } } };
  const client = pkg.agentgateway.dev.ext_mcp.ExtMcp;
  return { service: client.service, client };
}

interface WireHeader {
  readonly key?: string;
  readonly value?: Buffer;
}

interface WireRequest {
  readonly service_names?: readonly string[];
  readonly method?: string;
  readonly metadata_context?: ProtoStruct | null;
  readonly mcp_request?: Buffer;
  readonly headers?: readonly WireHeader[];
}

interface WireResponse {
  readonly service_names?: readonly string[];
  readonly method?: string;
  readonly metadata_context?: ProtoStruct | null;
  readonly mcp_response?: Buffer;
}

export interface GuardServerOptions {
  readonly pipeline: Pipeline;
  readonly audit: AuditWriter;
  readonly metrics?: GuardMetrics;
  /** Largest gRPC message accepted, bytes. @default 16 MiB */
  readonly maxMessageBytes?: number;
}

/** The guard's gRPC server: ExtMcp plus health. */
export class GuardServer {
  private readonly server: grpc.Server;
  private readonly health = new HealthImplementation({ "": "SERVING", [EXT_MCP_SERVICE]: "SERVING" });
  private draining?: Promise<void>;

  constructor(private readonly options: GuardServerOptions) {
    const max = options.maxMessageBytes ?? 16 * 1024 * 1024;
    this.server = new grpc.Server({ "grpc.max_receive_message_length": max, "grpc.max_send_message_length": max });
    this.server.addService(loadExtMcp().service, {
      CheckRequest: (call: grpc.ServerUnaryCall<WireRequest, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        const wire = call.request;
        this.answer(
          {
            phase: "request",
            method: wire.method ?? "",
            servers: wire.service_names ?? [],
            metadataContext: structToJson(wire.metadata_context),
            headers: (wire.headers ?? []).map((header) => ({ key: header.key ?? "", value: header.value ?? Buffer.alloc(0) })),
            ...(wire.mcp_request === undefined ? {} : { body: wire.mcp_request }),
          },
          callback,
        );
      },
      CheckResponse: (call: grpc.ServerUnaryCall<WireResponse, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        const wire = call.request;
        this.answer(
          {
            phase: "response",
            method: wire.method ?? "",
            servers: wire.service_names ?? [],
            metadataContext: structToJson(wire.metadata_context),
            headers: [],
            body: wire.mcp_response ?? Buffer.alloc(0),
          },
          callback,
        );
      },
    });
    this.health.addToServer(this.server);
  }

  /** Binds `host:port` (port 0 picks one) and starts serving; resolves to the bound port. */
  listen(address: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port)));
    });
  }

  /** Drain: health turns NOT_SERVING, no new calls are accepted, calls in flight finish; then audit lines and metrics are flushed. */
  drain(): Promise<void> {
    this.draining ??= (async () => {
      this.health.setStatus("", "NOT_SERVING");
      this.health.setStatus(EXT_MCP_SERVICE, "NOT_SERVING");
      await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
      this.options.audit.flush?.();
      await this.options.metrics?.shutdown();
    })();
    return this.draining;
  }

  /** Stops at once, cancelling calls in flight. */
  forceStop(): void {
    this.server.forceShutdown();
  }

  private answer(message: GuardMessage, callback: grpc.sendUnaryData<unknown>): void {
    this.options.pipeline.decide(message).then(
      (decision) => {
        this.options.audit.write(decision.audit);
        for (const event of decision.events) this.options.audit.write(event);
        this.options.metrics?.record(decision);
        callback(null, encode(decision));
      },
      () => callback(null, { error: { code: "UNKNOWN", reason: "the guard failed to check this message; it is refused (fail-closed)" } }),
    );
  }
}

function encode(decision: Decision): unknown {
  const { result } = decision;
  const metadata = decision.metadata === undefined ? {} : { metadata: jsonToStruct(decision.metadata) };
  switch (result.kind) {
    case "pass":
      return { pass: {}, ...metadata };
    case "mutated":
      return { mutated: result.value, ...metadata };
    case "error":
      return { error: { code: result.code, reason: result.reason, ...(result.data === undefined ? {} : { mcp_error: Buffer.from(JSON.stringify(result.data), "utf8") }) } };
  }
}
