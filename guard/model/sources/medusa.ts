/**
 * Medusa (github.com/joshmaster2165/medusa, Apache-2.0 in LICENSE and pyproject.toml), an MCP security scanner: the
 * tool definitions of its unit tests, read at the last commit that has them (its later commits drop `tests/`), labelled
 * by structure, never by reading their texts:
 * - `tests/conftest.py`: `_SECURE_TOOLS` (the snapshot on which every check must pass) are benign; each tool of
 *   `_VULNERABLE_TOOLS` follows a `# <CHECK-ID>: <what>` comment naming the check it is there to trip: TP-001 and
 *   TP-002 (instructions and injection phrases in the description) are poisoned, the IV-* ones (input-validation risks
 *   of the schema: unconstrained command, path and query parameters, no or permissive schema) are benign in their text,
 *   TP-004 (a suspicious parameter name) and TP-005 (a description of one repeated letter) are left out: neither carries
 *   an attack in a text;
 * - `tests/unit/test_checks/test_tool_poisoning.py`: the tools that a test builds inline with `make_snapshot(tools=[...])`
 *   in the test classes of the checks that look for instructions in a tool's text ({@link CHECKS}, the class naming
 *   the attack class). A tool is poisoned when its test asserts at least one failing finding and the snapshot holds
 *   only that tool, or the test names it as the failing resource; the tools of a test that asserts a pass (or no
 *   critical failure) are benign. Tests whose tools are not plain literals (f-strings, expressions) or whose
 *   expectation names neither are left out.
 * Each tool is one family; `text` is its description and its parameters' descriptions (`toolProse`: what the classifier reads of it).
 */
import type { JsonValue, ToolDefinition } from "../../src/config/types";
import type { CorpusSource } from "../build-corpus";
import type { CorpusExample } from "../synthetic";
import { toolExample } from "./tool-example";
import { NotALiteral, PyValue, PythonLiteralReader } from "./python-literal";
import { show } from "./git";
import { literalLocals } from "./python-tests";

export const MEDUSA_SOURCE: CorpusSource = {
  id: "medusa",
  repository: "https://github.com/joshmaster2165/medusa",
  commit: "480d7d4a1af74f2a7960e9f18a1f6a822dae0b0c",
  license: "Apache-2.0",
  copyright: "Joshua Bukshpan (pyproject.toml authors; the LICENSE is the plain Apache-2.0 text without a copyright line)",
};

/** The test classes of checks that look for instructions in a tool's text, with the attack class each names. */
export const CHECKS: ReadonlyMap<string, string> = new Map([
  ["TestTP001HiddenInstructions", "hidden-instructions"],
  ["TestTP002PromptInjection", "prompt-injection"],
  ["TestSchemaPoisoningCheck", "schema-poisoning"],
  ["TestBase64EncodedInstructionsCheck", "encoded-instructions"],
  ["TestInvisibleUnicodeInDescriptionsCheck", "invisible-unicode"],
  ["TestToolDescriptionUrlInjectionCheck", "url-injection"],
  ["TestRecursiveToolInvocationRiskCheck", "recursive-invocation"],
  ["TestHiddenXmlAttributesCheck", "hidden-xml-attributes"],
  ["TestMarkdownInjectionCheck", "markdown-injection"],
  ["TestCrossToolReferenceCheck", "cross-tool-reference"],
]);

/** The `_VULNERABLE_TOOLS` comments' check ids: the label and class of the tool each introduces, or why it is left out. */
const VULNERABLE: ReadonlyMap<string, { readonly label: CorpusExample["label"]; readonly category: string } | { readonly leftOut: string }> = new Map([
  ["TP-001", { label: "poisoned", category: "hidden-instructions" }],
  ["TP-002", { label: "poisoned", category: "prompt-injection" }],
  ["TP-004", { leftOut: "the attack is a parameter name" }],
  ["TP-005", { leftOut: "a description of one repeated letter, no text" }],
  ["IV-001", { label: "benign", category: "input-validation" }],
  ["IV-002", { label: "benign", category: "input-validation" }],
  ["IV-003", { label: "benign", category: "input-validation" }],
  ["IV-004", { label: "benign", category: "input-validation" }],
  ["IV-005", { label: "benign", category: "input-validation" }],
]);

const CONFTEST = "tests/conftest.py";
const TOOL_POISONING_TESTS = "tests/unit/test_checks/test_tool_poisoning.py";

const POISONED_EXPECTATION = /assert len\(fail_findings\) (?:>=|==) [1-9]/;
const FAILING_RESOURCE = /fail_findings\[0\]\.resource_name == "([^"\n]+)"/;
const BENIGN_EXPECTATION =
  /assert (?:(?:any|all)\(f\.status == Status\.PASS for f in findings\)|findings\[0\]\.status == Status\.PASS|len\(pass_findings\) >= 1|len\(fail_critical\) == 0|len\(fail_findings\) == 0)/;

/** One tool a test or fixture labels, before it becomes an example. */
interface Labelled {
  readonly where: string;
  readonly label: CorpusExample["label"];
  readonly category: string;
  readonly tool: ToolDefinition;
}

