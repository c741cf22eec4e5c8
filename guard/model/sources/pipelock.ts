/**
 * Pipelock (github.com/luckyPipewrench/pipelock; its core, which holds these tests, Apache-2.0 by LICENSE, README and
 * the file's SPDX header; only `enterprise/` is ELv2 and nothing is read from it): the tool-description texts of the
 * table tests of its tool-poisoning check, `internal/mcp/tools/tools_test.go`, labelled by structure, never by reading
 * them. Each `TestCheckToolPoison_<Name>` function feeds texts to `checkToolPoison` and either asserts a finding
 * (`if !found` / `len(...) == 0` fails the test: poisoned) or asserts none (`len(findings) > 0` fails it: benign);
 * {@link FUNCTIONS} names the functions read and the label each one's assertion gives, and the extraction checks that
 * the function's body asserts that. The class is the function's name in kebab case (`InstructionTag` →
 * `instruction-tag`). `DangerousCapability`'s positives are left out: they describe a tool that runs commands, which an
 * honest description may say too (its no-false-positive list is read, benign). These texts are descriptions only
 * (`checkToolPoison` reads a tool's text), so their examples record no tool.
 *
 * The same file's `TestScanTools_<Name>` functions scan a whole `tools/list` (`makeToolsResponse(\`[...]\`)`, JSON):
 * {@link SCANS} names those read, each with the label its assertion gives (`if result.Clean {` fails it: poisoned;
 * `if !result.Clean {`: benign), which the extraction checks. In a poisoned list, the tool the test names as the match
 * (`ToolName != "<name>"`) is poisoned, and the others benign when the test also asserts a single match; a list of one
 * tool is that tool. Left out: lists with an attack in a field that is no prose (`$comment`, `examples`, vendor
 * extensions) or in a parameter name, lists a test builds by concatenation, lists scanned with extra patterns from the
 * configuration or without a configuration, tools without a name, and the drift tests (a change, not an attack).
 * These examples record the whole tool, `text` being its prose (`toolProse`: what the classifier reads of it).
 */
import type { CorpusSource } from "../build-corpus";
import type { CorpusExample } from "../synthetic";
import { toolExample } from "./tool-example";
import type { ToolDefinition } from "../../src/config/types";
import { show } from "./git";
import { kebab } from "./kebab";

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

/** The `TestScanTools_` functions read (the suffix) and the label their assertion gives. */
export const SCANS: ReadonlyMap<string, CorpusExample["label"]> = new Map([
  ["InjectionInDescription", "poisoned"],
  ["PoisonTag", "poisoned"],
  ["SchemaDescriptionPoison", "poisoned"],
  ["CurlExecDirective", "poisoned"],
  ["DataRoutingDirective", "poisoned"],
  ["SchemaCredentialPrepend", "poisoned"],
  ["MultiplePoisonedTools", "poisoned"],
  ["CrossToolManipulation", "poisoned"],
  ["PoisonInSchemaTitle", "poisoned"],
  ["PoisonInSchemaDefault", "poisoned"],
  ["PoisonInSchemaEnum", "poisoned"],
  ["InjectionAndPoison", "poisoned"],
  ["VariationSelectorPoisoning", "poisoned"],
  ["CleanTools", "benign"],
  ["BenignParamNames", "benign"],
  ["AuthParamNoFalsePositive", "benign"],
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

/** The body of `func <name>(t *testing.T)` in the test file, or throws. */
function functionBody(source: string, name: string): string {
  const start = source.indexOf(`\nfunc ${name}(t *testing.T) {\n`);
  if (start < 0) throw new Error(`pipelock at ${PIPELOCK_SOURCE.commit}: ${TESTS} has no ${name}`);
  return source.slice(start + 1, source.indexOf("\n}\n", start) + 2);
}

const CLEAN_ASSERTION = /\n\tif (!?)result\.Clean \{\n/;

/** The labelled tools of a `TestScanTools_` function's one tools list. */
function scannedTools(body: string, label: CorpusExample["label"], where: string): { readonly label: CorpusExample["label"]; readonly tool: ToolDefinition }[] {
  const lists = [...body.matchAll(/makeToolsResponse\(`/g)];
  if (lists.length !== 1) throw new Error(`pipelock ${where}: ${lists.length} tools lists, not one`);
  const { value, end } = goString(body, lists[0].index! + "makeToolsResponse(".length);
  if (body[end] !== ")") throw new Error(`pipelock ${where}: its tools list is not one literal`);
  const assertion = CLEAN_ASSERTION.exec(body);
  const asserted = assertion ? (assertion[1] ? "benign" : "poisoned") : undefined;
  if (asserted !== label) throw new Error(`pipelock ${where} asserts ${asserted ?? "no verdict"}, not ${label}`);
  const tools = JSON.parse(value) as ToolDefinition[];
  if (tools.some((tool) => typeof tool.name !== "string" || tool.name === "")) throw new Error(`pipelock ${where}: a tool without a name`);
  const listed = tools.map((tool) => ({ ...tool, inputSchema: tool.inputSchema ?? { type: "object" } }));
  if (label === "benign") return listed.map((tool) => ({ label, tool }));
  const named = /ToolName != "([^"\n]+)"/.exec(body)?.[1];
  if (named === undefined) {
    if (listed.length !== 1) throw new Error(`pipelock ${where}: ${listed.length} tools and none named as the match`);
    return [{ label, tool: listed[0] }];
  }
  if (!listed.some((tool) => tool.name === named)) throw new Error(`pipelock ${where}: the match ${named} is not one of its tools`);
  const single = /len\(result\.Matches\) != 1/.test(body);
  return listed.filter((tool) => single || tool.name === named).map((tool) => ({ label: tool.name === named ? label : "benign", tool }));
}

export function pipelockExamples(gitDir: string): CorpusExample[] {
  const commit = PIPELOCK_SOURCE.commit!;
  const source = show(gitDir, commit, TESTS);
  const byText = new Map<string, CorpusExample>();
  const add = (example: CorpusExample, where: string) => {
    const seen = byText.get(example.text);
    if (seen && seen.label !== example.label) throw new Error(`pipelock at ${commit}: a text of ${where} is ${example.label} and ${seen.label} in ${seen.family}`);
    if (!seen && example.text.trim()) byText.set(example.text, example);
  };
  for (const [name, label] of FUNCTIONS) {
    const where = `${TESTS} TestCheckToolPoison_${name}`;
    const body = functionBody(source, `TestCheckToolPoison_${name}`);
    const asserted = ASSERTS_FINDING.test(body) ? "poisoned" : ASSERTS_NONE.test(body) ? "benign" : undefined;
    if (asserted !== label) throw new Error(`pipelock at ${commit}: ${where} asserts ${asserted ?? "neither a finding nor none"}, not ${label}`);
    const category = label === "poisoned" ? kebab(name) : `honest-${kebab(name)}`;
    functionTexts(body, where).forEach((text, index) =>
      add({ family: `pipelock-${label === "poisoned" ? "p" : "b"}-${name}#${index}`, label, source: PIPELOCK_SOURCE.id, category, text }, where),
    );
  }
  for (const [name, label] of SCANS) {
    const where = `${TESTS} TestScanTools_${name}`;
    for (const { label: toolLabel, tool } of scannedTools(functionBody(source, `TestScanTools_${name}`), label, where)) {
      const category = toolLabel === "poisoned" ? `scan-${kebab(name)}` : `honest-scan-${kebab(name)}`;
      add(toolExample(PIPELOCK_SOURCE, toolLabel, category, `scan-${name}`, tool), where);
    }
  }
  return [...byText.values()];
}
