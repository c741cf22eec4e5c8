/**
 * LOG-01 evidence: the OpenTelemetry metrics the guard records per decision (names from GUARD_METRICS, attributes
 * names and rule IDs only), read with an in-memory reader; and `mode: report`, which lets everything through and
 * records what enforce mode would have done.
 */
import { MetricReader } from "@opentelemetry/sdk-metrics";
import { CHECKS } from "../../guard/src/checks";
import { GUARD_METRICS, GuardAuditRecord } from "../../guard/src/config/types";
import { streamAuditWriter } from "../../guard/src/evidence/audit";
import { GuardMetrics } from "../../guard/src/evidence/metrics";
import { Pipeline } from "../../guard/src/pipeline/pipeline";
import { ECHO_TOOL, approvedTool, guardConfig, serverConfig } from "./support/config";
import { decider, denial } from "./support/decide";

class TestReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

const join = (...parts: string[]) => parts.join("");
const SECRET = join("AKIA", "IOSFODNN7EXAMPLE");

test("each decision is counted by decision, denials by rule, masked items by rule, with bytes and duration; no values", async () => {
  const config = guardConfig({ demo: serverConfig([approvedTool(ECHO_TOOL)]) });
  const reader = new TestReader();
  const metrics = GuardMetrics.forConfig(config, [reader]);
  const pipeline = new Pipeline(config, CHECKS);
  const base = { servers: ["demo"], metadataContext: { tool: "echo" }, headers: [] };
  for (const message of [
    { ...base, phase: "request" as const, method: "tools/call", body: Buffer.from(JSON.stringify({ name: "echo", arguments: { message: "hi" } })) },
    { ...base, phase: "request" as const, method: "tools/call", body: Buffer.from(JSON.stringify({ name: "nope", arguments: {} })) },
    { ...base, phase: "response" as const, method: "tools/call", body: Buffer.from(JSON.stringify({ content: [{ type: "text", text: `k ${SECRET}` }] })) },
  ]) {
    metrics.record(await pipeline.decide(message));
  }
  const { resourceMetrics } = await reader.collect();
  const all = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
  const byName = (name: string) => all.find((metric) => metric.descriptor.name === name);
  const points = (name: string) => (byName(name)?.dataPoints ?? []).map((point) => ({ attributes: point.attributes, value: point.value }));
  expect(points(GUARD_METRICS.checks)).toEqual(
    expect.arrayContaining([
      { attributes: { server: "demo", tool: "echo", method: "tools/call", phase: "request", decision: "pass" }, value: 1 },
      { attributes: { server: "demo", tool: "nope", method: "tools/call", phase: "request", decision: "deny" }, value: 1 },
      { attributes: { server: "demo", tool: "echo", method: "tools/call", phase: "response", decision: "mutated" }, value: 1 },
    ]),
  );
  expect(points(GUARD_METRICS.denials)).toEqual([{ attributes: { server: "demo", tool: "nope", rule: "TS-01-unapproved-tool" }, value: 1 }]);
  expect(points(GUARD_METRICS.masked)).toEqual([{ attributes: { server: "demo", tool: "echo", rule: "DLP-01-aws-access-key" }, value: 1 }]);
  expect(byName(GUARD_METRICS.bytes)?.dataPoints.length).toBeGreaterThan(0);
  expect(byName(GUARD_METRICS.duration)?.descriptor.unit).toBe("ms");
  expect(JSON.stringify(resourceMetrics)).not.toContain(SECRET);
  expect(resourceMetrics.resource.attributes["service.name"]).toBe("mcp-guard");
  await metrics.shutdown();
});

test("report mode lets a denied call and a leaking result through unchanged, and records what it would have done", async () => {
  const guard = decider(guardConfig({ sandbox: serverConfig([approvedTool(ECHO_TOOL)], { mode: "report" }) }));
  const call = await guard.request("tools/call", { name: "unapproved", arguments: {} });
  expect(denial(call)).toBe("pass");
  expect(call.audit).toMatchObject({ decision: "report", rules: expect.arrayContaining(["TS-01-unapproved-tool"]) });
  const result = await guard.response("tools/call", { content: [{ type: "text", text: `k ${SECRET}` }] }, { tool: "echo" });
  expect(denial(result)).toBe("pass");
  expect(result.audit).toMatchObject({ decision: "report", rules: ["DLP-01-aws-access-key"], masked: 1 });
});

test("audit lines of one event-loop turn go out in one write, in order; flush writes held lines at once", async () => {
  const writes: string[] = [];
  const writer = streamAuditWriter({ write: (text: string) => writes.push(text) } as unknown as NodeJS.WritableStream);
  const record = (tool: string): GuardAuditRecord => ({ time: "2026-12-07T00:00:00.000Z", event: "mcp.guard.decision", environment: "test", server: "demo", method: "tools/call", tool, phase: "request", decision: "pass", rules: [], bytes: 1, masked: 0, durationMs: 0.1 });
  for (const tool of ["a", "b", "c"]) writer.write(record(tool));
  expect(writes).toEqual([]);
  await new Promise(setImmediate);
  expect(writes).toHaveLength(1);
  expect(writes[0].split("\n").filter(Boolean).map((line) => JSON.parse(line).tool)).toEqual(["a", "b", "c"]);
  writer.write(record("d"));
  writer.flush();
  expect(writes).toHaveLength(2);
  expect(JSON.parse(writes[1])).toMatchObject({ tool: "d" });
  await new Promise(setImmediate);
  expect(writes).toHaveLength(2);
});
