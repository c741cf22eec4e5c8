/**
 * The held-out source mcp-guardbench (copied to $MCP_SOURCES_FILES, default /work/.files: mcp-guardbench): its provenance, and the
 * extraction's counts per label and class, families and texts. No assertion compares or prints a text, so that a
 * failure cannot show one.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { LEFT_OUT, MCP_GUARDBENCH_SOURCE, POISONED_TOOL, mcpGuardbenchExamples } from "../guard/model/sources/mcp-guardbench";
import type { CorpusExample } from "../guard/model/synthetic";
import { toolProse } from "../guard/model/tool-prose";

/** The local folder of sources copied file by file (`npm run corpus:detector -- --files`); the tests skip without it. */
const DATA_DIR = process.env.MCP_SOURCES_FILES ?? "/work/.files";
const SOURCE_DIR = join(DATA_DIR, MCP_GUARDBENCH_SOURCE.id);

/** Examples per `label/category`, in the extraction and in corpus.json. */
const EXPECTED = {
  "poisoned/owasp-mcp-1-tool-description-injection": 6,
  "poisoned/hidden-chars-in-metadata": 3,
  "benign/attack-companion": 7,
  "benign/honest": 20,
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

describeWithFiles("mcp-guardbench: the copied files", () => {
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
    expect(copied.length).toBe(17);
    expect(Object.values(source.files).filter((commit) => !/^[0-9a-f]{40}$/.test(commit))).toEqual([]);
    expect(source.repository).toBe(MCP_GUARDBENCH_SOURCE.repository);
    expect(Object.values(source.files)).toContain(MCP_GUARDBENCH_SOURCE.commit);
  });

  it("carries an MIT licence with the source's copyright line", () => {
    const license = readFileSync(join(SOURCE_DIR, "LICENSE"), "utf8");
    expect(MCP_GUARDBENCH_SOURCE.license).toBe("MIT");
    expect(license.startsWith("MIT License\n")).toBe(true);
    expect(license).toContain(MCP_GUARDBENCH_SOURCE.copyright);
  });

  it("copies no case it leaves out, and accounts for every case of the repository (57, its README's corpus v5)", () => {
    const copiedCases = Object.keys(source.files)
      .filter((path) => path.startsWith("cases/"))
      .map((path) => path.slice(path.lastIndexOf("/") + 1, -".json".length));
    expect(copiedCases.filter((id) => LEFT_OUT.has(id))).toEqual([]);
    expect(copiedCases.length + LEFT_OUT.size).toBe(57);
  });
});

describeWithFiles("mcp-guardbench: the extraction", () => {
  let examples: CorpusExample[] = [];
  beforeAll(() => {
    examples = mcpGuardbenchExamples(DATA_DIR);
  });

  it("extracts the expected number of examples per label and class", () => {
    expect(counts(examples)).toEqual(EXPECTED);
  });

  it("gives every example the source, a unique family, its whole tool and a non-empty text that is the tool's prose", () => {
    expect(examples.filter((example) => example.source !== MCP_GUARDBENCH_SOURCE.id).map((example) => example.family)).toEqual([]);
    expect(new Set(examples.map((example) => example.family)).size).toBe(examples.length);
    expect(examples.filter((example) => example.text.trim() === "").map((example) => example.family)).toEqual([]);
    expect(examples.filter((example) => !example.tool || toolProse(example.tool) !== example.text).map((example) => example.family)).toEqual([]);
    expect(examples.filter((example) => !example.family.endsWith(`#${example.tool!.name}`)).map((example) => example.family)).toEqual([]);
    expect(examples.filter((example) => example.approved !== undefined).map((example) => example.family)).toEqual([]);
  });

  it("marks as poisoned, in a case listing several tools, only the tool its metadata names", () => {
    for (const [id, name] of POISONED_TOOL) {
      const ofCase = examples.filter((example) => example.family.includes(`-${id}#`));
      expect(ofCase.filter((example) => example.label === "poisoned").map((example) => example.tool!.name)).toEqual([name]);
      expect(ofCase.length).toBeGreaterThan(1);
    }
  });

  it("has no text twice, nor one another source of corpus.json has (whitespace and case folded)", () => {
    const texts = examples.map((example) => folded(example.text));
    expect(new Set(texts).size).toBe(texts.length);
    const corpus = JSON.parse(readFileSync(join(__dirname, "..", "guard", "model", "corpus.json"), "utf8")) as { examples: CorpusExample[] };
    const known = new Set(corpus.examples.filter((example) => example.source !== MCP_GUARDBENCH_SOURCE.id).map((example) => folded(example.text)));
    expect(examples.filter((example) => known.has(folded(example.text))).map((example) => example.family)).toEqual([]);
  });
});

