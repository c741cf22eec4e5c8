/**
 * Builds `corpus.json`, the TOOL-11 training corpus, from the sources it names (each pinned to a commit):
 * - MSB (github.com/dongsenzhang/MSB, MIT): tool docstrings of its benign servers (benign); sentences its attack
 *   variants add to those docstrings, its attack result strings and its injection templates × attack tasks (poisoned);
 * - MCPSecBench (github.com/TUM-DSE/MCPSecBench, MIT): `data/attacks_extended.json` "Malicious Prompt" prompts and
 *   the poisoned docstrings of `code/maliciousadd.py` (poisoned); docstrings of its benign servers (benign);
 * - `data/reference/*.json`: `tools/list` of the reference MCP servers from npm, and `data/third-party/*.json` of three
 *   popular third-party servers, captured with `mcp-harden tools capture` (benign; a tool's text is what the
 *   classifier reads of it: descriptions, titles, defaults and enum values);
 * - Cisco AI Defense mcp-scanner (github.com/cisco-ai-defense/mcp-scanner, Apache-2.0): the poisoned docstrings of its
 *   example malicious servers and of its prompt-injection evaluation servers, each named in {@link CISCO_POISONED}
 *   (poisoned; its other examples hide the attack in code, not in the definition, and are not used);
 * - SAFE-MCP (github.com/SAFE-MCP/safe-mcp, Apache-2.0 code / CC-BY-4.0 documentation): the tool descriptions of the
 *   detection-rule test logs of its techniques that put the attack in the definition ({@link safeMcpExamples}), labelled
 *   by the technique's own test expectations or log section (held out whole: never read to write a rule or train);
 * - mcp-shield (github.com/riseandignite/mcp-shield, MIT): the tool descriptions of its example servers
 *   ({@link mcpShieldExamples}; held out whole);
 * - tool-poisoning-bench (github.com/harryc295/tool-poisoning-bench, MIT): the base tools of its scenarios (benign) and
 *   the descriptions its poisoning scenarios swap in for them (poisoned; {@link toolPoisoningBenchExamples}; held out
 *   whole, extracted from the file's structure without reading its texts);
 * - the Docker MCP registry (github.com/docker/mcp-registry, MIT): the `servers/<server>/tools.json` that the registry
 *   publishes for real MCP servers, the newest version of each on any ref of the clone (benign, one family per server);
 * - the labelled test fixtures and case sets of eleven MCP scanners, gateways and benchmarks, extracted by structure in
 *   `sources/`: nine read from git mirrors ({@link MIRRORED}: mcp-poison, medusa, pipelock, secure-mcp-gateway,
 *   tool-scan, agent-governance-toolkit, mcp-tool-auditor, inspector-assessment, intentprobe) and two copied file by file
 *   ({@link COPIED}: mcp-guardbench, mcp-guardbench-mm); MIT or Apache-2.0; held out whole; added last, so a text another
 *   source already has stays with that source;
 * - `synthetic.ts` (this project);
 * - the hand-written definitions of `written.ts` (this project, written by authors who had not read the detector).
 *
 * Usage (offline, from git checkouts of the repositories at the pinned commits; the registry clone with all its refs):
 *   node dist/guard/model/build-corpus.js --msb <MSB git dir> --mcpsecbench <MCPSecBench git dir> \
 *     --cisco <mcp-scanner git dir> --safe-mcp <safe-mcp git dir> --mcp-shield <mcp-shield git dir> \
 *     --tool-poisoning-bench <tool-poisoning-bench git dir> --registry <mcp-registry git dir> \
 *     --mirror <folder of <owner>+<name>/repo for the sources in sources/> \
 *     --files <folder of <id>/ for the sources copied file by file> [--dir guard/model]
 * run from the repository root; writes `<dir>/corpus.json` (temp file, then rename).
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { JsonValue, ToolDefinition } from "../src/config/types";
import { listFiles, show } from "./sources/git";
import { COPIED, EXTRACTED, MIRRORED } from "./sources";
import { CorpusExample, syntheticExamples } from "./synthetic";
import { toolProse } from "./tool-prose";
import { writtenExamples, writtenSets } from "./written";

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
  { id: "cisco-mcp-scanner", repository: "https://github.com/cisco-ai-defense/mcp-scanner", commit: "893327c54d223ea07296f68f32d8294f5c045f4a", license: "Apache-2.0", copyright: "Copyright 2025 Cisco Systems, Inc. and its affiliates" },
  { id: "safe-mcp", repository: "https://github.com/SAFE-MCP/safe-mcp", commit: "5be97029951e21b166a9a573d5870b456c7367de", license: "Apache-2.0 (code, test data) / CC-BY-4.0 (documentation)", copyright: "The SAFE-MCP Authors" },
  { id: "mcp-shield", repository: "https://github.com/riseandignite/mcp-shield", commit: "379140c3555bf35c6f8f451ee320da24302e792e", license: "MIT", copyright: "Copyright (c) 2025 riseandignite" },
  { id: "tool-poisoning-bench", repository: "https://github.com/harryc295/tool-poisoning-bench", commit: "9a5c49669f2e50da8e7cfc571ff35dc77cccb034", license: "MIT", copyright: "Copyright (c) 2026 Harry C" },
  { id: "docker-mcp-registry", repository: "https://github.com/docker/mcp-registry (each server's upstream project and registry commit in the example's origin)", commit: "818bf169b365e7b7d5b117352e32757c54844718", license: "MIT (the registry); each upstream server's own licence for its texts", copyright: "Copyright (c) 2025 Docker, Inc.; each upstream project's authors" },
  { id: "synthetic", repository: "this project (guard/model/synthetic.ts)", license: "Apache-2.0", copyright: "mcp-hardening" },
  ...EXTRACTED,
  { id: "hand-written", repository: "this project (guard/model/data/written/*.json and the retired blind sets guard/model/blind/, guard/model/blind2/; guard/model/written.ts)", license: "Apache-2.0", copyright: "mcp-hardening" },
];

const DOCSTRING = /@(?:mcp|app)\.tool\([^)]*\)\s*\n\s*(?:async\s+)?def\s+(\w+)\s*\([^]*?\)\s*(?:->\s*[^:\n]+)?:\s*\n\s*(?:"""|''')([^]*?)(?:"""|''')/g;

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

/**
 * The docstrings of Cisco's mcp-scanner examples that carry the attack in the definition itself, by file and tool,
 * with the attack class (read and labelled by hand; the examples' other tools are honest text or hide their attack
 * in code). A file named without tools contributes every `@app.tool()` / `@mcp.tool()` docstring; `__doc__` names a
 * description swapped in at run time (the rug pull of `tricky_server.py`).
 */
