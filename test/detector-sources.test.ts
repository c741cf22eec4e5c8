/**
 * The held-out public sources of guard/model/sources/: corpus.json holds each one's examples (always), and their
 * extractions, run on their git mirrors (skipped, saying which mirror is missing, when it is absent), give them. They
 * check structure only: counts per label and class, unique and
 * non-empty texts, valid tool names. No assertion compares or prints a text, so that a failure cannot show one.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CorpusSource } from "../guard/model/build-corpus";
import { MEDUSA_SOURCE, medusaExamples } from "../guard/model/sources/medusa";
import { MCP_POISON_SOURCE, mcpPoisonExamples } from "../guard/model/sources/mcp-poison";
import { PIPELOCK_SOURCE, goString, pipelockExamples } from "../guard/model/sources/pipelock";
import { AGENT_GOVERNANCE_TOOLKIT_SOURCE, agentGovernanceToolkitExamples, csString } from "../guard/model/sources/agent-governance-toolkit";
import { SECURE_MCP_GATEWAY_SOURCE, parameterSchema, secureMcpGatewayExamples } from "../guard/model/sources/secure-mcp-gateway";
import { TOOL_SCAN_SOURCE, toolScanExamples } from "../guard/model/sources/tool-scan";
import { MCP_TOOL_AUDITOR_SOURCE, mcpToolAuditorExamples } from "../guard/model/sources/mcp-tool-auditor";
import { INSPECTOR_ASSESSMENT_SOURCE, inspectorAssessmentExamples, jsString, jsStringExpression } from "../guard/model/sources/inspector-assessment";
import { INTENTPROBE_SOURCE, intentprobeExamples } from "../guard/model/sources/intentprobe";
import { NotALiteral, PythonLiteralReader } from "../guard/model/sources/python-literal";
import { literalLocals, testMethods } from "../guard/model/sources/python-tests";
import type { CorpusExample } from "../guard/model/synthetic";
import { toolProse } from "../guard/model/tool-prose";
import { counts } from "./support/copied-sources";

const MIRROR = process.env.MCP_SOURCES_MIRROR ?? "/work/.mirror";

/** A tool name as the MCP specification recommends them (1 to 128 of letters, digits, `_`, `-` and `.`). */
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;


interface Case {
  readonly source: CorpusSource;
  readonly repository: string;
  readonly extract: (gitDir: string) => CorpusExample[];
  readonly expected: { readonly [key: string]: number };
  /** Families whose example records an approved definition (a rug pull). */
  readonly approved: readonly string[];
  /** How many examples record a whole tool definition (the others are descriptions only). */
  readonly withTool: number;
}

