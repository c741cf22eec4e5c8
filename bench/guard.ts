/**
 * `npm run bench:guard [-- --calls N --throughput-calls N --in-flight N]`: the guard's cost on one core, three ways,
 * each against a floor measured in the same run:
 * - over real gRPC on loopback: the guard as its real start command `bin/mcp-guard`, run as a command as operators run
 *   it (one Node.js process, with the flags of its `#!` line, which guard/Dockerfile's ENTRYPOINT repeats) against a
 *   pass-through ExtMcp processor (`guard-passthrough.js`, same proto and gRPC stack): p50/p99 wall time of
 *   sequential calls, and throughput with N calls in flight. "On one core" is literal: each server process is pinned
 *   to the machine's last CPU (`taskset`, util-linux) and this client to the others, so checks/s is what one core
 *   serves;
 * - CPU per call of each server process (user + system from /proc), sequential and under the throughput load: the
 *   steadier figure on a shared machine;
 * - the pipeline in this process (`Pipeline.decide` with every registered check, no gRPC): p50/p99 and CPU per call
 *   (`process.cpuUsage`), which is what the guard adds to the floor's framing.
 * RSS of the guard process once listening and its peak after all of it (VmHWM); `--guard-node-options` runs the guard
 * with Node.js flags (heap tuning) to compare. Scenarios: a tools/call request with 1 KB of arguments, a
 * tools/list result of 50 tools, a tools/call result of 64 KB of text. Targets (issue #12, one core): added p99
 * ≤ 1 ms (request), ≤ 5 ms (64 KB result); ≥ 2,000 checks/s; RSS ≤ 150 MiB.
 */
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { parseArgs } from "util";
import * as grpc from "@grpc/grpc-js";
import { CHECKS } from "../guard/src/checks";
import { GuardConfig, ToolDefinition } from "../guard/src/config/types";
import { loadExtMcp } from "../guard/src/grpc/server";
import { GuardMessage, Pipeline } from "../guard/src/pipeline/pipeline";
import { toolPin } from "../guard/src/pin";
import { benchGuardConfig } from "./guard-config";
import { tokenCheckTable } from "./guard-auth";
import { percentile } from "./stats";

const USAGE = 'Usage: npm run bench:guard -- [--calls N] [--throughput-calls N] [--in-flight N] [--in-process-only] [--guard-node-options="<node flags>"]';
const WARMUP = 200;

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
  return benchGuardConfig({
    bench: {
      mode: "enforce",
      dlp: { mode: "mask", maxResultBytes: 1024 * 1024 },
      tools: Object.fromEntries(TOOLS.map((definition) => [definition.name, { definition, pin: toolPin(definition), scopes: [], constraints: [{ id: "limit-small", expression: "!has(args.limit) || args.limit <= 500", message: "limit at most 500" }], sinks: {}, overrides: [] }])),
    },
  });
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
  /** The target on added p99, milliseconds. */
  readonly addedP99Target?: number;
  readonly rpc: "CheckRequest" | "CheckResponse";
  /** The gRPC message. */
  readonly wire: unknown;
  /** The same message as the pipeline sees it. */
  readonly message: GuardMessage;
}

function scenario(label: string, addedP99Target: number | undefined, phase: "request" | "response", method: string, body: unknown, tool?: string): Scenario {
  const bytes = Buffer.from(JSON.stringify(body));
  const wire = {
    service_names: ["bench"],
    method,
    ...(phase === "request" ? { mcp_request: bytes } : { mcp_response: bytes }),
    ...(tool === undefined ? {} : { metadata_context: { fields: { tool: { stringValue: tool } } } }),
  };
  return {
    label,
    addedP99Target,
    rpc: phase === "request" ? "CheckRequest" : "CheckResponse",
    wire,
    message: { phase, method, servers: ["bench"], metadataContext: tool === undefined ? {} : { tool }, headers: [], body: bytes },
  };
}

const SCENARIOS: readonly Scenario[] = [
  scenario("tools/call request, 1 KB arguments", 1, "request", "tools/call", REQUEST),
  scenario("tools/list result, 50 tools", undefined, "response", "tools/list", LIST_RESULT),
  scenario("tools/call result, 64 KB text", 5, "response", "tools/call", TEXT_RESULT, "tool_7"),
];

/** The CPU the server processes run on (the last), and the others, for this client; undefined on a single-CPU machine. */
function cpuSplit(): { readonly server: string; readonly client: string } | undefined {
  const count = os.availableParallelism();
  return count < 2 ? undefined : { server: String(count - 1), client: count === 2 ? "0" : `0-${count - 2}` };
}

/**
 * Starts a server process, pinned to one CPU when the machine has two or more: a script run by this Node.js, or
 * (`executable`) a start command run as operators run it, its `#!` line with the Node.js flags it starts with; this
 * Node.js comes first on its PATH, so `env node` finds the same one.
 */