export const CISCO_POISONED: readonly { readonly file: string; readonly tools?: readonly string[]; readonly category: string }[] = [
  { file: "evals/behavioral-analysis/data/prompt-injection/act_as_role_injection.py", category: "prompt-injection" },
  { file: "evals/behavioral-analysis/data/prompt-injection/admin_privilege_escalation.py", category: "prompt-injection" },
  { file: "evals/behavioral-analysis/data/prompt-injection/contradictory_description_validation_bypass.py", category: "prompt-injection" },
  { file: "evals/behavioral-analysis/data/prompt-injection/hidden_metadata_filter_bypass.py", category: "prompt-injection" },
  { file: "evals/behavioral-analysis/data/prompt-injection/hidden_system_instructions.py", category: "prompt-injection" },
  { file: "evals/behavioral-analysis/data/prompt-injection/jailbreak_mode_context_manipulation.py", category: "prompt-injection" },
  { file: "evals/behavioral-analysis/data/prompt-injection/nested_ignore_trust_escalation.py", category: "prompt-injection" },
  { file: "evals/behavioral-analysis/data/prompt-injection/override_instruction_injection.py", category: "prompt-injection" },
  { file: "evals/behavioral-analysis/data/prompt-injection/safety_bypass_emergency_access.py", category: "prompt-injection" },
  { file: "evals/behavioral-analysis/data/prompt-injection/system_prompt_override.py", category: "prompt-injection" },
  { file: "examples/example-malicious-servers/line_jumping_server.py", tools: ["send_mail"], category: "exfiltration" },
  { file: "examples/example-malicious-servers/line_jumping_server.py", tools: ["retrieve_logs"], category: "sensitive-read" },
  { file: "examples/example-malicious-servers/line_jumping_server.py", tools: ["get_workstation_environment"], category: "line-jumping" },
  { file: "examples/example-malicious-servers/server.py", tools: ["add"], category: "sensitive-read" },
  { file: "examples/example-malicious-servers/server.py", tools: ["send_email"], category: "shadowing" },
  { file: "examples/example-malicious-servers/malicious_mcp_streamable_server.py", tools: ["execute_system_command", "run_injection_code"], category: "prompt-injection" },
  { file: "examples/example-malicious-servers/tricky_server.py", tools: ["__doc__"], category: "shadowing" },
];