const CASES: readonly Case[] = [
  {
    source: MCP_POISON_SOURCE,
    repository: "SamsonCyber+mcp-poison",
    extract: mcpPoisonExamples,
    expected: {
      "benign/honest": 2,
      "benign/cross-server-target": 1,
      "poisoned/description-poison": 2,
      "poisoned/line-jump": 1,
      "poisoned/cross-server": 1,
      "poisoned/ansi": 1,
    },
    approved: ["mcp-poison-p-fixtures/t1_description_poison.json#add"],
    withTool: 8,
  },
  {
    source: MEDUSA_SOURCE,
    repository: "joshmaster2165+medusa",
    extract: medusaExamples,
    expected: {
      "benign/honest": 14,
      "benign/input-validation": 5,
      "poisoned/hidden-instructions": 5,
      "poisoned/prompt-injection": 8,
      "poisoned/schema-poisoning": 1,
      "poisoned/url-injection": 2,
      "poisoned/recursive-invocation": 1,
      "poisoned/hidden-xml-attributes": 1,
      "poisoned/markdown-injection": 1,
      "poisoned/cross-tool-reference": 1,
    },
    approved: [],
    withTool: 39,
  },
  {
    source: PIPELOCK_SOURCE,
    repository: "luckyPipewrench+pipelock",
    extract: pipelockExamples,
    expected: {
      "poisoned/instruction-tag": 15,
      "poisoned/file-exfiltration": 16,
      "poisoned/cross-tool": 4,
      "poisoned/combining-mark-bypass": 3,
      "poisoned/homoglyph-bypass": 3,
      "poisoned/ipa-small-caps-important": 1,
      "poisoned/leetspeak-important": 1,
      "poisoned/negative-squared-important": 1,
      "poisoned/unicode-bypass": 1,
      "benign/honest-dangerous-capability-no-false-positive": 18,
      "benign/honest-clean": 5,
      "benign/honest-benign-env-reference": 3,
      "poisoned/scan-injection-in-description": 1,
      "poisoned/scan-poison-tag": 1,
      "poisoned/scan-schema-description-poison": 1,
      "poisoned/scan-curl-exec-directive": 1,
      "poisoned/scan-data-routing-directive": 1,
      "poisoned/scan-schema-credential-prepend": 1,
      "poisoned/scan-multiple-poisoned-tools": 1,
      "poisoned/scan-cross-tool-manipulation": 1,
      "poisoned/scan-poison-in-schema-title": 1,
      "poisoned/scan-poison-in-schema-default": 1,
      "poisoned/scan-poison-in-schema-enum": 1,
      "poisoned/scan-injection-and-poison": 1,
      "poisoned/scan-variation-selector-poisoning": 1,
      "benign/honest-scan-multiple-poisoned-tools": 2,
      "benign/honest-scan-clean-tools": 2,
      "benign/honest-scan-benign-param-names": 1,
      "benign/honest-scan-auth-param-no-false-positive": 1,
    },
    approved: [],
    withTool: 19,
  },
  {
    source: SECURE_MCP_GATEWAY_SOURCE,
    repository: "enkryptai+secure-mcp-gateway",
    extract: secureMcpGatewayExamples,
    expected: {
      "poisoned/tool-poisoning": 7,
      "poisoned/preference-manipulation": 9,
      "benign/honest-malicious-output": 10,
      "benign/honest": 2,
    },
    approved: [],
    withTool: 28,
  },
  {
    source: TOOL_SCAN_SOURCE,
    repository: "mcp-tool-shop+tool-scan",
    extract: toolScanExamples,
    expected: {
      "benign/honest": 3,
      "benign/honest-edge-case": 4,
      "poisoned/prompt-injection": 4,
      "poisoned/command-injection": 3,
      "poisoned/sql-injection": 2,
      "poisoned/xss": 2,
      "poisoned/path-traversal": 1,
      "poisoned/data-exfiltration": 1,
      "poisoned/ssrf": 2,
      "poisoned/tool-poisoning": 2,
    },
    approved: [],
    withTool: 24,
  },
  {
    source: AGENT_GOVERNANCE_TOOLKIT_SOURCE,
    repository: "microsoft+agent-governance-toolkit",
    extract: agentGovernanceToolkitExamples,
    expected: {
      "poisoned/hidden-instruction": 9,
      "poisoned/description-injection": 10,
      "poisoned/schema-abuse": 3,
      "poisoned/scan-tool": 2,
      "poisoned/tool-poisoning": 3,
      "poisoned/risk-score": 1,
      "benign/honest": 9,
    },
    approved: [],
    withTool: 9,
  },
  {
    source: MCP_TOOL_AUDITOR_SOURCE,
    repository: "perparimmjeku+mcp-tool-auditor",
    extract: mcpToolAuditorExamples,
    expected: {
      "benign/honest": 3,
      "poisoned/st-ignore-security": 1,
      "poisoned/st-always-use": 1,
      "poisoned/st-authoritative": 1,
      "poisoned/st-system-claim": 1,
      "poisoned/st-credential": 1,
      "poisoned/st-send-full": 1,
      "poisoned/multiple-findings": 1,
      "poisoned/heur-unicode-hidden": 1,
      "poisoned/heur-imperative": 1,
      "poisoned/heur-agency": 1,
      "poisoned/heur-authority-spoof": 1,
      "poisoned/fsp-enum-poison": 1,
      "poisoned/fsp-default-injection": 1,
    },
    approved: [],
    withTool: 4,
  },
  {
    source: INSPECTOR_ASSESSMENT_SOURCE,
    repository: "triepod-ai+inspector-assessment",
    extract: inspectorAssessmentExamples,
    expected: {
      "poisoned/hidden-instruction-patterns": 5,
      "poisoned/override-patterns": 5,
      "poisoned/concealment-patterns": 3,
      "poisoned/exfiltration-patterns": 2,
      "poisoned/risk-level-calculation": 1,
      "poisoned/multiple-pattern-detection": 2,
      "benign/honest": 6,
    },
    approved: [],
    withTool: 24,
  },
  {
    source: INTENTPROBE_SOURCE,
    repository: "mcpware+intentprobe",
    extract: intentprobeExamples,
    expected: {
      "poisoned/adversarial": 30,
      "poisoned/adversarial-v2": 30,
      "poisoned/adversarial-v3": 30,
      "poisoned/hard": 30,
      "poisoned/hard-v2": 20,
      "poisoned/hard-v3": 80,
      "poisoned/neutral": 15,
      "benign/hard": 30,
      "benign/hard-v2": 20,
      "benign/hard-v2-no-reassurance": 20,
      "benign/hard-v3": 80,
      "benign/neutral": 14,
    },
    approved: [],
    withTool: 0,
  },
];

const corpus = JSON.parse(readFileSync(join(__dirname, "..", "guard", "model", "corpus.json"), "utf8")) as { sources: CorpusSource[]; examples: CorpusExample[] };

