/**
 * mcp-tool-auditor (github.com/perparimmjeku/mcp-tool-auditor, MIT in LICENSE and pyproject.toml), an MCP tool
 * poisoning scanner: the tools its analyzers' unit tests (`tests/test_scanner.py`) build, labelled by structure, never
 * by reading their texts:
 * - the test methods of {@link CLASSES} each build one `tool = {...}` literal and analyze it; a method that asserts
 *   `len(findings) == 0` makes it benign, one that asserts `any(f.rule == "<RULE>" ...)` poisoned with the class of
 *   that rule (`ST_ALWAYS_USE` → `st-always-use`), one that asserts `len(findings) >= N` poisoned with the class
 *   `multiple-findings`; a method with none of these, or with findings both asserted and denied, throws;
 * - left out ({@link LEFT_OUT}): the description-length rule (a length, not an attack), a custom signature the test
 *   defines, a check switched off by configuration, and the schema rules whose attack is a parameter's name or the
 *   `required` list, which no text carries;
 * - not read: the rug-pull tests (their tools are placeholders compared with a baseline) and `fixtures/poisoned_tools.json`
 *   (its tests assert findings on the list as a whole, so no tool of it is labelled).
 * A tool with an `inputSchema` is recorded whole (`text` = `toolProse(tool)`); one with a name and description only
 * records its description (whitespace collapsed). Each is one family.
 */
import type { JsonValue, ToolDefinition } from "../../src/config/types";
import type { CorpusSource } from "../build-corpus";
import type { CorpusExample } from "../synthetic";
import { descriptionExample, toolExample } from "./tool-example";
import { literalLocals, testMethods } from "./python-tests";
import { show } from "./git";

export const MCP_TOOL_AUDITOR_SOURCE: CorpusSource = {
  id: "mcp-tool-auditor",
  repository: "https://github.com/perparimmjeku/mcp-tool-auditor",
  commit: "54f89d959d2f31163218cfef918352e31f2d07b0",
  license: "MIT",
  copyright: "Copyright (c) 2026 mcp-tool-auditor contributors (pyproject.toml author: Përparim Mjeku)",
};

const TESTS = "tests/test_scanner.py";

/** The test classes read: one analyzer each. */
const CLASSES: ReadonlySet<string> = new Set(["TestStaticAnalyzer", "TestHeuristicAnalyzer", "TestSchemaAnalyzer"]);

/** Methods of those classes left out, with why. */
const LEFT_OUT: ReadonlyMap<string, string> = new Map([
  ["TestStaticAnalyzer.test_custom_signatures", "it matches a signature the test itself defines, not a named attack"],
  ["TestHeuristicAnalyzer.test_long_description_flagged", "the rule is a description's length, and the text is an expression"],
  ["TestHeuristicAnalyzer.test_description_threshold_comes_from_config", "the rule is a description's length"],
  ["TestSchemaAnalyzer.test_sidenote_param_detected", "the attack is a parameter's name"],
  ["TestSchemaAnalyzer.test_required_array_poison_detected", "the attack is the required list's names"],
  ["TestSchemaAnalyzer.test_prompt_injection_param_detected", "the attack is a parameter's name"],
  ["TestSchemaAnalyzer.test_enum_checks_can_be_disabled_by_config", "it asserts no finding because the check is switched off"],
]);

const RULE_ASSERTION = /\n\s+self\.assertTrue\(any\(f\.rule == "([A-Z_]+)" for f in findings\)\)/g;
const MANY_ASSERTION = /\n\s+self\.assertGreaterEqual\(len\(findings\), \d+\)/;
const NONE_ASSERTION = /\n\s+self\.assertEqual\(len\(findings\), 0\)/;

/** A method's verdict: the class of the first rule it asserts, `multiple-findings`, or benign. */
function verdict(body: string, where: string): { label: CorpusExample["label"]; category: string } {
  const rules = [...body.matchAll(RULE_ASSERTION)].map((match) => match[1]);
  const many = MANY_ASSERTION.test(body);
  const none = NONE_ASSERTION.test(body);
  if (none && (rules.length > 0 || many)) throw new Error(`mcp-tool-auditor ${where} asserts findings and none`);
  if (none) return { label: "benign", category: "honest" };
  if (rules.length > 0) return { label: "poisoned", category: rules[0].toLowerCase().replace(/_/g, "-") };
  if (many) return { label: "poisoned", category: "multiple-findings" };
  throw new Error(`mcp-tool-auditor ${where} asserts no verdict this extraction reads`);
}

export function mcpToolAuditorExamples(gitDir: string): CorpusExample[] {
  const commit = MCP_TOOL_AUDITOR_SOURCE.commit!;
  const all = testMethods(show(gitDir, commit, TESTS), `mcp-tool-auditor ${TESTS}`);
  for (const name of LEFT_OUT.keys()) {
    if (!all.some((method) => method.qualified === name)) throw new Error(`mcp-tool-auditor ${TESTS} at ${commit} has no ${name}`);
  }
  const out: CorpusExample[] = [];
  for (const { qualified, body } of all) {
    if (!CLASSES.has(qualified.split(".")[0]) || LEFT_OUT.has(qualified)) continue;
    const where = `${TESTS} ${qualified}`;
    const { label, category } = verdict(body, where);
    const tool = literalLocals(body).get("tool");
    if (tool === undefined || tool === null || typeof tool !== "object" || Array.isArray(tool)) throw new Error(`mcp-tool-auditor ${where}: no literal \`tool = {...}\``);
    const { name, description, inputSchema } = tool as { [key: string]: JsonValue };
    if (typeof name !== "string") throw new Error(`mcp-tool-auditor ${where}: its tool has no literal name`);
    if (inputSchema === undefined) {
      if (typeof description !== "string") throw new Error(`mcp-tool-auditor ${where}: its tool has neither a schema nor a literal description`);
      out.push(descriptionExample(MCP_TOOL_AUDITOR_SOURCE, label, category, qualified, 0, description));
      continue;
    }
    out.push(toolExample(MCP_TOOL_AUDITOR_SOURCE, label, category, qualified, tool as unknown as ToolDefinition));
  }
  return out;
}
