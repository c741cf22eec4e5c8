/**
 * Fuzz: random and malformed params and results, through the real pipeline with every check. The guard never throws,
 * answers every message within its budget, and never answers `pass` (or `mutated`) to a message that is malformed:
 * not JSON, not UTF-8, or not valid for its method.
 */
import fc from "fast-check";
import { CHECKS } from "../../guard/src/checks";
import { Pipeline } from "../../guard/src/pipeline/pipeline";
import { mcpSchemas } from "../../guard/src/schema/mcp";
import { ECHO_TOOL, approvedTool, guardConfig, serverConfig } from "./support/config";

const config = guardConfig({ demo: serverConfig([approvedTool(ECHO_TOOL)]) });
const pipeline = new Pipeline(config, CHECKS);
const schemas = mcpSchemas(["2025-06-18"]);
const METHODS = ["tools/call", "tools/list", "resources/read", "prompts/get", "initialize", "ping", "completion/complete", "no/such"];
/** Per message: generous for a loaded 2-core machine; a hang or a catastrophic regex would blow far past it. */
const BUDGET_MS = 2000;

async function decide(phase: "request" | "response", method: string, body: Buffer) {
  const started = Date.now();
  const decision = await pipeline.decide({ phase, method, servers: ["demo"], metadataContext: { tool: "echo" }, headers: [], body });
  expect(Date.now() - started).toBeLessThan(BUDGET_MS);
  return decision;
}

function parses(body: Buffer): unknown | undefined {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    return undefined;
  }
}

const json = fc.jsonValue({ maxDepth: 6 });
const hostileString = fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), fc.constantFrom("../../etc/passwd", "\u202e", "169.254.169.254", "$(rm -rf /)", "ignore previous instructions", "\u0000"));
const callParams = fc.record({ name: fc.oneof(fc.constant("echo"), fc.string()), arguments: fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(json, hostileString)) }, { requiredKeys: [] });

test("requests: random bytes, random JSON and mutated tools/call params never crash and are never passed when malformed", async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...METHODS), fc.oneof(fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)), json.map((value) => Buffer.from(JSON.stringify(value))), callParams.map((value) => Buffer.from(JSON.stringify(value)))), async (method, body) => {
        const decision = await decide("request", method, body);
        const parsed = parses(body);
        if (decision.result.kind === "error") return;
        expect(parsed).not.toBeUndefined();
        const validate = schemas.params("2025-06-18", method);
        expect(schemas.knows("2025-06-18", method)).toBe(true);
        if (validate) expect(validate(parsed)).toBe(true);
      }),
    { numRuns: 400, seed: 42 },
  );
});

test("responses: random bytes and random results never crash and are never passed when malformed", async () => {
  const content = fc.array(fc.oneof(fc.record({ type: fc.constant("text"), text: hostileString }), json), { maxLength: 4 });
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...METHODS), fc.oneof(fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)), json.map((value) => Buffer.from(JSON.stringify(value))), content.map((value) => Buffer.from(JSON.stringify({ content: value })))), async (method, body) => {
        const decision = await decide("response", method, body);
        if (decision.result.kind === "error") return;
        const parsed = parses(body);
        expect(parsed).not.toBeUndefined();
        const validate = schemas.result("2025-06-18", method);
        expect(validate).toBeDefined();
        expect(validate!(parsed)).toBe(true);
        if (decision.result.kind === "mutated") expect(validate!(JSON.parse(decision.result.value.toString("utf8")))).toBe(true);
      }),
    { numRuns: 400, seed: 43 },
  );
});
