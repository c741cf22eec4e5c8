/** IO-07 / IO-08: per-tool CEL constraints over the arguments, compiled at load, enforced per call. */
import { ToolDefinition } from "../../../guard/src/config/types";
import { CHECKS } from "../../../guard/src/checks";
import { Pipeline } from "../../../guard/src/pipeline/pipeline";
import { approvedTool, guardConfig, serverConfig } from "../support/config";
import { decider, denial } from "../support/decide";

const TRANSFER: ToolDefinition = {
  name: "transfer",
  inputSchema: { type: "object", properties: { from: { type: "string" }, to: { type: "string" }, amount: { type: "integer" }, branch: { type: "string" } } },
};
const constraints = [
  { id: "amount-positive", expression: "args.amount > 0 && args.amount <= 10000", message: "amount must be between 1 and 10000" },
  { id: "distinct-accounts", expression: "args.from != args.to", message: "from and to must differ" },
  { id: "not-main", expression: "!has(args.branch) || !(args.branch in ['main', 'master'])", message: "the default branch is read-only" },
];
const guard = decider(guardConfig({ bank: serverConfig([approvedTool(TRANSFER, { constraints })]) }));
const call = (args: Record<string, unknown>) => guard.request("tools/call", { name: "transfer", arguments: args });

test("arguments meeting every constraint pass", async () => {
  expect(denial(await call({ from: "a", to: "b", amount: 50 }))).toBe("pass");
});

test("a semantic constraint (one argument) fails as IO-07 with its message", async () => {
  expect(denial(await call({ from: "a", to: "b", amount: 0 }))).toMatchObject({ code: "INVALID", rule: "IO-07-amount-positive", reason: expect.stringContaining("amount must be between 1 and 10000") });
  expect(denial(await call({ from: "a", to: "b", amount: 5, branch: "main" }))).toMatchObject({ rule: "IO-07-not-main" });
});

test("a cross-field constraint fails as IO-08", async () => {
  expect(denial(await call({ from: "a", to: "a", amount: 5 }))).toMatchObject({ rule: "IO-08-distinct-accounts" });
});

test("a constraint that cannot be evaluated (missing argument) denies", async () => {
  expect(denial(await call({ from: "a", to: "b" }))).toMatchObject({ rule: "IO-07-amount-positive", reason: expect.stringContaining("could not be evaluated") });
});

test("bad CEL, or a variable other than args, refuses the config naming the tool and constraint", () => {
  const build = (expression: string) => () => new Pipeline(guardConfig({ bank: serverConfig([approvedTool(TRANSFER, { constraints: [{ id: "c", expression, message: "m" }] })]) }), CHECKS);
  expect(build("args.amount >")).toThrow(/servers\.bank\.tools\.transfer\.constraints\[0\]\.expression: constraint c of tool transfer is not valid CEL/);
  expect(build("request.amount > 0")).toThrow(/names request/);
  expect(build("args.all(k, k != 'x')")).not.toThrow();
});
