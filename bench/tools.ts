/**
 * `npm run bench:tools` (#13 targets): CPU time of the poisoning detector and of the guard's tools/list check.
 * - `tools scan` of 1,000 tool definitions: the compiled CLI in a fresh process (start-up and model load included),
 *   user+system CPU time of the child, median of 5 runs; and the detector alone in process.
 * - the guard's `tools/list` check of 50 approved tools (TOOL-08 pin comparison and TS-01), in process through the
 *   real pipeline, against the same pipeline without checks (the floor): p50 and p99 over 2,000 decisions.
 * CPU time, medians and percentiles, because the machine is shared; the targets are in the printed table.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { CHECKS } from "../guard/src/checks";
import { ToolDefinition } from "../guard/src/config/types";
import { scanTool } from "../guard/src/detector";
import { toolPin } from "../guard/src/pin";
import { Pipeline } from "../guard/src/pipeline/pipeline";
import { benchGuardConfig } from "./guard-config";
import { median, percentile } from "./stats";

const ROOT = join(__dirname, "..", "..");
const REFERENCE = join(ROOT, "guard", "model", "data", "reference");

function referenceTools(): ToolDefinition[] {
  return readdirSync(REFERENCE)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .flatMap((file) => (JSON.parse(readFileSync(join(REFERENCE, file), "utf8")) as { tools: ToolDefinition[] }).tools);
}

function definitions(count: number): ToolDefinition[] {
  const base = referenceTools();
  return Array.from({ length: count }, (_, index) => ({ ...base[index % base.length], name: `${base[index % base.length].name}_${index}` }));
}

function cliScan(file: string): number[] {
  const cli = join(ROOT, "dist", "bin", "cli.js");
  const script = `const s=process.cpuUsage();const code=require(${JSON.stringify(cli)}).main(["tools","scan",${JSON.stringify(file)},"--format","json"]);Promise.resolve(code).then(()=>{const u=process.cpuUsage(s);process.stderr.write("CPU "+((u.user+u.system)/1000)+"\\n")})`;
  return Array.from({ length: 5 }, () => {
    const result = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    return Number(/CPU ([\d.]+)/.exec(result.stderr)?.[1] ?? NaN);
  });
}

async function guardList(): Promise<{ floor: number[]; checked: number[] }> {
  const tools = definitions(50);
  const config = benchGuardConfig({
    bench: {
      mode: "enforce",
      dlp: { mode: "mask", maxResultBytes: 1048576 },
      tools: Object.fromEntries(tools.map((definition) => [definition.name, { definition, pin: toolPin(definition), scopes: [], constraints: [], sinks: {}, overrides: [] }])),
    },
  });
  const body = Buffer.from(JSON.stringify({ tools }));
  const message = { phase: "response" as const, method: "tools/list", servers: ["bench"], metadataContext: {}, headers: [], body };
  const time = async (pipeline: Pipeline) => {
    const samples: number[] = [];
    for (let i = 0; i < 2200; i++) {
      const started = performance.now();
      await pipeline.decide(message);
      if (i >= 200) samples.push(performance.now() - started);
    }
    return samples.sort((a, b) => a - b);
  };
  const floor = await time(new Pipeline(config, []));
  const checked = await time(new Pipeline(config, CHECKS));
  return { floor, checked };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "bench-tools-"));
  const file = join(dir, "tools-1000.json");
  const thousand = definitions(1000);
  writeFileSync(file, JSON.stringify({ tools: thousand }));
  const inProcess = Array.from({ length: 5 }, () => {
    const started = process.cpuUsage();
    for (const definition of thousand) scanTool(definition);
    const used = process.cpuUsage(started);
    return (used.user + used.system) / 1000;
  });
  const cli = cliScan(file);
  const { floor, checked } = await guardList();
  const rows = [
    ["tools scan, 1,000 definitions, CLI process (CPU ms, median of 5)", median(cli).toFixed(0), "< 2000"],
    ["detector alone, 1,000 definitions (CPU ms, median of 5)", median(inProcess).toFixed(0), "-"],
    ["detector per definition (CPU µs, median)", ((median(inProcess) / 1000) * 1000).toFixed(0), "< 1000"],
    ["guard tools/list of 50 tools, floor p50 / p99 (ms)", `${percentile(floor, 50).toFixed(3)} / ${percentile(floor, 99).toFixed(3)}`, "-"],
    ["guard tools/list of 50 tools, with checks p50 / p99 (ms)", `${percentile(checked, 50).toFixed(3)} / ${percentile(checked, 99).toFixed(3)}`, "-"],
    ["added by the checks at p99 (ms)", (percentile(checked, 99) - percentile(floor, 99)).toFixed(3), "≤ 2"],
  ];
  process.stdout.write(["| measurement | value | target |", "|---|---|---|", ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n") + "\n");
}

void main();
