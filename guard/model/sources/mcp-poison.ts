/**
 * MCPDoctor (github.com/SamsonCyber/mcp-poison, MIT; its Cargo.toml names the crate `mcpdoctor`, licence MIT): the MCP
 * `tools/list` fixtures its tests scan, labelled by structure, never by reading their texts:
 * - `fixtures/clean_*.json` are benign: `tests/fixtures_scan.rs` asserts no finding on them;
 * - `fixtures/t<N>_<attack>.json` are poisoned, the file name naming the attack class (the tests assert findings on
 *   each), except `t<N>_<attack>_b.json`, the second server of a two-server attack: `tests/multi_scan.rs` pairs `_a`
 *   (the attacking server) with `_b` (the server it targets), so `_b` is benign;
 * - `t6_param_names.json` is left out: its attack is a parameter's name, which no text field carries;
 * - a poisoned tool with the name of a clean fixture's tool records that tool as its approved definition (the rug pull
 *   of `pin_then_rugpull`, which pins the clean fixture and checks the poisoned one against it);
 * - the one tool of `tests/mock_mcp_server.py` is poisoned: `tests/stdio_live.rs` lists it and asserts a finding of the
 *   description detectors (D01/D02, as for t1), hence its class `description-poison`.
 * Each tool is one family; `text` is its description and its parameters' descriptions (`toolProse`: what the classifier reads of it).
 */
import type { ToolDefinition } from "../../src/config/types";
import type { CorpusSource } from "../build-corpus";
import type { CorpusExample } from "../synthetic";
import { toolExample } from "./tool-example";
import { PythonLiteralReader } from "./python-literal";
import { listFiles, show } from "./git";

export const MCP_POISON_SOURCE: CorpusSource = {
  id: "mcp-poison",
  repository: "https://github.com/SamsonCyber/mcp-poison",
  commit: "19ddfa8c686e6aacf697d2e42e0c85efaca78fe5",
  license: "MIT",
  copyright: "Copyright (c) 2026 SamsonCyber",
};

/** Fixtures left out, with why. */
const LEFT_OUT: ReadonlyMap<string, string> = new Map([["fixtures/t6_param_names.json", "the attack is a parameter name, not a text"]]);

const ATTACK_FIXTURE = /^fixtures\/t\d+_([a-z0-9_]+?)(_[ab])?\.json$/;

function fixtureTools(gitDir: string, path: string): ToolDefinition[] {
  const list = JSON.parse(show(gitDir, MCP_POISON_SOURCE.commit!, path)) as { tools?: ToolDefinition[] };
  if (!Array.isArray(list.tools) || list.tools.length === 0) throw new Error(`mcp-poison ${path} at ${MCP_POISON_SOURCE.commit} lists no tools`);
  return list.tools;
}

/** The tools the mock server of `tests/mock_mcp_server.py` answers `tools/list` with. */
function mockServerTools(gitDir: string): ToolDefinition[] {
  const source = show(gitDir, MCP_POISON_SOURCE.commit!, "tests/mock_mcp_server.py");
  const at = source.indexOf('"tools": [');
  if (at < 0) throw new Error(`mcp-poison tests/mock_mcp_server.py at ${MCP_POISON_SOURCE.commit} has no tools list`);
  const reader = new PythonLiteralReader(source, at + '"tools":'.length);
  return reader.value() as unknown as ToolDefinition[];
}

export function mcpPoisonExamples(gitDir: string): CorpusExample[] {
  const commit = MCP_POISON_SOURCE.commit!;
  const files = listFiles(gitDir, commit, "fixtures").filter((file) => file.endsWith(".json") && !LEFT_OUT.has(file));
  const clean = files.filter((file) => /^fixtures\/clean_[a-z0-9_]+\.json$/.test(file));
  const attacks = files.filter((file) => ATTACK_FIXTURE.test(file));
  const unknown = files.filter((file) => !clean.includes(file) && !attacks.includes(file));
  if (unknown.length > 0) throw new Error(`mcp-poison at ${commit}: fixtures of no known kind: ${unknown.join(", ")}`);

  const out: CorpusExample[] = [];
  const add = (label: CorpusExample["label"], category: string, where: string, tool: ToolDefinition, approved?: ToolDefinition) =>
    out.push(toolExample(MCP_POISON_SOURCE, label, category, where, tool, approved));

  const approvedByName = new Map<string, ToolDefinition>();
  for (const file of clean) {
    for (const tool of fixtureTools(gitDir, file)) {
      approvedByName.set(tool.name, tool);
      add("benign", "honest", file, tool);
    }
  }
  for (const file of attacks) {
    const [, attack, server] = ATTACK_FIXTURE.exec(file)!;
    const target = server === "_b";
    for (const tool of fixtureTools(gitDir, file)) {
      if (target) add("benign", `${attack.replace(/_/g, "-")}-target`, file, tool);
      else add("poisoned", attack.replace(/_/g, "-"), file, tool, approvedByName.get(tool.name));
    }
  }
  for (const tool of mockServerTools(gitDir)) add("poisoned", "description-poison", "tests/mock_mcp_server.py", tool);
  return out;
}
