/**
 * MCP-GuardBench (github.com/Manishmaurya89/mcp-guardbench, MIT), a local lab of synthetic MCP servers ("fixtures",
 * Python classes) and YAML test cases that name the fixture they run: a repository of its own, not a copy of
 * getmcpm/mcp-guardbench (its texts are in none of that source's cases). No snapshot of it can be fetched here, so the
 * files read are copied file by file (from the search index's stored text) into `<filesDir>/mcp-guardbench-mm/`, a local folder
 * outside the repository (build-corpus's `--files`; third-party files stay out of commits), with its LICENSE and a SOURCE.json naming the commit
 * each file was read at. Labelled by structure, never by the wording of a tool:
 * - the test cases of `test_cases/` are read; each names its `server_fixture` and `category`. A `tool_poisoning` case's
 *   fixture lists its poisoned tools in its class's `poisoned_tools` (the repository's ground-truth labels, which
 *   `mcp_lab/base.py` says analyzers never see): those are poisoned, the class the fixture's name without `_server`;
 *   the fixture's other tools are benign (`attack-companion`). A `benign_control` case's fixture declares no poisoned
 *   tool and all its tools are benign (`honest`). Any other category, or a fixture contradicting its case, throws;
 * - a fixture's tools are the `ToolDefinitionData(...)` calls its `tool_definitions` method returns, or calls of the
 *   shared `mcp_lab/common.py` helpers that return one; their keyword values are Python literals, names bound to
 *   literals (module constants, the method's own, and the constants of `common.py` and `domain/markers.py`) and
 *   f-strings of such names. As `mcp_lab/base.py` lists them, `input_schema` is `inputSchema`, `output_schema`
 *   `outputSchema`, and an empty `annotations` is absent; `meta` (the `_meta` capability list, no text; `ToolDefinition`
 *   has no `_meta`) is not read;
 * - a definition listed by several fixtures (the shared `simulated_export` sink) is one example, of the first case;
 * - not copied, so not read: the fixtures whose attack is in what a tool does, returns or is permitted rather than in
 *   its definition's text (`response_injection`, `secret_flow`, `encoded_flow`, `oversized_response`,
 *   `excessive_permission`) and the cases that run them (by id RI-001, DF-001, DF-002, RS-001, PA-001), BN-002 (calls to the clean
 *   server, whose tools BN-001 gives), and the rug pull RD-001 (`drift_server`): its changed definition widens the
 *   tool's permissions and says so honestly, an attack on behaviour and annotations, not a poisoned text.
 * `text` is `toolProse(tool)`; no example records `approved`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { JsonValue, ToolDefinition } from "../../src/config/types";
import { isObject } from "../../src/pipeline/check";
import type { CorpusSource } from "../build-corpus";
import type { CorpusExample } from "../synthetic";
import { toolExample } from "./tool-example";
import { NotALiteral, PyValue, PythonLiteralReader } from "./python-literal";

export const MCP_GUARDBENCH_MM_SOURCE: CorpusSource = {
  id: "mcp-guardbench-mm",
  repository: "https://github.com/Manishmaurya89/mcp-guardbench",
  commit: "ad1a63930eab0a7324432b4850a70c412db50cbf",
  license: "MIT",
  copyright: "Copyright (c) 2026 MCP-GuardBench contributors",
};

const CONSTANT_FILES = ["src/guardbench/domain/markers.py", "src/guardbench/mcp_lab/common.py"] as const;
const HELPERS = "src/guardbench/mcp_lab/common.py";
const FIXTURES = "src/guardbench/mcp_lab/servers";

/** A copied file's text. */
function read(filesDir: string, path: string): string {
  return readFileSync(join(filesDir, MCP_GUARDBENCH_MM_SOURCE.id, path), "utf8");
}

/** The module-level `NAME = <literal>` constants of a Python file, each resolved with those bound before it. */
function moduleConstants(source: string, where: string, bound: ReadonlyMap<string, PyValue>): Map<string, PyValue> {
  const constants = new Map(bound);
  for (const match of source.matchAll(/^(_?[A-Z][A-Z0-9_]*) = /gm)) {
    try {
      constants.set(match[1], new PythonLiteralReader(source, match.index + match[0].length, constants, true).value());
    } catch (error) {
      if (error instanceof NotALiteral) throw new Error(`${where}: the constant ${match[1]} is not a literal (${error.message})`);
      throw error;
    }
  }
  return constants;
}