function ciscoExamples(gitDir: string): CorpusExample[] {
  const commit = SOURCES.find((source) => source.id === "cisco-mcp-scanner")!.commit!;
  const out: CorpusExample[] = [];
  for (const { file, tools, category } of CISCO_POISONED) {
    const source = show(gitDir, commit, file);
    const docs = docstrings(source);
    for (const swapped of source.matchAll(/__doc__ = """([^]*?)"""/g)) docs.set("__doc__", swapped[1].split("\n").map((line) => line.trim()).filter(Boolean));
    const names = tools ?? [...docs.keys()].filter((name) => name !== "__doc__");
    for (const name of names) {
      const lines = docs.get(name);
      if (!lines) throw new Error(`${file} at ${commit} has no docstring for ${name}`);
      out.push({ family: `cisco-p-${file}#${name}`, label: "poisoned", source: "cisco-mcp-scanner", category, text: collapse(lines) });
    }
  }
  return out;
}

/** A tool description as SAFE-MCP's detection-rule test logs record it. */
interface SafeMcpLog {
  readonly tool_name: string;
  readonly tool_description: string;
}

/**
 * SAFE-MCP's techniques whose test logs hold tool descriptions, each with how a log is labelled, by structure only:
 * - SAFE-T1001 (tool poisoning): JSON lines of tools; the label is the technique test's `expected_detections` entry for
 *   the tool's name (true: poisoned, false: benign);
 * - SAFE-T1008 (tool shadowing): logs grouped by attack pattern; `legitimate_tools` are benign, `tool_impersonation` is
 *   left out (its attack is the server's behaviour under a common tool name, not the definition's text), every other
 *   group is poisoned, the group naming the attack class;
 * - SAFE-T1402 (instruction steganography in tool metadata): tools whose `tool_id` starts `legit-` are benign, the
 *   others poisoned.
 */
function safeMcpExamples(gitDir: string): CorpusExample[] {
  const commit = SOURCES.find((source) => source.id === "safe-mcp")!.commit!;
  const out: CorpusExample[] = [];
  const add = (technique: string, name: string, label: CorpusExample["label"], category: string, text: string) =>
    out.push({ family: `safe-mcp-${label === "poisoned" ? "p" : "b"}-${technique}#${name}`, label, source: "safe-mcp", category, text: text.replace(/\s+/g, " ").trim() });
  const t1001 = "techniques/SAFE-T1001";
  const expected = new Map(
    [...(/expected_detections = \{([^}]*)\}/.exec(show(gitDir, commit, `${t1001}/test_detection_rule.py`))?.[1] ?? "").matchAll(/"(\w+)":\s*(True|False)/g)].map((match) => [match[1], match[2] === "True"]),
  );
  for (const line of show(gitDir, commit, `${t1001}/test-logs.json`).split("\n").filter((line) => line.trim())) {
    const log = JSON.parse(line) as SafeMcpLog;
    const poisoned = expected.get(log.tool_name);
    if (poisoned === undefined) throw new Error(`${t1001}/test_detection_rule.py at ${commit} has no expectation for ${log.tool_name}`);
    add("T1001", log.tool_name, poisoned ? "poisoned" : "benign", poisoned ? "tool-poisoning" : "honest", log.tool_description);
  }
  const t1008 = JSON.parse(show(gitDir, commit, "techniques/SAFE-T1008/test-logs.json")) as { [group: string]: SafeMcpLog[] };
  for (const [group, logs] of Object.entries(t1008)) {
    if (group === "tool_impersonation") continue;
    for (const log of logs) add("T1008", `${group}/${log.tool_name}`, group === "legitimate_tools" ? "benign" : "poisoned", group === "legitimate_tools" ? "honest" : group.replace(/_/g, "-"), log.tool_description);
  }
  const t1402 = JSON.parse(show(gitDir, commit, "techniques/SAFE-T1402/test-logs.json")) as { tool_id: string; metadata: { description: string } }[];
  for (const log of t1402) {
    const benign = log.tool_id.startsWith("legit-");
    add("T1402", log.tool_id, benign ? "benign" : "poisoned", benign ? "honest" : "metadata-steganography", log.metadata.description);
  }
  return out;
}

