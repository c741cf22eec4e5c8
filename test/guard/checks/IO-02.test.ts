/** IO-02 / IO-03: size, string, array, object and depth limits where a schema is silent, at every depth. */
import { ToolDefinition } from "../../../guard/src/config/types";
import { approvedTool, guardConfig, serverConfig } from "../support/config";
import { decider, denial } from "../support/decide";

const OPEN: ToolDefinition = { name: "store", inputSchema: { type: "object", properties: { data: {} } } };
const limits = { maxRequestBytes: 4096, maxStringLength: 100, maxArrayItems: 5, maxObjectProperties: 4, maxDepth: 6 };
const guard = decider(guardConfig({ kv: serverConfig([approvedTool(OPEN)]) }, { limits }));
const store = (data: unknown) => guard.request("tools/call", { name: "store", arguments: { data } });

test("data within every limit passes", async () => {
  expect(denial(await store({ a: ["x", "y"], b: { c: "z".repeat(100) } }))).toBe("pass");
});

test.each([
  ["a long string at depth", { a: { b: "z".repeat(101) } }, "IO-02-string-length", "params.arguments.data.a.b"],
  ["too many array items", [1, 2, 3, 4, 5, 6], "IO-02-array-items", "params.arguments.data"],
  ["too many properties", { a: 1, b: 2, c: 3, d: 4, e: 5 }, "IO-02-object-properties", "params.arguments.data"],
  ["deep nesting (IO-03)", [[[[[[[1]]]]]]], "IO-03-depth", "params.arguments.data[0][0][0]"],
])("%s is INVALID with its path", async (_name, data, rule, path) => {
  const verdict = denial(await store(data));
  expect(verdict).toMatchObject({ code: "INVALID", rule });
  expect(typeof verdict === "object" && verdict.reason).toContain(path);
});

test("params larger than maxRequestBytes are INVALID", async () => {
  expect(denial(await store(Array.from({ length: 5 }, () => "y".repeat(99)).join("") + "x".repeat(4000)))).toMatchObject({ rule: "IO-02-request-size" });
});

test("hostile depth far beyond the limit is refused without overflowing the stack", async () => {
  const deep = `${"[".repeat(50_000)}1${"]".repeat(50_000)}`;
  const wide = decider(guardConfig({ kv: serverConfig([approvedTool(OPEN)]) }, { limits: { ...limits, maxRequestBytes: 1 << 20 } }));
  expect(denial(await wide.requestRaw("tools/call", `{"name":"store","arguments":{"data":${deep}}}`))).toMatchObject({ rule: "IO-03-depth" });
});
