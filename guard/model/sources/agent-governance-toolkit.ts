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
 * The .NET scanner's tests (`agent-governance-dotnet/tests/AgentGovernance.Tests/McpSecurityScannerTests.cs`) are read
 * the same way: each `[Fact]` method's `new McpToolDefinition { Name = ..., Description = ..., InputSchema = ... }`
 * string literals; poisoned when it asserts `Assert.Contains(result.Threats, t => t.Type == McpThreatType.X ...)` (class
 * from X) or a positive risk score, benign when it asserts `result.Safe`; left out ({@link DOTNET_LEFT_OUT}): tests
 * whose attack is a name (typosquatting, cross-server duplicates), a parameter's name or a changed definition, tests
 * that only assert one threat type absent, and descriptions built at run time. A .NET text that the Python tests
 * already give is not repeated.
 * A test that passes a schema records a whole tool (`text` = `toolProse(tool)`); one without a schema records its
 * description only (whitespace collapsed). Each example is one family.
 */
import type { JsonValue, ToolDefinition } from "../../src/config/types";
import type { CorpusSource } from "../build-corpus";
import type { CorpusExample } from "../synthetic";
import { descriptionExample, toolExample } from "./tool-example";
import { PyValue, PythonLiteralReader } from "./python-literal";
import { literalLocals, testMethods } from "./python-tests";
import { show } from "./git";
import { kebab } from "./kebab";

export const AGENT_GOVERNANCE_TOOLKIT_SOURCE: CorpusSource = {
  id: "agent-governance-toolkit",
  repository: "https://github.com/microsoft/agent-governance-toolkit",
  commit: "b5705588883fac48b88cbe6fd0bd7d48c798453e",
  license: "MIT",
  copyright: "Copyright (c) Microsoft Corporation",
};

const TESTS = "agent-governance-python/agent-os/tests/test_mcp_security.py";
const DOTNET_TESTS = "agent-governance-dotnet/tests/AgentGovernance.Tests/McpSecurityScannerTests.cs";

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

/** .NET test methods with tools that are left out, with why. */
const DOTNET_LEFT_OUT: ReadonlyMap<string, string> = new Map([
  ["Scan_DetectsEncodedPromptInjection", "its description is interpolated at run time"],
  ["Scan_DetectsSingleCharTyposquat", "the attack is the tool's name"],
  ["Scan_DetectsTwoCharTyposquat", "the attack is the tool's name"],
  ["Scan_DoesNotFlagExactKnownToolName", "it asserts only that typosquatting is not reported"],
  ["Scan_DoesNotFlagCompletelyDifferentNames", "it asserts only that typosquatting is not reported"],
  ["Scan_DoesNotFlagCleanAscii", "it asserts only that hidden instructions are not reported"],
  ["Scan_DetectsLongDescriptionWithInstructionPatterns", "its description is built at run time"],
  ["Scan_DoesNotFlagShortDescriptions", "it asserts only that a rug pull is not reported"],
  ["Scan_DetectsDefinitionChangeRugPull", "the attack is the change between two definitions"],
  ["Scan_DetectsSensitiveSchemaFields", "the attack is a parameter's name"],
  ["Scan_DetectsDuplicateToolNameAcrossServers", "the attack is a name another server has"],
  ["Scan_DetectsTyposquattingAcrossServers", "the attack is the tool's name"],
]);

const CS_ESCAPES: { readonly [char: string]: string } = { n: "\n", t: "\t", r: "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'", a: "\x07", b: "\b", f: "\f", v: "\v" };

/** One C# string literal at `at` (regular, `@` verbatim or `"""` raw on one line): its value and where it ends. */
export function csString(source: string, at: number): { value: string; end: number } {
  if (source.startsWith('"""', at)) {
    const close = source.indexOf('"""', at + 3);
    if (close < 0 || source.slice(at, close).includes("\n")) throw new Error(`a raw string this reader does not read at offset ${at}`);
    return { value: source.slice(at + 3, close), end: close + 3 };
  }
  const verbatim = source[at] === "@";
  let pos = at + (verbatim ? 1 : 0);
  if (source[pos] !== '"') throw new Error(`not a string literal at offset ${at}`);
  pos += 1;
  let value = "";
  for (;;) {
    const char = source[pos];
    if (char === undefined || (char === "\n" && !verbatim)) throw new Error(`unterminated string literal at offset ${at}`);
    if (char === '"') {
      if (verbatim && source[pos + 1] === '"') {
        value += '"';
        pos += 2;
        continue;
      }
      return { value, end: pos + 1 };
    }
    if (char !== "\\" || verbatim) {
      value += char;
      pos += 1;
      continue;
    }
    const next = source[pos + 1];
    const hex = next === "u" ? /^[0-9a-fA-F]{4}/.exec(source.slice(pos + 2)) : next === "U" ? /^[0-9a-fA-F]{8}/.exec(source.slice(pos + 2)) : next === "x" ? /^[0-9a-fA-F]{1,4}/.exec(source.slice(pos + 2)) : null;
    if (hex) {
      value += String.fromCodePoint(parseInt(hex[0], 16));
      pos += 2 + hex[0].length;
    } else if (next !== undefined && next in CS_ESCAPES) {
      value += CS_ESCAPES[next];
      pos += 2;
    } else {
      throw new Error(`an escape this reader does not know at offset ${pos}`);
    }
  }
}