/** A tool registered with a literal description: `server.tool('<name>', \`<description>\``. */
const JS_TOOL = /server\.tool\(\s*'(\w+)',\s*`([^`]*)`/g;

/**
 * mcp-shield's example servers, labelled by file and by the "// Example N: <attack>" comment that opens each tool of
 * `bad-mcp-server.js` (its demonstration of a vulnerable server, every tool of which its README reports):
 * - each tool registered there with a literal description is poisoned, the example's title naming the attack class,
 *   except `fetchWeather`, whose example puts the attack in its parameter names, not in any text;
 * - the rug pull example's description is a variable: its first value is the honest one (benign), the value it is
 *   swapped for is poisoned;
 * - the tools of `mcp-whatsapp.js`, the honest server the shadowing example targets, are benign.
 */
function mcpShieldExamples(gitDir: string): CorpusExample[] {
  const commit = SOURCES.find((source) => source.id === "mcp-shield")!.commit!;
  const out: CorpusExample[] = [];
  const add = (name: string, label: CorpusExample["label"], category: string, text: string, approved?: ToolDefinition) =>
    out.push({ family: `mcp-shield-${label === "poisoned" ? "p" : "b"}-${name}`, label, source: "mcp-shield", category, text: text.replace(/\s+/g, " ").trim(), ...(approved ? { approved } : {}) });
  const slug = (title: string) => title.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  const bad = show(gitDir, commit, "mcp-servers-example/bad-mcp-server.js");
  for (const example of bad.split(/^\/\/ Example \d+: /m).slice(1)) {
    const category = slug(example.slice(0, example.indexOf("\n")));
    for (const [, name, description] of example.matchAll(JS_TOOL)) if (name !== "fetchWeather") add(name, "poisoned", category, description);
    const swapped = [...example.matchAll(/\b(let )?(\w+) = `([^`]*)`/g)];
    if (swapped.length > 0) {
      const variable = swapped[0][2];
      const tool = new RegExp(`server\\.tool\\('(\\w+)',\\s*${variable}\\b`).exec(example)?.[1];
      if (!tool) throw new Error(`mcp-shield bad-mcp-server.js at ${commit}: no tool takes its description from ${variable}`);
      const approved: ToolDefinition = { name: tool, description: swapped[0][3].replace(/\s+/g, " ").trim(), inputSchema: { type: "object" } };
      swapped.forEach(([, declared, , text]) => add(`${tool}${declared ? "" : "-swapped"}`, declared ? "benign" : "poisoned", declared ? "honest" : category, text, declared ? undefined : approved));
    }
  }
  for (const [, name, description] of show(gitDir, commit, "mcp-servers-example/mcp-whatsapp.js").matchAll(JS_TOOL)) add(name, "benign", "honest", description);
  return out;
}

/** Adjacent double-quoted Python string literals without escapes (`"a" "b"` is `ab`), the only form the file uses. */
function pythonStrings(literals: string): string {
  if (literals.includes("\\")) throw new Error("tool-poisoning-bench scenarios.py: a string literal has an escape; extend pythonStrings");
  return [...literals.matchAll(/"([^"\n]*)"/g)].map((match) => match[1]).join("");
}

