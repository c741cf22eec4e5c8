/**
 * inspector-assessment (github.com/triepod-ai/inspector-assessment, MIT in LICENSE and both package.json files; a fork
 * of the MCP Inspector with security assessments): the tools of its description-poisoning detector's unit tests
 * (`client/src/services/assessment/__tests__/DescriptionPoisoningDetector.test.ts`), labelled by structure, never by
 * reading their texts:
 * - every `it(...)` block that builds one tool with `createTool(name, description)` (two string literals, or
 *   literals joined with `+`) and asserts `expect(result.detected).toBe(true)` (or a `HIGH` risk level) gives a
 *   poisoned tool, `toBe(false)` (or a `NONE` risk level) a benign one, and so does every tool of the `true negatives - should NOT flag` block (some of its
 *   tests assert only that one pattern does not fire); a block with a tool and neither verdict, or both, throws;
 * - its class is the title of the innermost `describe` around it (`hidden instruction patterns` →
 *   `hidden-instruction-patterns`; a benign one is `honest`);
 * - left out ({@link LEFT_OUT_DESCRIBES}, {@link LEFT_OUT_TESTS}): the tests of the description-length rule (a length,
 *   not an attack) and of the pattern table, and a test that asserts a verdict only if its tool is detected.
 * `createTool` gives the tool an empty object schema, so each records a whole tool (`text` = `toolProse(tool)`; a tool
 * with an empty description has no text and is left out); each is one family.
 */
import type { ToolDefinition } from "../../src/config/types";
import type { CorpusSource } from "../build-corpus";
import type { CorpusExample } from "../synthetic";
import { toolExample } from "./tool-example";
import { show } from "./git";

export const INSPECTOR_ASSESSMENT_SOURCE: CorpusSource = {
  id: "inspector-assessment",
  repository: "https://github.com/triepod-ai/inspector-assessment",
  commit: "21d86227f76f2016c46e2ea7b2017b2f4c9fcc3d",
  license: "MIT",
  copyright: "Copyright (c) 2024 Anthropic, PBC (original MCP Inspector); Copyright (c) 2025 Bryan Thompson (assessment enhancements)",
};

const TESTS = "client/src/services/assessment/__tests__/DescriptionPoisoningDetector.test.ts";

/** `describe` blocks whose tests are left out, with why. */
const LEFT_OUT_DESCRIBES: ReadonlyMap<string, string> = new Map([
  ["Issue #167 - excessive description length severity", "the rule is a description's length, not an attack"],
  ["DESCRIPTION_POISONING_PATTERNS", "it tests the pattern table, not tools"],
  ["DVMCP CTF patterns", "its tools reproduce damn-vulnerable-MCP-server's, which has no licence"],
]);

/** `it` blocks left out, with why. */
const LEFT_OUT_TESTS: ReadonlyMap<string, string> = new Map([
  ["should return MEDIUM when only MEDIUM severity patterns match", "its verdict is asserted only if the tool is detected"],
]);

const DETECTED = /expect\(result\.detected\)\.toBe\(true\)|expect\(result\.riskLevel\)\.toBe\("HIGH"\)/;
const CLEAN = /expect\(result\.detected\)\.toBe\(false\)|expect\(result\.riskLevel\)\.toBe\("NONE"\)/;

/** The `describe` whose title declares its tools true negatives: benign even where a test asserts only that one pattern does not fire. */
const TRUE_NEGATIVES = "true negatives - should NOT flag";

const ESCAPES: { readonly [char: string]: string } = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v", "0": "\0", "\\": "\\", '"': '"', "'": "'", "`": "`", "\n": "" };

/** One JavaScript string literal at `at` (quotes or a template without substitutions): its value and where it ends. */
export function jsString(source: string, at: number): { value: string; end: number } {
  const quote = source[at];
  if (quote !== '"' && quote !== "'" && quote !== "`") throw new Error(`not a string literal at offset ${at}`);
  let value = "";
  let pos = at + 1;
  for (;;) {
    const char = source[pos];
    if (char === undefined || (char === "\n" && quote !== "`")) throw new Error(`unterminated string literal at offset ${at}`);
    if (char === quote) return { value, end: pos + 1 };
    if (quote === "`" && char === "$" && source[pos + 1] === "{") throw new Error(`a template with a substitution at offset ${pos}`);
    if (char !== "\\") {
      value += char;
      pos += 1;
      continue;
    }
    const next = source[pos + 1];
    const hex = next === "x" ? /^[0-9a-fA-F]{2}/.exec(source.slice(pos + 2)) : next === "u" ? /^(?:[0-9a-fA-F]{4}|\{[0-9a-fA-F]{1,6}\})/.exec(source.slice(pos + 2)) : null;
    if (hex) {
      value += String.fromCodePoint(parseInt(hex[0].replace(/[{}]/g, ""), 16));
      pos += 2 + hex[0].length;
    } else if (next !== undefined && next in ESCAPES) {
      value += ESCAPES[next];
      pos += 2;
    } else {
      throw new Error(`an escape this reader does not know at offset ${pos}`);
    }
  }
}

