/**
 * A guard loads the Redis client and the OTLP exporter only when its config names a store or an endpoint (each costs
 * megabytes of memory a guard without them does not need). Checked in a fresh process on the build, as the guard runs.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { ECHO_TOOL, approvedTool, guardConfig, serverConfig } from "./support/config";

const DIST = path.join(__dirname, "..", "..", "dist", "guard", "src");

/** Which optional packages a process has loaded after building the pipeline, metrics and token checks of `config`. */
function loaded(config: unknown): { redis: boolean; otlp: boolean } {
  const script = `
    const { Pipeline } = require(${JSON.stringify(path.join(DIST, "pipeline", "pipeline"))});
    const { CHECKS } = require(${JSON.stringify(path.join(DIST, "checks"))});
    const { GuardMetrics } = require(${JSON.stringify(path.join(DIST, "evidence", "metrics"))});
    const config = ${JSON.stringify(config)};
    const pipeline = new Pipeline(config, CHECKS);
    GuardMetrics.forConfig(pipeline.config).shutdown();
    const files = Object.keys(require.cache);
    process.stdout.write(JSON.stringify({ redis: files.some((file) => file.includes("/node_modules/ioredis/")), otlp: files.some((file) => file.includes("/exporter-metrics-otlp-http/")) }));
  `;
  const result = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 60_000 });
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout);
}

const servers = { docs: serverConfig([approvedTool(ECHO_TOOL)]) };

test("without a store or an endpoint neither is loaded; with an endpoint the exporter is", () => {
  expect(loaded(guardConfig(servers))).toEqual({ redis: false, otlp: false });
  expect(loaded(guardConfig(servers, { telemetry: { serviceName: "mcp-guard", otlpEndpoint: "http://127.0.0.1:4318" } }))).toEqual({ redis: false, otlp: true });
});
