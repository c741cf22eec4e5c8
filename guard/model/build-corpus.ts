/**
 * Builds `corpus.json`, the TOOL-11 training corpus, from the sources it names (each pinned to a commit):
 * - MSB (github.com/dongsenzhang/MSB, MIT): tool docstrings of its benign servers (benign); sentences its attack
 *   variants add to those docstrings, its attack result strings and its injection templates × attack tasks (poisoned);
 * - MCPSecBench (github.com/TUM-DSE/MCPSecBench, MIT): `data/attacks_extended.json` "Malicious Prompt" prompts and
 *   the poisoned docstrings of `code/maliciousadd.py` (poisoned); docstrings of its benign servers (benign);
 * - `data/reference/*.json`: `tools/list` of the reference MCP servers from npm, and `data/third-party/*.json` of three
 *   popular third-party servers, captured with `mcp-harden tools capture` (benign; a tool's text is what the
 *   classifier reads of it: descriptions, titles, defaults and enum values);
 * - `synthetic.ts` (this project).
 *
 * Usage (offline, from git checkouts of the two repositories at the pinned commits):
 *   node dist/guard/model/build-corpus.js --msb <MSB git dir> --mcpsecbench <MCPSecBench git dir> [--dir guard/model]
 * run from the repository root; writes `<dir>/corpus.json` (temp file, then rename).
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ToolDefinition } from "../src/config/types";
import { classifierTexts } from "../src/detector/classifier";
import { textFields } from "../src/detector/fields";
import { CorpusExample, syntheticExamples } from "./synthetic";

/** A source of the corpus, with what its licence requires us to keep. */
export interface CorpusSource {
  readonly id: string;
  readonly repository: string;
  readonly commit?: string;
  readonly license: string;
  readonly copyright: string;
}

export const SOURCES: readonly CorpusSource[] = [
  { id: "msb", repository: "https://github.com/dongsenzhang/MSB", commit: "c1d6a70171e4d2c44c87a2ae909d13df00c6aa8d", license: "MIT", copyright: "Copyright (c) 2026 Dongsen Zhang" },
  { id: "mcpsecbench", repository: "https://github.com/TUM-DSE/MCPSecBench", commit: "29ba2fa6b40c1eb09e858a5d9371a529d93da8c3", license: "MIT", copyright: "Copyright (c) 2025 AIS2Lab" },
  { id: "reference-servers", repository: "npm: @modelcontextprotocol/server-* (versions in data/reference/README.md)", license: "MIT", copyright: "Copyright (c) Anthropic, PBC and Model Context Protocol a Series of LF Projects, LLC." },
  { id: "third-party-servers", repository: "npm: @playwright/mcp 0.0.83 (Apache-2.0), @wonderwhy-er/desktop-commander 0.2.52 (MIT), @upstash/context7-mcp 4.1.1 (MIT)", license: "Apache-2.0 / MIT", copyright: "Copyright Microsoft Corporation; Eduard Ruzga; Upstash, Inc." },
  { id: "synthetic", repository: "this project (guard/model/synthetic.ts)", license: "Apache-2.0", copyright: "mcp-hardening" },
];