/** A Python tool dict as an MCP `Tool` (a missing input schema is the empty object schema, as clients list it). */
function asTool(value: PyValue, where: string): ToolDefinition {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`medusa ${where}: a tool that is not a dict`);
  const dict = value as { readonly [key: string]: PyValue };
  if (typeof dict.name !== "string") throw new Error(`medusa ${where}: a tool without a name`);
  const inputSchema = (dict.inputSchema ?? { type: "object" }) as { readonly [key: string]: JsonValue };
  return { ...(dict as { readonly [key: string]: JsonValue }), name: dict.name, inputSchema } as ToolDefinition;
}

function readList(source: string, declaration: string, where: string): PyValue[] {
  const at = source.indexOf(declaration);
  if (at < 0) throw new Error(`medusa ${where} has no ${declaration}`);
  const list = new PythonLiteralReader(source, at + declaration.length).value();
  if (!Array.isArray(list)) throw new Error(`medusa ${where}: ${declaration} is not a list`);
  return list as PyValue[];
}

function conftestTools(source: string): Labelled[] {
  const out: Labelled[] = [];
  for (const tool of readList(source, "_SECURE_TOOLS: list[dict[str, Any]] =", CONFTEST)) out.push({ where: "conftest", label: "benign", category: "honest", tool: asTool(tool, CONFTEST) });
  const start = source.indexOf("_VULNERABLE_TOOLS: list[dict[str, Any]] = [");
  const end = source.indexOf("\n]\n", start);
  if (start < 0 || end < 0) throw new Error(`medusa ${CONFTEST} has no _VULNERABLE_TOOLS list`);
  const body = source.slice(start, end);
  const markers = [...body.matchAll(/^ {4}# ([A-Z]+-\d+): /gm)];
  if (markers.length === 0) throw new Error(`medusa ${CONFTEST}: _VULNERABLE_TOOLS has no check comments`);
  markers.forEach((marker, index) => {
    const id = marker[1];
    const kind = VULNERABLE.get(id);
    if (!kind) throw new Error(`medusa ${CONFTEST}: _VULNERABLE_TOOLS has a tool for ${id}, which this extraction does not know`);
    if ("leftOut" in kind) return;
    const segment = body.slice(marker.index!, markers[index + 1]?.index ?? body.length);
    const open = segment.indexOf("{");
    const tool = asTool(new PythonLiteralReader(segment, open).value(), `${CONFTEST} ${id}`);
    out.push({ where: "conftest", label: kind.label, category: kind.category, tool });
  });
  return out;
}

/** The `tools=` of a method's `make_snapshot(...)` call, or undefined when it has none or they are not literals. */
function snapshotTools(method: string, where: string): ToolDefinition[] | undefined {
  const call = /make_snapshot\((?!\))/.exec(method);
  if (!call) return undefined;
  try {
    const reader = new PythonLiteralReader(method, call.index + call[0].length, literalLocals(method.slice(0, call.index)));
    while (reader.peek() !== ")") {
      const keyword = reader.identifier();
      reader.expect("=");
      const value = reader.value();
      if (keyword === "tools") return (value as PyValue[]).map((tool) => asTool(tool, where));
      if (reader.peek() === ",") reader.expect(",");
    }
    return undefined;
  } catch (error) {
    if (error instanceof NotALiteral) return undefined;
    throw error;
  }
}

function testTools(source: string): Labelled[] {
  const out: Labelled[] = [];
  for (const block of source.split(/^(?=class )/m)) {
    const cls = /^class (\w+)/.exec(block)?.[1];
    const category = cls ? CHECKS.get(cls) : undefined;
    if (!cls || !category) continue;
    for (const method of block.split(/^(?= {4}async def )/m).slice(1)) {
      const name = /^ {4}async def (test_\w+)/.exec(method)?.[1];
      if (!name) continue;
      const where = `${cls}.${name}`;
      const tools = snapshotTools(method, where);
      if (!tools || tools.length === 0) continue;
      const poisoned = POISONED_EXPECTATION.test(method);
      const benign = BENIGN_EXPECTATION.test(method);
      if (poisoned === benign) continue;
      if (benign) {
        for (const tool of tools) out.push({ where, label: "benign", category: "honest", tool });
        continue;
      }
      const failing = FAILING_RESOURCE.exec(method)?.[1];
      const named = failing === undefined ? (tools.length === 1 ? tools : []) : tools.filter((tool) => tool.name === failing);
      if (failing !== undefined && named.length !== 1) throw new Error(`medusa ${TOOL_POISONING_TESTS} ${where}: the failing resource ${failing} is not one of its tools`);
      for (const tool of named) out.push({ where, label: "poisoned", category, tool });
    }
  }
  return out;
}

export function medusaExamples(gitDir: string): CorpusExample[] {
  const commit = MEDUSA_SOURCE.commit!;
  const labelled = [...conftestTools(show(gitDir, commit, CONFTEST)), ...testTools(show(gitDir, commit, TOOL_POISONING_TESTS))];
  const byText = new Map<string, CorpusExample>();
  for (const { where, label, category, tool } of labelled) {
    const example = toolExample(MEDUSA_SOURCE, label, category, where, tool);
    if (!example.text) continue;
    const seen = byText.get(example.text);
    if (seen) {
      if (seen.label !== label) throw new Error(`medusa at ${commit}: ${where}#${tool.name} is ${label} but the same text is ${seen.label} in ${seen.family}`);
      continue;
    }
    byText.set(example.text, example);
  }
  return [...byText.values()];
}
