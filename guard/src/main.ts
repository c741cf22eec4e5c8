/**
 * `mcp-guard --config <file> [--config <file>...] --listen <host:port>`: the guard's start command. Prints a line containing `listening`
 * when it serves; exits 2 naming the field when the config is invalid; drains on SIGTERM (or SIGINT) and exits 0.
 */
import { parseArgs } from "node:util";
import { authRuntime } from "./auth/runtime";
import { CHECKS } from "./checks";
import { loadGuardConfig } from "./config/load";
import { streamAuditWriter } from "./evidence/audit";
import { GuardMetrics } from "./evidence/metrics";
import { GuardServer } from "./grpc/server";
import { ConfigError } from "./pipeline/check";
import { Pipeline } from "./pipeline/pipeline";
import { toolsDigest } from "./pin";
import { mcpSchemas } from "./schema/mcp";

/** The methods whose validators are compiled at start: the handshake and the tool calls. */
const WARM_METHODS = ["initialize", "tools/list", "tools/call"];

const USAGE = `Usage: mcp-guard --config <file> [--config <file>...] --listen <host:port>

The MCP guard: an agentgateway ExtMcp gRPC processor (plaintext gRPC; the mesh's mTLS protects it in the cluster).

Options:
  --config <file>       guard-config.json (generated per environment by \`mcp-harden synth\`: dist/guard/<env>/guard-config.json);
                        repeated, the parts of one configuration too large for one ConfigMap, joined in order
  --listen <host:port>  address to serve gRPC on, e.g. 0.0.0.0:9000 or 127.0.0.1:0 (any free port)
  --tools-digest <sha256:hex>
                        refuse to start unless the config's approved tools have this digest (toolsDigest in pin.ts;
                        the Deployment carries it, so the pins cannot be changed in the ConfigMap alone)
  --help                show this help

Serves agentgateway.dev.ext_mcp.ExtMcp and grpc.health.v1.Health. Writes one JSON audit line per decision on stdout.
Exit codes: 0 after a drain (SIGTERM), 2 on bad arguments or an invalid config, 1 when the address cannot be bound.`;

/** Runs the guard until SIGTERM; resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let values: { config?: string[]; listen?: string; "tools-digest"?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { config: { type: "string", multiple: true }, listen: { type: "string" }, "tools-digest": { type: "string" }, help: { type: "boolean" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    process.stderr.write(`mcp-guard: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.config === undefined || values.listen === undefined) {
    process.stderr.write(`mcp-guard: ${values.config === undefined ? "--config" : "--listen"} is required\n\n${USAGE}\n`);
    return 2;
  }
  if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(values.listen)) {
    process.stderr.write(`mcp-guard: --listen must be host:port (e.g. 0.0.0.0:9000), got ${JSON.stringify(values.listen)}\n`);
    return 2;
  }
  let pipeline: Pipeline;
  try {
    const config = loadGuardConfig(values.config);
    const expected = values["tools-digest"];
    if (expected !== undefined && toolsDigest(config) !== expected) {
      throw new ConfigError("servers.*.tools", `the approved tools' digest is ${toolsDigest(config)}, not --tools-digest ${expected}: the pins were changed outside synth; redeploy from the reviewed configuration`);
    }
    pipeline = new Pipeline(config, CHECKS);
    // Validators compile on first use; those of the calls every client makes compile before the guard serves.
    mcpSchemas(config.protocolVersions).warm(WARM_METHODS);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`mcp-guard: invalid config ${values.config.join(", ")}: ${error.message}\n`);
    return 2;
  }
  const metrics = GuardMetrics.forConfig(pipeline.config);
  const audit = streamAuditWriter();
  // Held audit lines go out however the process ends (drain, exit on a fatal error): stdout writes are synchronous here.
  process.once("exit", audit.flush);
  const server = new GuardServer({ pipeline, audit, metrics });
  let port: number;
  try {
    port = await server.listen(values.listen);
  } catch (error) {
    process.stderr.write(`mcp-guard: cannot listen on ${values.listen}: ${(error as Error).message}\n`);
    return 1;
  }
  const host = values.listen.slice(0, values.listen.lastIndexOf(":"));
  process.stderr.write(`mcp-guard listening on ${host}:${port} (environment ${pipeline.config.environment}, ${Object.keys(pipeline.config.servers).length} servers, ${CHECKS.length} checks)\n`);
  return new Promise<number>((resolve) => {
    const stop = (): void => {
      process.stderr.write("mcp-guard: draining\n");
      server
        .drain()
        .then(() => authRuntime(pipeline.config)?.store.close())
        .then(
          () => resolve(0),
          () => resolve(0),
        );
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
