/**
 * The held-out source mcp-guardbench-mm (copied to $MCP_SOURCES_FILES, default /work/.files: mcp-guardbench-mm): its provenance, the
 * extraction's counts per label and class, families and texts, and the f-strings its fixtures need of the Python
 * literal reader. No assertion compares or prints a source's text, so that a failure cannot show one.
 */
import { existsSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { MCP_GUARDBENCH_SOURCE, mcpGuardbenchExamples } from "../guard/model/sources/mcp-guardbench";
import { MCP_GUARDBENCH_MM_SOURCE, mcpGuardbenchMmExamples } from "../guard/model/sources/mcp-guardbench-mm";
import { NotALiteral, PyValue, PythonLiteralReader } from "../guard/model/sources/python-literal";
import type { CorpusExample } from "../guard/model/synthetic";
import { toolProse } from "../guard/model/tool-prose";

/** The local folder of sources copied file by file (`npm run corpus:detector -- --files`); the tests skip without it. */
const DATA_DIR = process.env.MCP_SOURCES_FILES ?? "/work/.files";
const SOURCE_DIR = join(DATA_DIR, MCP_GUARDBENCH_MM_SOURCE.id);

/** Examples per `label/category`, in the extraction and in corpus.json. */
const EXPECTED = {
  "poisoned/poisoned-description": 1,
  "poisoned/poisoned-schema": 1,
  "poisoned/multilingual-poisoning": 1,
  "benign/attack-companion": 2,
  "benign/honest": 6,
};

/** Runs where the copied files are present; otherwise skipped, saying where they are expected. */
const describeWithFiles = (name: string, body: () => void) =>
  existsSync(SOURCE_DIR) ? describe(name, body) : describe.skip(`${name} (skipped: no copied files at ${SOURCE_DIR})`, body);

/** `label/category` → number of examples. */
function counts(examples: readonly CorpusExample[]): { [key: string]: number } {
  const out: { [key: string]: number } = {};
  for (const example of examples) out[`${example.label}/${example.category}`] = (out[`${example.label}/${example.category}`] ?? 0) + 1;
  return out;
}

/** A text with its whitespace collapsed and its case folded, as the corpus's duplicate check compares them. */
function folded(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => (statSync(join(dir, entry)).isDirectory() ? filesUnder(join(dir, entry)) : [join(dir, entry)]));
}

describeWithFiles("mcp-guardbench-mm: the copied files", () => {
  let source: { repository: string; files: { [path: string]: string } } = { repository: "", files: {} };
  beforeAll(() => {
    source = JSON.parse(readFileSync(join(SOURCE_DIR, "SOURCE.json"), "utf8")) as typeof source;
  });

  it("names the commit of every copied file, and nothing else", () => {
    const copied = filesUnder(SOURCE_DIR)
      .map((file) => relative(SOURCE_DIR, file))
      .filter((file) => file !== "SOURCE.json")
      .sort();
    expect(Object.keys(source.files).sort()).toEqual(copied);
    expect(copied.length).toBe(13);
    expect(Object.values(source.files).filter((commit) => !/^[0-9a-f]{40}$/.test(commit))).toEqual([]);
    expect(source.repository).toBe(MCP_GUARDBENCH_MM_SOURCE.repository);
    expect(Object.values(source.files)).toContain(MCP_GUARDBENCH_MM_SOURCE.commit);
  });

  it("carries an MIT licence with the source's copyright line", () => {
    const license = readFileSync(join(SOURCE_DIR, "LICENSE"), "utf8");
    expect(MCP_GUARDBENCH_MM_SOURCE.license).toBe("MIT");
    expect(license.startsWith("MIT License\n")).toBe(true);
    expect(license).toContain(MCP_GUARDBENCH_MM_SOURCE.copyright);
  });
});

describeWithFiles("mcp-guardbench-mm: the extraction", () => {
  let examples: CorpusExample[] = [];
  beforeAll(() => {
    examples = mcpGuardbenchMmExamples(DATA_DIR);
  });

  it("extracts the expected number of examples per label and class", () => {
    expect(counts(examples)).toEqual(EXPECTED);
  });

  it("gives every example the source, a unique family, its whole tool and a non-empty text that is the tool's prose", () => {
    expect(examples.filter((example) => example.source !== MCP_GUARDBENCH_MM_SOURCE.id).map((example) => example.family)).toEqual([]);
    expect(new Set(examples.map((example) => example.family)).size).toBe(examples.length);
    expect(examples.filter((example) => example.text.trim() === "").map((example) => example.family)).toEqual([]);
    expect(examples.filter((example) => !example.tool || toolProse(example.tool) !== example.text).map((example) => example.family)).toEqual([]);
    expect(examples.filter((example) => !example.family.endsWith(`#${example.tool!.name}`)).map((example) => example.family)).toEqual([]);
    expect(examples.filter((example) => example.approved !== undefined).map((example) => example.family)).toEqual([]);
  });

  it("lists a tool the way the lab's MCP server does: camel-case schemas, no _meta, no empty annotations", () => {
    const keys = new Set(examples.flatMap((example) => Object.keys(example.tool!)));
    expect([...keys].sort()).toEqual(["annotations", "description", "inputSchema", "name", "outputSchema"]);
    expect(examples.filter((example) => example.tool!.outputSchema !== undefined).length).toBe(3);
  });

  it("has no text twice, none of getmcpm/mcp-guardbench's, and none another source of corpus.json has (whitespace and case folded)", () => {
    const texts = examples.map((example) => folded(example.text));
    expect(new Set(texts).size).toBe(texts.length);
    const getmcpm = new Set(mcpGuardbenchExamples(DATA_DIR).map((example) => folded(example.text)));
    expect(examples.filter((example) => getmcpm.has(folded(example.text))).map((example) => example.family)).toEqual([]);
    expect(MCP_GUARDBENCH_MM_SOURCE.repository).not.toBe(MCP_GUARDBENCH_SOURCE.repository);
    const corpus = JSON.parse(readFileSync(join(__dirname, "..", "guard", "model", "corpus.json"), "utf8")) as { examples: CorpusExample[] };
    const known = new Set(corpus.examples.filter((example) => example.source !== MCP_GUARDBENCH_MM_SOURCE.id).map((example) => folded(example.text)));
    expect(examples.filter((example) => known.has(folded(example.text))).map((example) => example.family)).toEqual([]);
  });
});

describeWithFiles("mcp-guardbench-mm: unexpected shapes", () => {
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
    cpSync(SOURCE_DIR, join(dir, MCP_GUARDBENCH_MM_SOURCE.id), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads a copy of the copied files as the copied files", () => {
    expect(mcpGuardbenchMmExamples(dir)).toEqual(mcpGuardbenchMmExamples(DATA_DIR));
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

describe("mcp-guardbench-mm in corpus.json (no copied files needed)", () => {
  it("holds every example, with the source's licence", () => {
    const corpus = JSON.parse(readFileSync(join(__dirname, "..", "guard", "model", "corpus.json"), "utf8")) as { sources: unknown[]; examples: CorpusExample[] };
    expect(counts(corpus.examples.filter((example) => example.source === MCP_GUARDBENCH_MM_SOURCE.id))).toEqual(EXPECTED);
    expect(corpus.sources).toContainEqual(MCP_GUARDBENCH_MM_SOURCE);
  });
});
