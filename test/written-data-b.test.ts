/**
 * The hand-written training set B (`guard/model/data/written/b.json`) is well formed: every document's tool is a
 * valid MCP `Tool` of revision 2025-06-18 with described parameters, ids and tool names are unique, labels and attack
 * classes agree with each other and with the README's `## b.json` section (class, language and benign category
 * counts), and every family holds 1 to 6 documents of one label. It reads the files only: it never imports or runs
 * the detector.
 */
import * as fs from "fs";
import * as path from "path";
import { classTable, familyProblems, readmeSection, readSetFile, SetTool, toolProblems } from "./support/mcp-tool-sets";

const ROOT = path.join(__dirname, "..");
const DATA_DIR = path.join(ROOT, "guard", "model", "data", "written");
const README = fs.readFileSync(path.join(DATA_DIR, "README.md"), "utf8");

interface Tool extends SetTool {
  readonly description?: string;
  readonly inputSchema: { readonly properties?: Record<string, { readonly description?: unknown }> };
}


const { raw: RAW, set, docs, poisoned, benign } = readSetFile<Tool>(path.join(DATA_DIR, "b.json"));

const SECTION = readmeSection(README, "b.json");
const classRows = classTable(SECTION);
const classes = classRows.map((row) => row.attack);
const languageTable = [...SECTION.matchAll(/^\| [^|]*\(((?:mix-)?[a-z]{2})\) \| (\d+) \| (\d+) \|$/gm)].map((match) => ({
  language: match[1],
  poisoned: Number(match[2]),
  benign: Number(match[3]),
}));

const LANGUAGE_CODES = ["es", "fr", "de", "pt", "it", "nl", "pl", "ru", "uk", "tr", "ar", "he", "hi", "zh", "ja", "ko", "vi", "id"];
/** Scripts that identify a non-Latin language; Latin-script languages are only checked for using no other script. */
const SCRIPT: Readonly<Record<string, RegExp>> = {
  ru: /\p{Script=Cyrillic}/u,
  uk: /\p{Script=Cyrillic}/u,
  ar: /\p{Script=Arabic}/u,
  he: /\p{Script=Hebrew}/u,
  hi: /\p{Script=Devanagari}/u,
  zh: /\p{Script=Han}/u,
  ja: /[\p{Script=Hiragana}\p{Script=Katakana}]/u,
  ko: /\p{Script=Hangul}/u,
};
const NON_LATIN_LETTER = /(?!\p{Script=Latin})\p{L}/u;

/** The language a family slug records: `<code>-...`, `mix-<code>-...` (English mixed with it), or English. */
function languageOf(family: string): string {
  const [first, second] = family.split("-");
  if (first === "mix" && second !== undefined && LANGUAGE_CODES.includes(second)) return `mix-${second}`;
  return LANGUAGE_CODES.includes(first) ? first : "en";
}

/** Every natural-language text of a tool: title, description, annotation title and parameter descriptions. */
function texts(tool: Tool): string {
  const params = Object.values(tool.inputSchema.properties ?? {}).map((property) => String(property.description ?? ""));
  const annotationTitle = (tool.annotations as { title?: string } | undefined)?.title ?? "";
  return [String(tool.title ?? ""), tool.description ?? "", annotationTitle, ...params].join("\n");
}

test("the file names its author, cites the public write-ups, and holds about 300 documents, roughly half poisoned", () => {
  expect(set.author).toBe("helper written-b, session 10, 2026-12-07, without reading the detector");
  expect(typeof set.source).toBe("string");
  for (const cited of ["invariantlabs.ai", "elastic.co/security-labs", "cyberark.com", "genai.owasp.org", "arXiv:2508.14925", "trailofbits.com"]) {
    expect(set.source).toContain(cited);
  }
  expect(docs.length).toBeGreaterThanOrEqual(290);
  expect(poisoned.length + benign.length).toBe(docs.length);
  expect(poisoned.length / docs.length).toBeGreaterThan(0.45);
  expect(poisoned.length / docs.length).toBeLessThan(0.55);
});

test("ids are unique and of the form b001, tool names are unique within the file", () => {
  const ids = docs.map((doc) => doc.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^b\d{3}$/);
  const names = docs.map((doc) => doc.tool.name);
  expect(new Set(names).size).toBe(names.length);
});