/**
 * tool-poisoning-bench's `scenarios.py`, by structure: each tool of `BASE_TOOLS` (an OpenAI function definition whose
 * `name` and `description` are single literals) is benign; each `Scenario(...)` with a `poisoned_tool` and a
 * `description_override` for it (literals, parenthesised or not) is a poisoned description, its `category` naming the class, the base tool it replaces
 * its approved definition (a rug pull). Scenarios that poison tool outputs are not definitions and are not used.
 */
function toolPoisoningBenchExamples(gitDir: string): CorpusExample[] {
  const commit = SOURCES.find((source) => source.id === "tool-poisoning-bench")!.commit!;
  const source = show(gitDir, commit, "scenarios.py");
  const out: CorpusExample[] = [];
  const base = new Map<string, ToolDefinition>();
  const baseBlock = /^BASE_TOOLS = \{\n([^]*?)^\}/m.exec(source)?.[1];
  if (!baseBlock) throw new Error(`tool-poisoning-bench scenarios.py at ${commit} has no BASE_TOOLS block`);
  for (const [, name, description] of baseBlock.matchAll(/"name":\s*"(\w+)",\s*"description":\s*"([^"\\\n]*)"/g)) {
    base.set(name, { name, description, inputSchema: { type: "object" } });
    out.push({ family: `tool-poisoning-bench-b-${name}`, label: "benign", source: "tool-poisoning-bench", category: "honest", text: description });
  }
  for (const scenario of source.split(/\bScenario\(/).slice(1)) {
    const tool = /\bpoisoned_tool="(\w+)"/.exec(scenario)?.[1];
    if (!tool) continue;
    const override = new RegExp(`\\bdescription_override=\\{\\s*"${tool}":\\s*\\(?\\s*((?:"[^"\\n]*"\\s*)+)\\)?,?\\s*\\}`).exec(scenario);
    const id = /\bid="([\w-]+)"/.exec(scenario)?.[1];
    const category = /\bcategory="([\w-]+)"/.exec(scenario)?.[1];
    const approved = base.get(tool);
    if (!override || !id || !category || !approved) throw new Error(`tool-poisoning-bench scenarios.py at ${commit}: a scenario poisoning ${tool} has no override, id, category or base tool`);
    out.push({ family: `tool-poisoning-bench-p-${id}`, label: "poisoned", source: "tool-poisoning-bench", category, text: pythonStrings(override[1]).replace(/\s+/g, " ").trim(), approved });
  }
  return out;
}

/** A tool as `servers/<server>/tools.json` of the Docker MCP registry lists it. */
interface RegistryTool {
  readonly name: string;
  readonly description?: string;
  readonly arguments?: readonly { readonly name: string; readonly type?: string; readonly desc?: string; readonly items?: JsonValue }[];
  readonly inputSchema?: JsonValue;
  readonly annotations?: JsonValue;
}

/** The registry's summary of a tool as the MCP `Tool` its server lists: its arguments become the input schema's properties. */
function registryTool(tool: RegistryTool): ToolDefinition {
  const properties: { [name: string]: JsonValue } = {};
  for (const argument of tool.arguments ?? []) {
    properties[argument.name] = { ...(argument.type ? { type: argument.type } : {}), ...(argument.desc ? { description: argument.desc } : {}), ...(argument.items ? { items: argument.items } : {}) };
  }
  return {
    name: tool.name,
    ...(tool.description ? { description: tool.description } : {}),
    inputSchema: tool.inputSchema ?? { type: "object", properties },
    ...(tool.annotations ? { annotations: tool.annotations } : {}),
  } as ToolDefinition;
}

/**
 * Every server's `tools.json` in the registry clone (all refs: merged servers and proposed ones), the newest version
 * of each, with the upstream project its `server.yaml` names.
 */
