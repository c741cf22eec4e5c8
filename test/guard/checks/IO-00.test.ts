/** IO-00 / IO-04: request params against the MCP schema of the negotiated revision, closed at every depth. */
import { ECHO_TOOL, approvedTool, guardConfig, serverConfig } from "../support/config";
import { decider, denial } from "../support/decide";

const guard = decider(guardConfig({ demo: serverConfig([approvedTool(ECHO_TOOL)]) }));
const CALL = { name: "echo", arguments: { message: "hi" } };

test.each(["2025-06-18", "2025-11-25"])("valid tools/call params pass under %s", async (revision) => {
  expect(denial(await guard.request("tools/call", CALL, { "mcp-protocol-version": revision }))).toBe("pass");
  expect(denial(await guard.request("tools/call", { ...CALL, _meta: { progressToken: 7 } }, { "mcp-protocol-version": revision }))).toBe("pass");
});

test("2026-07-28 requires its request _meta (stateless revision)", async () => {
  const verdict = denial(await guard.request("tools/call", CALL, { "mcp-protocol-version": "2026-07-28" }));
  expect(verdict).toMatchObject({ code: "INVALID", rule: "IO-00-params" });
  expect(typeof verdict === "object" && verdict.reason).toContain("params._meta required field is missing");
});

test("an unknown top-level field is INVALID under IO-04 with its path", async () => {
  const verdict = denial(await guard.request("tools/call", { ...CALL, smuggled: "secret-value-123" }));
  expect(verdict).toMatchObject({ code: "INVALID", rule: "IO-04-unknown-field" });
  expect(typeof verdict === "object" && verdict.reason).toContain("params.smuggled unknown field");
  expect(JSON.stringify(verdict)).not.toContain("secret-value-123");
});

test("an unknown field nested in resources/read params is refused; _meta stays allowed", async () => {
  expect(denial(await guard.request("resources/read", { uri: "file:///a", _meta: { any: 1 } }))).toBe("pass");
  expect(denial(await guard.request("resources/read", { uri: "file:///a", extra: { deep: 1 } }))).toMatchObject({ rule: "IO-04-unknown-field" });
});

test("a wrong type is INVALID under IO-01 and never echoes the value", async () => {
  const verdict = denial(await guard.request("tools/call", { name: 42424242, arguments: {} }));
  expect(verdict).toMatchObject({ code: "INVALID", rule: "IO-01-type" });
  expect(JSON.stringify(verdict)).not.toContain("42424242");
});

test("a method the revision does not define is INVALID", async () => {
  expect(denial(await guard.request("tools/explode", {}))).toMatchObject({ code: "INVALID", rule: "IO-00-method" });
  expect(denial(await guard.request("tasks/list", {}, { "mcp-protocol-version": "2025-06-18" }))).toMatchObject({ rule: "IO-00-method" });
});

test("tools/list without params passes; with a bad cursor type it is refused", async () => {
  expect(denial(await guard.request("tools/list", undefined))).toBe("pass");
  expect(denial(await guard.request("tools/list", { cursor: 5 }))).toMatchObject({ rule: "IO-01-type" });
});