test("every poisoned document names a README class, benign ones name none, and the README counts are the file's", () => {
  expect(classes.length).toBe(10);
  for (const doc of poisoned) expect(classes).toContain(doc.attack);
  for (const doc of benign) expect(doc.attack).toBeUndefined();
  for (const { attack, count } of classRows) {
    expect({ attack, count: poisoned.filter((doc) => doc.attack === attack).length }).toEqual({ attack, count });
    expect(count).toBeGreaterThanOrEqual(10);
  }
});

test("every family is a slug of 1 to 6 documents that share one label", () => {
  const problems = familyProblems(docs);
  expect(problems).toEqual([]);
});

test("the README's language table is the file's, with at least 30 poisoned and 30 benign documents not in English", () => {
  const counted = new Map<string, { poisoned: number; benign: number }>();
  for (const doc of docs) {
    const language = languageOf(doc.family);
    const row = counted.get(language) ?? { poisoned: 0, benign: 0 };
    counted.set(language, doc.label === "poisoned" ? { ...row, poisoned: row.poisoned + 1 } : { ...row, benign: row.benign + 1 });
  }
  const fromFile = [...counted].map(([language, row]) => ({ language, ...row })).sort((a, b) => a.language.localeCompare(b.language));
  expect([...languageTable].sort((a, b) => a.language.localeCompare(b.language))).toEqual(fromFile);
  const other = docs.filter((doc) => languageOf(doc.family) !== "en");
  expect(other.filter((doc) => doc.label === "poisoned").length).toBeGreaterThanOrEqual(30);
  expect(other.filter((doc) => doc.label === "benign").length).toBeGreaterThanOrEqual(30);
});

test("the README's benign category table adds up to the file's benign documents", () => {
  const start = SECTION.indexOf("| category | benign |");
  expect(start).toBeGreaterThanOrEqual(0);
  const rows = [...SECTION.slice(start).matchAll(/^\| [^|`]+\| (\d+) \|$/gm)].map((match) => Number(match[1]));
  expect(rows.length).toBeGreaterThanOrEqual(10);
  expect(rows.reduce((sum, count) => sum + count, 0)).toBe(benign.length);
});

test("a family's language slug matches the script its texts use", () => {
  const problems = docs.flatMap((doc) => {
    const language = languageOf(doc.family);
    const text = texts(doc.tool);
    const code = language.replace(/^mix-/, "");
    const script = SCRIPT[code];
    const ok =
      language === "en"
        ? !NON_LATIN_LETTER.test(text)
        : script !== undefined
          ? script.test(text) && (!language.startsWith("mix-") || /[A-Za-z]{3} [A-Za-z]{3}/.test(doc.tool.description ?? ""))
          : !NON_LATIN_LETTER.test(text);
    return ok ? [] : [{ id: doc.id, family: doc.family }];
  });
  expect(problems).toEqual([]);
});

test("every tool is a valid MCP 2025-06-18 Tool with no field the revision does not define and a description on every parameter", () => {
  const problems = docs.flatMap((doc) => {
    const found = toolProblems(doc.tool);
    const undescribed = Object.entries(doc.tool.inputSchema.properties ?? {})
      .filter(([, property]) => typeof property.description !== "string" || property.description.length === 0)
      .map(([name]) => name);
    const described = typeof doc.tool.description === "string" && doc.tool.description.length > 0;
    return found === undefined && undescribed.length === 0 && described ? [] : [{ id: doc.id, ...found, undescribed, described }];
  });
  expect(problems).toEqual([]);
});

test("invisible and format characters are written as \\u escapes in the file, not raw", () => {
  expect(RAW).not.toMatch(/\p{Cf}/u);
});

test("the checks reject what they should (they are not vacuous)", () => {
  expect(languageOf("ja-persist-config")).toBe("ja");
  expect(languageOf("mix-zh-xorigin")).toBe("mix-zh");
  expect(languageOf("del-files-honest")).toBe("en");
  expect(NON_LATIN_LETTER.test("Müşteri kaydını sorgular")).toBe(false);
  expect(NON_LATIN_LETTER.test("Проверяет")).toBe(true);
});
