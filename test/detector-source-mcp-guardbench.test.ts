/**
 * The held-out source mcp-guardbench (guard/model/sources/mcp-guardbench.ts), copied file by file: the checks every
 * copied source gets (test/support/copied-sources.ts), the cases it accounts for, the one poisoned tool of a case that
 * lists several, and its errors on cases written here. No assertion compares or prints a source's text.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LEFT_OUT, MCP_GUARDBENCH_SOURCE, POISONED_TOOL, mcpGuardbenchExamples } from "../guard/model/sources/mcp-guardbench";
import type { CorpusExample } from "../guard/model/synthetic";
import { counts, describeCopiedSource, describeWithFiles, FILES_DIR } from "./support/copied-sources";

describeCopiedSource({
  source: MCP_GUARDBENCH_SOURCE,
  extract: mcpGuardbenchExamples,
  expected: {
    "poisoned/owasp-mcp-1-tool-description-injection": 6,
    "poisoned/hidden-chars-in-metadata": 3,
    "benign/attack-companion": 7,
    "benign/honest": 20,
  },
  files: 17,
});

describeWithFiles(MCP_GUARDBENCH_SOURCE, "mcp-guardbench: what it reads", () => {
  let examples: CorpusExample[] = [];
  beforeAll(() => {
    examples = mcpGuardbenchExamples(FILES_DIR);
  });

  it("copies no case it leaves out, and accounts for every case of the repository (57, its README's corpus v5)", () => {
    const manifest = JSON.parse(readFileSync(join(FILES_DIR, MCP_GUARDBENCH_SOURCE.id, "SOURCE.json"), "utf8")) as { files: { [path: string]: string } };
    const copiedCases = Object.keys(manifest.files)
      .filter((path) => path.startsWith("cases/"))
      .map((path) => path.slice(path.lastIndexOf("/") + 1, -".json".length));
    expect(copiedCases.filter((id) => LEFT_OUT.has(id))).toEqual([]);
    expect(copiedCases.length + LEFT_OUT.size).toBe(57);
  });

  it("marks as poisoned, in a case listing several tools, only the tool its metadata names", () => {
    for (const [id, name] of POISONED_TOOL) {
      const ofCase = examples.filter((example) => example.family.includes(`-${id}#`));
      expect(ofCase.filter((example) => example.label === "poisoned").map((example) => example.tool!.name)).toEqual([name]);
      expect(ofCase.length).toBeGreaterThan(1);
    }
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