/** String literals joined with `+` from `at` (after whitespace), up to what follows them. */
export function jsStringExpression(source: string, at: number): { value: string; end: number } {
  let pos = at;
  let value = "";
  for (;;) {
    while (/\s/.test(source[pos] ?? "")) pos += 1;
    const part = jsString(source, pos);
    value += part.value;
    pos = part.end;
    const rest = /^\s*\+\s*/.exec(source.slice(pos));
    if (!rest) return { value, end: pos };
    pos += rest[0].length;
  }
}

interface Block {
  readonly title: string;
  readonly indent: number;
  readonly start: number;
  readonly kind: "describe" | "it";
}

/** The `describe(...)` and `it(...)` blocks of the file, with their titles and indentation. */
function blocks(source: string): Block[] {
  return [...source.matchAll(/^( *)(describe|it)\(/gm)].map((match) => ({
    title: jsString(source, match.index + match[0].length).value,
    indent: match[1].length,
    start: match.index,
    kind: match[2] as Block["kind"],
  }));
}

export function inspectorAssessmentExamples(gitDir: string): CorpusExample[] {
  const commit = INSPECTOR_ASSESSMENT_SOURCE.commit!;
  const source = show(gitDir, commit, TESTS);
  const all = blocks(source);
  const expected: [Block["kind"], string][] = [...[...LEFT_OUT_DESCRIBES.keys(), TRUE_NEGATIVES].map((title): [Block["kind"], string] => ["describe", title]), ...[...LEFT_OUT_TESTS.keys()].map((title): [Block["kind"], string] => ["it", title])];
  for (const [kind, title] of expected) {
    if (!all.some((block) => block.kind === kind && block.title === title)) throw new Error(`inspector-assessment ${TESTS} at ${commit} has no ${kind} ${title}`);
  }
  const out: CorpusExample[] = [];
  all.forEach((block, index) => {
    if (block.kind !== "it") return;
    const enclosing = all.slice(0, index).filter((other) => other.kind === "describe");
    const chain: Block[] = [];
    for (const other of enclosing.reverse()) if (other.indent < (chain[0]?.indent ?? block.indent)) chain.unshift(other);
    if (chain.some((describe) => LEFT_OUT_DESCRIBES.has(describe.title)) || LEFT_OUT_TESTS.has(block.title)) return;
    const body = source.slice(block.start, index + 1 < all.length ? all[index + 1].start : source.length);
    const calls = [...body.matchAll(/createTool\(/g)];
    if (calls.length === 0) return;
    const where = `${TESTS} "${block.title}"`;
    if (calls.length !== 1) throw new Error(`inspector-assessment ${where}: ${calls.length} tools, not one`);
    const name = jsStringExpression(body, calls[0].index + calls[0][0].length);
    const comma = /^\s*,/.exec(body.slice(name.end));
    if (!comma) throw new Error(`inspector-assessment ${where}: createTool's name is not one literal`);
    const description = jsStringExpression(body, name.end + comma[0].length);
    if (!/^\s*,?\s*\)/.test(body.slice(description.end))) throw new Error(`inspector-assessment ${where}: createTool's description is not one literal`);
    const describe = chain[chain.length - 1];
    const detected = DETECTED.test(body);
    const clean = CLEAN.test(body) || (!detected && describe.title === TRUE_NEGATIVES);
    if (detected === clean) throw new Error(`inspector-assessment ${where} asserts ${detected ? "both" : "neither"} detected and not`);
    const label: CorpusExample["label"] = detected ? "poisoned" : "benign";
    const category = detected ? describe.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") : "honest";
    const tool: ToolDefinition = { name: name.value, description: description.value, inputSchema: { type: "object", properties: {} } };
    const example = toolExample(INSPECTOR_ASSESSMENT_SOURCE, label, category, `${category}-${index}`, tool);
    if (example.text.trim() !== "") out.push(example);
  });
  return out;
}