/** One `ToolDefinitionData(name=..., ...)` call at `at`, as the MCP tool `mcp_lab/base.py` lists, and where it ends. */
function toolDefinitionCall(source: string, at: number, bound: ReadonlyMap<string, PyValue>, where: string): { tool: ToolDefinition; end: number } {
  const fields = new Map<string, PyValue>();
  let reader = new PythonLiteralReader(source, at, bound, true);
  reader.expect("ToolDefinitionData(");
  while (reader.peek() !== ")") {
    const key = reader.identifier();
    reader.expect("=");
    if (key === "meta") {
      reader.peek();
      const meta = /^\{CAPABILITIES_META_KEY: \[[^\]]*\]\}/.exec(source.slice(reader.offset));
      if (!meta) throw new Error(`${where}: a meta that is not {CAPABILITIES_META_KEY: [...]}`);
      reader = new PythonLiteralReader(source, reader.offset + meta[0].length, bound, true);
    } else {
      fields.set(key, reader.value());
    }
    if (reader.peek() === ",") reader.expect(",");
  }
  reader.expect(")");
  const unknown = [...fields.keys()].filter((key) => !["name", "title", "description", "input_schema", "output_schema", "annotations"].includes(key));
  if (unknown.length > 0) throw new Error(`${where}: ToolDefinitionData fields of no known kind: ${unknown.join(", ")}`);
  const { name, title, description } = Object.fromEntries(["name", "title", "description"].map((key) => [key, fields.get(key)]));
  const inputSchema = fields.get("input_schema") ?? { type: "object" };
  const outputSchema = fields.get("output_schema");
  const annotations = fields.get("annotations");
  if (typeof name !== "string" || name === "") throw new Error(`${where}: a ToolDefinitionData without a name`);
  for (const [key, value] of [["title", title], ["description", description]] as const) {
    if (value !== undefined && typeof value !== "string") throw new Error(`${where}#${name}: a ${key} that is not a string`);
  }
  for (const [key, value] of [["input_schema", inputSchema], ["output_schema", outputSchema], ["annotations", annotations]] as const) {
    if (value !== undefined && !isObject(value as JsonValue)) throw new Error(`${where}#${name}: an ${key} that is not a dict`);
  }
  const tool = {
    name,
    ...(title === undefined ? {} : { title }),
    ...(description === undefined ? {} : { description }),
    inputSchema,
    ...(outputSchema === undefined ? {} : { outputSchema }),
    ...(annotations === undefined || Object.keys(annotations as object).length === 0 ? {} : { annotations }),
  } as unknown as ToolDefinition;
  return { tool, end: reader.offset };
}