describe("mcp-guardbench: unexpected shapes", () => {
  let dir = "";
  const tool = (name: string) => ({ name, description: `${name} does one thing.`, inputSchema: { type: "object" } });
  const frame = (id: string, bucket: string, action: string, message: object, signature?: string) => ({
    id,
    bucket,
    expected: { action, ...(signature ? { signature_id: signature } : {}) },
    message: { jsonrpc: "2.0", id: 1, ...message },
  });
  const write = (folder: string, id: string, content: object) => {
    mkdirSync(join(dir, MCP_GUARDBENCH_SOURCE.id, "cases", folder), { recursive: true });
    writeFileSync(join(dir, MCP_GUARDBENCH_SOURCE.id, "cases", folder, `${id}.json`), JSON.stringify(content));
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "mcp-guardbench-"));
    write("attacks", "one", frame("one", "attacks", "block", { result: { tools: [tool("a")] } }, "some-signature"));
    write("benign", "two", frame("two", "benign", "pass", { result: { tools: [tool("b"), tool("c")] } }));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads a well-formed pair of folders", () => {
    expect(counts(mcpGuardbenchExamples(dir))).toEqual({ "poisoned/some-signature": 1, "benign/honest": 2 });
  });

  it("throws on a case that is not a tools/list result", () => {
    write("attacks", "three", frame("three", "attacks", "block", { result: { content: [{ type: "text", text: "x" }] } }, "s"));
    expect(() => mcpGuardbenchExamples(dir)).toThrow(/three\.json: not a tools\/list result/);
  });

  it("throws on a copied case that is left out", () => {
    const [id] = [...LEFT_OUT.keys()];
    write("attacks", id, frame(id, "attacks", "block", { result: { tools: [tool("a")] } }, "s"));
    expect(() => mcpGuardbenchExamples(dir)).toThrow(/a case that is left out/);
  });

  it("throws on a label the folder contradicts", () => {
    write("benign", "three", frame("three", "benign", "block", { result: { tools: [tool("a")] } }));
    expect(() => mcpGuardbenchExamples(dir)).toThrow(/expected action "block" in the benign\/ folder/);
    write("benign", "three", frame("three", "attacks", "pass", { result: { tools: [tool("a")] } }));
    expect(() => mcpGuardbenchExamples(dir)).toThrow(/bucket "attacks" in the benign\/ folder/);
  });

  it("throws on an attack case listing several tools without naming the poisoned one, or without a class", () => {
    write("attacks", "three", frame("three", "attacks", "block", { result: { tools: [tool("a"), tool("b")] } }, "s"));
    expect(() => mcpGuardbenchExamples(dir)).toThrow(/listing 2 tools names none/);
    write("attacks", "three", frame("three", "attacks", "block", { result: { tools: [tool("a")] } }));
    expect(() => mcpGuardbenchExamples(dir)).toThrow(/without a signature_id/);
  });

  it("throws on a folder it does not read, such as warn", () => {
    write("warn", "three", frame("three", "warn", "warn", { result: { tools: [tool("a")] } }));
    expect(() => mcpGuardbenchExamples(dir)).toThrow(/entries of no known kind: warn/);
  });
});

describe("mcp-guardbench in corpus.json (no copied files needed)", () => {
  it("holds every example, with the source's licence", () => {
    const corpus = JSON.parse(readFileSync(join(__dirname, "..", "guard", "model", "corpus.json"), "utf8")) as { sources: unknown[]; examples: CorpusExample[] };
    expect(counts(corpus.examples.filter((example) => example.source === MCP_GUARDBENCH_SOURCE.id))).toEqual(EXPECTED);
    expect(corpus.sources).toContainEqual(MCP_GUARDBENCH_SOURCE);
  });
});