function registryExamples(gitDir: string): CorpusExample[] {
  const log = execFileSync("git", ["--git-dir", gitDir, "log", "--all", "--date-order", "--format=C %H", "--name-only", "--diff-filter=AM", "--", "servers/*/tools.json"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const newest = new Map<string, string>();
  let commit = "";
  for (const line of log.split("\n")) {
    if (line.startsWith("C ")) commit = line.slice(2);
    else if (line && !newest.has(line)) newest.set(line, commit);
  }
  const out: CorpusExample[] = [];
  for (const [path, at] of [...newest].sort(([a], [b]) => a.localeCompare(b))) {
    const server = path.split("/")[1];
    let tools: RegistryTool[];
    try {
      tools = JSON.parse(show(gitDir, at, path)) as RegistryTool[];
    } catch {
      continue;
    }
    if (!Array.isArray(tools) || tools.length === 0) continue;
    const yaml = show(gitDir, at, path.replace(/tools\.json$/, "server.yaml"));
    const project = /^\s*project:\s*(\S+)/m.exec(yaml)?.[1] ?? "remote server (no upstream project named)";
    const origin = `${project}; registry ${path} at ${at}`;
    for (const listed of tools.filter((tool) => typeof tool?.name === "string")) {
      const tool = registryTool(listed);
      out.push({ family: `docker-mcp-registry-${server}`, label: "benign", source: "docker-mcp-registry", category: server, text: toolProse(tool), tool, origin });
    }
  }
  return out;
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
      out.push({ family: `${source}-${server}`, label: "benign", source, category: server, text: toolProse(tool), tool });
      out.push({ family: `${source}-${server}`, label: "benign", source, category: server, text: nameAsTitle(tool.name) });
    }
  }
  return out;
}

/** Where a mirrored source's git directory is: `<mirror>/<owner>+<name>/repo`, as the library's `fetch` lays it out. */
function mirrorOf(mirror: string, source: CorpusSource): string {
  return join(mirror, new URL(source.repository).pathname.slice(1).replace("/", "+"), "repo");
}

function main(): void {
  const { values } = parseArgs({
    options: {
      msb: { type: "string" }, mcpsecbench: { type: "string" }, cisco: { type: "string" }, "safe-mcp": { type: "string" }, "mcp-shield": { type: "string" }, "tool-poisoning-bench": { type: "string" },
      registry: { type: "string" }, mirror: { type: "string" }, files: { type: "string" }, dir: { type: "string", default: join("guard", "model") }, out: { type: "string" },
    },
  });
  const gitDirs = ["msb", "mcpsecbench", "cisco", "safe-mcp", "mcp-shield", "tool-poisoning-bench", "registry", "mirror", "files"] as const;
  const missing = gitDirs.filter((name) => !values[name]);
  if (missing.length > 0) throw new Error(`give ${missing.map((name) => `--${name}`).join(", ")} (git dirs holding the commits in SOURCES; --mirror: the folder holding <owner>+<name>/repo of the mirrored sources in sources/; --files: the folder holding <id>/ of the sources copied file by file)`);
  const dir = (name: (typeof gitDirs)[number]) => values[name]!;
  const examples = [...msbExamples(dir("msb")), ...mcpSecBenchExamples(dir("mcpsecbench")), ...ciscoExamples(dir("cisco")), ...safeMcpExamples(dir("safe-mcp")), ...mcpShieldExamples(dir("mcp-shield")), ...registryExamples(dir("registry")),
    ...capturedExamples(join(values.dir, "data", "reference"), "reference-servers"), ...capturedExamples(join(values.dir, "data", "third-party"), "third-party-servers"), ...syntheticExamples(),
    ...toolPoisoningBenchExamples(dir("tool-poisoning-bench")), ...writtenExamples(writtenSets(values.dir)), ...MIRRORED.flatMap(({ source, examples }) => examples(mirrorOf(dir("mirror"), source))), ...COPIED.flatMap(({ examples }) => examples(dir("files")))];
  const unique = new Map<string, CorpusExample>();
  for (const example of examples) if (example.text && !unique.has(example.text)) unique.set(example.text, example);
  const corpus = { sources: SOURCES, examples: [...unique.values()] };
  const out = values.out ?? join(values.dir, "corpus.json");
  writeFileSync(`${out}.tmp`, JSON.stringify(corpus, null, 1) + "\n");
  renameSync(`${out}.tmp`, out);
  process.stdout.write(`${out}: ${corpus.examples.length} examples\n`);
}

if (require.main === module) main();
