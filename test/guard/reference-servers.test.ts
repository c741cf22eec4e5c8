/**
 * The guard on real MCP traffic: the official SDK client drives the reference servers from npm
 * (`@modelcontextprotocol/server-filesystem`, `@modelcontextprotocol/server-everything`) over stdio; every request
 * params and result the SDK exchanges goes through the guard over real gRPC on loopback with the real proto, as
 * agentgateway would send it. Approved definitions are captured from the servers' own tools/list and pinned.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { approveListed, McpPeer, startPeer } from "./support/mcp-peers";
import { guardConfig, serverConfig } from "./support/config";
import { RunningGuard, startGuard } from "./support/grpc";

const join = (...parts: string[]) => parts.join("");
const AWS_KEY = join("AKIA", "IOSFODNN7EXAMPLE");
const RRN = "900101-1234568";
const CARD = "5555 5555 5555 4444";

let dir: string;
let filesystem: McpPeer;
let everything: McpPeer;
let guard: RunningGuard;
let fsTools: any[];
let everythingTools: any[];
let fsHeaders: Record<string, string>;
let everythingHeaders: Record<string, string>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "guard-ref-"));
  fs.writeFileSync(path.join(dir, "notes.txt"), "Quarterly plan: ship the guard.\n");
  fs.writeFileSync(path.join(dir, "leak.txt"), `aws_access_key_id=${AWS_KEY}\n주민등록번호: ${RRN}\ncard: ${CARD}\n`);
  [filesystem, everything] = await Promise.all([
    startPeer(require.resolve("@modelcontextprotocol/server-filesystem/dist/index.js"), [dir]),
    startPeer(require.resolve("@modelcontextprotocol/server-everything/dist/index.js"), ["stdio"]),
  ]);
  fsTools = ((await filesystem.exchange("tools/list", () => filesystem.client.listTools())).result as any).tools;
  everythingTools = ((await everything.exchange("tools/list", () => everything.client.listTools())).result as any).tools;
  fsHeaders = { "mcp-protocol-version": filesystem.protocolVersion };
  everythingHeaders = { "mcp-protocol-version": everything.protocolVersion };
  guard = await startGuard(guardConfig({ filesystem: serverConfig(approveListed(fsTools)), everything: serverConfig(approveListed(everythingTools)) }));
}, 60_000);

afterAll(async () => {
  await Promise.all([filesystem?.close(), everything?.close(), guard?.stop()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The guard's decision on the SDK's request, the server's answer when the guard lets it through, and the guard's decision on that answer. */
async function guarded(peer: McpPeer, server: string, headers: Record<string, string>, name: string, args: Record<string, unknown>) {
  const params = { name, arguments: args };
  const request = await guard.request("tools/call", params, { servers: [server], headers });
  if (request.kind === "error") return { request };
  const sentArgs = request.kind === "mutated" ? request.value.arguments : args;
  const exchange = await peer.exchange("tools/call", () => peer.client.callTool({ name, arguments: sentArgs }));
  expect(exchange.params).toEqual(expect.objectContaining({ name, arguments: sentArgs }));
  const response = await guard.response("tools/call", exchange.result, { servers: [server], metadata: { tool: name, protocolVersion: headers["mcp-protocol-version"] } });
  return { request, exchange, response };
}

test("the servers negotiated a revision the guard accepts", () => {
  expect(["2025-06-18", "2025-11-25", "2026-07-28"]).toContain(filesystem.protocolVersion);
  expect(["2025-06-18", "2025-11-25", "2026-07-28"]).toContain(everything.protocolVersion);
});

test("both servers' real tools/list results pass when every tool is approved", async () => {
  expect(fsTools.length).toBeGreaterThan(5);
  expect(everythingTools.length).toBeGreaterThan(5);
  await expect(guard.response("tools/list", { tools: fsTools }, { servers: ["filesystem"] })).resolves.toEqual({ kind: "pass" });
  await expect(guard.response("tools/list", { tools: everythingTools }, { servers: ["everything"] })).resolves.toEqual({ kind: "pass" });
});

