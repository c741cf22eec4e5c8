/**
 * The ExtMcp edge over real gRPC on loopback with the real proto: pass, error codes, fail-closed on what the guard
 * cannot check, the health service, and the audit line.
 */
import * as grpc from "@grpc/grpc-js";
import * as healthProto from "grpc-health-check";
import { ECHO_TOOL, approvedTool, guardConfig, serverConfig } from "./support/config";
import { RunningGuard, startGuard } from "./support/grpc";
import { Check, PASS } from "../../guard/src/pipeline/check";

let guard: RunningGuard;
beforeAll(async () => {
  guard = await startGuard(guardConfig({ demo: serverConfig([approvedTool(ECHO_TOOL)]) }));
});
afterAll(() => guard.stop());

const CALL = { name: "echo", arguments: { message: "hello" } };

test("an approved tools/call passes, with one audit line naming the decision and no value", async () => {
  const before = guard.audit.length;
  await expect(guard.request("tools/call", CALL)).resolves.toEqual({ kind: "pass" });
  const record = guard.audit[before];
  expect(record).toMatchObject({ event: "mcp.guard.decision", environment: "test", server: "demo", method: "tools/call", tool: "echo", phase: "request", decision: "pass", rules: [], masked: 0 });
  expect(record.bytes).toBe(Buffer.byteLength(JSON.stringify(CALL)));
  expect(JSON.stringify(record)).not.toContain("hello");
});

test("a tools/call for an unapproved tool is PERMISSION_DENIED (TS-01)", async () => {
  const answer = await guard.request("tools/call", { name: "rm_rf", arguments: {} });
  expect(answer).toMatchObject({ kind: "error", code: "PERMISSION_DENIED" });
  expect(answer.kind === "error" && answer.reason).toContain("TS-01-unapproved-tool");
});

test("a call for a server the guard does not know is refused", async () => {
  await expect(guard.request("tools/call", CALL, { servers: ["elsewhere"] })).resolves.toMatchObject({ kind: "error", code: "PERMISSION_DENIED" });
});

test("params that are not JSON, or not UTF-8, are INVALID; a malformed result is refused", async () => {
  await expect(guard.requestRaw("tools/call", Buffer.from("{not json"))).resolves.toMatchObject({ kind: "error", code: "INVALID" });
  await expect(guard.requestRaw("tools/call", Buffer.from([0x7b, 0xff, 0x7d]))).resolves.toMatchObject({ kind: "error", code: "INVALID" });
  await expect(guard.responseRaw("tools/call", Buffer.from("]"))).resolves.toMatchObject({ kind: "error", code: "UNKNOWN" });
});

test("an unsupported MCP-Protocol-Version is INVALID; a supported one is accepted", async () => {
  await expect(guard.request("tools/call", CALL, { headers: { "MCP-Protocol-Version": "2024-11-05" } })).resolves.toMatchObject({ kind: "error", code: "INVALID" });
  await expect(guard.request("tools/call", CALL, { headers: { "mcp-protocol-version": "2025-11-25" } })).resolves.toMatchObject({ kind: "pass" });
});

test("tools/list shows only approved tools (TS-01)", async () => {
  const answer = await guard.response("tools/list", { tools: [ECHO_TOOL, { name: "shadow", inputSchema: { type: "object" } }] });
  expect(answer).toMatchObject({ kind: "mutated" });
  expect(answer.kind === "mutated" && answer.value.tools.map((tool: { name: string }) => tool.name)).toEqual(["echo"]);
});

test("the health service answers SERVING for the server and for ExtMcp", async () => {
  const definition = require("@grpc/proto-loader").loadSync(healthProto.protoPath, { keepCase: true, enums: String });
  const Health = (grpc.loadPackageDefinition(definition) as any).grpc.health.v1.Health;
  const client = new Health(`127.0.0.1:${guard.port}`, grpc.credentials.createInsecure());
  for (const service of ["", "agentgateway.dev.ext_mcp.ExtMcp"]) {
    const status = await new Promise<unknown>((resolve, reject) => client.check({ service }, (error: Error | null, response: { status?: string }) => (error ? reject(error) : resolve(response?.status))));
    expect(status).toBe("SERVING");
  }
  client.close();
});

test("drain: health turns NOT_SERVING, a call in flight finishes, new calls are refused", async () => {
  let release: () => void = () => undefined;
  const slow: Check = {
    id: "TEST-slow",
    control: "TEST",
    description: "waits until released",
    phase: "request",
    methods: ["tools/call"],
    compile: () => () => new Promise((resolve) => (release = () => resolve(PASS))),
  };
  const draining = await startGuard(guardConfig({ demo: serverConfig([approvedTool(ECHO_TOOL)]) }), [slow]);
  const inFlight = draining.request("tools/call", CALL);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const drained = draining.server.drain();
  await new Promise((resolve) => setTimeout(resolve, 100));
  await expect(draining.request("tools/call", CALL)).rejects.toThrow();
  release();
  await expect(inFlight).resolves.toEqual({ kind: "pass" });
  await drained;
  await draining.stop();
});
