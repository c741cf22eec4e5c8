/**
 * Pipelock (github.com/luckyPipewrench/pipelock; its core, which holds these tests, Apache-2.0 by LICENSE, README and
 * the file's SPDX header; only `enterprise/` is ELv2 and nothing is read from it): the tool-description texts of the
 * table tests of its tool-poisoning check, `internal/mcp/tools/tools_test.go`, labelled by structure, never by reading
 * them. Each `TestCheckToolPoison_<Name>` function feeds texts to `checkToolPoison` and either asserts a finding
 * (`if !found` / `len(...) == 0` fails the test: poisoned) or asserts none (`len(findings) > 0` fails it: benign);
 * {@link FUNCTIONS} names the functions read and the label each one's assertion gives, and the extraction checks that
 * the function's body asserts that. The class is the function's name in kebab case (`InstructionTag` →
 * `instruction-tag`). `DangerousCapability`'s positives are left out: they describe a tool that runs commands, which an
 * honest description may say too (its no-false-positive list is read, benign). The texts are descriptions only
 * (`checkToolPoison` reads a tool's text), so the examples record no tool.
 */
import type { CorpusSource } from "../build-corpus";
import type { CorpusExample } from "../synthetic";
import { show } from "./shared";

export const PIPELOCK_SOURCE: CorpusSource = {
  id: "pipelock",
  repository: "https://github.com/luckyPipewrench/pipelock",
  commit: "408651293dfc175df407662de27216b5ea7cc66b",
  license: "Apache-2.0",
  copyright: "Copyright 2026 Josh Waldrep",
};

const TESTS = "internal/mcp/tools/tools_test.go";

/** The test functions read (the suffix after `TestCheckToolPoison_`) and the label their assertions give. */
export const FUNCTIONS: ReadonlyMap<string, CorpusExample["label"]> = new Map([
  ["InstructionTag", "poisoned"],
  ["FileExfiltration", "poisoned"],
  ["CrossTool", "poisoned"],
  ["CombiningMarkBypass", "poisoned"],
  ["HomoglyphBypass", "poisoned"],
  ["IPASmallCapsIMPORTANT", "poisoned"],
  ["LeetspeakIMPORTANT", "poisoned"],
  ["NegativeSquaredIMPORTANT", "poisoned"],
  ["UnicodeBypass", "poisoned"],
  ["DangerousCapability_NoFalsePositive", "benign"],
  ["Clean", "benign"],
  ["BenignEnvReference", "benign"],
]);

