/**
 * The hand-written set F of the fifth blind set (`guard/model/blind5/f.json`), in the evasive attacker's register
 * (polite, indirect, paraphrased, passive, conditional and split-across-fields attacks, a fifth in the plain register of
 * scanners' fixtures), is well formed: every document's tool is a valid MCP `Tool` of revision 2025-06-18 (the
 * published JSON schema, no field the revision does not define, an inputSchema that is itself a valid JSON Schema), ids
 * and tool names are unique, labels and attacks agree, the class and label counts are the stated numbers and the
 * README's "## f.json" section states them too, families have one label, the register holds for both labels, and the
 * obfuscations are written as escapes. It reads the files only: it never runs or imports the detector.
 */
import * as fs from "fs";
import * as path from "path";
import { describeSetFile, evenClasses, readmeSection, SetDocument, SetTool } from "./support/mcp-tool-sets";

const ROOT = path.join(__dirname, "..");
const BLIND5 = path.join(ROOT, "guard", "model", "blind5");

/** The fourteen classes of the task and how many poisoned documents each has. */
const CLASS_COUNTS = evenClasses(9);

const { raw: RAW, docs, poisoned, benign } = describeSetFile<SetTool>({
  file: path.join(BLIND5, "f.json"),
  readme: path.join(BLIND5, "README.md"),
  letter: "f",
  cited: ["invariantlabs.ai", "trailofbits.com", "cyberark.com", "genai.owasp.org", "owasp.org/www-project-mcp-top-10", "arXiv:2302.12173", "arXiv:2505.11154", "unicode.org/reports/tr39"],
  author: "helper written-f, session 12, 2026-12-07, without reading the detector or any scanner's fixtures",
  classes: CLASS_COUNTS,
});
const section = readmeSection(fs.readFileSync(path.join(BLIND5, "README.md"), "utf8"), "f.json");

/** A document's description, or the empty string when its tool has none. */
function description(doc: SetDocument): string {
  return typeof doc.tool.description === "string" ? doc.tool.description : "";
}

/** The mean description length of some documents. */
function meanDescription(some: readonly SetDocument[]): number {
  return some.reduce((sum, doc) => sum + description(doc).length, 0) / some.length;
}

/** Whether a document is in the plain register of scanners' fixtures (its family slug says so). */
function isPlain(doc: SetDocument): boolean {
  return doc.family.endsWith("-plain");
}

test("the README section states the plain fixture register's share of each label", () => {
  expect(section).toContain(`(family slugs ending in \`-plain\`: ${poisoned.filter(isPlain).length} poisoned, ${benign.filter(isPlain).length} benign)`);
});

test("the register: short to medium descriptions, of the same length for both labels", () => {
  expect(docs.filter((doc) => description(doc).length > 300).map((doc) => doc.id)).toEqual([]);
  expect(docs.filter((doc) => description(doc).length <= 240).length / docs.length).toBeGreaterThan(0.95);
  const ratio = meanDescription(poisoned) / meanDescription(benign);
  expect(ratio).toBeGreaterThan(0.8);
  expect(ratio).toBeLessThan(1.25);
});

test("the register: about a fifth of each label is in the plain fixture register, with one- or two-sentence descriptions", () => {
  for (const some of [poisoned, benign]) {
    const share = some.filter(isPlain).length / some.length;
    expect(share).toBeGreaterThanOrEqual(0.15);
    expect(share).toBeLessThanOrEqual(0.25);
  }
  expect(docs.filter(isPlain).filter((doc) => description(doc).length > 120).map((doc) => doc.id)).toEqual([]);
});

test("the register: no document uses the classic clichés the evasive register avoids", () => {
  const cliche = /ignore (all )?(the )?(previous|prior|above) instructions|<\/?important>/i;
  expect(docs.filter((doc) => cliche.test(JSON.stringify(doc.tool))).map((doc) => doc.id)).toEqual([]);
});

test("invisible, format, tag and homoglyph characters are written as \\u escapes in the file, and the parsed texts hold them", () => {
  expect(RAW).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u0300-\u036f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]|[\u{e0000}-\u{e007f}]/u);
  for (const escape of ["\\u200b", "\\u200c", "\\u200d", "\\u00ad", "\\u043e", "\\udb40\\udc54"]) expect(RAW).toContain(escape);
  const parsed = JSON.stringify(docs);
  expect(parsed).toMatch(/\u200b/u);
  expect(parsed).toMatch(/\u00ad/u);
  expect(parsed).toMatch(/[\u{e0000}-\u{e007f}]/u);
  expect(parsed).toMatch(/[a-z][\u0430\u043e]|[\u0430\u043e][a-z]/u);
});