test("a tools/list that gains a tool the guard never approved comes back without it", async () => {
  const injected = { ...fsTools[0], name: "exfiltrate_everything" };
  const answer = await guard.response("tools/list", { tools: [...fsTools, injected] }, { servers: ["filesystem"] });
  expect(answer.kind).toBe("mutated");
  expect(answer.kind === "mutated" && answer.value.tools.map((tool: any) => tool.name)).toEqual(fsTools.map((tool) => tool.name));
});

test("a real filesystem read of a clean file passes both ways", async () => {
  const tool = fsTools.some((entry) => entry.name === "read_text_file") ? "read_text_file" : "read_file";
  const { request, response, exchange } = await guarded(filesystem, "filesystem", fsHeaders, tool, { path: path.join(dir, "notes.txt") });
  expect(request).toEqual({ kind: "pass" });
  expect(response).toEqual({ kind: "pass" });
  expect(JSON.stringify(exchange?.result)).toContain("Quarterly plan");
});

test("a real filesystem read of a file seeded with an AWS key, an RRN and a card number comes back masked", async () => {
  const tool = fsTools.some((entry) => entry.name === "read_text_file") ? "read_text_file" : "read_file";
  const { response, exchange } = await guarded(filesystem, "filesystem", fsHeaders, tool, { path: path.join(dir, "leak.txt") });
  expect(JSON.stringify(exchange?.result)).toContain(AWS_KEY);
  expect(response?.kind).toBe("mutated");
  const masked = JSON.stringify(response?.kind === "mutated" && response.value);
  for (const secret of [AWS_KEY, RRN, CARD]) expect(masked).not.toContain(secret);
  expect(masked).toContain("[REDACTED:DLP-01-aws-access-key]");
  expect(masked).toContain("[REDACTED:DLP-02-kr-rrn]");
  expect(masked).toContain("[REDACTED:DLP-02-payment-card]");
  const records = guard.audit.filter((record) => record.tool === tool && record.phase === "response" && record.decision === "mutated");
  expect(records.at(-1)?.rules).toEqual(["DLP-01-aws-access-key", "DLP-02-kr-rrn", "DLP-02-payment-card"]);
  expect(records.at(-1)?.masked).toBeGreaterThanOrEqual(3);
  expect(JSON.stringify(guard.audit)).not.toContain(AWS_KEY);
});

test("the everything server's echo passes both ways", async () => {
  const { request, response, exchange } = await guarded(everything, "everything", everythingHeaders, "echo", { message: "hello guard" });
  expect(request).toEqual({ kind: "pass" });
  expect(response).toEqual({ kind: "pass" });
  expect(JSON.stringify(exchange?.result)).toContain("hello guard");
});

test("changed calls are refused before they reach the server", async () => {
  const tool = fsTools.some((entry) => entry.name === "read_text_file") ? "read_text_file" : "read_file";
  const unknownField = await guarded(filesystem, "filesystem", fsHeaders, tool, { path: path.join(dir, "notes.txt"), mode: "raw" });
  expect(unknownField.request).toMatchObject({ kind: "error", code: "INVALID", reason: expect.stringContaining("arguments.mode unknown field") });
  const traversal = await guarded(filesystem, "filesystem", fsHeaders, tool, { path: `${dir}/../../etc/passwd` });
  expect(traversal.request).toMatchObject({ kind: "error", code: "PERMISSION_DENIED", reason: expect.stringContaining("GW-02-path-traversal") });
  const wrongType = await guarded(everything, "everything", everythingHeaders, "echo", { message: 42 });
  expect(wrongType.request).toMatchObject({ kind: "error", code: "INVALID", reason: expect.stringContaining("IO-01") });
  const unapproved = await guarded(everything, "everything", everythingHeaders, "not_a_tool", {});
  expect(unapproved.request).toMatchObject({ kind: "error", code: "PERMISSION_DENIED" });
});

test("the SDK's own tools/list request params pass", async () => {
  const exchange = await filesystem.exchange("tools/list", () => filesystem.client.listTools());
  await expect(guard.request("tools/list", exchange.params, { servers: ["filesystem"], headers: fsHeaders })).resolves.toMatchObject({ kind: "pass" });
});