const ASSERTS_FINDING = /if !found \{|if len\((?:matches|findings)\) == 0 \{/;
const ASSERTS_NONE = /if (?:findings := checkToolPoison\(text\); )?len\(findings\) > 0 \{/;

const GO_ESCAPES: { readonly [char: string]: number } = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, "\\": 92, "'": 39, '"': 34 };

/** A Go string literal (raw or interpreted) starting at `at`: its value and where it ends. */
export function goString(source: string, at: number): { readonly value: string; readonly end: number } {
  const quote = source[at];
  if (quote === "`") {
    const end = source.indexOf("`", at + 1);
    if (end < 0) throw new Error(`unterminated raw string at offset ${at}`);
    return { value: source.slice(at + 1, end).replace(/\r/g, ""), end: end + 1 };
  }
  if (quote !== '"') throw new Error(`no string literal at offset ${at}`);
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  let pos = at + 1;
  for (;;) {
    const char = source[pos];
    if (char === undefined || char === "\n") throw new Error(`unterminated string at offset ${at}`);
    if (char === '"') return { value: new TextDecoder().decode(new Uint8Array(bytes)), end: pos + 1 };
    if (char !== "\\") {
      const point = source.codePointAt(pos)!;
      const text = String.fromCodePoint(point);
      bytes.push(...encoder.encode(text));
      pos += text.length;
      continue;
    }
    const next = source[pos + 1];
    if (next in GO_ESCAPES) {
      bytes.push(GO_ESCAPES[next]);
      pos += 2;
    } else if (next === "x" || /[0-7]/.test(next)) {
      const digits = next === "x" ? source.slice(pos + 2, pos + 4) : source.slice(pos + 1, pos + 4);
      bytes.push(parseInt(digits, next === "x" ? 16 : 8));
      pos += 4;
    } else if (next === "u" || next === "U") {
      const length = next === "u" ? 4 : 8;
      bytes.push(...encoder.encode(String.fromCodePoint(parseInt(source.slice(pos + 2, pos + 2 + length), 16))));
      pos += 2 + length;
    } else {
      throw new Error(`unsupported escape \\${next} at offset ${pos}`);
    }
  }
}

/** Where the string, rune or comment starting at `pos` ends, or `pos` when none starts there. */
function skipLexeme(source: string, pos: number): number {
  const char = source[pos];
  if (char === '"' || char === "`") return goString(source, pos).end;
  if (char === "'") return source.indexOf("'", pos + (source[pos + 1] === "\\" ? 2 : 1) + 1) + 1;
  if (source.startsWith("//", pos)) {
    const end = source.indexOf("\n", pos);
    return end < 0 ? source.length : end;
  }
  if (source.startsWith("/*", pos)) return source.indexOf("*/", pos) + 2;
  return pos;
}

/** The top-level elements of the composite literal whose `{` is at `open`, as source, comments dropped. */
function elements(source: string, open: number): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = "";
  for (let pos = open; pos < source.length; ) {
    const skipped = skipLexeme(source, pos);
    if (skipped !== pos) {
      if (!source.startsWith("//", pos) && !source.startsWith("/*", pos)) current += source.slice(pos, skipped);
      pos = skipped;
      continue;
    }
    const char = source[pos++];
    if ("{([".includes(char)) {
      depth++;
      if (depth === 1) continue;
    } else if ("})]".includes(char)) {
      depth--;
      if (depth === 0) {
        if (current.trim()) out.push(current.trim());
        return out;
      }
    } else if (char === "," && depth === 1) {
      if (current.trim()) out.push(current.trim());
      current = "";
      continue;
    }
    current += char;
  }
  throw new Error(`unterminated composite literal at offset ${open}`);
}

/** The value of an element that is one string literal. */
function literal(element: string, where: string): string {
  const { value, end } = goString(element, 0);
  if (element.slice(end).trim()) throw new Error(`pipelock ${where}: an element that is not one string literal`);
  return value;
}

/** The texts a test function feeds to `checkToolPoison`: its `[]string` list, its table's `text` fields or its one text. */
function functionTexts(body: string, where: string): string[] {
  const list = /\[\]string\{/.exec(body);
  if (list) return elements(body, list.index + list[0].length - 1).map((element) => literal(element, where));
  const table = /\[\]struct \{([^}]*)\}\{/.exec(body);
  if (table) {
    const fields = table[1].split("\n").map((line) => line.trim().split(/\s+/)[0]).filter(Boolean);
    const index = fields.indexOf("text");
    if (index < 0) throw new Error(`pipelock ${where}: a table without a text field`);
    return elements(body, table.index + table[0].length - 1).map((row) => {
      const cells = elements(row, row.indexOf("{"));
      const keyed = cells.find((cell) => /^text:\s*/.test(cell));
      return literal(keyed ? keyed.replace(/^text:\s*/, "") : cells[index], where);
    });
  }
  const single = /:= (?:normalize\.ForToolText\()?(?=["`])/.exec(body);
  if (!single) throw new Error(`pipelock ${where}: no text list, table or text`);
  return [goString(body, single.index + single[0].length).value];
}

export function pipelockExamples(gitDir: string): CorpusExample[] {
  const commit = PIPELOCK_SOURCE.commit!;
  const source = show(gitDir, commit, TESTS);
  const byText = new Map<string, CorpusExample>();
  for (const [name, label] of FUNCTIONS) {
    const where = `${TESTS} TestCheckToolPoison_${name}`;
    const start = source.indexOf(`\nfunc TestCheckToolPoison_${name}(t *testing.T) {\n`);
    if (start < 0) throw new Error(`pipelock at ${commit}: ${where} is missing`);
    const body = source.slice(start + 1, source.indexOf("\n}\n", start) + 2);
    const asserted = ASSERTS_FINDING.test(body) ? "poisoned" : ASSERTS_NONE.test(body) ? "benign" : undefined;
    if (asserted !== label) throw new Error(`pipelock at ${commit}: ${where} asserts ${asserted ?? "neither a finding nor none"}, not ${label}`);
    const category = name.replace(/_/g, "-").replace(/([a-z])([A-Z])/g, "$1-$2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2").toLowerCase();
    functionTexts(body, where).forEach((text, index) => {
      const seen = byText.get(text);
      if (seen && seen.label !== label) throw new Error(`pipelock at ${commit}: a text of ${where} is ${label} and ${seen.label} in ${seen.family}`);
      if (!seen && text.trim()) byText.set(text, { family: `pipelock-${label === "poisoned" ? "p" : "b"}-${name}#${index}`, label, source: PIPELOCK_SOURCE.id, category: label === "poisoned" ? category : `honest-${category}`, text });
    });
  }
  return [...byText.values()];
}
