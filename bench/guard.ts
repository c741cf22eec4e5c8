/**
 * `npm run bench:guard`: the guard's latency and throughput over real gRPC on loopback, against a pass-through ExtMcp
 * processor measured in the same run (the floor). The guard runs as its real start command
 * `bin/mcp-guard`, one Node.js process: one core), the floor as `guard-passthrough.js`; this process is the client.
 *
 * Scenarios: a tools/call request with 1 KB of arguments, a tools/list result of 50 tools, a tools/call result of
 * 64 KB of text. Latency: sequential calls, p50/p99 of wall time per call. Throughput: calls with 16 in flight.
 * The guard's CPU time per check (from /proc, less sensitive to a busy machine than wall time) and peak RSS are
 * reported too. Targets (issue #12, one core): added p99 ≤ 1 ms (request), ≤ 5 ms (64 KB result); ≥ 2,000 checks/s;
 * RSS ≤ 150 MiB.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { GuardConfig, ToolDefinition } from "../guard/src/config/types";
import { loadExtMcp } from "../guard/src/grpc/server";
import { loadThreatPack } from "../guard/src/patterns/threat-pack";
import { toolPin } from "../guard/src/pin";

const SEQUENTIAL = Number(process.env.BENCH_GUARD_CALLS ?? 2000);
const THROUGHPUT = Number(process.env.BENCH_GUARD_THROUGHPUT_CALLS ?? 4000);
const IN_FLIGHT = 16;

function tool(index: number): ToolDefinition {
  return {
    name: `tool_${index}`,
    title: `Tool ${index}`,
    description: `Does task ${index}: reads a record by ID, filters it by the given fields and returns a summary of at most the requested length.`,
    inputSchema: {
      type: "object",
      properties: {
        id: { type: "string", pattern: "^[a-z0-9-]{1,64}$" },
        fields: { type: "array", maxItems: 20, items: { type: "string", maxLength: 64 } },
        limit: { type: "integer", minimum: 1, maximum: 1000 },
        note: { type: "string", maxLength: 2048 },
        mode: { enum: ["brief", "full"] },
      },
      required: ["id"],
    },
    annotations: { readOnlyHint: true },
  };
}

const TOOLS = Array.from({ length: 50 }, (_, index) => tool(index));

function config(): GuardConfig {
  return {
    version: 1,
    environment: "bench",
    protocolVersions: ["2025-06-18", "2025-11-25", "2026-07-28"],
    defaultProtocolVersion: "2025-06-18",
    limits: { maxRequestBytes: 256 * 1024, maxStringLength: 16 * 1024, maxArrayItems: 1000, maxObjectProperties: 256, maxDepth: 32 },
    threatRulePack: loadThreatPack().version,
    telemetry: { serviceName: "mcp-guard" },
    servers: {
      bench: {
        mode: "enforce",
        dlp: { mode: "mask", maxResultBytes: 1024 * 1024 },
        tools: Object.fromEntries(TOOLS.map((definition) => [definition.name, { definition, pin: toolPin(definition), scopes: [], constraints: [{ id: "limit-small", expression: "!has(args.limit) || args.limit <= 500", message: "limit at most 500" }], sinks: {}, overrides: [] }])),
      },
    },
  };
}

const WORDS = "the quarterly report lists revenue by region and product line with totals for each month of the year and notes on changes".split(" ");
function prose(bytes: number): string {
  let out = "";
  for (let index = 0; out.length < bytes; index++) out += `${WORDS[index % WORDS.length]}${index % 17 === 16 ? ".\n" : " "}${index % 53 === 0 ? `${index} ` : ""}`;
  return out.slice(0, bytes);
}

const REQUEST = { name: "tool_7", arguments: { id: "record-42", fields: ["region", "product", "total"], limit: 100, mode: "brief", note: prose(900) } };
const LIST_RESULT = { tools: TOOLS };
const TEXT_RESULT = { content: [{ type: "text", text: prose(64 * 1024) }] };

interface Scenario {
  readonly label: string;
  readonly rpc: "CheckRequest" | "CheckResponse";
  readonly message: unknown;
}

const SCENARIOS: readonly Scenario[] = [
  { label: "tools/call request, 1 KB arguments", rpc: "CheckRequest", message: { service_names: ["bench"], method: "tools/call", mcp_request: Buffer.from(JSON.stringify(REQUEST)) } },
  { label: "tools/list result, 50 tools", rpc: "CheckResponse", message: { service_names: ["bench"], method: "tools/list", mcp_response: Buffer.from(JSON.stringify(LIST_RESULT)) } },
  { label: "tools/call result, 64 KB text", rpc: "CheckResponse", message: { service_names: ["bench"], method: "tools/call", mcp_response: Buffer.from(JSON.stringify(TEXT_RESULT)), metadata_context: { fields: { tool: { stringValue: "tool_7" } } } } },
];

async function startChild(script: string, args: readonly string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  const port = await new Promise<number>((resolve, reject) => {
    let seen = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /listening on [^\s]*:(\d+)/.exec(seen);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`${script} exited ${code}: ${seen}`)));
  });
  return { child, port };
}

/** utime + stime of a process, milliseconds. */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function peakRssMiB(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((entry) => entry.startsWith("VmHWM:")) ?? "VmHWM: 0 kB";
  return Number(line.split(/\s+/)[1]) / 1024;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface Measurement {
  readonly p50: number;
  readonly p99: number;
  readonly perSecond: number;
  readonly cpuMsPerCall: number;
  readonly decision: string;
}

async function measure(client: any, pid: number, scenario: Scenario): Promise<Measurement> {
  const call = () =>
    new Promise<string>((resolve, reject) => client[scenario.rpc](scenario.message, (error: Error | null, result: { result: string }) => (error ? reject(error) : resolve(result.result))));
  let decision = "";
  for (let index = 0; index < 200; index++) decision = await call();
  const latencies: number[] = [];
  const cpuBefore = cpuMs(pid);
  for (let index = 0; index < SEQUENTIAL; index++) {
    const started = process.hrtime.bigint();
    await call();
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const cpuMsPerCall = (cpuMs(pid) - cpuBefore) / SEQUENTIAL;
  latencies.sort((a, b) => a - b);
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next++ < THROUGHPUT) await call();
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), perSecond: THROUGHPUT / seconds, cpuMsPerCall, decision };
}

