/**
 * `bin/mcp-guard` as operators run it (from the build, as CI runs after `npm run build`): help, a line containing
 * `listening` when it serves, exit 2 naming the field for an invalid config, and exit 0 after the SIGTERM drain (that
 * the drain lets calls in flight finish is shown in grpc.test.ts). Each of these runs in a process of its own; the
 * further cases of bad arguments and configs run the same `main` in process, since each guard process pays over a
 * second of module loading.
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { loadExtMcp } from "../../guard/src/grpc/server";
import { ECHO_TOOL, approvedTool, guardConfig, serverConfig } from "./support/config";
import { runGuardMain as refused } from "./support/run-main";

const BIN = path.join(__dirname, "..", "..", "bin", "mcp-guard");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "guard-cli-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function writeConfig(name: string, config: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(config));
  return file;
}

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000 });
}

test("run as a command, --help prints the start command, and its #! line starts Node.js with the guard's flags", () => {
  const probe = path.join(dir, "exec-argv.js");
  fs.writeFileSync(probe, "process.stderr.write(`execArgv ${JSON.stringify(process.execArgv)}\\n`);\n");
  const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`, NODE_OPTIONS: `--require ${probe}` };
  const result = spawnSync(BIN, ["--help"], { encoding: "utf8", timeout: 60_000, env });
  expect(result.status).toBe(0);
  expect(result.stdout).toContain("mcp-guard --config <file> [--config <file>...] --listen <host:port>");
  expect(JSON.parse(/^execArgv (.*)$/m.exec(result.stderr)?.[1] ?? "[]")).toEqual(expect.arrayContaining(["--v8-pool-size=1", "--max-semi-space-size=8", "--heap-growing-percent=50"]));
});

test("missing arguments and unknown options exit 2", async () => {
  expect((await refused([])).status).toBe(2);
  expect((await refused(["--config", "x.json", "--listen", "127.0.0.1:0", "--tls"])).status).toBe(2);
  expect((await refused(["--config", "x.json", "--listen", "nowhere"])).stderr).toContain("--listen must be host:port");
});

const unknownField = { ...guardConfig({ demo: serverConfig([approvedTool(ECHO_TOOL)]) }), debug: true };

test("an invalid config exits the process 2 naming the field", () => {
  const result = run(["--config", writeConfig("unknown-field.json", unknownField), "--listen", "127.0.0.1:0"]);
  expect(result.status).toBe(2);
  expect(result.stderr).toContain("debug: unknown field");
});

test.each([
  ["an unknown field", unknownField, "debug: unknown field"],
  ["a wrong pin", guardConfig({ demo: serverConfig([{ ...approvedTool(ECHO_TOOL), pin: `sha256:${"0".repeat(64)}` }]) }), "servers.demo.tools.echo.pin: does not match"],
  ["bad CEL", guardConfig({ demo: serverConfig([approvedTool(ECHO_TOOL, { constraints: [{ id: "c", expression: "args.message ==", message: "m" }] })]) }), "servers.demo.tools.echo.constraints[0].expression"],
  ["a missing limit", { ...guardConfig({ demo: serverConfig([]) }), limits: { maxDepth: 8 } }, "limits.maxRequestBytes: required field is missing"],
])("%s exits 2 naming the field", async (_name, config, field) => {
  const result = await refused(["--config", writeConfig("bad.json", config), "--listen", "127.0.0.1:0"]);
  expect(result.status).toBe(2);
  expect(result.stderr).toContain(field);
});

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const line = seen.split("\n").find((entry) => pattern.test(entry));
      if (line) resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`exited ${code} before ${pattern}: ${seen}`)));
  });
}

test("it serves, audits each decision on stdout, and exits 0 on SIGTERM", async () => {
  const child = spawn(process.execPath, [BIN, "--config", writeConfig("good.json", guardConfig({ demo: serverConfig([approvedTool(ECHO_TOOL)]) })), "--listen", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const line = await waitForLine(child, /listening/);
  const port = Number(/:(\d+) /.exec(line)?.[1]);
  const { client: Client } = loadExtMcp();
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as any;
  const call = () =>
    new Promise<any>((resolve, reject) =>
      client.CheckRequest({ service_names: ["demo"], method: "tools/call", mcp_request: Buffer.from(JSON.stringify({ name: "echo", arguments: { message: "hi" } })) }, (error: Error | null, result: unknown) => (error ? reject(error) : resolve(result))),
    );
  await expect(call()).resolves.toMatchObject({ result: "pass" });
  await expect(call()).resolves.toMatchObject({ result: "pass" });
  child.kill("SIGTERM");
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  client.close();
  expect(code).toBe(0);
  const records = stdout.trim().split("\n").map((entry) => JSON.parse(entry));
  expect(records).toHaveLength(2);
  expect(records[0]).toMatchObject({ event: "mcp.guard.decision", server: "demo", tool: "echo", decision: "pass" });
});

test("a SIGTERM right after a burst of concurrent calls loses no audit line", async () => {
  const child = spawn(process.execPath, [BIN, "--config", writeConfig("burst.json", guardConfig({ demo: serverConfig([approvedTool(ECHO_TOOL)]) })), "--listen", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const port = Number(/:(\d+) /.exec(await waitForLine(child, /listening/))?.[1]);
  const { client: Client } = loadExtMcp();
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as any;
  const call = (index: number) =>
    new Promise<any>((resolve, reject) =>
      client.CheckRequest({ service_names: ["demo"], method: "tools/call", mcp_request: Buffer.from(JSON.stringify({ name: "echo", arguments: { message: `hi ${index}` } })) }, (error: Error | null, result: unknown) => (error ? reject(error) : resolve(result))),
    );
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const answers = Array.from({ length: 40 }, (_, index) => call(index));
  await Promise.race(answers);
  child.kill("SIGTERM");
  const settled = await Promise.allSettled(answers);
  const code = await exited;
  client.close();
  expect(code).toBe(0);
  const answered = settled.filter((entry) => entry.status === "fulfilled").length;
  expect(answered).toBeGreaterThan(0);
  expect(stdout.trim().split("\n").map((entry) => JSON.parse(entry))).toHaveLength(answered);
});