function show(gitDir: string, commit: string, path: string): string {
  return execFileSync("git", ["--git-dir", gitDir, "show", `${commit}:${path}`], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

function listFiles(gitDir: string, commit: string, under: string): string[] {
  return execFileSync("git", ["--git-dir", gitDir, "ls-tree", "-r", "--name-only", commit, under], { encoding: "utf8" }).split("\n").filter(Boolean);
}

const DOCSTRING = /@mcp\.tool\([^)]*\)\s*\n\s*(?:async\s+)?def\s+(\w+)\s*\([^]*?\)\s*(?:->\s*[^:\n]+)?:\s*\n\s*(?:"""|''')([^]*?)(?:"""|''')/g;

/** The `@mcp.tool()` docstrings of a Python file by tool name, as trimmed lines. */
function docstrings(source: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const match of source.matchAll(DOCSTRING)) out.set(match[1], match[2].split("\n").map((line) => line.trim()).filter(Boolean));
  return out;
}

function collapse(lines: readonly string[]): string {
  return lines.join(" ").replace(/\s+/g, " ").trim();
}

const VARIANT = /^(.*?)-(name_overlap|out_of_scope_parameter|preference_manipulation(?:-out_of_scope_parameter)?|tool_transfer)\.py$/;

function msbExamples(gitDir: string): CorpusExample[] {
  const commit = SOURCES[0].commit!;
  const out: CorpusExample[] = [];
  const files = listFiles(gitDir, commit, "data/tools/attack_tools").filter((file) => file.endsWith(".py"));
  const bases = new Map<string, Map<string, string[]>>();
  for (const file of files.filter((file) => !VARIANT.test(file.slice(file.lastIndexOf("/") + 1)))) {
    const docs = docstrings(show(gitDir, commit, file));
    bases.set(file, docs);
    for (const [tool, lines] of docs) out.push({ family: `msb-b-${file}#${tool}`, label: "benign", source: "msb", category: "docstring", text: collapse(lines) });
  }
  for (const file of files) {
    const match = VARIANT.exec(file.slice(file.lastIndexOf("/") + 1));
    if (!match) continue;
    const baseFile = file.slice(0, file.lastIndexOf("/") + 1) + `${match[1]}.py`;
    const baseLines = new Set([...(bases.get(baseFile)?.values() ?? [])].flat());
    const source = show(gitDir, commit, file);
    for (const lines of docstrings(source).values()) {
      const added = lines.filter((line) => !baseLines.has(line));
      if (added.length > 0 && added.length < lines.length) {
        out.push({ family: `msb-p-${match[2]}`, label: "poisoned", source: "msb", category: match[2], text: collapse(added) });
      }
    }
    for (const literal of source.matchAll(/"(<IMPORTANT>[^"\n]{10,400})"/g)) {
      out.push({ family: `msb-p-${match[2]}-result`, label: "poisoned", source: "msb", category: match[2], text: literal[1] });
    }
  }
  const templates = show(gitDir, commit, "data/prompt_template.py");
  const tasks = show(gitDir, commit, "data/attack_task.jsonl").split("\n").filter(Boolean).map((line) => JSON.parse(line) as { attack_task: string; implementation: string });
  for (const template of templates.matchAll(/^(PROMPT_INJECTION_TEMPLATE|TOOL_RESPONSE_ATTACK_TEMPLATE|SIMULATED_USER_TEMPLATE) = """([^]*?)"""/gm)) {
    for (const task of tasks) {
      const body = template[2].includes("{goal}") ? template[2].replace("{goal}", task.implementation) : `${template[2]}${task.implementation}`;
      out.push({ family: `msb-p-${template[1]}`, label: "poisoned", source: "msb", category: template[1].toLowerCase(), text: body.replace(/^"/, "").replace(/\s+/g, " ").trim() });
    }
  }
  return out;
}

const POISONED_DOC_MARKERS = /\[IMPORTANT\]|\[Important\]|<IMPORTANT>|you MUST|before execute/;

function mcpSecBenchExamples(gitDir: string): CorpusExample[] {
  const commit = SOURCES[1].commit!;
  const out: CorpusExample[] = [];
  const attacks = JSON.parse(show(gitDir, commit, "data/attacks_extended.json")) as { name: string; prompts: string[] }[];
  attacks.find((attack) => attack.name === "Malicious Prompt")!.prompts.forEach((prompt, index) =>
    out.push({ family: `mcpsecbench-p-malicious-prompt-${index}`, label: "poisoned", source: "mcpsecbench", category: "malicious-prompt", text: prompt }),
  );
  const malicious = show(gitDir, commit, "code/maliciousadd.py");
  const uncommented = malicious.replace(/^\s*#\s?/gm, "");
  const blocks = [...uncommented.matchAll(/<IMPORTANT>[^]*?<\/IMPORTANT>/g)].map((block) => collapse([block[0]]));
  const lines = uncommented.split("\n").filter((line) => POISONED_DOC_MARKERS.test(line) && !line.includes("<IMPORTANT>"));
  const quoted = lines.map((line) => line.replace(/^\s*(?:"""|"user1": ")?/, "").replace(/",?\s*$/, "").trim());
  [...blocks, ...quoted].forEach((text, index) =>
    out.push({ family: `mcpsecbench-p-maliciousadd-${index}`, label: "poisoned", source: "mcpsecbench", category: "tool-poisoning", text: text.replace(/,False$/, "") }),
  );
  for (const file of ["code/addserver.py", "code/sse.py", "code/squatting.py"]) {
    for (const [tool, lines] of docstrings(show(gitDir, commit, file))) {
      out.push({ family: `mcpsecbench-b-${file}#${tool}`, label: "benign", source: "mcpsecbench", category: "docstring", text: collapse(lines) });
    }
  }
  return out;
}

/** What the classifier reads of a listed tool (`classifierTexts`), one field per line. */
export function toolProse(tool: ToolDefinition): string {
  return classifierTexts(textFields(tool)).join("\n");
}

/** A tool's name written as the title clients derive from it (`get-tiny-image` → `Get Tiny Image Tool`). */
function nameAsTitle(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").split(/[_.\s-]+/).filter(Boolean);
  return `${words.map((word) => word[0].toUpperCase() + word.slice(1)).join(" ")} Tool`;
}

function capturedExamples(dir: string, source: string): CorpusExample[] {
  const out: CorpusExample[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".json")).sort()) {
    const server = file.replace(/\.json$/, "");
    const list = JSON.parse(readFileSync(join(dir, file), "utf8")) as { tools: ToolDefinition[] };
    for (const tool of list.tools) {
      out.push({ family: `${source}-${server}`, label: "benign", source, category: server, text: toolProse(tool) });
      out.push({ family: `${source}-${server}`, label: "benign", source, category: server, text: nameAsTitle(tool.name) });
    }
  }
  return out;
}

function main(): void {
  const { values } = parseArgs({ options: { msb: { type: "string" }, mcpsecbench: { type: "string" }, dir: { type: "string", default: join("guard", "model") }, out: { type: "string" } } });
  if (!values.msb || !values.mcpsecbench) throw new Error("give --msb <git dir> and --mcpsecbench <git dir> (checkouts at the commits in SOURCES)");
  const examples = [...msbExamples(values.msb), ...mcpSecBenchExamples(values.mcpsecbench), ...capturedExamples(join(values.dir, "data", "reference"), "reference-servers"),
    ...capturedExamples(join(values.dir, "data", "third-party"), "third-party-servers"), ...syntheticExamples()];
  const unique = new Map<string, CorpusExample>();
  for (const example of examples) if (!unique.has(example.text)) unique.set(example.text, example);
  const corpus = { sources: SOURCES, examples: [...unique.values()] };
  const out = values.out ?? join(values.dir, "corpus.json");
  writeFileSync(`${out}.tmp`, JSON.stringify(corpus, null, 1) + "\n");
  renameSync(`${out}.tmp`, out);
  process.stdout.write(`${out}: ${corpus.examples.length} examples\n`);
}

if (require.main === module) main();