/** The properties of a `new McpToolDefinition { A = "...", ... }` initializer at `at` (after its brace), all string literals. */
function csInitializer(source: string, at: number, where: string): Map<string, string> {
  const properties = new Map<string, string>();
  let pos = at;
  for (;;) {
    const property = /^\s*(?:(\})|(\w+)\s*=\s*)/.exec(source.slice(pos));
    if (!property) throw new Error(`agent-governance-toolkit ${where}: an initializer this reader does not read`);
    pos += property[0].length;
    if (property[1]) return properties;
    const literal = csString(source, pos);
    properties.set(property[2], literal.value);
    pos = literal.end;
    const comma = /^\s*,/.exec(source.slice(pos));
    if (comma) pos += comma[0].length;
  }
}

/** The labelled tools of the .NET scanner's tests. */
function dotnetExamples(source: string): CorpusExample[] {
  const methods = [...source.matchAll(/^    public void (\w+)\(\)/gm)];
  for (const name of DOTNET_LEFT_OUT.keys()) {
    if (!methods.some((method) => method[1] === name)) throw new Error(`agent-governance-toolkit ${DOTNET_TESTS} has no ${name}`);
  }
  const out: CorpusExample[] = [];
  methods.forEach((method, index) => {
    const name = method[1];
    const body = source.slice(method.index, index + 1 < methods.length ? methods[index + 1].index : source.length);
    const tools = [...body.matchAll(/new McpToolDefinition\s*\{/g)];
    if (tools.length === 0 || DOTNET_LEFT_OUT.has(name)) return;
    const where = `${DOTNET_TESTS} ${name}`;
    const threat = /Assert\.Contains\(result\.Threats, t =>\s*t\.Type == McpThreatType\.(\w+)/.exec(body)?.[1] ?? (/Assert\.True\(result\.RiskScore > 0\)/.test(body) ? "RiskScore" : undefined);
    const safe = /Assert\.True\((?:result|r)\.Safe\)/.test(body);
    if ((threat !== undefined) === safe) throw new Error(`agent-governance-toolkit ${where} asserts ${safe ? "both" : "neither"} a threat and safety`);
    const label: CorpusExample["label"] = safe ? "benign" : "poisoned";
    tools.forEach((match, position) => {
      const properties = csInitializer(body, match.index + match[0].length, where);
      const toolName = properties.get("Name");
      const description = properties.get("Description");
      if (toolName === undefined || description === undefined) throw new Error(`agent-governance-toolkit ${where}: a tool without a literal name and description`);
      const category = safe ? "honest" : kebab(threat!);
      const schema = properties.get("InputSchema");
      if (schema === undefined) {
        out.push(descriptionExample(AGENT_GOVERNANCE_TOOLKIT_SOURCE, label, category, `dotnet.${name}`, position, description));
        return;
      }
      const tool: ToolDefinition = { name: toolName, description, inputSchema: JSON.parse(schema) as { [key: string]: JsonValue } };
      out.push(toolExample(AGENT_GOVERNANCE_TOOLKIT_SOURCE, label, category, `dotnet.${name}`, tool));
    });
  });
  return out;
}

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
      const toolCategory = poisoned ? category : "honest";
      if (schema === undefined || schema === null) {
        out.push(descriptionExample(AGENT_GOVERNANCE_TOOLKIT_SOURCE, label, toolCategory, qualified, index, description));
        return;
      }
      if (typeof schema !== "object" || Array.isArray(schema)) throw new Error(`agent-governance-toolkit ${where}: its schema is not a dict`);
      const tool: ToolDefinition = { name, description, inputSchema: schema as { [key: string]: JsonValue } };
      out.push(toolExample(AGENT_GOVERNANCE_TOOLKIT_SOURCE, label, toolCategory, qualified, tool));
    });
  }
  const seen = new Set(out.map((example) => example.text));
  for (const example of dotnetExamples(show(gitDir, commit, DOTNET_TESTS))) {
    if (seen.has(example.text)) continue;
    seen.add(example.text);
    out.push(example);
  }
  return out;
}
