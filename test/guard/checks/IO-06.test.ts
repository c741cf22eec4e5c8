/** IO-06: NFKC, invisible and bidi control characters removed from argument strings; the request is mutated. */
import { ToolDefinition } from "../../../guard/src/config/types";
import { approvedTool, guardConfig, serverConfig } from "../support/config";
import { decider, denial, mutatedValue } from "../support/decide";

const NOTE: ToolDefinition = { name: "note", inputSchema: { type: "object", properties: { text: { type: "string" }, tags: { type: "array", items: { type: "string" } } } } };
const guard = decider(guardConfig({ notes: serverConfig([approvedTool(NOTE)]) }));
const call = (args: Record<string, unknown>) => guard.request("tools/call", { name: "note", arguments: args });

test("plain ASCII arguments pass unchanged", async () => {
  expect(denial(await call({ text: "hello world", tags: ["a"] }))).toBe("pass");
});

test("fullwidth and ligature characters become NFKC; the rule is in the metadata and audit line", async () => {
  const decision = await call({ text: "ｒｍ －ｒｆ ﬁle" });
  expect(mutatedValue(decision).arguments.text).toBe("rm -rf file");
  expect(decision.audit).toMatchObject({ decision: "mutated", rules: ["IO-06-nfkc"] });
  expect(decision.metadata).toEqual({ guardDecision: "mutated", guardRules: ["IO-06-nfkc"] });
});

test("zero-width, tag characters (ASCII smuggling) and bidi overrides are removed at any depth", async () => {
  const smuggled = "ok" + String.fromCodePoint(0xe0069, 0xe0067, 0xe006e) + "\u200bdone";
  const decision = await call({ text: "abc\u202Etxt.exe", tags: [smuggled, "x\u0007y"] });
  const value = mutatedValue(decision);
  expect(value.arguments).toEqual({ text: "abctxt.exe", tags: ["okdone", "xy"] });
  expect(decision.audit.rules).toEqual(["IO-06-bidi-control", "IO-06-invisible"]);
});

test("normalization happens before validation: the normalized value is what IO-01 checks", async () => {
  const bounded: ToolDefinition = { name: "id", inputSchema: { type: "object", properties: { v: { type: "string", pattern: "^[a-z]+$" } } } };
  const strict = decider(guardConfig({ s: serverConfig([approvedTool(bounded)]) }));
  expect(mutatedValue(await strict.request("tools/call", { name: "id", arguments: { v: "ａｂｃ" } })).arguments.v).toBe("abc");
});
