/**
 * The held-out source mcp-guardbench-mm (guard/model/sources/mcp-guardbench-mm.ts), copied file by file: the checks every
 * copied source gets (test/support/copied-sources.ts), how its lab lists a tool, its errors on altered copies, and the
 * f-strings its fixtures need of the Python literal reader. No assertion compares or prints a source's text.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MCP_GUARDBENCH_MM_SOURCE, mcpGuardbenchMmExamples } from "../guard/model/sources/mcp-guardbench-mm";
import { NotALiteral, PyValue, PythonLiteralReader } from "../guard/model/sources/python-literal";
import { describeCopiedSource, describeWithFiles, FILES_DIR } from "./support/copied-sources";

describeCopiedSource({
  source: MCP_GUARDBENCH_MM_SOURCE,
  extract: mcpGuardbenchMmExamples,
  expected: {
    "poisoned/poisoned-description": 1,
    "poisoned/poisoned-schema": 1,
    "poisoned/multilingual-poisoning": 1,
    "benign/attack-companion": 2,
    "benign/honest": 6,
  },
  files: 13,
});

describeWithFiles(MCP_GUARDBENCH_MM_SOURCE, "mcp-guardbench-mm: how its lab lists a tool", () => {
  it("camel-case schemas, no _meta, no empty annotations", () => {
    const examples = mcpGuardbenchMmExamples(FILES_DIR);
    const keys = new Set(examples.flatMap((example) => Object.keys(example.tool!)));
    expect([...keys].sort()).toEqual(["annotations", "description", "inputSchema", "name", "outputSchema"]);
    expect(examples.filter((example) => example.tool!.outputSchema !== undefined).length).toBe(3);
  });
});

describeWithFiles(MCP_GUARDBENCH_MM_SOURCE, "mcp-guardbench-mm: unexpected shapes", () => {
  let dir = "";
  const casePath = (name: string) => join(dir, MCP_GUARDBENCH_MM_SOURCE.id, "test_cases", name);
  const fixturePath = (name: string) => join(dir, MCP_GUARDBENCH_MM_SOURCE.id, "src", "guardbench", "mcp_lab", "servers", `${name}.py`);
  const edit = (path: string, from: string, to: string) => {
    const text = readFileSync(path, "utf8");
    expect(text).toContain(from);
    writeFileSync(path, text.replace(from, to));
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "mcp-guardbench-mm-"));
    cpSync(join(FILES_DIR, MCP_GUARDBENCH_MM_SOURCE.id), join(dir, MCP_GUARDBENCH_MM_SOURCE.id), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads a copy of the copied files as the copied files", () => {
    expect(mcpGuardbenchMmExamples(dir)).toEqual(mcpGuardbenchMmExamples(FILES_DIR));
  });

  it("throws on a test case of a category it does not read", () => {
    edit(casePath("BN-001-clean-server-metadata.yaml"), "category: benign_control", "category: response_injection");
    expect(() => mcpGuardbenchMmExamples(dir)).toThrow(/BN-001: a test case of category response_injection/);
  });

  it("throws when a fixture contradicts its case", () => {
    edit(casePath("BN-001-clean-server-metadata.yaml"), "category: benign_control", "category: tool_poisoning");
    expect(() => mcpGuardbenchMmExamples(dir)).toThrow(/BN-001: a tool_poisoning case whose fixture clean_server declares no poisoned tool/);
  });

  it("throws on a poisoned tool the fixture does not list", () => {
    edit(fixturePath("poisoned_schema_server"), 'frozenset({"create_note"})', 'frozenset({"create_notes"})');
    expect(() => mcpGuardbenchMmExamples(dir)).toThrow(/poisoned_schema_server declares poisoned tools it does not list: create_notes/);
  });

  it("throws on a tool field it does not know, or a value that is not a literal", () => {
    edit(fixturePath("benign_guidance_server"), "annotations=_READ_ONLY,\n                meta", "annotations=_READ_ONLY,\n                icons=[],\n                meta");
    expect(() => mcpGuardbenchMmExamples(dir)).toThrow(/fields of no known kind: icons/);
    edit(fixturePath("benign_guidance_server"), "icons=[],", 'title=str("x"),');
    expect(() => mcpGuardbenchMmExamples(dir)).toThrow(NotALiteral);
  });
});

describe("PythonLiteralReader f-strings", () => {
  const read = (source: string, fStrings: boolean) => new PythonLiteralReader(source, 0, new Map<string, PyValue>([["MARK", "m"], ["N", 3]]), fStrings).value();

  it("reads an f-string of names bound to strings, with doubled braces, only when asked to", () => {
    expect(read(`(f"[{MARK}] a " "b {x}" f"{{c}}")`, true)).toBe("[m] a b {x}{c}");
    expect(() => read(`f"[{MARK}]"`, false)).toThrow(NotALiteral);
  });

  it("rejects a substitution that is not a name bound to a string", () => {
    expect(() => read(`f"{MARK!r}"`, true)).toThrow(/not a name bound to a string/);
    expect(() => read(`f"{N}"`, true)).toThrow(/not a name bound to a string/);
    expect(() => read(`f"{UNBOUND}"`, true)).toThrow(/not a name bound to a string/);
    expect(() => read(`f"a } b"`, true)).toThrow(/not a name bound to a string/);
  });
});