async function main(): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bench-guard-"));
  const configFile = path.join(scratch, "guard-config.json");
  fs.writeFileSync(configFile, JSON.stringify(config()));
  const guard = await startChild(path.join(__dirname, "..", "..", "bin", "mcp-guard"), ["--config", configFile, "--listen", "127.0.0.1:0"]);
  const floor = await startChild(path.join(__dirname, "guard-passthrough.js"), []);
  const { client: Client } = loadExtMcp();
  const guardClient = new Client(`127.0.0.1:${guard.port}`, grpc.credentials.createInsecure(), { "grpc.max_send_message_length": 16 * 1024 * 1024 });
  const floorClient = new Client(`127.0.0.1:${floor.port}`, grpc.credentials.createInsecure(), { "grpc.max_send_message_length": 16 * 1024 * 1024 });
  const rows: string[] = [];
  try {
    for (const scenario of SCENARIOS) {
      const base = await measure(floorClient, floor.child.pid as number, scenario);
      const guarded = await measure(guardClient, guard.child.pid as number, scenario);
      rows.push(
        `| ${scenario.label} | ${guarded.decision} | ${base.p50.toFixed(3)} / ${base.p99.toFixed(3)} | ${guarded.p50.toFixed(3)} / ${guarded.p99.toFixed(3)} | ${(guarded.p99 - base.p99).toFixed(3)} | ${guarded.cpuMsPerCall.toFixed(3)} | ${Math.round(base.perSecond)} | ${Math.round(guarded.perSecond)} |`,
      );
    }
    const rss = peakRssMiB(guard.child.pid as number);
    process.stdout.write(
      [
        `Guard benchmark: ${SEQUENTIAL} sequential calls per scenario after 200 warm-up calls; throughput with ${IN_FLIGHT} in flight over ${THROUGHPUT} calls. Node ${process.version}, ${os.cpus().length} cores (guard: one process).`,
        "",
        "| scenario | guard decision | floor p50 / p99 ms | guard p50 / p99 ms | added p99 ms | guard CPU ms/check | floor calls/s | guard checks/s |",
        "|---|---|---|---|---|---|---|---|",
        ...rows,
        "",
        `Guard peak RSS: ${rss.toFixed(1)} MiB`,
        "",
      ].join("\n"),
    );
  } finally {
    guardClient.close();
    floorClient.close();
    guard.child.kill("SIGTERM");
    floor.child.kill("SIGTERM");
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