async function startChild(script: string, args: readonly string[], options: { readonly executable?: boolean; readonly nodeOptions?: string } = {}): Promise<{ child: ChildProcess; port: number }> {
  const nodeOptions = options.nodeOptions ?? "";
  const env = {
    ...process.env,
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
    ...(nodeOptions === "" ? {} : { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} ${nodeOptions}`.trim() }),
  };
  const split = cpuSplit();
  const run = options.executable ? [script, ...args] : [process.execPath, script, ...args];
  const command = split === undefined ? run : ["taskset", "--cpu-list", split.server, ...run];
  const child = spawn(command[0], command.slice(1), { stdio: ["ignore", "ignore", "pipe"], env });
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

/** utime + stime of a process, milliseconds (clock ticks of 10 ms: summed over many calls). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** A memory figure of a process from /proc (`VmRSS`: now, `VmHWM`: peak), MiB. */
function memoryMiB(pid: number, field: "VmRSS" | "VmHWM"): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((entry) => entry.startsWith(`${field}:`)) ?? `${field}: 0 kB`;
  return Number(line.split(/\s+/)[1]) / 1024;
}

interface Options {
  readonly calls: number;
  readonly throughputCalls: number;
  readonly inFlight: number;
  readonly inProcessOnly: boolean;
  /** Node.js flags of the guard process only (heap tuning, e.g. `--max-semi-space-size=2`). */
  readonly guardNodeOptions: string;
}

interface Measurement {
  readonly p50: number;
  readonly p99: number;
  readonly perSecond: number;
  readonly cpuMsPerCall: number;
  /** CPU per call of the server process while the throughput calls run (its one core's cost per check under load). */
  readonly loadCpuMsPerCall: number;
  readonly decision: string;
}

async function measureGrpc(client: any, pid: number, entry: Scenario, options: Options): Promise<Measurement> {
  const call = () =>
    new Promise<string>((resolve, reject) => client[entry.rpc](entry.wire, (error: Error | null, result: { result: string }) => (error ? reject(error) : resolve(result.result))));
  let decision = "";
  for (let index = 0; index < WARMUP; index++) decision = await call();
  const latencies: number[] = [];
  const cpuBefore = cpuMs(pid);
  for (let index = 0; index < options.calls; index++) {
    const started = process.hrtime.bigint();
    await call();
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const cpuMsPerCall = (cpuMs(pid) - cpuBefore) / options.calls;
  latencies.sort((a, b) => a - b);
  const loadCpuBefore = cpuMs(pid);
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: options.inFlight }, async () => {
      while (next++ < options.throughputCalls) await call();
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const loadCpuMsPerCall = (cpuMs(pid) - loadCpuBefore) / options.throughputCalls;
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), perSecond: options.throughputCalls / seconds, cpuMsPerCall, loadCpuMsPerCall, decision };
}

/** The pipeline alone, in this process: wall p50/p99 and CPU per decision. */
async function measureInProcess(pipeline: Pipeline, entry: Scenario, options: Options): Promise<Omit<Measurement, "perSecond" | "loadCpuMsPerCall">> {
  let decision = "";
  for (let index = 0; index < WARMUP; index++) decision = (await pipeline.decide(entry.message)).audit.decision;
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let index = 0; index < options.calls; index++) {
    const started = performance.now();
    await pipeline.decide(entry.message);
    latencies.push(performance.now() - started);
  }
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpuMsPerCall: (cpu.user + cpu.system) / 1000 / options.calls, decision };
}

function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      calls: { type: "string", default: "2000" },
      "throughput-calls": { type: "string", default: "4000" },
      "in-flight": { type: "string", default: "16" },
      "in-process-only": { type: "boolean", default: false },
      "guard-node-options": { type: "string", default: "" },
    },
    strict: true,
  });
  const count = (flag: string, text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${flag} must be a positive whole number, got ${JSON.stringify(text)}\n${USAGE}`);
    return value;
  };
  return {
    calls: count("calls", values.calls),
    throughputCalls: count("throughput-calls", values["throughput-calls"]),
    inFlight: count("in-flight", values["in-flight"]),
    inProcessOnly: values["in-process-only"],
    guardNodeOptions: values["guard-node-options"],
  };
}