/** The tools of the shared helpers of `common.py` (`def <name>() -> ToolDefinitionData:` returning one call), by helper. */
function helperTools(filesDir: string, constants: ReadonlyMap<string, PyValue>): Map<string, ToolDefinition> {
  const source = read(filesDir, HELPERS);
  const out = new Map<string, ToolDefinition>();
  for (const match of source.matchAll(/^def (\w+)\(\) -> ToolDefinitionData:\n(?:    """.*"""\n)?    return (?=ToolDefinitionData\()/gm)) {
    out.set(match[1], toolDefinitionCall(source, match.index + match[0].length, constants, `${HELPERS} ${match[1]}`).tool);
  }
  return out;
}

interface Fixture {
  readonly poisoned: ReadonlySet<string>;
  readonly tools: readonly ToolDefinition[];
}

/** A fixture's `poisoned_tools` and the tools its `tool_definitions` method returns. */
function readFixture(filesDir: string, fixture: string, constants: ReadonlyMap<string, PyValue>, helpers: ReadonlyMap<string, ToolDefinition>): Fixture {
  const path = `${FIXTURES}/${fixture}.py`;
  const source = read(filesDir, path);
  const bound = moduleConstants(source, path, constants);
  const declared = /^    poisoned_tools: ClassVar\[frozenset\[str\]\] = frozenset\(\{([^}]*)\}\)$/m.exec(source);
  const poisoned = new Set(declared ? [...declared[1].matchAll(/"(\w+)"/g)].map((name) => name[1]) : []);

  const method = /^    def tool_definitions\(self\) -> list\[ToolDefinitionData\]:\n(?:        """.*"""\n)?/m.exec(source);
  if (!method) throw new Error(`${path}: no tool_definitions method`);
  const bodyStart = method.index + method[0].length;
  const nextMethod = source.indexOf("\n    def ", bodyStart);
  const body = source.slice(bodyStart, nextMethod < 0 ? source.length : nextMethod);
  for (const local of body.matchAll(/^        (\w+) = /gm)) {
    try {
      bound.set(local[1], new PythonLiteralReader(body, local.index + local[0].length, bound, true).value());
    } catch (error) {
      if (error instanceof NotALiteral) throw new Error(`${path}: tool_definitions binds ${local[1]} to what is not a literal (${error.message})`);
      throw error;
    }
  }
  const list = /^        return \[/m.exec(body);
  if (!list) throw new Error(`${path}: tool_definitions returns no list`);

  const tools: ToolDefinition[] = [];
  let at = bodyStart + list.index + list[0].length;
  for (;;) {
    const reader = new PythonLiteralReader(source, at, bound, true);
    if (reader.peek() === "]") break;
    const start = reader.offset;
    if (source.startsWith("ToolDefinitionData(", start)) {
      const { tool, end } = toolDefinitionCall(source, start, bound, path);
      tools.push(tool);
      at = end;
    } else {
      const helper = reader.identifier();
      reader.expect("()");
      const tool = helpers.get(helper);
      if (!tool) throw new Error(`${path}: tool_definitions lists ${helper}(), which is no helper of ${HELPERS}`);
      tools.push(tool);
      at = reader.offset;
    }
    const separator = new PythonLiteralReader(source, at, bound, true);
    if (separator.peek() === ",") separator.expect(",");
    at = separator.offset;
  }
  return { poisoned, tools };
}

/** A test case's `id`, `category` and `server_fixture` (top-level YAML scalars). */
function testCase(text: string, where: string): { id: string; category: string; fixture: string } {
  const scalar = (key: string) => {
    const match = new RegExp(`^${key}: (\\S+)$`, "m").exec(text);
    if (!match) throw new Error(`${where}: no ${key}`);
    return match[1];
  };
  return { id: scalar("id"), category: scalar("category"), fixture: scalar("server_fixture") };
}

export function mcpGuardbenchMmExamples(filesDir: string): CorpusExample[] {
  const constants = CONSTANT_FILES.reduce<ReadonlyMap<string, PyValue>>((bound, path) => moduleConstants(read(filesDir, path), path, bound), new Map());
  const helpers = helperTools(filesDir, constants);
  const out: CorpusExample[] = [];
  const seen = new Set<string>();
  const add = (label: CorpusExample["label"], category: string, where: string, tool: ToolDefinition) => {
    const key = JSON.stringify(tool);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(toolExample(MCP_GUARDBENCH_MM_SOURCE, label, category, where, tool));
  };

  const files = readdirSync(join(filesDir, MCP_GUARDBENCH_MM_SOURCE.id, "test_cases")).sort();
  for (const file of files) {
    if (!file.endsWith(".yaml")) throw new Error(`test_cases/${file}: not a test case`);
    const { id, category, fixture } = testCase(read(filesDir, `test_cases/${file}`), `test_cases/${file}`);
    const { poisoned, tools } = readFixture(filesDir, fixture, constants, helpers);
    const names = new Set(tools.map((tool) => tool.name));
    if (category === "tool_poisoning") {
      if (poisoned.size === 0) throw new Error(`${id}: a tool_poisoning case whose fixture ${fixture} declares no poisoned tool`);
      const absent = [...poisoned].filter((name) => !names.has(name));
      if (absent.length > 0) throw new Error(`${id}: ${fixture} declares poisoned tools it does not list: ${absent.join(", ")}`);
      const attack = fixture.replace(/_server$/, "").replace(/_/g, "-");
      for (const tool of tools) {
        if (poisoned.has(tool.name)) add("poisoned", attack, id, tool);
        else add("benign", "attack-companion", id, tool);
      }
    } else if (category === "benign_control") {
      if (poisoned.size > 0) throw new Error(`${id}: a benign_control case whose fixture ${fixture} declares poisoned tools`);
      for (const tool of tools) add("benign", "honest", id, tool);
    } else {
      throw new Error(`${id}: a test case of category ${category}, which is not read (not copied)`);
    }
  }
  return out;
}