describe.each(CASES)("corpus.json (no mirror needed)", ({ source, expected }) => {
  it(`holds every example of ${source.id}, with its licence in the sources`, () => {
    expect(counts(corpus.examples.filter((example) => example.source === source.id))).toEqual(expected);
    expect(corpus.sources).toContainEqual(source);
  });
});

for (const { source, repository, extract, expected, approved, withTool } of CASES) {
  const gitDir = join(MIRROR, repository, "repo");
  const present = existsSync(gitDir);
  (present ? describe : describe.skip)(`source ${source.id}${present ? "" : ` (skipped: no mirror at ${gitDir}; fetch github:${repository.replace("+", "/")})`}`, () => {
    let examples: CorpusExample[] = [];
    beforeAll(() => {
      examples = extract(gitDir);
    });

    it("pins a commit and a permissive licence", () => {
      expect(source.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(["MIT", "Apache-2.0"]).toContain(source.license);
      expect(source.repository).toBe(`https://github.com/${repository.replace("+", "/")}`);
    });

    it("extracts the expected number of examples per label and class", () => {
      expect(counts(examples)).toEqual(expected);
    });

    it("gives every example the source, a unique family and a non-empty, unique text", () => {
      expect(examples.filter((example) => example.source !== source.id).map((example) => example.family)).toEqual([]);
      expect(new Set(examples.map((example) => example.family)).size).toBe(examples.length);
      expect(examples.filter((example) => example.text.trim() === "").map((example) => example.family)).toEqual([]);
      expect(new Set(examples.map((example) => example.text)).size).toBe(examples.length);
    });

    it("records whole tools where the source has them, each with a valid name and the example's text as its prose", () => {
      const tooled = examples.filter((example) => example.tool);
      expect(tooled.length).toBe(withTool);
      expect(tooled.filter((example) => !TOOL_NAME.test(example.tool!.name)).map((example) => example.family)).toEqual([]);
      expect(tooled.filter((example) => toolProse(example.tool!) !== example.text).map((example) => example.family)).toEqual([]);
      expect(tooled.filter((example) => !example.family.endsWith(`#${example.tool!.name}`)).map((example) => example.family)).toEqual([]);
    });

    it("records an approved definition for the rug pulls only, with the poisoned tool's name", () => {
      const withApproved = examples.filter((example) => example.approved);
      expect(withApproved.map((example) => example.family)).toEqual(approved);
      expect(withApproved.filter((example) => example.label !== "poisoned" || example.approved!.name !== example.tool!.name || example.approved!.description === example.tool!.description).map((example) => example.family)).toEqual([]);
    });
  });
}

describe("PythonLiteralReader", () => {
  const read = (source: string, locals?: Map<string, ReturnType<PythonLiteralReader["value"]>>) => new PythonLiteralReader(source, 0, locals).value();

  it("reads dicts, lists, tuples, numbers and the constants, skipping comments and trailing commas", () => {
    expect(read(`{"a": [1, 2.5, -3,], "b": (True, None), 'c': False, "d": () }  # end`)).toEqual({ a: [1, 2.5, -3], b: [true, null], c: false, d: [] });
  });

  it("concatenates adjacent strings, in parentheses or not, and decodes escapes", () => {
    expect(read(`("one "\n  # between\n  'two' """three""")`)).toBe("one twothree");
    expect(read(String.raw`"tab\there\x41\u00e9\U0001F600 \"q\""`)).toBe('tab\there\x41\u00e9\u{1F600} "q"');
    expect(read(String.raw`r"keep\n"`)).toBe(String.raw`keep\n`);
  });

  it("resolves names bound to literals and rejects what is not a literal", () => {
    expect(read(`{"description": text}`, new Map([["text", "bound"]]))).toEqual({ description: "bound" });
    expect(() => read(`{"description": unknown}`)).toThrow(NotALiteral);
    expect(() => read(`f"formatted {x}"`)).toThrow(NotALiteral);
    expect(() => read(`["a" * 3]`)).toThrow(NotALiteral);
    expect(() => read(`{1: "not a string key"}`)).toThrow(NotALiteral);
    expect(() => read(`"unterminated`)).toThrow(NotALiteral);
  });

  it("collects the comments it skips", () => {
    const reader = new PythonLiteralReader("# first\n  # second\n[1]", 0);
    expect(reader.peek()).toBe("[");
    expect(reader.takeComments()).toEqual(["first", "second"]);
    expect(reader.takeComments()).toEqual([]);
  });
});

describe("testMethods and literalLocals", () => {
  const source = ["import x", "class TestA:", "    def setup_method(self):", "        pass", "    def test_one(self):", '        tool = {"name": "a"}', "        n = len(tool)", '        pair = (tool, "b")', "class TestB(Base):", "    def test_two(self, fixture):", "        pass", ""].join("\n");

  it("splits a file into its classes' test methods", () => {
    const methods = testMethods(source, "test");
    expect(methods.map((method) => method.qualified)).toEqual(["TestA.test_one", "TestB.test_two"]);
    expect(methods[0].body.startsWith("    def test_one(self):")).toBe(true);
    expect(methods[0].body).not.toContain("class TestB");
    expect(() => testMethods("    def test_loose(self):\n", "test")).toThrow(/test_loose outside a class/);
  });

  it("binds the names assigned literals, resolving earlier ones, and skips other assignments", () => {
    const locals = literalLocals(testMethods(source, "test")[0].body);
    expect([...locals.keys()]).toEqual(["tool", "pair"]);
    expect(locals.get("pair")).toEqual([{ name: "a" }, "b"]);
  });
});

describe("parameterSchema (secure-mcp-gateway)", () => {
  it("gives FastMCP's JSON types, defaults and required parameters, without the Context", () => {
    expect(parameterSchema(`\n    ctx: Context, content: str, size: int = 3, ratio: float = -0.5, flag: bool = True, mode: str = "markdown"\n`, "test")).toEqual({
      type: "object",
      properties: {
        content: { type: "string" },
        size: { type: "integer", default: 3 },
        ratio: { type: "number", default: -0.5 },
        flag: { type: "boolean", default: true },
        mode: { type: "string", default: "markdown" },
      },
      required: ["content"],
    });
    expect(parameterSchema("ctx: Context", "test")).toEqual({ type: "object", properties: {} });
  });

  it("rejects a parameter it cannot type", () => {
    expect(() => parameterSchema("items: list[str]", "test")).toThrow(/not `name: type/);
    expect(() => parameterSchema("when: datetime", "test")).toThrow(/unknown type datetime/);
    expect(() => parameterSchema("*args", "test")).toThrow(/not `name: type/);
  });
});

describe("jsString and jsStringExpression (inspector-assessment)", () => {
  it("reads quoted strings and templates with their escapes, and joins literals with +", () => {
    const quoted = String.raw`"a\tb\x41\u00e9\u{1F600}\"q\"" rest`;
    expect(jsString(quoted, 0)).toEqual({ value: 'a\tbA\u00e9\u{1F600}"q"', end: quoted.indexOf(" rest") });
    expect(jsString("`" + "two\nlines \\\\ and \\`" + "`", 0).value).toBe("two\nlines \\ and `");
    const joined = ` 'one ' +\n  "two" + \`three\`)`;
    expect(jsStringExpression(joined, 0)).toEqual({ value: "one twothree", end: joined.length - 1 });
  });

  it("rejects what is not a plain literal", () => {
    expect(() => jsString("`a ${b}`", 0)).toThrow(/substitution/);
    expect(() => jsString('"open\n"', 0)).toThrow(/unterminated/);
    expect(() => jsString(String.raw`"\q"`, 0)).toThrow(/escape/);
    expect(() => jsString("name", 0)).toThrow(/not a string literal/);
  });
});

describe("csString (agent-governance-toolkit)", () => {
  it("reads regular, verbatim and one-line raw C# strings", () => {
    const regular = String.raw`"a\tb\u00e9\U0001F600\x41\"q\"" rest`;
    expect(csString(regular, 0)).toEqual({ value: 'a\tb\u00e9\u{1F600}A"q"', end: regular.indexOf(" rest") });
    expect(csString(String.raw`@"C:\dir ""quoted"""`, 0).value).toBe(String.raw`C:\dir "quoted"`);
    expect(csString('"""{"type":"object"}""";', 0)).toEqual({ value: '{"type":"object"}', end: 23 });
  });

  it("rejects what it does not read", () => {
    expect(() => csString('"open\n"', 0)).toThrow(/unterminated/);
    expect(() => csString(String.raw`"\q"`, 0)).toThrow(/escape/);
    expect(() => csString('$"x {y}"', 0)).toThrow(/not a string literal/);
    expect(() => csString('"""\n{}\n"""', 0)).toThrow(/raw string/);
  });
});

describe("goString", () => {
  it("reads raw and interpreted Go strings, escapes as bytes decoded as UTF-8", () => {
    const source = String.raw`x := ` + "`raw \\n\r`" + String.raw` + "a\tb\x41\303\251\u00e9\U0001F600\""`;
    const raw = goString(source, source.indexOf("`"));
    expect(raw.value).toBe(String.raw`raw \n`);
    const interpreted = goString(source, source.indexOf('"'));
    expect(interpreted.value).toBe('a\tbA\u00e9\u00e9\u{1F600}"');
    expect(interpreted.end).toBe(source.length);
    expect(() => goString('"open', 0)).toThrow(/unterminated/);
  });
});
