/**
 * Microsoft's Agent Governance Toolkit (github.com/microsoft/agent-governance-toolkit, MIT in LICENSE, in the package's
 * pyproject.toml and in the test file's header): the tools its Python MCP security scanner's tests scan
 * (`agent-governance-python/agent-os/tests/test_mcp_security.py`), labelled by structure, never by reading their texts:
 * - the test methods of {@link CLASSES} (and two named methods of `TestMetrics`) each give `scan_tool(name, description,
 *   schema?, server?)` literal arguments (names bound to literals in the method, or the items of a `for <name> in
 *   (...)` loop over literals, are resolved);
 * - a method's verdict is its assertion: `assert len(<threats>) > 0`, `assert len(types) >= 2` or `assert
 *   MCPThreatType.X in types` make its tool poisoned, `assert len(<threats>) == 0` benign (the class's name is
 *   the poisoned class: hidden instructions, description injection, schema abuse; a method with neither or both
 *   throws);
 * - left out ({@link LEFT_OUT}): a description built at run time (an f-string), and two schema tests whose attack is the
 *   schema's shape or a parameter's name, which no text carries.
 * A test that passes a schema records a whole tool (`text` = `toolProse(tool)`); one without a schema records its
 * description only (whitespace collapsed). Each example is one family.
 */
import type { JsonValue, ToolDefinition } from "../../src/config/types";
import type { CorpusSource } from "../build-corpus";
import type { CorpusExample } from "../synthetic";
import { PyValue, PythonLiteralReader } from "./python-literal";
import { literalLocals, testMethods } from "./python-tests";
import { show } from "./git";
import { toolProse } from "../tool-prose";

export const AGENT_GOVERNANCE_TOOLKIT_SOURCE: CorpusSource = {
  id: "agent-governance-toolkit",
  repository: "https://github.com/microsoft/agent-governance-toolkit",
  commit: "b5705588883fac48b88cbe6fd0bd7d48c798453e",
  license: "MIT",
  copyright: "Copyright (c) Microsoft Corporation",
};

const TESTS = "agent-governance-python/agent-os/tests/test_mcp_security.py";

/** The test classes read, with the class a poisoned tool of theirs is given. */
const CLASSES: ReadonlyMap<string, string> = new Map([
  ["TestHiddenInstructions", "hidden-instruction"],
  ["TestDescriptionInjection", "description-injection"],
  ["TestSchemaAbuse", "schema-abuse"],
  ["TestScanTool", "scan-tool"],
  ["TestBenignTools", "scan-tool"],
]);

/** Methods read from other classes. */
const METHODS: ReadonlyMap<string, string> = new Map([
  ["TestMetrics.test_poisoned_tool_detected", "scan-tool"],
  ["TestMetrics.test_multiple_threat_types", "scan-tool"],
]);

/** Methods of the classes read that are left out, with why. */
const LEFT_OUT: ReadonlyMap<string, string> = new Map([
  ["TestHiddenInstructions.test_base64_encoded_instruction", "its description is an f-string built at run time"],
  ["TestSchemaAbuse.test_permissive_schema_no_properties", "the attack is a schema without properties, not a text"],
  ["TestSchemaAbuse.test_suspicious_required_field", "the attack is a parameter's name, not a text"],
]);

const POISONED_ASSERTION = /\n\s+assert (?:len\(\w+\) > 0|len\(types\) >= 2|\(?\s*MCPThreatType\.\w+ in types)/;
const BENIGN_ASSERTION = /\n\s+assert len\(\w+\) == 0\n/;

/** The literal arguments of the method's one `scan_tool(...)` call, once per item of a `for` loop around it. */
function scanCalls(body: string, where: string): PyValue[][] {
  const calls = [...body.matchAll(/\.scan_tool\(/g)];
  if (calls.length !== 1) throw new Error(`agent-governance-toolkit ${where}: ${calls.length} scan_tool calls, not one`);
  const locals = literalLocals(body);
  const loop = /^        for (\w+) in (?=[([])/m.exec(body);
  const bindings: Map<string, PyValue>[] = [];
  if (loop) {
    const items = new PythonLiteralReader(body, loop.index + loop[0].length, locals).value();
    if (!Array.isArray(items)) throw new Error(`agent-governance-toolkit ${where}: its loop is not over a literal sequence`);
    for (const item of items) bindings.push(new Map([...locals, [loop[1], item]]));
  } else {
    bindings.push(locals);
  }
  return bindings.map((bound) => {
    const reader = new PythonLiteralReader(body, calls[0].index + calls[0][0].length, bound);
    const args: PyValue[] = [];
    while (reader.peek() !== ")") {
      args.push(reader.value());
      if (reader.peek() === ",") reader.expect(",");
    }
    return args;
  });
}

export function agentGovernanceToolkitExamples(gitDir: string): CorpusExample[] {
  const commit = AGENT_GOVERNANCE_TOOLKIT_SOURCE.commit!;
  const all = testMethods(show(gitDir, commit, TESTS), `agent-governance-toolkit ${TESTS}`);
  for (const name of [...METHODS.keys(), ...LEFT_OUT.keys()]) {
    if (!all.some((method) => method.qualified === name)) throw new Error(`agent-governance-toolkit ${TESTS} at ${commit} has no ${name}`);
  }
  const out: CorpusExample[] = [];
  for (const { qualified, body } of all) {
    const category = CLASSES.get(qualified.split(".")[0]) ?? METHODS.get(qualified);
    if (category === undefined || LEFT_OUT.has(qualified)) continue;
    const where = `${TESTS} ${qualified}`;
    const poisoned = POISONED_ASSERTION.test(body);
    const benign = BENIGN_ASSERTION.test(body);
    if (poisoned === benign) throw new Error(`agent-governance-toolkit ${where} asserts ${poisoned ? "both" : "neither"} a threat and none`);
    const label: CorpusExample["label"] = poisoned ? "poisoned" : "benign";
    scanCalls(body, where).forEach(([name, description, schema], index) => {
      if (typeof name !== "string" || typeof description !== "string") throw new Error(`agent-governance-toolkit ${where}: scan_tool without a literal name and description`);
      const family = `agent-governance-toolkit-${poisoned ? "p" : "b"}-${qualified}`;
      const common = { label, source: AGENT_GOVERNANCE_TOOLKIT_SOURCE.id, category: poisoned ? category : "honest" };
      if (schema === undefined || schema === null) {
        out.push({ family: `${family}#${index}`, ...common, text: description.replace(/\s+/g, " ").trim() });
        return;
      }
      if (typeof schema !== "object" || Array.isArray(schema)) throw new Error(`agent-governance-toolkit ${where}: its schema is not a dict`);
      const tool: ToolDefinition = { name, description, inputSchema: schema as { [key: string]: JsonValue } };
      out.push({ family: `${family}#${name}`, ...common, text: toolProse(tool), tool });
    });
  }
  return out;
}
