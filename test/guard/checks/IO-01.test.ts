/** IO-01 (with IO-02 bounds and IO-04 unknown fields): tools/call arguments against the approved inputSchema. */
import { ToolDefinition } from "../../../guard/src/config/types";
import { Pipeline } from "../../../guard/src/pipeline/pipeline";
import { CHECKS } from "../../../guard/src/checks";
import { approvedTool, guardConfig, serverConfig } from "../support/config";
import { decider, denial } from "../support/decide";

const ISSUE: ToolDefinition = {
  name: "create_issue",
  inputSchema: {
    type: "object",
    properties: {
      repo: { type: "string", pattern: "^[a-z0-9-]+/[a-z0-9-]+$" },
      title: { type: "string", minLength: 1, maxLength: 80 },
      priority: { type: "integer", minimum: 1, maximum: 5 },
      state: { enum: ["open", "closed"] },
      due: { type: "string", format: "date" },
      labels: { type: "array", maxItems: 3, items: { type: "object", properties: { name: { type: "string" } }, required: ["name"] } },
    },
    required: ["repo", "title"],
  },
};
const guard = decider(guardConfig({ github: serverConfig([approvedTool(ISSUE)]) }));
const call = (args: Record<string, unknown>) => guard.request("tools/call", { name: "create_issue", arguments: args });
const OK = { repo: "acme/web", title: "Broken link", priority: 2, state: "open", due: "2026-12-01", labels: [{ name: "bug" }] };

test("arguments valid against the approved schema pass", async () => {
  expect(denial(await call(OK))).toBe("pass");
});

test.each([
  ["an unknown argument", { ...OK, admin: true }, "IO-04-unknown-field", "arguments.admin unknown field"],
  ["an unknown field nested in an array item", { ...OK, labels: [{ name: "bug", color: "red" }] }, "IO-04-unknown-field", "arguments.labels[0].color unknown field"],
  ["a wrong type", { ...OK, priority: "high" }, "IO-01-type", "arguments.priority must be integer"],
  ["a bad format", { ...OK, due: "tomorrow" }, "IO-01-format", "arguments.due must be a valid date"],
  ["a pattern mismatch", { ...OK, repo: "../../etc" }, "IO-01-pattern", "arguments.repo does not match"],
  ["a number out of range", { ...OK, priority: 9 }, "IO-02-range", "arguments.priority"],
  ["a string too long", { ...OK, title: "x".repeat(81) }, "IO-02-length", "arguments.title"],
  ["too many items", { ...OK, labels: [{ name: "a" }, { name: "b" }, { name: "c" }, { name: "d" }] }, "IO-02-items", "arguments.labels"],
  ["a value outside the enum", { ...OK, state: "deleted" }, "IO-02-enum", "arguments.state is not one of the allowed values"],
  ["a missing required argument", { repo: "acme/web" }, "IO-01-arguments", "arguments.title required field is missing"],
])("%s is INVALID with its rule and path", async (_name, args, rule, reason) => {
  const verdict = denial(await call(args));
  expect(verdict).toMatchObject({ code: "INVALID", rule });
  expect(typeof verdict === "object" && verdict.reason).toContain(reason);
});

test("a denial never carries the offending value", async () => {
  const verdict = denial(await call({ ...OK, repo: "AKIAIOSFODNN7EXAMPLE" }));
  expect(JSON.stringify(verdict)).not.toContain("AKIAIOSFODNN7EXAMPLE");
});

test("a tool schema the guard cannot compile refuses the config, naming the tool", () => {
  const broken: ToolDefinition = { name: "bad", inputSchema: { type: "object", properties: { a: { type: "no-such-type" } } } };
  expect(() => new Pipeline(guardConfig({ s: serverConfig([approvedTool(broken)]) }), CHECKS)).toThrow(/servers\.s\.tools\.bad\.definition\.inputSchema/);
});
