/**
 * What every held-out source copied file by file (guard/model/sources/, build-corpus's `--files`) is checked for: its
 * copied files' manifest and licence, the extraction's counts, families, whole tools and texts, and corpus.json holding
 * its examples. The tests that read the copied files run where they are present (`$MCP_SOURCES_FILES`, default
 * `/work/.files`) and are skipped otherwise, saying where they are expected; corpus.json's need none. No assertion
 * compares or prints a source's text, so that a failure cannot show one.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { CorpusSource } from "../../guard/model/build-corpus";
import type { CorpusExample } from "../../guard/model/synthetic";
import { toolProse } from "../../guard/model/tool-prose";

/** The local folder of the sources copied file by file, one `<id>/` each. */
export const FILES_DIR = process.env.MCP_SOURCES_FILES ?? "/work/.files";

/** `label/category` → number of examples. */
export function counts(examples: readonly CorpusExample[]): { [key: string]: number } {
  const out: { [key: string]: number } = {};
  for (const example of examples) out[`${example.label}/${example.category}`] = (out[`${example.label}/${example.category}`] ?? 0) + 1;
  return out;
}

/** A text with its whitespace collapsed and its case folded, as the corpus's duplicate check compares them. */
export function folded(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => (statSync(join(dir, entry)).isDirectory() ? filesUnder(join(dir, entry)) : [join(dir, entry)]));
}

/** corpus.json's sources and examples. */
export function readCorpus(): { sources: CorpusSource[]; examples: CorpusExample[] } {
  return JSON.parse(readFileSync(join(__dirname, "..", "..", "guard", "model", "corpus.json"), "utf8")) as { sources: CorpusSource[]; examples: CorpusExample[] };
}

/** A `describe` that runs where the source's copied files are present, and is skipped, saying where, otherwise. */
export function describeWithFiles(source: CorpusSource, name: string, body: () => void): void {
  const dir = join(FILES_DIR, source.id);
  if (existsSync(dir)) describe(name, body);
  else describe.skip(`${name} (skipped: no copied files at ${dir})`, body);
}

export interface CopiedSource {
  readonly source: CorpusSource;
  readonly extract: (filesDir: string) => CorpusExample[];
  /** Examples per `label/category`, in the extraction and in corpus.json. */
  readonly expected: { readonly [key: string]: number };
  /** How many files are copied, besides SOURCE.json. */
  readonly files: number;
}

/** The shared checks of one copied source; its own checks stay in its test file. */
export function describeCopiedSource({ source, extract, expected, files }: CopiedSource): void {
  const sourceDir = join(FILES_DIR, source.id);

  describeWithFiles(source, `${source.id}: the copied files`, () => {
    let manifest: { repository: string; files: { [path: string]: string } } = { repository: "", files: {} };
    beforeAll(() => {
      manifest = JSON.parse(readFileSync(join(sourceDir, "SOURCE.json"), "utf8")) as typeof manifest;
    });

    it("names the commit of every copied file, and nothing else", () => {
      const copied = filesUnder(sourceDir)
        .map((file) => relative(sourceDir, file))
        .filter((file) => file !== "SOURCE.json")
        .sort();
      expect(Object.keys(manifest.files).sort()).toEqual(copied);
      expect(copied.length).toBe(files);
      expect(Object.values(manifest.files).filter((commit) => !/^[0-9a-f]{40}$/.test(commit))).toEqual([]);
      expect(manifest.repository).toBe(source.repository);
      expect(Object.values(manifest.files)).toContain(source.commit);
    });

    it("carries an MIT licence with the source's copyright line", () => {
      const license = readFileSync(join(sourceDir, "LICENSE"), "utf8");
      expect(source.license).toBe("MIT");
      expect(license.startsWith("MIT License\n")).toBe(true);
      expect(license).toContain(source.copyright);
    });
  });

  describeWithFiles(source, `${source.id}: the extraction`, () => {
    let examples: CorpusExample[] = [];
    beforeAll(() => {
      examples = extract(FILES_DIR);
    });

    it("extracts the expected number of examples per label and class", () => {
      expect(counts(examples)).toEqual(expected);
    });

    it("gives every example the source, a unique family, its whole tool and a non-empty text that is the tool's prose", () => {
      expect(examples.filter((example) => example.source !== source.id).map((example) => example.family)).toEqual([]);
      expect(new Set(examples.map((example) => example.family)).size).toBe(examples.length);
      expect(examples.filter((example) => example.text.trim() === "").map((example) => example.family)).toEqual([]);
      expect(examples.filter((example) => !example.tool || toolProse(example.tool) !== example.text).map((example) => example.family)).toEqual([]);
      expect(examples.filter((example) => !example.family.endsWith(`#${example.tool!.name}`)).map((example) => example.family)).toEqual([]);
      expect(examples.filter((example) => example.approved !== undefined).map((example) => example.family)).toEqual([]);
    });

    it("has no text twice, nor one another source of corpus.json has (whitespace and case folded)", () => {
      const texts = examples.map((example) => folded(example.text));
      expect(new Set(texts).size).toBe(texts.length);
      const known = new Set(readCorpus().examples.filter((example) => example.source !== source.id).map((example) => folded(example.text)));
      expect(examples.filter((example) => known.has(folded(example.text))).map((example) => example.family)).toEqual([]);
    });
  });

  describe(`${source.id} in corpus.json (no copied files needed)`, () => {
    it("holds every example, with the source's licence", () => {
      const corpus = readCorpus();
      expect(counts(corpus.examples.filter((example) => example.source === source.id))).toEqual(expected);
      expect(corpus.sources).toContainEqual(source);
    });
  });
}