const ms = (value: number): string => value.toFixed(3);
const verdict = (met: boolean): string => (met ? "met" : "MISSED");

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const guardConfig = config();
  const pipeline = new Pipeline(guardConfig, CHECKS);
  const inProcess: Omit<Measurement, "perSecond" | "loadCpuMsPerCall">[] = [];
  for (const entry of SCENARIOS) inProcess.push(await measureInProcess(pipeline, entry, options));
  const header = `Guard benchmark, ${new Date().toISOString()}: Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}; ${options.calls} sequential calls per scenario after ${WARMUP} warm-up calls.`;
  const pipelineTable = [
    "In process (Pipeline.decide with every check; what the guard adds to the gRPC framing):",
    "",
    "| scenario | decision | p50 ms | p99 ms | CPU ms per call |",
    "|---|---|---|---|---|",
    ...SCENARIOS.map((entry, index) => `| ${entry.label} | ${inProcess[index].decision} | ${ms(inProcess[index].p50)} | ${ms(inProcess[index].p99)} | ${ms(inProcess[index].cpuMsPerCall)} |`),
  ];
  pipelineTable.push("", await tokenCheckTable());
  if (options.inProcessOnly) {
    process.stdout.write([header, "", ...pipelineTable, ""].join("\n"));
    return;
  }

  const split = cpuSplit();
  if (split !== undefined) execFileSync("taskset", ["--cpu-list", "--pid", split.client, String(process.pid)], { stdio: "ignore" });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bench-guard-"));
  const configFile = path.join(scratch, "guard-config.json");
  fs.writeFileSync(configFile, JSON.stringify(guardConfig));
  const guard = await startChild(path.join(__dirname, "..", "..", "bin", "mcp-guard"), ["--config", configFile, "--listen", "127.0.0.1:0"], { executable: true, nodeOptions: options.guardNodeOptions });
  const startedRss = memoryMiB(guard.child.pid as number, "VmRSS");
  const floor = await startChild(path.join(__dirname, "guard-passthrough.js"), []);
  const { client: Client } = loadExtMcp();
  const channel = { "grpc.max_send_message_length": 16 * 1024 * 1024 };
  const guardClient = new Client(`127.0.0.1:${guard.port}`, grpc.credentials.createInsecure(), channel);
  const floorClient = new Client(`127.0.0.1:${floor.port}`, grpc.credentials.createInsecure(), channel);
  try {
    const rows: string[] = [];
    const targets: string[] = [];
    const throughput: { label: string; perSecond: number; loadCpuMsPerCall: number; floorPerSecond: number }[] = [];
    for (const [index, entry] of SCENARIOS.entries()) {
      const base = await measureGrpc(floorClient, floor.child.pid as number, entry, options);
      const guarded = await measureGrpc(guardClient, guard.child.pid as number, entry, options);
      const added = guarded.p99 - base.p99;
      throughput.push({ label: entry.label, perSecond: guarded.perSecond, loadCpuMsPerCall: guarded.loadCpuMsPerCall, floorPerSecond: base.perSecond });
      rows.push(
        `| ${entry.label} | ${guarded.decision} | ${ms(base.p50)} / ${ms(base.p99)} | ${ms(guarded.p50)} / ${ms(guarded.p99)} | ${ms(added)} | ${ms(base.cpuMsPerCall)} / ${ms(guarded.cpuMsPerCall)} | ${ms(guarded.cpuMsPerCall - base.cpuMsPerCall)} | ${Math.round(base.perSecond)} | ${Math.round(guarded.perSecond)} |`,
      );
      if (entry.addedP99Target !== undefined) {
        const addedCpu = guarded.cpuMsPerCall - base.cpuMsPerCall;
        targets.push(
          `| added p99, ${entry.label} | ≤ ${entry.addedP99Target} ms | ${ms(added)} ms | ${verdict(added <= entry.addedP99Target)} | added CPU ${ms(addedCpu)} ms per call; pipeline p50 ${ms(inProcess[index].p50)} ms | ${verdict(addedCpu <= entry.addedP99Target)} |`,
        );
      }
    }
    const rss = memoryMiB(guard.child.pid as number, "VmHWM");
    for (const { label, perSecond, loadCpuMsPerCall, floorPerSecond } of throughput) {
      const capacity = 1000 / loadCpuMsPerCall;
      targets.push(
        `| checks/s, ${label} | ≥ 2000 | ${Math.round(perSecond)} with ${options.inFlight} in flight${split === undefined ? "" : " on one core"} (floor ${Math.round(floorPerSecond)}) | ${verdict(perSecond >= 2000)} | ${ms(loadCpuMsPerCall)} ms guard CPU per check under load: ${Math.round(capacity)} per core-second | ${verdict(capacity >= 2000)} |`,
      );
    }
    targets.push(`| guard peak RSS | ≤ 150 MiB | ${rss.toFixed(1)} MiB | ${verdict(rss <= 150)} | ${startedRss.toFixed(1)} MiB once listening | – |`);
    process.stdout.write(
      [
        header,
        "",
        `Over gRPC on loopback (guard: bin/mcp-guard, one process${options.guardNodeOptions === "" ? "" : ` with ${options.guardNodeOptions}`}; floor: pass-through processor; ${split === undefined ? "one CPU: servers and client share it" : `each server pinned to CPU ${split.server}, this client to CPU ${split.client}`}; throughput over ${options.throughputCalls} calls with ${options.inFlight} in flight):`,
        "",
        "| scenario | guard decision | floor p50 / p99 ms | guard p50 / p99 ms | added p99 ms | floor / guard CPU ms per call | added CPU ms per call | floor calls/s | guard checks/s |",
        "|---|---|---|---|---|---|---|---|---|",
        ...rows,
        "",
        ...pipelineTable,
        "",
        "Targets (issue #12, one core). Wall-clock figures need a quiet machine; the steady figures are CPU and in-process:",
        "",
        "| target | bound | over gRPC, wall clock | | steady figure (CPU) | |",
        "|---|---|---|---|---|---|",
        ...targets,
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
  process.stderr.write(`bench:guard: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
